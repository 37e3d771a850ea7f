import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly, serverlessNotApplicable } from "../helpers.ts";
import { describeKey } from "./cmk.ts";

export default defineCheck({
  meta: {
    id: "DATA-03",
    title: "Customer-managed key for managed disks",
    category: "data",
    severity: "medium",
    profile: "high",
    threats: ["PC"],
    controls: ["DP-5"],
    mcsb: ["DP-5"],
    cis: ["2.1.8"],
    guide: ["Add a customer-managed key for managed disks"],
    sources: ["arm", "iac"],
    rationale:
      "Cluster managed disks hold shuffle data, spill and cached data. A customer-managed key lets you revoke access to them and meets compliance rules requiring customer-held keys for data at rest.",
    remediation: {
      ui: "Azure portal → the workspace → Encryption → 'Use your own key' for Managed Disks: pick the Key Vault key and enable automatic rotation to the latest key version.",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  managed_disk_cmk_key_vault_key_id                 = azurerm_key_vault_key.disks.id
  managed_disk_cmk_rotation_to_latest_version_enabled = true
}`,
      fix: (input) => ({
        settings: [
          {
            resource: "azurerm_databricks_workspace",
            path: ["managed_disk_cmk_key_vault_key_id"],
            value: input.variable("managed_disk_cmk_key_id", {
              type: "string",
              description:
                "Key Vault key id for managed disks (the workspace's disk encryption set needs access to it)",
            }),
          },
          {
            resource: "azurerm_databricks_workspace",
            path: ["managed_disk_cmk_rotation_to_latest_version_enabled"],
            value: true,
          },
        ],
        caution: [
          "after the apply, grant the disk encryption set the workspace creates (in its managed resource group) access to the key; new cluster disks use the key from then on",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(context, evidence, "no customer managed disks");
    if (serverless) return serverless;
    const notApplicable = premiumOnly(context, evidence, "customer-managed keys");
    if (notApplicable) return notApplicable;
    const key = context.get("encryption.entities.managedDisk", evidence.azure.managedDiskCmk);
    return key
      ? pass(
          `managed disks are encrypted with ${describeKey(key)}${key.rotateToLatestVersion ? " (rotating to the latest version)" : ""}`,
          [describeKey(key)],
        )
      : fail("managed disks use platform-managed keys");
  },
});
