import { defineCheck, manual } from "../define.ts";

export default defineCheck({
  meta: {
    id: "MAN-01",
    title: "Customer Lockbox for Microsoft Azure enabled",
    category: "manual",
    severity: "medium",
    profile: "high",
    threats: ["PC"],
    controls: ["PA-8"],
    mcsb: ["PA-8"],
    guide: ["Customer Lockbox for Microsoft Azure"],
    sources: ["attestation"],
    rationale:
      "Microsoft or Databricks engineers may request temporary access to customer data to investigate an outage or a security event. Customer Lockbox puts such requests in front of the customer for approval or rejection, so provider access becomes a decision with a record rather than something that just happens. It is a tenant-wide setting that no Databricks or workspace API exposes, so it is attested.",
    remediation: {
      ui: "Azure portal → Customer Lockbox for Microsoft Azure → Administration → Customer Lockbox for Microsoft Azure: Enable (requires a Global Administrator and a support plan of Developer or higher); name the approvers (Owner or the Azure Customer Lockbox Approver for Subscription role) and route the request e-mails to a monitored mailbox. Also watch Databricks support access in the diagnostic log's genie category.",
      terraform: `# Customer Lockbox itself is switched on in the portal (tenant-wide). Alongside it, keep the record of
# Databricks support access (the "genie" category) flowing to your SIEM:
resource "azurerm_monitor_diagnostic_setting" "databricks_support_access" {
  name                       = "databricks-support-access"
  target_resource_id         = azurerm_databricks_workspace.this.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.security.id

  enabled_log {
    category = "genie"
  }
}`,
    },
  },
  evaluate() {
    return manual(
      "attest that Customer Lockbox for Microsoft Azure is enabled for the tenant and that lockbox requests reach named approvers. To check: Azure portal → Customer Lockbox for Microsoft Azure → Administration shows 'Enabled'; Customer Lockbox → Service requests lists past requests and their decisions. Give the date and a link to that screen or the change record as evidence.",
    );
  },
});
