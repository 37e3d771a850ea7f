import type { RoleAssignment } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";

/** Built-in role definition ids (the same in every subscription). */
const BUILT_IN = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
} as const;
const PRIVILEGED = new Set(["owner", "contributor"]);

function roleOf(assignment: RoleAssignment): string | null {
  if (assignment.roleName) return assignment.roleName;
  const id = assignment.roleDefinitionId.split("/").pop()?.toLowerCase() ?? "";
  return id in BUILT_IN ? BUILT_IN[id as keyof typeof BUILT_IN] : null;
}

export default defineCheck({
  meta: {
    id: "IAM-04",
    title:
      "Few principals hold Owner/Contributor on the workspace resource or its group (they become admins), at most 3",
    category: "identity",
    severity: "high",
    profile: "standard",
    threats: ["AT"],
    controls: ["PA-1", "PA-7"],
    mcsb: ["PA-1", "PA-7"],
    guide: ["Separate admin accounts from normal user accounts"],
    sources: ["arm"],
    rationale:
      "Anyone with Contributor or Owner on the workspace resource, its resource group or subscription becomes a workspace admin at their next sign-in, and can also change the workspace's network and encryption settings in Azure. These principals are admins that the Databricks admins group does not show, so their number should stay as small as the admins group itself; a group counts once here, but every member of it is an admin.",
    remediation: {
      ui: "Azure portal → the workspace (and its resource group and subscription) → Access control (IAM) → Role assignments: remove Owner/Contributor from people who do not operate the workspace; give operators a dedicated group, and use Reader (plus Databricks-level entitlements) for everyone else. Use Entra PIM for just-in-time elevation.",
      terraform: `# One operators group holds Contributor; nobody is assigned individually.
resource "azurerm_role_assignment" "databricks_operators" {
  scope                = azurerm_databricks_workspace.this.id
  role_definition_name = "Contributor"
  principal_id         = azuread_group.databricks_operators.object_id
}`,
    },
    thresholds: {
      maxPrivilegedPrincipals: {
        default: 3,
        unit: "principals",
        description:
          "most distinct principals with Owner or Contributor on the workspace (inherited assignments included)",
      },
    },
  },
  evaluate(evidence, context) {
    const assignments = context.get("role assignments on the workspace", evidence.azure.roleAssignments);
    const max = context.thresholds.maxPrivilegedPrincipals ?? 3;
    const byPrincipal = new Map<string, string[]>();
    const custom: string[] = [];
    for (const assignment of assignments) {
      const role = roleOf(assignment);
      if (role === null) {
        custom.push(`${assignment.principalType} ${assignment.principalId}`);
        continue;
      }
      if (!PRIVILEGED.has(role.toLowerCase())) continue;
      const key = `${assignment.principalType} ${assignment.principalId}`;
      byPrincipal.set(key, [...(byPrincipal.get(key) ?? []), `${role} at ${assignment.scope}`]);
    }
    const holders = [...byPrincipal.entries()].map(([principal, roles]) => `${principal} (${roles.join("; ")})`);
    const groups = [...byPrincipal.keys()].filter((key) => key.startsWith("Group ")).length;
    const groupNote = groups
      ? `; ${groups} of them ${groups === 1 ? "is a group" : "are groups"} whose every member is an admin`
      : "";
    const customNote = custom.length
      ? `; ${custom.length} assignment(s) of custom roles were not judged (their permissions are not collected): ${listSome(custom, 3)}`
      : "";
    if (byPrincipal.size > max)
      return fail(
        `${byPrincipal.size} principals hold Owner or Contributor on the workspace, more than ${max}${groupNote}: ${listSome(holders, 4)}${customNote}`,
        holders,
      );
    return pass(
      `${byPrincipal.size} principal(s) hold Owner or Contributor on the workspace, at most ${max}${groupNote}${
        holders.length ? `: ${holders.join(", ")}` : ""
      }${customNote}`,
      holders,
    );
  },
});
