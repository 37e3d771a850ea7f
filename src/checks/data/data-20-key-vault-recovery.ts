import { defineCheck, fail, listSome, notApplicable, pass, undetermined } from "../define.ts";
import { partialReader } from "./partial.ts";

/** "https://kv.vault.azure.net/" → "kv"; a resource id → its last segment. */
function vaultName(reference: string): string {
  const host = /^https?:\/\/([^./]+)\./i.exec(reference);
  if (host?.[1]) return host[1].toLowerCase();
  return (reference.split("/").filter(Boolean).pop() ?? reference).toLowerCase();
}

export default defineCheck({
  meta: {
    id: "DATA-20",
    title: "Key Vault behind secret scopes / CMK has soft delete and purge protection",
    category: "data",
    severity: "high",
    profile: "high",
    threats: ["IN", "PC"],
    controls: ["BR-4"],
    mcsb: ["DP-8", "BR-2"],
    guide: ["Store and use secrets securely", "Add a customer-managed key for managed services"],
    sources: ["arm", "iac"],
    rationale:
      "A customer-managed key that is deleted or purged makes the workspace's notebooks, DBFS root or disks unreadable for good, and a purged vault takes the secrets of Key Vault-backed scopes with it. Soft delete keeps deleted keys and secrets recoverable, and purge protection stops anyone, including an attacker with the vault's rights, from destroying them before the retention period ends.",
    remediation: {
      ui: "Azure portal → each listed Key Vault → Settings → Properties: soft delete is on by default; enable 'Purge protection' (it cannot be turned off again).",
      terraform: `resource "azurerm_key_vault" "cmk" {
  # ...
  soft_delete_retention_days = 90
  purge_protection_enabled   = true
}`,
    },
  },
  evaluate(evidence, context) {
    const vaults = context.get("key vaults", evidence.azure.keyVaults);
    // Which vaults the workspace depends on, as far as the evidence says.
    const reader = partialReader(context);
    const referenced = new Map<string, string>();
    const keys = [
      ["managed services CMK", reader.read("managed services CMK", evidence.azure.managedServicesCmk)],
      ["DBFS root CMK", reader.read("DBFS root CMK", evidence.azure.dbfsCmk)?.key ?? null],
      ["managed disk CMK", reader.read("managed disk CMK", evidence.azure.managedDiskCmk)],
    ] as const;
    for (const [use, key] of keys) if (key) referenced.set(vaultName(key.keyVaultUri), use);
    for (const scope of reader.read("secret scopes", evidence.databricks.secretScopes) ?? [])
      if (scope.backend === "AZURE_KEYVAULT" && scope.keyVaultResourceId)
        referenced.set(vaultName(scope.keyVaultResourceId), `secret scope ${scope.name}`);

    const problems: string[] = [];
    const offending: string[] = [];
    for (const vault of vaults) {
      const softDelete = reader.read(`key vault ${vault.name} enableSoftDelete`, vault.softDelete);
      const purgeProtection = reader.read(`key vault ${vault.name} enablePurgeProtection`, vault.purgeProtection);
      const missing = [
        ...(softDelete === false ? ["soft delete"] : []),
        ...(purgeProtection === false ? ["purge protection"] : []),
      ];
      if (missing.length) {
        offending.push(vault.id);
        problems.push(
          `${vault.name} (${vault.usedFor.join(", ") || "used by the workspace"}) lacks ${missing.join(" and ")}`,
        );
      }
    }
    if (problems.length)
      return fail(
        `${problems.length} key vault(s) can lose keys or secrets for good: ${listSome(problems, 3)}${reader.note()}`,
        offending,
      );
    reader.settle();
    const read = new Set(vaults.map((vault) => vault.name.toLowerCase()));
    const unread = [...referenced].filter(([name]) => !read.has(name)).map(([name, use]) => `${name} (${use})`);
    if (unread.length) return undetermined(`key vault(s) in use but not read: ${listSome(unread)}`, unread);
    if (vaults.length === 0)
      return notApplicable("no customer-managed key and no Azure Key Vault-backed secret scope: no vault to judge");
    return pass(
      `all ${vaults.length} key vault(s) have soft delete and purge protection: ${listSome(vaults.map((vault) => vault.name))}`,
      vaults.map((vault) => vault.id),
    );
  },
});
