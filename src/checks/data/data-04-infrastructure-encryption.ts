import { defineCheck, fail, pass } from "../define.ts";
import { serverlessNotApplicable } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-04",
    title: "Infrastructure (double) encryption for the DBFS root",
    category: "data",
    severity: "low",
    profile: "high",
    threats: ["PC"],
    controls: ["DP-5"],
    mcsb: ["DP-4"],
    guide: ["Encrypt storage accounts and restrict access"],
    sources: ["arm", "iac"],
    rationale:
      "Infrastructure encryption adds a second, independent layer of encryption with platform-managed keys to the DBFS root, protecting data if one encryption layer or key is compromised. It can only be chosen when the workspace is created.",
    remediation: {
      ui: "Chosen at creation: create the workspace with 'Enable Infrastructure Encryption' (Encryption tab) and migrate; it cannot be turned on later.",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  infrastructure_encryption_enabled = true
}`,
      fix: () => ({
        blocked:
          "infrastructure encryption is chosen when the workspace is created (changing it replaces the workspace): deploy a new workspace from `lakeward blueprint --profile high` and migrate to it",
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
    return context.get("parameters.requireInfrastructureEncryption", evidence.azure.infrastructureEncryption)
      ? pass("the DBFS root has infrastructure (double) encryption")
      : fail("the DBFS root has a single layer of encryption (requireInfrastructureEncryption is false)");
  },
});
