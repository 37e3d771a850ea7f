import { defineCheck, fail, listSome, notApplicable, pass } from "../define.ts";
import { partialReader } from "./partial.ts";
import { accountLabel, describeAccount } from "./storage.ts";

export default defineCheck({
  meta: {
    id: "DATA-06",
    title: "Storage recovery: blob soft delete, container soft delete, versioning",
    category: "data",
    severity: "medium",
    profile: "high",
    threats: ["IN"],
    controls: ["BR-1", "BR-3"],
    mcsb: ["BR-1", "BR-2"],
    guide: ["Enable blob versioning, soft deletes and other data protection features"],
    sources: ["arm", "iac"],
    rationale:
      "A mistaken DROP, an overwrite or a deleted container on the Unity Catalog storage is unrecoverable without blob soft delete, container soft delete and versioning; with them you can restore data within the retention period. The DBFS root is not judged: it is Databricks-managed under a deny assignment, its blob service cannot be changed by the customer, and production data does not belong there (DATA-08).",
    remediation: {
      ui: "Azure portal → each listed storage account → Data management → Data protection: enable 'soft delete for blobs', 'soft delete for containers' (e.g. 14 days) and 'versioning for blobs'.",
      terraform: `resource "azurerm_storage_account" "datalake" {
  # ...
  blob_properties {
    versioning_enabled = true
    delete_retention_policy {
      days = 14
    }
    container_delete_retention_policy {
      days = 14
    }
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const accounts = context.get("storage accounts", evidence.azure.storageAccounts);
    const judged = accounts.filter((account) => account.role !== "dbfs-root");
    const skipped = accounts.filter((account) => account.role === "dbfs-root").map((account) => account.name);
    const skippedNote = skipped.length
      ? ` (DBFS root ${skipped.join(", ")} not judged: Databricks-managed, its blob service cannot be changed)`
      : "";
    if (judged.length === 0)
      return notApplicable(`no customer-managed (Unity Catalog) storage account was found${skippedNote}`);
    const reader = partialReader(context);
    const problems: string[] = [];
    const offending: string[] = [];
    for (const account of judged) {
      const missing: string[] = [];
      const blob = reader.read(accountLabel(account, "deleteRetentionPolicy"), account.blobSoftDelete);
      if (blob && !blob.enabled) missing.push("blob soft delete");
      const container = reader.read(
        accountLabel(account, "containerDeleteRetentionPolicy"),
        account.containerSoftDelete,
      );
      if (container && !container.enabled) missing.push("container soft delete");
      const versioning = reader.read(accountLabel(account, "isVersioningEnabled"), account.versioning);
      if (versioning === false) missing.push("versioning");
      if (missing.length) {
        offending.push(account.name);
        problems.push(`${describeAccount(account)} lacks ${missing.join(", ")}`);
      }
    }
    if (problems.length)
      return fail(
        `${problems.length} of ${judged.length} storage accounts cannot recover deleted or overwritten data: ${listSome(problems, 3)}${reader.note()}${skippedNote}`,
        offending,
      );
    reader.settle();
    const retention = judged
      .map((account) => {
        const blob = account.blobSoftDelete.status === "known" ? account.blobSoftDelete.value.days : null;
        return blob === null ? account.name : `${account.name} (${blob} days)`;
      })
      .join(", ");
    return pass(
      `blob and container soft delete and versioning are on for all ${judged.length} customer-managed storage accounts: ${retention}${skippedNote}`,
      judged.map((account) => account.name),
    );
  },
});
