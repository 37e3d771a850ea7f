import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "GOV-15",
    title: "Enhanced security monitoring / compliance security profile enabled",
    category: "governance",
    severity: "medium",
    profile: "high",
    threats: ["PC"],
    controls: ["ES-1", "PV-8"],
    mcsb: ["ES-1", "ES-2", "LT-1"],
    sat: ["INFO-39", "INFO-40"],
    guide: ["Azure Databricks diagnostic log delivery"],
    sources: ["workspace-api", "arm"],
    rationale:
      "Enhanced security monitoring puts a hardened image with host intrusion detection (behaviour monitoring) and antivirus scanning on classic compute nodes, and reports container escapes, kernel module loads and infected files to the diagnostic log. It is the only view from inside the data-plane hosts; the compliance security profile turns it on together with other hardening.",
    remediation: {
      ui: "Azure portal → the workspace → Security & compliance: enable 'Enhanced security monitoring' (or the compliance security profile, which includes it). Requires the Enhanced Security and Compliance add-on.",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  enhanced_security_compliance {
    enhanced_security_monitoring_enabled = true
  }
}

# or from the workspace side:
resource "databricks_enhanced_security_monitoring_workspace_setting" "this" {
  enhanced_security_monitoring_workspace {
    is_enabled = true
  }
}`,
      fix: () => ({
        settings: [
          {
            resource: "databricks_enhanced_security_monitoring_workspace_setting",
            path: ["enhanced_security_monitoring_workspace", "is_enabled"],
            value: true,
          },
        ],
        caution: [
          "enhanced security monitoring is part of the Enhanced Security and Compliance add-on, billed per DBU",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "enhanced security monitoring");
    if (tier) return tier;
    // Any source reporting ESM or the compliance security profile (which includes ESM) as on is enough.
    const esm = context.peek(
      "setting enhanced_security_monitoring",
      evidence.databricks.settings.enhancedSecurityMonitoring,
    );
    const csp = context.peek(
      "setting compliance security profile",
      evidence.databricks.settings.complianceSecurityProfile,
    );
    const arm = context.peek("enhancedSecurityCompliance (ARM)", evidence.azure.enhancedSecurity);
    if (esm.status === "known" && esm.value) return pass("enhanced security monitoring is enabled (workspace setting)");
    if (csp.status === "known" && csp.value.enabled)
      return pass(
        `the compliance security profile is enabled${csp.value.standards.length ? ` (${csp.value.standards.join(", ")})` : ""}, which includes enhanced security monitoring`,
      );
    if (
      arm.status === "known" &&
      (arm.value.enhancedSecurityMonitoring === true || arm.value.complianceSecurityProfile === true)
    )
      return pass(
        arm.value.enhancedSecurityMonitoring === true
          ? "enhanced security monitoring is enabled (ARM enhancedSecurityCompliance)"
          : "the compliance security profile is enabled (ARM enhancedSecurityCompliance), which includes enhanced security monitoring",
      );
    // Not on anywhere it was read: "off" needs the workspace settings, which are authoritative.
    context.get("setting enhanced_security_monitoring", evidence.databricks.settings.enhancedSecurityMonitoring);
    context.get("setting compliance security profile", evidence.databricks.settings.complianceSecurityProfile);
    return fail(
      "neither enhanced security monitoring nor the compliance security profile is enabled: data-plane hosts are not monitored",
    );
  },
});
