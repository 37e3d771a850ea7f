import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly, serverlessNotApplicable } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "GOV-10",
    title: "Automatic cluster update enabled",
    category: "governance",
    severity: "low",
    profile: "high",
    threats: [],
    controls: ["PV-7"],
    mcsb: ["PV-6"],
    sat: ["GOV-36"],
    guide: ["Restart clusters on a regular schedule"],
    sources: ["workspace-api", "arm"],
    rationale:
      "Clusters only pick up patched images when they restart, and long-running clusters often do not. Automatic cluster update restarts them in a maintenance window you choose, so patches reach the classic data plane without relying on people remembering to restart.",
    remediation: {
      ui: "Workspace admin settings → Compute → Automatic cluster update: on, with a maintenance window (part of the Enhanced Security and Compliance add-on).",
      terraform: `resource "databricks_automatic_cluster_update_workspace_setting" "this" {
  automatic_cluster_update_workspace {
    enabled = true
  }
}

# or, on the workspace resource:
resource "azurerm_databricks_workspace" "this" {
  # ...
  enhanced_security_compliance {
    automatic_cluster_update_enabled = true
  }
}`,
      fix: () => ({
        settings: [
          {
            resource: "databricks_automatic_cluster_update_workspace_setting",
            path: ["automatic_cluster_update_workspace", "enabled"],
            value: true,
          },
        ],
        caution: ["clusters restart in the maintenance window to take updates: schedule it outside your batch window"],
      }),
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(context, evidence, "Databricks keeps serverless compute patched");
    if (serverless) return serverless;
    const tier = premiumOnly(context, evidence, "automatic cluster update");
    if (tier) return tier;
    // Either source saying "on" is enough; "off" needs both sources read (ARM may not report it: null).
    const setting = context.peek(
      "setting automatic_cluster_update",
      evidence.databricks.settings.automaticClusterUpdate,
    );
    const arm = context.peek("enhancedSecurityCompliance (ARM)", evidence.azure.enhancedSecurity);
    if (setting.status === "known" && setting.value)
      return pass("automatic cluster update is enabled (workspace setting)");
    if (arm.status === "known" && arm.value.automaticClusterUpdate === true)
      return pass("automatic cluster update is enabled (ARM enhancedSecurityCompliance)");
    const value = context.get("setting automatic_cluster_update", evidence.databricks.settings.automaticClusterUpdate);
    return value
      ? pass("automatic cluster update is enabled (workspace setting)")
      : fail("automatic cluster update is disabled: clusters are patched only when someone restarts them (see GOV-08)");
  },
});
