import { defineCheck } from "../define.ts";
import { confFix } from "../fix-types.ts";
import { requireSetting } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-16",
    title: "MLflow run artifact download disabled",
    category: "data",
    severity: "low",
    profile: "standard",
    threats: ["EX"],
    controls: ["DP-3"],
    mcsb: ["DP-2"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "MLflow run artifacts can contain trained models and the data samples logged with them; downloading them takes both out of the workspace.",
    remediation: {
      ui: "Workspace admin settings → Security → 'MLflow run artifact download': off.",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "mlflowRunArtifactDownloadEnabled" = false
  }
}`,
      fix: confFix({ mlflowRunArtifactDownloadEnabled: false }),
    },
  },
  evaluate: (evidence, context) =>
    requireSetting(context, evidence, "mlflowRunArtifactDownloadEnabled", false, "MLflow run artifact download"),
});
