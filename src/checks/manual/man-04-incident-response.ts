import { defineCheck, manual } from "../define.ts";

export default defineCheck({
  meta: {
    id: "MAN-04",
    title: "Incident response process covers Azure Databricks (ASB IR-1, IR-2)",
    category: "manual",
    severity: "medium",
    profile: "standard",
    threats: ["AT", "EX", "IN", "RA", "PC"],
    controls: ["IR-1", "IR-2"],
    mcsb: ["IR-1", "IR-2"],
    guide: ["Azure Databricks diagnostic log delivery", "Monitor provisioning activities in Azure Monitor"],
    sources: ["attestation"],
    rationale:
      "Logs and detections help only if someone acts on them: the incident response process must know how to investigate a Databricks workspace (diagnostic logs, system.access.audit, the activity log), how to contain it (revoke tokens, deactivate users, stop clusters, revoke the customer-managed key as the last resort) and whom Microsoft and Databricks notify. The ASB asks for that preparation and for incident contacts in Defender for Cloud.",
    remediation: {
      ui: "Add Azure Databricks to the incident response playbooks (data sources, containment steps, owners); set security contacts in Microsoft Defender for Cloud → Environment settings → Email notifications; route lakeward's audit-log detections to the SOC; exercise a Databricks scenario (e.g. a leaked token) in the next tabletop.",
      terraform: `resource "azurerm_security_center_contact" "soc" {
  name                = "soc"
  email               = "soc@contoso.com"
  phone               = "+31 20 000 0000"
  alert_notifications = true
  alerts_to_admins    = true
}

resource "azurerm_monitor_action_group" "soc" {
  name                = "soc"
  resource_group_name = azurerm_resource_group.ops.name
  short_name          = "soc"
  email_receiver {
    name          = "soc"
    email_address = "soc@contoso.com"
  }
}`,
    },
  },
  evaluate() {
    return manual(
      "attest that the incident response process names Azure Databricks: where its logs are (diagnostic settings, system.access.audit, activity log), how to contain an incident (revoke tokens, deactivate users, terminate clusters, revoke the customer-managed key) and who is notified, and that security contacts are set in Defender for Cloud. Evidence: a link to the playbook and the date it was last exercised.",
    );
  },
});
