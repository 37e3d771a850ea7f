/** DET-08: mass notebook export, results download or file download by one principal. */
import { burstCtes, keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

const DOWNLOAD_ACTIONS = [
  "workspaceExport",
  "downloadPreviewResults",
  "downloadLargeResults",
  "downloadQueryResult",
  "filesGet",
  "getModelVersionDownloadUri",
  "getModelVersionSignedDownloadUri",
];

/**
 * What counts as a download of data (the SRA's data_downloads_from_control_plane): a notebook exported in a
 * format that can carry results (not SOURCE), a query result in a file (not the UI's arrows stream), and
 * every other download action.
 */
const IS_DOWNLOAD = `((action_name IN (${DOWNLOAD_ACTIONS.filter(
  (a) => a !== "workspaceExport" && a !== "downloadQueryResult",
)
  .map((a) => `'${a}'`)
  .join(", ")}) OR (service_name = 'dbfs' AND action_name = 'read'))
  OR (action_name = 'workspaceExport' AND upper(coalesce(request_params['workspaceExportFormat'], '')) <> 'SOURCE')
  OR (action_name = 'downloadQueryResult' AND lower(coalesce(request_params['fileType'], '')) <> 'arrows'))`;

export default defineDetection({
  meta: {
    id: "DET-08",
    title: "Mass notebook export, results download or file download by one principal",
    severity: "high",
    threats: ["EX"],
    controls: ["DP-3", "LT-1", "IR-3"],
    thresholds: {
      downloads: {
        default: 20,
        unit: "downloads",
        description: "exports and downloads by one principal within the window",
      },
      windowMinutes: { default: 60, unit: "minutes", description: "length of the sliding window" },
    },
    rationale:
      "Exfiltration through the control plane looks like ordinary use, one download at a time; only the volume gives it away. A principal exporting dozens of notebooks or downloading result sets in an hour is taking data or code out of the workspace.",
    response:
      "Ask the principal what the downloads were for. If unexplained, suspend the account, revoke its tokens, and list what was exported (the evidence names the paths). Consider disabling notebook export and results download (DATA-13, DATA-14).",
    logic:
      "Successful `downloadPreviewResults`, `downloadLargeResults`, `filesGet`, `getModelVersionDownloadUri`, `getModelVersionSignedDownloadUri` (MLflow artefacts), `read` of service `dbfs`, `workspaceExport` in any format but `SOURCE` (code only; DBC, HTML and Jupyter exports can carry results) and `downloadQueryResult` of a file (not the UI's `arrows` stream), as the SRA counts them. Alert when one principal has at least `downloads` of them within `windowMinutes`; one alert per principal and day.",
    references: [
      "Databricks SRA: data_downloads_from_control_plane",
      "Sentinel hunting query: notebook exports and result downloads",
    ],
    evidenceParams: ["path", "notebookFullPath", "workspaceExportFormat", "fileType", "queryId"],
    facts: ["downloads", "peak", "actions"],
  },
  scope: (d) => `action_name IN (${d.list(DOWNLOAD_ACTIONS)}) OR (service_name = 'dbfs' AND action_name = 'read')`,
  sql(ctx) {
    const { t } = ctx;
    return {
      ctes: burstCtes(ctx, {
        name: "dl",
        filter: `${IS_DOWNLOAD} AND (status_code = 200 OR status_code IS NULL)`,
        key: "principal",
        distinct: "action_name",
        windowSeconds: t("windowMinutes") * 60,
        having: (n) => `${n} >= ${t("downloads")}`,
      }),
      matches: `SELECT ${EVENT_COLUMNS}, ${keyOf("bk", "day")} AS alert_key, bk AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity,
  total AS f_downloads, peak AS f_peak, distinct_values AS f_actions
FROM dl_hit`,
    };
  },
  summarize: ({ principal, facts }) =>
    `${principal} made ${facts.downloads} exports/downloads (up to ${facts.peak} within the window): ${facts.actions}`,
});
