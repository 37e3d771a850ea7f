/**
 * What each check reads, as the permissions it needs: the evidence sources of every result of a scan of the
 * emulator, normalised — Databricks endpoints without ids, ARM paths as the Azure RBAC action that allows
 * them, Graph reads as their least-privileged permission. One source of truth: `CHECK_READS`
 * (check-reads.ts, written by `npm run measure:reads`, pinned to a real scan by test/permissions-doc.test.ts)
 * is what `lakeward checks explain` prints and what `npm run docs` writes into docs/permissions.md.
 */
import type { ResultsDocument } from "../reports/results-document.ts";
import { ARM_READS } from "../sources/azure/transport.ts";

/**
 * The Azure RBAC action behind each ARM read (src/sources/azure/transport.ts ARM_READS, same order). Names from
 * the Azure resource provider operations reference; every one is a `read`.
 */
export const ARM_ACTIONS: readonly string[] = [
  "Microsoft.Resources/subscriptions/read",
  "Microsoft.Databricks/workspaces/read",
  "Microsoft.Databricks/workspaces/read",
  "Microsoft.Databricks/workspaces/read",
  "Microsoft.Insights/diagnosticSettings/read",
  "Microsoft.Insights/DiagnosticSettingsCategories/read",
  "Microsoft.Authorization/roleAssignments/read",
  "Microsoft.Network/virtualNetworks/subnets/read",
  "Microsoft.Network/networkSecurityGroups/read|Microsoft.Network/routeTables/read",
  "Microsoft.Storage/storageAccounts/read",
  "Microsoft.Storage/storageAccounts/blobServices/read",
  "Microsoft.KeyVault/vaults/read",
  "Microsoft.Authorization/locks/read",
  "Microsoft.Insights/ActivityLogAlerts/read",
  "Microsoft.Compute/locations/usages/read",
  "Microsoft.Resources/subscriptions/resources/read",
];

/** The Graph v1.0 reads and their least-privileged application permission (Graph v1.0 reference pages). */
export const GRAPH_PERMISSIONS: Record<string, string> = {
  "/v1.0/identity/conditionalAccess/policies": "Policy.Read.All",
  "/v1.0/users": "User.Read.All",
  "/v1.0/groups/{id}/transitiveMembers": "GroupMember.Read.All",
  "/v1.0/directoryRoles": "RoleManagement.Read.Directory",
};

/** The RBAC action that allows an ARM path, or undefined when lakeward does not read it. */
export function armAction(pathAndQuery: string): string | undefined {
  const path = pathAndQuery.replace(/\?.*$/, "");
  // A list's label (`…/virtualNetworks/x/subnets`) names what its items' reads allow.
  let index = ARM_READS.findIndex((template) => template.test(path));
  if (index < 0) index = ARM_READS.findIndex((template) => template.test(`${path}/item`));
  if (index < 0) return undefined;
  const action = ARM_ACTIONS[index]!;
  if (!action.includes("|")) return action;
  const [nsg, routes] = action.split("|");
  return /routeTables/i.test(path) ? routes : nsg;
}

/** Databricks path with its ids replaced: `/api/2.0/permissions/cluster-policies/{id}`. */
function databricksTemplate(path: string): string {
  return path
    .replace(/\?.*$/, "")
    .replace(/\/accounts\/[0-9a-f-]{36}/, "/accounts/{account_id}")
    .replace(/\/workspaces\/\d+/, "/workspaces/{workspace_id}")
    .replace(/\/metastores\/[0-9a-f-]{36}/, "/metastores/{id}")
    .replace(/\/permissions\/metastore\/[0-9a-f-]{36}/, "/permissions/metastore/{id}")
    .replace(
      /\/permissions\/(cluster-policies|clusters|jobs|warehouses|instance-pools)\/[^/]+$/,
      "/permissions/$1/{id}",
    );
}

export interface Reads {
  workspace: Set<string>;
  account: Set<string>;
  arm: Set<string>;
  graph: Set<string>;
  other: Set<string>;
}

export const emptyReads = (): Reads => ({
  workspace: new Set(),
  account: new Set(),
  arm: new Set(),
  graph: new Set(),
  other: new Set(),
});

/** Files one evidence source (EvidenceUse.source) under what it needs. */
export function addSource(reads: Reads, source: string): void {
  const arm = /^ARM (?:GET )?(\/\S+)/.exec(source);
  if (arm) {
    const path = arm[1]!.replace(/\?.*$/, "");
    reads.arm.add(armAction(path) ?? `unlisted ARM read ${path}`);
    // The subnets fact holds each subnet's network security group and route table too.
    if (/\/virtualNetworks\/[^/]+\/subnets$/i.test(path))
      for (const action of ["Microsoft.Network/networkSecurityGroups/read", "Microsoft.Network/routeTables/read"])
        reads.arm.add(action);
    return;
  }
  if (/^ARM storage accounts/.test(source)) {
    reads.arm.add("Microsoft.Storage/storageAccounts/read");
    return;
  }
  if (/^ARM Key Vaults/.test(source)) {
    reads.arm.add("Microsoft.KeyVault/vaults/read");
    return;
  }
  if (source.startsWith("Graph ")) {
    for (const [path, permission] of Object.entries(GRAPH_PERMISSIONS))
      if (source.includes(path)) reads.graph.add(permission);
    return;
  }
  const get = /^GET (\/api\/\S+)/.exec(source);
  if (get) {
    const template = databricksTemplate(get[1]!);
    if (template.includes("/accounts/{account_id}")) reads.account.add(template.replace(/^\/api\/2\.\d/, ""));
    else reads.workspace.add(template);
    if (source.includes("+ export")) reads.workspace.add("/api/2.0/workspace/export");
    return;
  }
  reads.other.add(source);
}

