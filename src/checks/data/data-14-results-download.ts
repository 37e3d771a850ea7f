import { defineCheck } from "../define.ts";
import { requireSetting } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-14",
    title: "Results download disabled (notebooks)",
    category: "data",
    severity: "medium",
    profile: "standard",
    threats: ["EX"],
    controls: ["DP-3"],
    sat: ["DP-5", "DP-11"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "The download button on notebook results writes up to a million rows of query output to the user's machine, outside every data access control. Disabling it is the simplest exfiltration barrier the guide lists.",
    remediation: {
      ui: "Workspace admin settings → Security → 'Download button for notebook results': off.",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableResultsDownloading" = false
  }
}`,
    },
  },
  evaluate: (evidence, context) =>
    requireSetting(context, evidence, "enableResultsDownloading", false, "notebook results download"),
});
