import { defineCheck, fail, listSome, notApplicable, pass, undetermined } from "../define.ts";
import { partialReader } from "./partial.ts";
import { accountLabel, DBFS_ROOT_NOTE, describeAccount } from "./storage.ts";

/** "TLS1_2" → 2; undefined for a value lakeward does not recognise. */
function tlsMinor(version: string): number | undefined {
  const match = /^TLS1_(\d)$/i.exec(version.trim());
  return match ? Number(match[1]) : undefined;
}

export default defineCheck({
  meta: {
    id: "DATA-05",
    title: "Storage accounts: anonymous blob access off, HTTPS only, TLS 1.2 minimum",
    category: "data",
    severity: "high",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["DP-4", "DP-2"],
    mcsb: ["DP-3", "NS-8"],
    guide: ["Encrypt storage accounts and restrict access"],
    sources: ["arm", "iac"],
    rationale:
      "The storage accounts behind the DBFS root and Unity Catalog hold the workspace's data. Anonymous blob access lets anyone with a URL read a container, and plain HTTP or TLS 1.0/1.1 expose data and keys in transit; the guide asks customers to protect the accounts they manage accordingly. The DBFS root is judged too, but it is Databricks-managed: a finding there is raised with Microsoft support rather than fixed in the portal.",
    remediation: {
      ui: "Azure portal → each listed storage account → Settings → Configuration: 'Allow Blob anonymous access' Disabled, 'Secure transfer required' Enabled, 'Minimum TLS version' Version 1.2. The DBFS root account cannot be changed (deny assignment): open a support request.",
      terraform: `resource "azurerm_storage_account" "datalake" {
  # ...
  allow_nested_items_to_be_public = false
  https_traffic_only_enabled      = true
  min_tls_version                 = "TLS1_2"
}`,
    },
  },
  evaluate(evidence, context) {
    const accounts = context.get("storage accounts", evidence.azure.storageAccounts);
    if (accounts.length === 0) {
      const mode = context.get("computeMode", evidence.azure.computeMode);
      if (mode === "Serverless")
        return notApplicable(
          "serverless workspace without Unity Catalog storage accounts: no storage account to judge",
        );
      return undetermined(
        "no storage account was recorded, not even the DBFS root: the workspace's storage could not be located",
      );
    }
    const reader = partialReader(context);
    const offending: string[] = [];
    const problems: string[] = [];
    const unclear: string[] = [];
    for (const account of accounts) {
      const issues: string[] = [];
      const anonymous = reader.read(accountLabel(account, "allowBlobPublicAccess"), account.allowBlobPublicAccess);
      if (anonymous === true) issues.push("anonymous blob access allowed");
      const https = reader.read(accountLabel(account, "supportsHttpsTrafficOnly"), account.httpsOnly);
      if (https === false) issues.push("HTTP allowed (secure transfer not required)");
      const tls = reader.read(accountLabel(account, "minimumTlsVersion"), account.minimumTlsVersion);
      if (tls !== undefined) {
        const minor = tlsMinor(tls);
        if (minor === undefined)
          unclear.push(`${describeAccount(account)}: minimum TLS version "${tls}" not recognised`);
        else if (minor < 2) issues.push(`minimum TLS version ${tls}`);
      }
      if (issues.length) {
        offending.push(account.name);
        const managed = account.role === "dbfs-root" ? ` [${DBFS_ROOT_NOTE}]` : "";
        problems.push(`${describeAccount(account)}: ${issues.join(", ")}${managed}`);
      }
    }
    if (problems.length)
      return fail(
        `${problems.length} of ${accounts.length} storage accounts are exposed: ${listSome(problems, 3)}${reader.note()}`,
        offending,
      );
    reader.settle();
    if (unclear.length)
      return undetermined(
        unclear.join("; "),
        accounts.map((a) => a.name),
      );
    return pass(
      `all ${accounts.length} storage accounts refuse anonymous access and require HTTPS with TLS 1.2 or later: ${listSome(accounts.map(describeAccount))}`,
      accounts.map((account) => account.name),
    );
  },
});
