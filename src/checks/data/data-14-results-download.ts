import { defineCheck, fail, pass } from "../define.ts";
import { confSetting, describeSetting, isTrue } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-14",
    title: "Results download disabled (notebooks and SQL warehouses)",
    category: "data",
    severity: "medium",
    profile: "standard",
    threats: ["EX"],
    controls: ["DP-3"],
    mcsb: ["DP-2"],
    sat: ["DP-5", "DP-11"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "The download buttons on notebook results and on SQL query results write query output to the user's machine, outside every data access control. Disabling both is the simplest exfiltration barrier the guide lists.",
    remediation: {
      ui: "Workspace admin settings → Security → 'Download button for notebook results': off, and 'SQL results download': off.",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableResultsDownloading" = false
  }
}

resource "databricks_sql_results_download_setting" "this" {
  boolean_val {
    value = false
  }
}`,
      fix: (input) => ({
        settings: [
          { resource: "databricks_workspace_conf", path: ["custom_config", "enableResultsDownloading"], value: false },
          ...(input.evidence("setting sql_results_download") === false
            ? []
            : [{ resource: "databricks_sql_results_download_setting", path: ["boolean_val", "value"], value: false }]),
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const notebooks = confSetting(context, evidence, "enableResultsDownloading");
    const sql = context.get("setting sql_results_download", evidence.databricks.settings.sqlResultsDownload);
    const open = [
      ...(isTrue(notebooks.value)
        ? [`notebook results download is enabled (enableResultsDownloading ${describeSetting(notebooks)})`]
        : []),
      ...(sql ? ["SQL results download is enabled (setting sql_results_download)"] : []),
    ];
    return open.length ? fail(open.join("; ")) : pass("results download is disabled for notebooks and SQL warehouses");
  },
});
