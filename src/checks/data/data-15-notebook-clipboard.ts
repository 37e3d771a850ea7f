import { defineCheck } from "../define.ts";
import { confFix } from "../fix-types.ts";
import { requireSetting } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-15",
    title: "Notebook table clipboard disabled",
    category: "data",
    severity: "low",
    profile: "standard",
    threats: ["EX"],
    controls: ["DP-3"],
    mcsb: ["DP-2"],
    sat: ["DP-7"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "Copying a result table to the clipboard moves query results out of the workspace without a download or an audit trail of the data itself.",
    remediation: {
      ui: "Workspace admin settings → Security → 'Notebook table clipboard features': off.",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableNotebookTableClipboard" = false
  }
}`,
      fix: confFix({ enableNotebookTableClipboard: false }),
    },
  },
  evaluate: (evidence, context) =>
    requireSetting(context, evidence, "enableNotebookTableClipboard", false, "copying result tables to the clipboard"),
});
