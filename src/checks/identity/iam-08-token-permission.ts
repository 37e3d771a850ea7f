import { defineCheck, fail, pass } from "../define.ts";
import { confFact, confSetting, isTrue, premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "IAM-08",
    title: "Token usage permission not granted to all users",
    category: "identity",
    severity: "medium",
    profile: "standard",
    threats: ["AT"],
    controls: ["PA-7"],
    mcsb: ["PA-7"],
    cis: ["2.1.6"],
    sat: ["IA-8"],
    guide: ["Token management"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Granting CAN_USE on tokens to the built-in `users` group lets every workspace user mint long-lived credentials. Limit personal access tokens to the groups and service principals that need API access.",
    remediation: {
      ui: "Workspace admin settings → Advanced → Personal access tokens → Permission settings: remove 'all users', grant CAN_USE to specific groups or service principals.",
      terraform: `resource "databricks_permissions" "token_usage" {
  authorization = "tokens"
  access_control {
    group_name       = databricks_group.automation.display_name
    permission_level = "CAN_USE"
  }
}`,
      fix: (input) => {
        const group = input.variable("token_users_group", {
          type: "string",
          description:
            "The group (automation, service principals) that may create and use personal access tokens instead of all users",
        });
        return {
          settings: [
            {
              resource: "databricks_permissions",
              match: { authorization: "tokens" },
              path: ["access_control[group_name=users]", "group_name"],
              value: group,
              declare: {
                type: "databricks_permissions",
                name: "tokens",
                body: {
                  authorization: "tokens",
                  access_control: { blocks: [{ group_name: "admins", permission_level: "CAN_MANAGE" }] },
                },
                importId: "/authorization/tokens",
              },
            },
          ],
          caution: [
            "databricks_permissions for tokens replaces every grant on token usage: only admins and var.token_users_group may use tokens afterwards, and tokens of other users stop working",
          ],
        };
      },
    },
  },
  evaluate(evidence, context) {
    const standardTier = premiumOnly(context, evidence, "token permissions");
    if (standardTier) return standardTier;
    const tokensConf = context.peek("workspace-conf enableTokensConfig", confFact(evidence, "enableTokensConfig"));
    if (tokensConf.status === "known" && !isTrue(confSetting(context, evidence, "enableTokensConfig").value)) {
      return pass("personal access tokens are disabled for everyone");
    }
    const acl = context.get("token permissions", evidence.databricks.tokenPermissions);
    const allUsers = acl.find(
      (entry) =>
        entry.principalType === "group" &&
        entry.principal === "users" &&
        entry.permissions.some((p) => p.level === "CAN_USE" || p.level === "CAN_MANAGE"),
    );
    if (allUsers)
      return fail("the `users` group (every workspace user) may create and use personal access tokens", [
        "group users",
      ]);
    const holders = acl
      .filter((entry) => !(entry.principalType === "group" && entry.principal === "admins"))
      .map((entry) => `${entry.principalType} ${entry.principal}`);
    return pass(
      holders.length
        ? `token usage is limited to: ${holders.join(", ")}`
        : "only admins may use personal access tokens",
      holders,
    );
  },
});
