import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { KeyVault, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-20-key-vault-recovery.ts";

const vaults = (e: WorkspaceEvidence): KeyVault[] => {
  if (e.azure.keyVaults.status !== "known") throw new Error("fixture");
  return e.azure.keyVaults.value;
};
const noVaultUse = (e: WorkspaceEvidence) => {
  e.azure.keyVaults = k([]);
  e.azure.managedServicesCmk = k(null);
  e.azure.dbfsCmk = k({ prepared: false, key: null });
  e.azure.managedDiskCmk = k(null);
  e.databricks.secretScopes = k([]);
};

checkCases(check, [
  {
    name: "the CMK vault is protected",
    status: "pass",
    resources: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"],
  },
  {
    name: "no purge protection",
    status: "fail",
    edit: (e) => void (vaults(e)[0]!.purgeProtection = k(false)),
    message: /kv \(customer-managed keys\) lacks purge protection/,
    resources: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"],
  },
  {
    name: "neither soft delete nor purge protection",
    status: "fail",
    edit: (e) => {
      vaults(e)[0]!.softDelete = k(false);
      vaults(e)[0]!.purgeProtection = k(false);
    },
    message: /lacks soft delete and purge protection/,
  },
  {
    name: "a vault property unreadable",
    status: "unknown",
    edit: (e) => void (vaults(e)[0]!.purgeProtection = u("HTTP 403 AuthorizationFailed")),
    message: /kv enablePurgeProtection/,
  },
  {
    name: "a CMK vault that was not read",
    status: "unknown",
    edit: (e) =>
      void (e.azure.managedDiskCmk = k({
        keyVaultUri: "https://other.vault.azure.net/",
        keyName: "d",
        keyVersion: null,
        rotateToLatestVersion: true,
      })),
    message: /in use but not read: other \(managed disk CMK\)/,
  },
  {
    name: "a Key Vault-backed scope whose vault was not read",
    status: "unknown",
    edit: (e) =>
      void (e.databricks.secretScopes = k([
        {
          name: "akv",
          backend: "AZURE_KEYVAULT",
          keyVaultResourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/secrets-kv",
          acls: k([]),
        },
      ])),
    message: /secrets-kv \(secret scope akv\)/,
  },
  { name: "vaults unreadable", status: "unknown", edit: (e) => void (e.azure.keyVaults = u()) },
  { name: "no vault in use", status: "not_applicable", edit: noVaultUse },
  {
    name: "no vault listed while the CMK settings are unreadable",
    status: "unknown",
    edit: (e) => {
      noVaultUse(e);
      e.azure.managedServicesCmk = u();
    },
  },
]);