/** What one check reads, per source (sorted): the rows of docs/permissions.md's per-check table. */
export interface CheckReads {
  workspace: readonly string[];
  account: readonly string[];
  arm: readonly string[];
  graph: readonly string[];
  other: readonly string[];
}

export function sortedReads(reads: Reads): CheckReads {
  const sorted = (set: Set<string>) => [...set].sort();
  return {
    workspace: sorted(reads.workspace),
    account: sorted(reads.account),
    arm: sorted(reads.arm),
    graph: sorted(reads.graph),
    other: sorted(reads.other),
  };
}

/**
 * Who may make a Databricks workspace read completely (docs/permissions.md "Databricks workspace"): lists any
 * user may make show only that user's objects, Unity Catalog lists are complete for a metastore admin.
 */
export function workspacePermission(endpoint: string): string {
  if (/^\/api\/2\.1\/unity-catalog\/(current-metastore-assignment|metastore_summary)$/.test(endpoint))
    return "any workspace user";
  if (/^\/api\/2\.\d\/unity-catalog\/|^\/api\/2\.0\/data-sharing\/|^\/api\/data-classification\//.test(endpoint))
    return "metastore admin for complete lists";
  if (endpoint === "/api/2.0/secrets/acls/list") return "MANAGE on each scope (workspace admins have it)";
  if (/\/preview\/scim\/v2\/|\/clusters\/spark-versions$|\/dbfs\/list$/.test(endpoint)) return "any workspace user";
  if (
    /\/(clusters\/list|jobs\/list|jobs\/get|policies\/clusters\/list|instance-pools\/list|sql\/warehouses|repos|serving-endpoints|vector-search\/endpoints|registered-models\/search|all-cluster-statuses|secrets\/scopes\/list|workspace\/list|workspace\/export|apps)$/.test(
      endpoint,
    )
  )
    return "any workspace user (a workspace admin sees every object; otherwise the list is partial)";
  return "workspace admin";
}

/** The lines `lakeward checks explain` prints under "Reads": each API call and the permission it needs. */
export function describeReads(reads: CheckReads | undefined): string[] {
  if (!reads) return ["  nothing a live scan reads (an attestation, audit logs or IaC only)"];
  const lines: string[] = [];
  for (const endpoint of reads.workspace) lines.push(`  workspace GET ${endpoint} — ${workspacePermission(endpoint)}`);
  for (const endpoint of reads.account) lines.push(`  account API GET ${endpoint} — account admin (--account-id)`);
  for (const action of reads.arm) lines.push(`  ARM ${action} — Azure RBAC (Reader, or the custom role)`);
  for (const permission of reads.graph) lines.push(`  Microsoft Graph — ${permission} (--graph)`);
  for (const other of reads.other) lines.push(`  ${other}`);
  return lines.length ? lines : ["  nothing a live scan reads (an attestation, audit logs or IaC only)"];
}

/** Every check's reads in a results document (each result's evidence sources), by check id. */
export function measureCheckReads(document: ResultsDocument): Record<string, CheckReads> {
  const reads = new Map<string, Reads>();
  for (const workspace of document.workspaces)
    for (const result of workspace.results)
      for (const use of result.evidence ?? []) {
        const entry = reads.get(result.checkId) ?? emptyReads();
        addSource(entry, use.source);
        reads.set(result.checkId, entry);
      }
  const measured: Record<string, CheckReads> = {};
  for (const [id, entry] of [...reads.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = sortedReads(entry);
    if (Object.values(sorted).some((list) => list.length)) measured[id] = sorted;
  }
  return measured;
}

/** The source of src/catalogue/check-reads.ts for measured reads. */
export function renderCheckReadsModule(reads: Record<string, CheckReads>): string {
  return `/**
 * What each check reads, measured on a scan of the emulator (default, typical and hardened personas) by
 * \`npm run measure:reads\`; test/permissions-doc.test.ts fails when a scan shows otherwise. Do not edit by hand.
 */
import type { CheckReads } from "./permissions.ts";

export const CHECK_READS: Readonly<Record<string, CheckReads>> = ${JSON.stringify(reads, null, 2)};
`;
}

/** docs/permissions.md's per-check table rows, from the check order given. */
export function readsTableRows(ids: readonly string[], reads: Readonly<Record<string, CheckReads>>): string[] {
  const cell = (list: readonly string[]) => (list.length ? list.map((x) => `\`${x}\``).join(", ") : "—");
  return ids.flatMap((id) => {
    const r = reads[id];
    if (!r) return [];
    return [`| ${id} | ${[r.workspace, r.account, r.arm, r.graph, r.other].map(cell).join(" | ")} |`];
  });
}
