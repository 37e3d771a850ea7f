import { defineCheck } from "../define.ts";
import { confFix } from "../fix-types.ts";
import { requireSetting } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "GOV-02",
    title: "Verbose audit logs enabled",
    category: "governance",
    severity: "medium",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["LT-4"],
    mcsb: ["LT-3"],
    sat: ["GOV-15"],
    guide: ["Azure Databricks diagnostic log delivery"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Only verbose audit logs record the commands run in notebooks and the SQL submitted to warehouses (runCommand, commandSubmit). Without them an investigation can see that a user was active but not what they did with the data.",
    remediation: {
      ui: "Workspace admin settings → Advanced → 'Verbose audit logs': on.",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableVerboseAuditLogs" = true
  }
}`,
      fix: confFix({ enableVerboseAuditLogs: true }),
    },
  },
  evaluate: (evidence, context) =>
    requireSetting(context, evidence, "enableVerboseAuditLogs", true, "verbose audit logging"),
});
