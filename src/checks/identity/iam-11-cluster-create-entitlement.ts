import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { usersEntitlements } from "../fixes.ts";
import { premiumOnly } from "../helpers.ts";
import { isBuiltinGroup, sameName } from "./principals.ts";

const CLUSTER_CREATE = "allow-cluster-create";

export default defineCheck({
  meta: {
    id: "IAM-11",
    title: "Cluster-creation entitlement not granted to the `users` group",
    category: "identity",
    severity: "medium",
    profile: "standard",
    threats: ["RA"],
    controls: ["PA-7"],
    mcsb: ["PA-7"],
    guide: ["Limiting cluster creation rights"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Unrestricted cluster creation lets anyone size and configure compute freely, outside any cluster policy: the guide's resource-abuse scenario (crypto mining with a compromised account) and a cost risk. Keep the entitlement off the built-in `users` group and off individual accounts, and let people create compute through cluster policies or grant it to a named group deliberately.",
    remediation: {
      ui: "Workspace admin settings → Identity and access → Groups → users → Entitlements: clear 'Unrestricted cluster creation'; do the same for each listed user, and grant CAN_USE on cluster policies instead.",
      terraform: `data "databricks_group" "users" {
  display_name = "users"
}

resource "databricks_entitlements" "users" {
  group_id             = data.databricks_group.users.id
  allow_cluster_create = false
  workspace_access     = true
}`,
      fix: () => ({
        settings: usersEntitlements(false),
        caution: [
          "users lose unrestricted cluster creation: give them a cluster policy (GOV-05) so they can still create clusters through it",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "entitlements");
    if (notApplicable) return notApplicable;
    const groups = context.get("groups", evidence.databricks.groups);
    const users = context.get("users", evidence.databricks.users);
    const everyone = groups.find((group) => sameName(group.displayName, "users"));
    if (!everyone)
      return undetermined(
        "the built-in `users` group is missing from the SCIM group list, so its entitlements are unknown",
      );
    const findings: string[] = [];
    if (everyone.entitlements.includes(CLUSTER_CREATE)) findings.push("group users (every workspace user)");
    const individuals = users.filter(
      (user) =>
        user.active &&
        user.entitlements.includes(CLUSTER_CREATE) &&
        !user.groups.some((group) => sameName(group, "admins")),
    );
    findings.push(...individuals.map((user) => `user ${user.userName}`));
    const otherGroups = groups
      .filter((group) => !isBuiltinGroup(group.displayName) && group.entitlements.includes(CLUSTER_CREATE))
      .map((group) => group.displayName);
    const groupNote = otherGroups.length ? ` (granted deliberately to group(s) ${otherGroups.join(", ")})` : "";
    if (findings.length)
      return fail(`unrestricted cluster creation is granted to ${listSome(findings)}${groupNote}`, findings);
    return pass(`neither the users group nor any individual non-admin user may create clusters freely${groupNote}`);
  },
});
