import { defineCheck } from "../define.ts";
import { confFix } from "../fix-types.ts";
import { requireSetting } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-13",
    title: "Notebook export disabled",
    category: "data",
    severity: "medium",
    profile: "standard",
    threats: ["EX"],
    controls: ["DP-3"],
    mcsb: ["DP-2"],
    sat: ["DP-6"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Exported notebooks carry code and cached results out of the workspace, past every access control. Disabling export makes bulk copying of notebooks and their results visible only through the API, where IP access lists and audit logs apply.",
    remediation: {
      ui: "Workspace admin settings → Security → 'Notebook exporting': off.",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableExportNotebook" = false
  }
}`,
      fix: confFix({ enableExportNotebook: false }),
    },
  },
  evaluate: (evidence, context) => requireSetting(context, evidence, "enableExportNotebook", false, "notebook export"),
});
