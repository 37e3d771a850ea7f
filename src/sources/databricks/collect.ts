/**
 * Reads one workspace through the Databricks REST API into the evidence model. Each part is read on its
 * own, so one failing endpoint (403 on workspace-conf, say) leaves the others intact; whatever fails
 * becomes `unknown` with the endpoint and the server's reason.
 */
import type { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { AclEntry, DatabricksWorkspace, IpAccessList, TokenInfo } from "../../evidence/model.ts";
import { ApiFailure, describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf, read } from "../problems.ts";
import {
  readClusterLibraries,
  readClusterPolicies,
  readClusters,
  readGlobalInitScripts,
  readInstancePools,
  readJobs,
  readSparkVersions,
  readSqlWarehouses,
} from "./compute.ts";
import { getJson } from "./http.ts";
import { readAdmins, readCaller, readGroups, readServicePrincipals, readUsers, SCIM } from "./identity.ts";
import {
  readAibiEmbedding,
  readApps,
  readDiscoveredSettings,
  readServingEndpoints,
  scopedTokensSchema,
} from "./platform-2026.ts";
import { ipAccessListsSchema, permissionsSchema, workspaceConfSchema } from "./schemas.ts";
import { readSettings } from "./settings.ts";
import { readUnityCatalog } from "./unity-catalog.ts";
import { WORKSPACE_CONF_KEY_NAMES } from "./workspace-conf-keys.ts";
import {
  DEFAULT_SCAN_LIMITS,
  listDbfs,
  type NotebookScanLimits,
  readNotebookScan,
  readRepos,
  readSecretScopes,
  readVectorSearchEndpoints,
  readWorkspaceModels,
} from "./workspace-objects.ts";

export { toCluster } from "./compute.ts";
export { scimList } from "./http.ts";
export type { Problem };
export { problemOf };

const iso = (ms: number | undefined | null): string | null =>
  typeof ms === "number" && ms > 0 ? new Date(ms).toISOString() : null;

// --- workspace-conf -----------------------------------------------------------------------------

const CONF_SOURCE = "GET /api/2.0/workspace-conf";

/**
 * One unknown key makes the whole workspace-conf request fail with 400, and a non-admin gets 403 per
 * key, so: ask for all keys at once, and on any failure ask again key by key, so that one bad key or one
 * forbidden key cannot take the others with it.
 */
async function readWorkspaceConf(client: ReadOnlyApiClient, problems: Problem[]) {
  const getStatus = (keys: string) => getJson(client, "/api/2.0/workspace-conf", workspaceConfSchema, { keys });
  const result: Record<string, Fact<string | null>> = {};
  const toValue = (raw: string | null | undefined): string | null => (raw === null || raw === undefined ? null : raw);
  try {
    const all = await getStatus(WORKSPACE_CONF_KEY_NAMES.join(","));
    for (const key of WORKSPACE_CONF_KEY_NAMES) {
      result[key] =
        key in all
          ? known(toValue(all[key]), `${CONF_SOURCE}?keys=${key}`)
          : unknown("key missing from the response", `${CONF_SOURCE}?keys=${key}`);
    }
    return result;
  } catch (error) {
    if (error instanceof ApiFailure && error.hostUnreachable) {
      for (const key of WORKSPACE_CONF_KEY_NAMES) result[key] = unknown(error.reason, `${CONF_SOURCE}?keys=${key}`);
      problems.push(problemOf(error, CONF_SOURCE));
      return result;
    }
  }
  await Promise.all(
    WORKSPACE_CONF_KEY_NAMES.map(async (key) => {
      const source = `${CONF_SOURCE}?keys=${key}`;
      try {
        const one = await getStatus(key);
        result[key] = key in one ? known(toValue(one[key]), source) : unknown("key missing from the response", source);
      } catch (error) {
        result[key] = unknown(describeFailure(error), source);
        problems.push(problemOf(error, source));
      }
    }),
  );
  return Object.fromEntries(WORKSPACE_CONF_KEY_NAMES.map((key) => [key, result[key]!]));
}

// --- mapping SDK shapes to evidence ---------------------------------------------------------------

type WireIpAccessList = NonNullable<z.infer<typeof ipAccessListsSchema>["ip_access_lists"]>[number];
type WireToken = NonNullable<z.infer<typeof scopedTokensSchema>["token_infos"]>[number];
type WireAccessControl = NonNullable<z.infer<typeof permissionsSchema>["access_control_list"]>[number];

export function toIpAccessList(list: WireIpAccessList): IpAccessList {
  return {
    id: list.list_id ?? "",
    label: list.label ?? "",
    type: list.list_type === "BLOCK" ? "BLOCK" : "ALLOW",
    addresses: list.ip_addresses ?? [],
    enabled: list.enabled === true,
  };
}

const strings = (value: readonly string[] | undefined): string[] | null => (value ? [...value] : null);

function toTokenInfo(token: WireToken): TokenInfo {
  return {
    id: token.token_id ?? "",
    createdBy: token.created_by_username ?? null,
    ownerId: token.owner_id === undefined ? null : String(token.owner_id),
    createdAt: iso(token.creation_time),
    expiresAt: token.expiry_time === undefined || token.expiry_time <= 0 ? null : iso(token.expiry_time),
    lastUsedDay: iso(token.last_used_day),
    comment: token.comment ?? null,
    scopes: strings(token.scopes),
    inferredScopes: strings(token.inferred_scopes),
    autoscopeState: typeof token.autoscope_state === "string" ? token.autoscope_state : null,
  };
}

function toAclEntry(entry: WireAccessControl): AclEntry {
  const principalType = entry.group_name ? "group" : entry.service_principal_name ? "servicePrincipal" : "user";
  return {
    principal: entry.group_name ?? entry.service_principal_name ?? entry.user_name ?? entry.display_name ?? "?",
    principalType,
    permissions: (entry.all_permissions ?? []).map((p) => ({
      level: p.permission_level ?? "?",
      inherited: p.inherited === true,
    })),
  };
}

// --- the collector --------------------------------------------------------------------------------

export interface DatabricksCollectOptions {
  notebookScan?: NotebookScanLimits | false;
  /**
   * Objects of each kind whose ACL or grants are read one request each (jobs, clusters, SQL warehouses, serving
   * endpoints, and Unity Catalog catalogs, external locations, storage credentials); the rest say "not read".
   * Default 200.
   */
  maxAclReads?: number;
  /** Unity Catalog tables, and volumes, whose grants are read one request each (default DEFAULT_MAX_TABLE_GRANTS). */
  maxTableGrantReads?: number;
}

export async function collectDatabricks(
  client: ReadOnlyApiClient,
  problems: Problem[],
  options: DatabricksCollectOptions = {},
): Promise<DatabricksWorkspace> {
  // workspace-conf first: it doubles as the reachability probe, so an unreachable host fails fast.
  const workspaceConf = await readWorkspaceConf(client, problems);
  const scanLimits = options.notebookScan === undefined ? DEFAULT_SCAN_LIMITS : options.notebookScan;
  const maxAcls = options.maxAclReads ?? 200;
  // Every read at once (the client's queue bounds concurrency and rate); each becomes a Fact.
  const facts = await awaitAll({
    caller: read(`GET ${SCIM}/Me`, problems, () => readCaller(client)),
    settings: readSettings(client, problems),
    ipAccessLists: read("GET /api/2.0/ip-access-lists", problems, async () =>
      ((await getJson(client, "/api/2.0/ip-access-lists", ipAccessListsSchema)).ip_access_lists ?? []).map(
        toIpAccessList,
      ),
    ),
    tokens: read("GET /api/2.0/token-management/tokens", problems, async () =>
      ((await getJson(client, "/api/2.0/token-management/tokens", scopedTokensSchema)).token_infos ?? []).map(
        toTokenInfo,
      ),
    ),
    tokenPermissions: read("GET /api/2.0/permissions/authorization/tokens", problems, async () =>
      (
        (await getJson(client, "/api/2.0/permissions/authorization/tokens", permissionsSchema)).access_control_list ??
        []
      ).map(toAclEntry),
    ),
    clusters: read("GET /api/2.1/clusters/list", problems, () => readClusters(client, maxAcls, problems)),
    admins: read(`GET ${SCIM}/Groups?filter=displayName eq "admins"`, problems, () => readAdmins(client)),
    users: read(`GET ${SCIM}/Users`, problems, () => readUsers(client)),
    groups: read(`GET ${SCIM}/Groups`, problems, () => readGroups(client)),
    servicePrincipals: read(`GET ${SCIM}/ServicePrincipals`, problems, () => readServicePrincipals(client)),
    jobs: read("GET /api/2.2/jobs/list", problems, () => readJobs(client, maxAcls, problems)),
    secretScopes: read("GET /api/2.0/secrets/scopes/list", problems, () => readSecretScopes(client)),
    clusterPolicies: read("GET /api/2.0/policies/clusters/list", problems, () => readClusterPolicies(client)),
    instancePools: read("GET /api/2.0/instance-pools/list", problems, () => readInstancePools(client)),
    sqlWarehouses: read("GET /api/2.0/sql/warehouses", problems, () =>
      readSqlWarehouses(client, 100, maxAcls, problems),
    ),
    globalInitScripts: read("GET /api/2.0/global-init-scripts", problems, () => readGlobalInitScripts(client)),
    clusterLibraries: read("GET /api/2.0/libraries/all-cluster-statuses", problems, () => readClusterLibraries(client)),
    sparkVersions: read("GET /api/2.1/clusters/spark-versions", problems, () => readSparkVersions(client)),
    mounts: read("GET /api/2.0/dbfs/list?path=/mnt", problems, () => listDbfs(client, "/mnt")),
    hiveWarehouse: read("GET /api/2.0/dbfs/list?path=/user/hive/warehouse", problems, () =>
      listDbfs(client, "/user/hive/warehouse"),
    ),
    initScripts: read("GET /api/2.0/dbfs/list?path=/databricks/init", problems, () =>
      listDbfs(client, "/databricks/init"),
    ),
    unityCatalog: readUnityCatalog(client, problems, {
      maxGrantReads: maxAcls,
      ...(options.maxTableGrantReads === undefined ? {} : { maxTableGrants: options.maxTableGrantReads }),
    }),
    repos: read("GET /api/2.0/repos", problems, () => readRepos(client)),
    servingEndpoints: read("GET /api/2.0/serving-endpoints", problems, () =>
      readServingEndpoints(client, maxAcls, problems),
    ),
    apps: read("GET /api/2.0/apps", problems, () => readApps(client)),
    aibiEmbedding: readAibiEmbedding(client, problems),
    discoveredSettings: readDiscoveredSettings(client, "/api/2.1", problems),
    vectorSearchEndpoints: read("GET /api/2.0/vector-search/endpoints", problems, () =>
      readVectorSearchEndpoints(client),
    ),
    workspaceModels: read("GET /api/2.0/mlflow/registered-models/search", problems, () => readWorkspaceModels(client)),
    notebookScan:
      scanLimits === false
        ? Promise.resolve(
            unknown("the notebook scan was turned off (--no-notebook-scan)", "GET /api/2.0/workspace/export"),
          )
        : readNotebookScan(client, scanLimits, problems),
  });
  const { mounts, hiveWarehouse, initScripts, caller, ...others } = facts;
  const judgedCaller = callerFact(caller, facts.admins, facts.unityCatalog.metastore);
  const partial = partialReason(judgedCaller);
  const ucPartial = ucPartialReason(judgedCaller, partial);
  if (partial)
    problems.push({
      source: `GET ${SCIM}/Me`,
      message: `${partial}: checks that would pass on its clusters, jobs, policies and other object lists are unknown — scan as a workspace admin`,
    });
  else if (ucPartial)
    problems.push({
      source: `GET ${SCIM}/Me`,
      message: `${ucPartial}: checks that would pass on storage credentials, external locations, recipients or catalogs are unknown — scan as a metastore admin`,
    });
  const rest = markPartial(others, partial, ucPartial);
  return {
    caller: judgedCaller,
    workspaceConf,
    ...rest,
    dbfs: { mounts, hiveWarehouse, initScripts },
    lastSignIns: unknown("last sign-ins are only in the audit logs, which this scan did not read", "audit logs"),
  };
}

/** The caller with whether it is a workspace admin (in `admins`, nested groups included) and a metastore admin. */
function callerFact(
  caller: Fact<{ id: string; name: string; groups: string[] }>,
  admins: DatabricksWorkspace["admins"],
  metastore: DatabricksWorkspace["unityCatalog"]["metastore"],
): DatabricksWorkspace["caller"] {
  if (caller.status === "unknown") return caller;
  if (admins.status === "unknown")
    return unknown(
      `whether ${caller.value.name} is a workspace admin: the admins group could not be read (${admins.reason})`,
      caller.source,
    );
  const name = caller.value.name.toLowerCase();
  const admin = admins.value.some((p) => p.id === caller.value.id || p.name.toLowerCase() === name);
  const owner = metastore.status === "known" ? (metastore.value?.owner?.toLowerCase() ?? null) : null;
  const metastoreAdmin =
    owner === null ? null : owner === name || caller.value.groups.some((group) => group.toLowerCase() === owner);
  return known({ ...caller.value, admin, metastoreAdmin }, caller.source);
}

/** Why the workspace object lists may be incomplete (not a workspace admin), if they may be. */
function partialReason(caller: DatabricksWorkspace["caller"]): string | undefined {
  if (caller.status === "unknown")
    return `it is not known whether the scanning identity is a workspace admin (${caller.reason}); a non-admin sees only the objects it has permissions on`;
  if (!caller.value.admin)
    return `read as ${caller.value.name}, which is not a workspace admin: it sees only the objects it has permissions on`;
  return undefined;
}

/** Why the Unity Catalog lists may be incomplete (not a metastore admin), if they may be. */
function ucPartialReason(
  caller: DatabricksWorkspace["caller"],
  workspaceReason: string | undefined,
): string | undefined {
  if (workspaceReason) return workspaceReason;
  if (caller.status === "known" && caller.value.metastoreAdmin === false)
    return `read as ${caller.value.name}, which is not the metastore's owner nor in its owner group: it sees only the Unity Catalog objects it owns or holds privileges on`;
  return undefined;
}

/**
 * Workspace object lists that show a non-admin only what it has permissions on (clusters, jobs, policies,
 * pools, warehouses, repos, endpoints, models, exported notebooks; and the Unity Catalog lists below). SCIM,
 * secret scopes and DBFS listings are not filtered by object permissions; admin-only endpoints simply refuse
 * a non-admin (403 → unknown). Unity Catalog lists depend on metastore privileges, which a workspace admin
 * need not hold: they are partial unless the identity is the metastore's owner or in its owner group.
 */
const PERMISSION_FILTERED = [
  "clusters",
  "jobs",
  "clusterPolicies",
  "instancePools",
  "sqlWarehouses",
  "clusterLibraries",
  "repos",
  "servingEndpoints",
  "apps",
  "vectorSearchEndpoints",
  "workspaceModels",
  "notebookScan",
] as const;

function withPartial<T>(fact: Fact<T>, reason: string): Fact<T> {
  // A fact may already be partial for its own reason (a notebook scan that hit a bound): keep both.
  return fact.status === "known" ? { ...fact, partial: fact.partial ? `${fact.partial}; ${reason}` : reason } : fact;
}

function markPartial<
  T extends Partial<Record<(typeof PERMISSION_FILTERED)[number], Fact<unknown>>> & {
    unityCatalog: DatabricksWorkspace["unityCatalog"];
  },
>(facts: T, reason: string | undefined, ucReason: string | undefined): T {
  const uc = facts.unityCatalog;
  // Unity Catalog lists show only the objects the identity owns or holds privileges on.
  const out: T = ucReason
    ? {
        ...facts,
        unityCatalog: {
          ...uc,
          storageCredentials: withPartial(uc.storageCredentials, ucReason),
          externalLocations: withPartial(uc.externalLocations, ucReason),
          recipients: withPartial(uc.recipients, ucReason),
          catalogs: withPartial(uc.catalogs, ucReason),
          // Read per listed recipient or catalog: they cover only the ones the identity sees.
          recipientFederationPolicies: withPartial(uc.recipientFederationPolicies, ucReason),
          abacPolicies: withPartial(uc.abacPolicies, ucReason),
          dataClassification: withPartial(uc.dataClassification, ucReason),
        },
      }
    : { ...facts };
  if (reason)
    for (const key of PERMISSION_FILTERED) {
      const fact = out[key];
      if (fact) (out as unknown as Record<string, Fact<unknown>>)[key] = withPartial(fact, reason);
    }
  return out;
}

/** Awaits an object of promises into an object of their values (Promise.all for records). */
async function awaitAll<T extends Record<string, Promise<unknown>>>(
  promises: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const entries = await Promise.all(
    Object.entries(promises).map(async ([key, promise]) => [key, await promise] as const),
  );
  return Object.fromEntries(entries) as { [K in keyof T]: Awaited<T[K]> };
}
