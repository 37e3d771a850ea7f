/**
 * The documented request limits of every API lakeward reads, as data: one table used by lakeward's own
 * per-host limiter (limiter.ts), by the emulator that enforces the same limits (emulator/rate-limits.ts),
 * and by the benchmark that computes the lower bound a scan cannot beat (bench/scan).
 *
 * Each row names the API family, how its paths are recognised, the sustained rate and burst the vendor
 * documents, the scope the limit counts in (per workspace, per subscription and principal, …), and where
 * the figure comes from. A family whose vendor publishes no figure is marked `documented: false` and gets
 * lakeward's own conservative budget, so the table never passes off a guess as a vendor's limit.
 *
 * Sources:
 *   [DBX] Azure Databricks "Resource limits", section "API rate limits"
 *         https://learn.microsoft.com/azure/databricks/resources/limits (figures as summarised in
 *         shared reference/apis.md §1 and the API-Commons rate-limit profile of Azure Databricks that cites
 *         the same page): Token Management 40 rps, workspace SCIM GET 255 rps, Permissions GET 100 rps,
 *         Secrets 1100 rps, DBFS 30 rps, Workspace export 60 rps, account SCIM GET 20 rps and LIST 240 rps;
 *         all per workspace (account rows per account); exceeding one answers 429.
 *   [ARM] "Understand how Azure Resource Manager throttles requests"
 *         https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 *         (MicrosoftDocs/azure-docs articles/azure-resource-manager/management/request-limits-and-throttling.md):
 *         since 2024 a token bucket per region; subscription reads: bucket 250, refill 25 per second, per
 *         subscription, per service principal and per operation type; tenant reads: bucket 250, refill 25/s.
 *         A throttled request gets 429 with Retry-After.
 *   [GRAPH] "Microsoft Graph service-specific throttling limits"
 *         https://learn.microsoft.com/graph/throttling-limits (microsoftgraph/microsoft-graph-docs-contrib
 *         concepts/throttling-limits.md): identity and access (Entra ID) per app and tenant, 3,500 resource
 *         units per 10 s for a small tenant (S, under 50 users; M 5,000, L 8,000); a GET not listed costs
 *         1 unit; over it, 429 with Retry-After. The global 130,000 requests per 10 s per app never binds a scan.
 */

/** Which API a request goes to; decides which rows can match it. */
export type ApiKind = "databricks-workspace" | "databricks-account" | "arm" | "graph";

/** What a limit is counted per: a workspace host, the account, a subscription (per principal), the tenant. */
export type LimitScope = "workspace" | "account" | "subscription" | "tenant" | "app-and-tenant";

export interface RateLimit {
  api: ApiKind;
  /** A short name, e.g. "scim" or "arm-subscription-reads". */
  family: string;
  /** Matches the request path (after URL resolution); the first matching row of the api applies. */
  paths: RegExp;
  /** Sustained requests per second. */
  ratePerSecond: number;
  /** Requests that may be sent at once above the sustained rate (a token bucket's size). */
  burst: number;
  scope: LimitScope;
  /** Whether the vendor publishes this figure; false: lakeward's own budget (see `source`). */
  documented: boolean;
  /** Where the figure comes from (a tag of the module comment) and what it covers. */
  source: string;
}

/**
 * Databricks publishes no figure for most read families (clusters, jobs lists, Unity Catalog, settings,
 * workspace-conf, SQL warehouses, …). lakeward keeps itself to 20 requests per second per workspace for
 * those, the budget its transport always had: below every published read limit but DBFS's.
 */
const UNPUBLISHED_DATABRICKS_RATE = 20;

