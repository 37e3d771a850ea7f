/**
 * What each check reads, as the permissions it needs (docs/permissions.md): the evidence sources of every
 * result of a scan of the emulator, normalised — Databricks endpoints without ids, ARM paths as the Azure RBAC
 * action that allows them, Graph reads as their least-privileged permission.
 */
import { ARM_READS } from "../../src/sources/azure/transport.ts";

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
