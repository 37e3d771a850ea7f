import { partialReader } from "../data/partial.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";
import { boundedPolicy, policyPermissions, usersEntitlements } from "../fixes.ts";
import { premiumOnly } from "../helpers.ts";

const CREATE = "allow-cluster-create";

export default defineCheck({
  meta: {
    id: "GOV-05",
    title: "Cluster policies exist and non-admins can create clusters only through them",
    category: "governance",
    severity: "high",
    profile: "high",
    threats: ["RA"],
    controls: ["AM-3", "PA-7"],
    mcsb: ["PV-3", "PA-7"],
    guide: ["Cluster policies", "Limiting cluster creation rights"],
    sources: ["workspace-api", "iac"],
    rationale:
      "The unrestricted cluster-creation entitlement lets its holder start clusters of any size, node type and runtime, the usual path to crypto-mining and runaway cost. Cluster policies give users the compute they need within limits; that only works when nobody but admins keeps the unrestricted entitlement, whether granted to a user, to a group (above all `users`) or to a service principal.",
    remediation: {
      ui: "Compute → Policies: create policies for each team and grant them CAN_USE. Settings → Identity and access → Groups → users (and each listed group) → Entitlements: clear 'Unrestricted cluster creation'; do the same for each listed user and service principal.",
      terraform: `resource "databricks_cluster_policy" "team" {
  name       = "team-small"
  definition = jsonencode({ /* see GOV-06 */ })
}

resource "databricks_permissions" "team_policy" {
  cluster_policy_id = databricks_cluster_policy.team.id
  access_control {
    group_name       = "data-engineers"
    permission_level = "CAN_USE"
  }
}

resource "databricks_entitlements" "users" {
  group_id                   = data.databricks_group.users.id
  allow_cluster_create       = false
  allow_instance_pool_create = false
}`,
      fix: (input) => ({
        resources: [boundedPolicy(input), policyPermissions(input)],
        settings: usersEntitlements(true),
        caution: [
          "users then create clusters only through the bounded-encrypted policy (var.policy_users_group may use it); grant it to the other groups that need clusters",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "cluster policies");
    if (notApplicable) return notApplicable;
    const reader = partialReader(context);
    const problems: string[] = [];
    const offending: string[] = [];
    const policies = reader.read("cluster policies", evidence.databricks.clusterPolicies);
    const own = (policies ?? []).filter((policy) => !policy.isDefault);
    if (policies && own.length === 0) {
      problems.push(
        policies.length
          ? `only Databricks' default policies exist (${listSome(policies.map((p) => p.name))}), none of the workspace's own`
          : "no cluster policy exists",
      );
    }
    const groups = reader.read("groups", evidence.databricks.groups);
    const groupGrants = (groups ?? [])
      .filter((group) => group.displayName !== "admins" && group.entitlements.includes(CREATE))
      .map((group) => `group ${group.displayName}${group.displayName === "users" ? " (every user)" : ""}`);
    const users = reader.read("users", evidence.databricks.users);
    const userGrants = (users ?? [])
      .filter((user) => user.active && !user.groups.includes("admins") && user.entitlements.includes(CREATE))
      .map((user) => `user ${user.userName}`);
    const sps = reader.read("service principals", evidence.databricks.servicePrincipals);
    const spGrants = (sps ?? [])
      .filter((sp) => sp.active && sp.entitlements.includes(CREATE))
      .map((sp) => `service principal ${sp.displayName} (${sp.applicationId})`);
    const grants = [...groupGrants, ...userGrants, ...spGrants];
    if (grants.length) {
      problems.push(
        `${grants.length} non-admin principal(s) may create clusters without a policy: ${listSome(grants)}`,
      );
      offending.push(...grants);
    }
    if (problems.length) return fail(`${problems.join("; ")}${reader.note()}`, offending);
    reader.settle();
    return pass(
      `${own.length} cluster polic${own.length === 1 ? "y" : "ies"} (${listSome(own.map((p) => p.name))}) and no non-admin holds unrestricted cluster creation`,
      own.map((policy) => `${policy.name} (${policy.id})`),
    );
  },
});
