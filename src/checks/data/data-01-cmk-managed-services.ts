import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";
import { describeKey } from "./cmk.ts";

export default defineCheck({
  meta: {
    id: "DATA-01",
    title: "Customer-managed key for managed services (notebooks, secrets, queries)",
    category: "data",
    severity: "medium",
    profile: "high",
    threats: ["PC"],
    controls: ["DP-5"],
    mcsb: ["DP-5"],
    cis: ["2.1.8"],
    guide: ["Add a customer-managed key for managed services"],
    sources: ["arm", "iac"],
    rationale:
      "Notebooks, secrets, SQL queries and query history are stored in the control plane. A customer-managed key lets you revoke Databricks' access to them (and to their backups) in an emergency, and meets compliance rules that require customer-held keys.",
    remediation: {
      ui: "Azure portal → the workspace → Encryption → 'Use your own key' for Managed Services: pick the Key Vault key (the vault needs soft delete and purge protection, and an access policy for the AzureDatabricks application).",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  sku                                 = "premium"
  managed_services_cmk_key_vault_key_id = azurerm_key_vault_key.services.id
}`,
      fix: (input) => ({
        settings: [
          {
            resource: "azurerm_databricks_workspace",
            path: ["managed_services_cmk_key_vault_key_id"],
            value: input.variable("managed_services_cmk_key_id", {
              type: "string",
              description:
                "Key Vault key id for managed services (the AzureDatabricks application needs get, wrapKey and unwrapKey on the vault)",
            }),
          },
        ],
        caution: [
          "grant the AzureDatabricks enterprise application get/wrapKey/unwrapKey on the key first, and keep the vault's purge protection on (DATA-20): losing the key loses notebooks, secrets and queries",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "customer-managed keys");
    if (notApplicable) return notApplicable;
    const key = context.get("encryption.entities.managedServices", evidence.azure.managedServicesCmk);
    return key
      ? pass(`managed services are encrypted with ${describeKey(key)}`, [describeKey(key)])
      : fail(
          "managed services use Microsoft-managed keys: the control-plane copy of notebooks, secrets and queries cannot be revoked by you",
        );
  },
});
