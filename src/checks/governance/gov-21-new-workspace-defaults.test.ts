import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./gov-21-new-workspace-defaults.ts";

checkCases(check, [
  { name: "both defaults enforced", status: "pass", message: /compliance security profile \(HIPAA\)/ },
  {
    name: "a required standard on the account default and this workspace",
    status: "pass",
    lists: { requiredComplianceStandards: ["hipaa"] },
    message: /required standards \(HIPAA\)/,
  },
  {
    name: "profile not enforced for new workspaces",
    status: "fail",
    edit: (e) => void (e.account.complianceProfileDefault = k({ enforced: false, standards: [] })),
    message: /do not get the compliance security profile/,
  },
  {
    name: "monitoring not enforced",
    status: "fail",
    edit: (e) => void (e.account.securityMonitoringDefault = k(false)),
    message: /enhanced security monitoring/,
  },
  {
    name: "the workspace lacks a required standard",
    status: "fail",
    lists: { requiredComplianceStandards: ["PCI_DSS"] },
    message:
      /account default lacks the required standards PCI_DSS.*workspace's compliance security profile lacks PCI_DSS/,
  },
  {
    name: "account API not read",
    status: "unknown",
    edit: (e) => void (e.account.securityMonitoringDefault = u("the account API was not read (give --account-id)")),
    message: /account-id/,
  },
  {
    name: "profile not enforced fails even when the monitoring default is unknown (an IaC configuration declares only the profile)",
    status: "fail",
    edit: (e) => {
      e.account.complianceProfileDefault = k({ enforced: false, standards: [] });
      e.account.securityMonitoringDefault = u("account-level settings are not declared in the configuration");
    },
    message:
      /do not get the compliance security profile; could not also judge .*shield_esm_enablement_ac \(account-level/,
  },
  {
    name: "profile enforced, monitoring unknown: unknown, never a pass",
    status: "unknown",
    edit: (e) => void (e.account.securityMonitoringDefault = u("HTTP 403 PERMISSION_DENIED")),
    message: /403/,
  },
  {
    name: "workspace profile unreadable when a standard is required",
    status: "unknown",
    lists: { requiredComplianceStandards: ["HIPAA"] },
    edit: (e) => void (e.databricks.settings.complianceSecurityProfile = u("HTTP 403")),
    message: /403/,
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