/** The table. Order matters within an api: the first row whose `paths` match applies. */
export const RATE_LIMITS: readonly RateLimit[] = [
  {
    api: "databricks-workspace",
    family: "scim",
    paths: /^\/api\/2\.0\/preview\/scim\/v2\//,
    ratePerSecond: 255,
    burst: 255,
    scope: "workspace",
    documented: true,
    source: "[DBX] Workspace SCIM API GET: 255 requests/s per workspace",
  },
  {
    api: "databricks-workspace",
    family: "permissions",
    paths: /^\/api\/2\.0\/permissions\//,
    ratePerSecond: 100,
    burst: 100,
    scope: "workspace",
    documented: true,
    source: "[DBX] Permissions API GET: 100 requests/s per workspace",
  },
  {
    api: "databricks-workspace",
    family: "token-management",
    paths: /^\/api\/2\.0\/token-management\//,
    ratePerSecond: 40,
    burst: 40,
    scope: "workspace",
    documented: true,
    source: "[DBX] Token Management API: 40 requests/s per workspace",
  },
  {
    api: "databricks-workspace",
    family: "secrets",
    paths: /^\/api\/2\.0\/secrets\//,
    ratePerSecond: 1100,
    burst: 1100,
    scope: "workspace",
    documented: true,
    source: "[DBX] Secrets API: 1100 requests/s per workspace",
  },
  {
    api: "databricks-workspace",
    family: "dbfs",
    paths: /^\/api\/2\.0\/dbfs\//,
    ratePerSecond: 30,
    burst: 30,
    scope: "workspace",
    documented: true,
    source: "[DBX] DBFS API: 30 requests/s per workspace",
  },
  {
    api: "databricks-workspace",
    family: "workspace-export",
    paths: /^\/api\/2\.0\/workspace\/export$/,
    ratePerSecond: 60,
    burst: 60,
    scope: "workspace",
    documented: true,
    source: "[DBX] Workspace export API: 60 requests/s per workspace",
  },
  {
    api: "databricks-workspace",
    family: "workspace-other",
    paths: /^\//,
    ratePerSecond: UNPUBLISHED_DATABRICKS_RATE,
    burst: UNPUBLISHED_DATABRICKS_RATE,
    scope: "workspace",
    documented: false,
    source: "not published by Databricks; lakeward's budget of 20 requests/s per workspace for every other family",
  },
  {
    api: "databricks-account",
    family: "account-scim",
    paths: /^\/api\/2\.\d\/accounts\/[^/]+\/scim\/v2\//,
    ratePerSecond: 20,
    burst: 20,
    scope: "account",
    documented: true,
    source: "[DBX] account SCIM API GET: 20 requests/s per account (LIST 240)",
  },
  {
    api: "databricks-account",
    family: "account-other",
    paths: /^\//,
    ratePerSecond: UNPUBLISHED_DATABRICKS_RATE,
    burst: UNPUBLISHED_DATABRICKS_RATE,
    scope: "account",
    documented: false,
    source: "not published by Databricks; lakeward's budget of 20 requests/s per account",
  },
  {
    api: "arm",
    family: "arm-subscription-reads",
    paths: /^\/subscriptions\/[^/]+\//i,
    ratePerSecond: 25,
    burst: 250,
    scope: "subscription",
    documented: true,
    source: "[ARM] subscription reads: token bucket of 250, refilled 25/s, per subscription and principal",
  },
  {
    api: "arm",
    family: "arm-tenant-reads",
    paths: /^\//,
    ratePerSecond: 25,
    burst: 250,
    scope: "tenant",
    documented: true,
    source: "[ARM] tenant reads (no subscription in the path): token bucket of 250, refilled 25/s",
  },
  {
    api: "graph",
    family: "graph-identity",
    paths: /^\//,
    ratePerSecond: 350,
    burst: 3500,
    scope: "app-and-tenant",
    documented: true,
    source:
      "[GRAPH] identity and access: 3,500 resource units per 10 s per app and tenant (small tenant), 1 unit per GET",
  },
];

/** The row that governs one request, and the key of the bucket it counts in. */
export interface LimitMatch {
  limit: RateLimit;
  /** Requests with the same key share one bucket: host, plus the subscription for ARM subscription reads. */
  bucket: string;
}

/** Which row applies to a request to `origin` + `path` of this api (every api has a catch-all row). */
export function limitFor(api: ApiKind, origin: string, path: string, table = RATE_LIMITS): LimitMatch {
  const limit = table.find((row) => row.api === api && row.paths.test(path));
  if (!limit) throw new Error(`no rate-limit row for ${api} ${path}`);
  const subscription =
    limit.scope === "subscription" ? (/^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase() ?? "") : "";
  return { limit, bucket: `${origin} ${limit.family}${subscription ? ` ${subscription}` : ""}` };
}

/** Which api a path of the ARM/Graph listener belongs to (both are read through the same transport). */
export function azureApiOf(label: string): ApiKind {
  return label === "Graph" ? "graph" : "arm";
}
