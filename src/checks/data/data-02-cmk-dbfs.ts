import { defineCheck, fail, pass } from "../define.ts";
import { expr } from "../fix-types.ts";
import { premiumOnly, serverlessNotApplicable } from "../helpers.ts";
import { describeKey } from "./cmk.ts";

export default defineCheck({
  meta: {
    id: "DATA-02",
    title: "Customer-managed key for the DBFS root storage",
    category: "data",
    severity: "medium",
    profile: "high",
    threats: ["PC"],
    controls: ["DP-5"],
    mcsb: ["DP-5"],
    cis: ["2.1.8"],
    guide: ["Add a customer-managed key for DBFS root"],
    sources: ["arm", "iac"],
    rationale:
      "The DBFS root storage account holds workspace data, libraries and job results. A customer-managed key lets you revoke access to it and meets compliance rules; preparing the workspace for encryption alone does not apply a key.",
    remediation: {
      ui: "Azure portal → the workspace → Encryption → 'Use your own key' for DBFS root: pick the Key Vault key (the workspace must have been prepared for encryption, which creates the storage identity).",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  customer_managed_key_enabled = true
}

resource "azurerm_databricks_workspace_root_dbfs_customer_managed_key" "this" {
  workspace_id     = azurerm_databricks_workspace.this.id
  key_vault_key_id = azurerm_key_vault_key.dbfs.id
}`,
      fix: (input) => ({
        settings: [{ resource: "azurerm_databricks_workspace", path: ["customer_managed_key_enabled"], value: true }],
        resources: [
          {
            type: "azurerm_databricks_workspace_root_dbfs_customer_managed_key",
            name: "this",
            body: {
              workspace_id: expr(`${input.workspaceAddress}.id`),
              key_vault_key_id: input.variable("dbfs_cmk_key_id", {
                type: "string",
                description:
                  "Key Vault key id for the DBFS root (the workspace's storage identity needs get, wrapKey and unwrapKey)",
              }),
            },
          },
        ],
        caution: [
          "customer_managed_key_enabled gives the DBFS root storage a managed identity; grant it get/wrapKey/unwrapKey on the key before the key resource applies (a second apply if it fails the first time)",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(
      context,
      evidence,
      "no DBFS root storage account in the customer's subscription",
    );
    if (serverless) return serverless;
    const notApplicable = premiumOnly(context, evidence, "customer-managed keys");
    if (notApplicable) return notApplicable;
    const dbfs = context.get("parameters.prepareEncryption / parameters.encryption", evidence.azure.dbfsCmk);
    if (dbfs.key) return pass(`the DBFS root is encrypted with ${describeKey(dbfs.key)}`, [describeKey(dbfs.key)]);
    return fail(
      dbfs.prepared
        ? "the workspace is prepared for encryption (storage identity created) but no key is applied: the DBFS root still uses Microsoft-managed keys"
        : "the DBFS root uses Microsoft-managed keys",
    );
  },
});
