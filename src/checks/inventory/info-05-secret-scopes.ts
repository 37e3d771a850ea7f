import { defineCheck, fail, pass } from "../define.ts";

export default defineCheck({
  meta: {
    id: "INFO-05",
    title: "Secret scopes in use (credentials kept out of code)",
    category: "inventory",
    severity: "info",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["IM-7"],
    mcsb: ["IM-8"],
    sat: ["DP-1"],
    guide: ["Store and use secrets securely"],
    sources: ["workspace-api"],
    rationale:
      "Credentials for external systems belong in secret scopes (Databricks-backed or Azure Key Vault-backed), referenced from notebooks, jobs and Spark conf as {{secrets/scope/key}}, not typed into code where every reader of the notebook sees them. A workspace without any secret scope either needs no credentials or keeps them somewhere worse; DATA-18 and DATA-23 look for the latter.",
    remediation: {
      ui: "Create an Azure Key Vault-backed scope at https://<workspace-url>#secrets/createScope (or `databricks secrets create-scope`), grant READ to the groups that need it, and replace credentials in code with dbutils.secrets.get(scope, key).",
      terraform: `resource "databricks_secret_scope" "datalake" {
  name = "datalake"
  keyvault_metadata {
    resource_id = azurerm_key_vault.this.id
    dns_name    = azurerm_key_vault.this.vault_uri
  }
}

resource "databricks_secret_acl" "analysts" {
  scope      = databricks_secret_scope.datalake.name
  principal  = "analysts"
  permission = "READ"
}`,
    },
  },
  evaluate(evidence, context) {
    const scopes = context.get("secret scopes", evidence.databricks.secretScopes);
    const listed = scopes.map(
      (scope) =>
        `${scope.name} (${scope.backend === "AZURE_KEYVAULT" ? `Key Vault ${scope.keyVaultResourceId?.split("/").pop() ?? ""}`.trim() : "Databricks"})`,
    );
    if (scopes.length === 0)
      return fail("no secret scope exists: credentials used by notebooks and jobs are not kept in secret management");
    const vaultBacked = scopes.filter((scope) => scope.backend === "AZURE_KEYVAULT").length;
    return pass(
      `${scopes.length} secret scope(s), ${vaultBacked} backed by Azure Key Vault: ${listed.join(", ")}`,
      listed,
    );
  },
});
