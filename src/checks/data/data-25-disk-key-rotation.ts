import { defineCheck, fail, notApplicable, pass } from "../define.ts";
import { premiumOnly, serverlessNotApplicable } from "../helpers.ts";
import { describeKey } from "./cmk.ts";

export default defineCheck({
  meta: {
    id: "DATA-25",
    title: "Customer-managed disk keys rotate to the latest key version automatically",
    category: "data",
    severity: "low",
    profile: "high",
    threats: ["PC"],
    controls: ["DP-5"],
    mcsb: ["DP-6"],
    guide: ["Add a customer-managed key for managed disks"],
    sources: ["arm", "iac"],
    rationale:
      "A customer-managed key is only as good as its rotation: when the managed-disk key is pinned to one version, rotating the key in Key Vault leaves cluster disks on the old version until someone updates the workspace. Automatic rotation to the latest version makes key rotation effective without a manual step.",
    remediation: {
      ui: "Azure portal → the workspace → Encryption → Managed disks: enable 'Automatically rotate to the latest key version'.",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  managed_disk_cmk_key_vault_key_id                   = azurerm_key_vault_key.disks.id
  managed_disk_cmk_rotation_to_latest_version_enabled = true
}`,
      fix: () => ({
        settings: [
          {
            resource: "azurerm_databricks_workspace",
            path: ["managed_disk_cmk_rotation_to_latest_version_enabled"],
            value: true,
          },
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(
      context,
      evidence,
      "no cluster managed disks in the customer's subscription",
    );
    if (serverless) return serverless;
    const tier = premiumOnly(context, evidence, "customer-managed keys");
    if (tier) return tier;
    const cmk = context.get("encryption.entities.managedDisk", evidence.azure.managedDiskCmk);
    if (!cmk)
      return notApplicable("managed disks use Microsoft-managed keys: no customer-managed key to rotate (see DATA-03)");
    return cmk.rotateToLatestVersion
      ? pass(`the managed-disk key ${describeKey(cmk)} rotates to its latest version automatically`, [describeKey(cmk)])
      : fail(
          `the managed-disk key ${describeKey(cmk)} is pinned: rotationToLatestKeyVersionEnabled is false, so a new key version is not used until the workspace is updated`,
          [describeKey(cmk)],
        );
  },
});
