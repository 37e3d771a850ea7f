import { defineCheck, fail, listSome, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";
import { BUILTIN_GROUPS, isBuiltinGroup } from "./principals.ts";

export default defineCheck({
  meta: {
    id: "IAM-10",
    title: "Users and groups provisioned from Entra ID (SCIM / automatic identity management)",
    category: "identity",
    severity: "medium",
    profile: "high",
    threats: ["AT", "IN"],
    controls: ["IM-1", "PA-3"],
    mcsb: ["IM-1", "PA-3"],
    cis: ["2.1.4"],
    guide: ["SCIM synchronization of users and groups"],
    sources: ["workspace-api", "account-api"],
    rationale:
      "Users and groups synchronised from Entra ID are disabled or removed in Databricks when they are removed in the directory, so a leaver's account cannot be used afterwards, and group membership follows the directory's reviews. Users and groups created by hand in the workspace escape all of that: nothing removes them when their owner leaves.",
    remediation: {
      ui: "Account console → Settings → User provisioning: enable automatic identity management (or set up the 'Azure Databricks SCIM Provisioning Connector' enterprise application in Entra ID), assign the groups that use Databricks, then remove or replace the listed local users and groups with their Entra ID counterparts.",
      terraform: `# Prefer automatic identity management or the Entra SCIM connector. Groups managed in Terraform should
# carry the Entra object id, so they stay tied to the directory:
resource "databricks_group" "data_engineers" {
  display_name = azuread_group.data_engineers.display_name
  external_id  = azuread_group.data_engineers.object_id
}`,
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "SCIM provisioning");
    if (notApplicable) return notApplicable;
    const users = context.get("users", evidence.databricks.users);
    const groups = context.get("groups", evidence.databricks.groups);
    const active = users.filter((user) => user.active);
    const localUsers = active.filter((user) => !user.externalId).map((user) => `user ${user.userName}`);
    const customGroups = groups.filter((group) => !isBuiltinGroup(group.displayName));
    const localGroups = customGroups.filter((group) => !group.externalId).map((group) => `group ${group.displayName}`);
    const local = [...localUsers, ...localGroups];
    if (local.length)
      return fail(
        `${localUsers.length} of ${active.length} active user(s) and ${localGroups.length} of ${customGroups.length} group(s) were not provisioned from Entra ID: ${listSome(local)}`,
        local,
      );
    return pass(
      `all ${active.length} active user(s) and ${customGroups.length} group(s) (besides the built-in ${BUILTIN_GROUPS.join(", ")}) come from Entra ID`,
    );
  },
});
