/** DET-11: a global init script changed, or a library installed on all clusters. */
import { keyOf } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-11",
    title: "Global init script or cluster-wide library changed",
    severity: "high",
    threats: ["RA", "PC"],
    controls: ["AM-6", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "A global init script runs as root on every cluster at start, and a library installed on all clusters is loaded by every notebook: either is persistence and code execution across the whole workspace, the supply-chain path to every credential and dataset the clusters touch.",
    response:
      "Read the script or library (the evidence names it and its SHA-256) and confirm the change with its author. If unexpected, disable or delete it, restart the clusters that started since, and investigate the admin who changed it.",
    logic:
      "Service `globalInitScripts`, actions `create`, `update`, `delete`; service `clusterLibraries`, actions `installLibraryOnAllClusters` and `uninstallLibraryOnAllClusters` — whatever the outcome. Library installs on a single cluster are routine and not reported. One alert per change.",
    references: [
      "Databricks SRA: global_init_script_changes, install_library_on_all_clusters",
      "Panther: Databricks.Audit.GlobalInitScriptChanges (corpus test cases)",
    ],
    evidenceParams: ["name", "script_id", "enabled", "position", "script-SHA256", "library"],
    facts: ["change", "name"],
  },
  scope: () =>
    "(service_name = 'globalInitScripts' AND action_name IN ('create', 'update', 'delete')) OR (service_name = 'clusterLibraries' AND action_name IN ('installLibraryOnAllClusters', 'uninstallLibraryOnAllClusters'))",
  sql({ d }) {
    return {
      ctes: [],
      matches: `SELECT ${EVENT_COLUMNS}, ${keyOf("principal", d.epochMillis("event_time"), "request_id", "action_name")} AS alert_key,
  principal AS alert_principal, source_ip AS alert_ip, CAST(NULL AS STRING) AS alert_severity,
  service_name || '/' || action_name AS f_change,
  coalesce(request_params['name'], request_params['script_id'], request_params['library']) AS f_name
FROM events
WHERE (service_name = 'globalInitScripts' AND action_name IN ('create', 'update', 'delete'))
   OR (service_name = 'clusterLibraries' AND action_name IN ('installLibraryOnAllClusters', 'uninstallLibraryOnAllClusters'))`,
    };
  },
  summarize: ({ principal, facts }) => `${principal} ${facts.change} ${facts.name ?? ""}`.trim(),
});
