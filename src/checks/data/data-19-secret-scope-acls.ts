import { defineCheck, fail, listSome, pass } from "../define.ts";
import { ALL_USERS, hasPremiumFeatures } from "../helpers.ts";
import { partialReader } from "./partial.ts";

export default defineCheck({
  meta: {
    id: "DATA-19",
    title: "Secret scope ACLs grant no WRITE/MANAGE to `users`",
    category: "data",
    severity: "high",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["PA-7"],
    mcsb: ["IM-8", "PA-7"],
    guide: ["Store and use secrets securely"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Secrets are read with the workspace's one service identity, so the scope ACL is the only thing deciding who may use or change a credential, even for Key Vault-backed scopes. WRITE lets every user replace a secret (and redirect a job's connection to their own endpoint); MANAGE lets them grant themselves and others read access. On the Standard tier there are no secret ACLs: every user has MANAGE on every scope.",
    remediation: {
      ui: "For each listed scope: databricks secrets list-acls <scope>; remove the grant to users (databricks secrets delete-acl <scope> users) and grant READ to the groups that need it, MANAGE only to the owning team.",
      terraform: `resource "databricks_secret_acl" "readers" {
  scope      = databricks_secret_scope.datalake.name
  principal  = "data-engineers"
  permission = "READ"
}`,
      fix: (input) => ({
        settings: input.result.resources.flatMap((grant) => {
          const match = /^(.+): (\w+) to (.+)$/.exec(grant);
          if (!match) return [];
          const [, scope = "", , principal = ""] = match;
          return [
            {
              resource: "databricks_secret_acl",
              match: { principal, scope },
              path: ["permission"],
              value: "READ",
              declare: {
                type: "databricks_secret_acl",
                name: `${scope}_${principal}`.replace(/[^A-Za-z0-9_]/g, "_"),
                body: { scope, principal, permission: "READ" },
                importId: `${scope}|||${principal}`,
              },
            },
          ];
        }),
        caution: [
          "every user keeps reading the scope's secrets; only the grants that let them change secrets or ACLs go",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const scopes = context.get("secret scopes", evidence.databricks.secretScopes);
    if (scopes.length === 0) return pass("no secret scopes");
    const sku = context.get("sku", evidence.azure.sku);
    if (!hasPremiumFeatures(sku))
      return fail(
        `on the ${sku} tier secret ACLs do not exist: every user has MANAGE on all ${scopes.length} scopes: ${listSome(scopes.map((s) => s.name))}`,
        scopes.map((scope) => scope.name),
      );
    const reader = partialReader(context);
    const grants: string[] = [];
    for (const scope of scopes) {
      const acls = reader.read(`secret scope ${scope.name} ACL`, scope.acls);
      for (const acl of acls ?? [])
        if (ALL_USERS.has(acl.principal.toLowerCase()) && acl.permission !== "READ")
          grants.push(`${scope.name}: ${acl.permission} to ${acl.principal}`);
    }
    if (grants.length)
      return fail(
        `${grants.length} scope grant(s) let every user change secrets or their ACLs: ${listSome(grants)}${reader.note()}`,
        grants,
      );
    reader.settle();
    return pass(`none of the ${scopes.length} secret scopes grants WRITE or MANAGE to all users`);
  },
});
