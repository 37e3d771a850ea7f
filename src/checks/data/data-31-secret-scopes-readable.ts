import { defineCheck, fail, listSome, pass } from "../define.ts";
import { ALL_USERS, hasPremiumFeatures } from "../helpers.ts";
import { partialReader } from "./partial.ts";

export default defineCheck({
  meta: {
    id: "DATA-31",
    title: "No secret scope is readable by `users` (every user of the workspace)",
    category: "data",
    severity: "high",
    profile: "high",
    threats: ["EX", "IN"],
    controls: ["PA-7", "IM-7"],
    mcsb: ["IM-8", "PA-7"],
    guide: ["Store and use secrets securely"],
    sources: ["workspace-api", "iac"],
    rationale:
      "READ on a secret scope lets a principal fetch every secret in it (dbutils.secrets.get in any notebook it can run), so a scope readable by `users` hands its credentials to everyone in the workspace — including guests and every service principal. DATA-19 covers WRITE and MANAGE; this check covers the quieter READ grant.",
    remediation: {
      ui: "Secret scopes cannot be changed in the UI: use the CLI (`databricks secrets list-acls SCOPE`, then `databricks secrets delete-acl SCOPE users` and grant READ to the group that needs it).",
      terraform: `resource "databricks_secret_acl" "etl_readers" {
  scope      = "etl"
  principal  = "etl-engineers"
  permission = "READ"
}`,
    },
  },
  evaluate(evidence, context) {
    const scopes = context.get("secret scopes", evidence.databricks.secretScopes);
    if (scopes.length === 0) return pass("no secret scopes");
    const sku = context.get("sku", evidence.azure.sku);
    if (!hasPremiumFeatures(sku))
      return fail(
        `on the ${sku} tier secret ACLs do not exist: every user can read all ${scopes.length} scopes: ${listSome(scopes.map((s) => s.name))}`,
        scopes.map((scope) => scope.name),
      );
    const reader = partialReader(context);
    const readable: string[] = [];
    for (const scope of scopes) {
      const acls = reader.read(`secret scope ${scope.name} ACL`, scope.acls);
      const grant = (acls ?? []).find((acl) => ALL_USERS.has(acl.principal.toLowerCase()));
      if (grant) readable.push(`${scope.name} (${grant.permission} to ${grant.principal})`);
    }
    if (readable.length)
      return fail(
        `${readable.length} of ${scopes.length} secret scopes are readable by every user: ${listSome(readable)}${reader.note()}`,
        readable,
      );
    reader.settle();
    return pass(`none of the ${scopes.length} secret scopes is readable by all users`);
  },
});
