import { partialReader } from "../data/partial.ts";
import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "GOV-21",
    title:
      "New workspaces get the compliance security profile and enhanced security monitoring; required compliance standards are on",
    category: "governance",
    severity: "medium",
    profile: "high",
    threats: ["PC", "AT"],
    controls: ["PV-1", "LT-1"],
    mcsb: ["PV-1", "LT-1", "ES-1"],
    guide: ["Isolate sensitive workloads into different workspaces"],
    sources: ["account-api", "workspace-api", "iac"],
    rationale:
      "The account settings shield_csp_enablement_ac and shield_esm_enablement_ac make every new workspace start with the compliance security profile (hardened images, FIPS endpoints, automatic updates) and enhanced security monitoring (Capsule8 and ClamAV events in the audit log), so a workspace created in a hurry is not the weak one. Where the organisation must meet a standard (HIPAA, PCI_DSS, …), the profile must name it, on the account default and on this workspace.",
    remediation: {
      ui: "Account console → Settings → Compliance security profile: 'Enable for new workspaces' with the required standards; Enhanced security monitoring: 'Enable for new workspaces'. On the workspace: Settings → Security → Compliance security profile, add the standards.",
      terraform: `# The account default for new workspaces (account-level provider); the enhanced security monitoring
# default has no documented Terraform resource: set it in the account console.
resource "databricks_compliance_security_profile_account_setting" "this" {
  provider = databricks.account
  csp_enablement_account {
    is_enforced          = true
    compliance_standards = ["HIPAA"]
  }
}

# And on an existing workspace:
resource "databricks_compliance_security_profile_workspace_setting" "this" {
  compliance_security_profile_workspace {
    is_enabled           = true
    compliance_standards = ["HIPAA"]
  }
}

resource "databricks_enhanced_security_monitoring_workspace_setting" "this" {
  enhanced_security_monitoring_workspace {
    is_enabled = true
  }
}`,
    },
    lists: {
      requiredComplianceStandards: {
        default: [],
        description:
          "compliance standards (HIPAA, PCI_DSS, FEDRAMP_MODERATE, …) the account default and every workspace's compliance security profile must include",
      },
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "the Enhanced Security and Compliance add-on");
    if (tier) return tier;
    const required = (context.lists.requiredComplianceStandards ?? []).map((s) => s.toUpperCase());
    // Each part can fail on its own: a configuration declares the compliance profile default
    // (databricks_compliance_security_profile_account_setting) but has no resource for the monitoring one.
    const reader = partialReader(context);
    const csp = reader.read("account setting shield_csp_enablement_ac", evidence.account.complianceProfileDefault);
    const esm = reader.read("account setting shield_esm_enablement_ac", evidence.account.securityMonitoringDefault);
    const problems: string[] = [];
    if (csp && !csp.enforced) problems.push("new workspaces do not get the compliance security profile");
    if (esm === false) problems.push("new workspaces do not get enhanced security monitoring");
    const missing = (have: readonly string[]) => required.filter((s) => !have.map((h) => h.toUpperCase()).includes(s));
    if (csp?.enforced && missing(csp.standards).length)
      problems.push(`the account default lacks the required standards ${missing(csp.standards).join(", ")}`);
    if (required.length) {
      const profile = reader.read(
        "workspace compliance security profile",
        evidence.databricks.settings.complianceSecurityProfile,
      );
      if (profile && (!profile.enabled || missing(profile.standards).length))
        problems.push(
          `this workspace's compliance security profile ${profile.enabled ? `lacks ${missing(profile.standards).join(", ")}` : "is off"} (required: ${required.join(", ")})`,
        );
    }
    if (problems.length) return fail(`${problems.join("; ")}${reader.note()}`);
    reader.settle();
    return pass(
      `new workspaces get the compliance security profile${csp?.standards.length ? ` (${csp.standards.join(", ")})` : ""} and enhanced security monitoring${required.length ? `; the required standards (${required.join(", ")}) are on here` : ""}`,
    );
  },
});
