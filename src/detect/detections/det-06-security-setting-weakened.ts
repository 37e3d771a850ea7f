/** DET-06: a workspace configuration key changed, with its value before and after; high when a protection is weakened. */
import { keyOf } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

/**
 * Workspace settings (workspace-conf keys) and the value that weakens them, from the guide's configuration
 * reference: turning one of these to this value removes a protection.
 */
export const WEAKENING_VALUES: Readonly<Record<string, "true" | "false">> = {
  enableIpAccessLists: "false",
  enableVerboseAuditLogs: "false",
  enforceUserIsolation: "false",
  enableJobViewAcls: "false",
  enforceClusterViewAcls: "false",
  enforceWorkspaceViewAcls: "false",
  enableWorkspaceAclsConfig: "false",
  enableProjectsAllowList: "false",
  storeInteractiveNotebookResultsInCustomerAccount: "false",
  "enable-X-Frame-Options": "false",
  "enable-X-Content-Type-Options": "false",
  "enable-X-XSS-Protection": "false",
  enableExportNotebook: "true",
  enableNotebookTableClipboard: "true",
  enableResultsDownloading: "true",
  enableUploadDataUis: "true",
  enableDbfsFileBrowser: "true",
  enableWebTerminal: "true",
  enableDeprecatedGlobalInitScripts: "true",
  enableDeprecatedClusterNamedInitScripts: "true",
  enableFileStoreEndpoint: "true",
  mlflowRunArtifactDownloadEnabled: "true",
  enableDcs: "true",
};

export default defineDetection({
  meta: {
    id: "DET-06",
    title: "Workspace configuration changed (high when a protection is weakened)",
    severity: "high",
    threats: ["AT", "EX"],
    controls: ["PV-2", "LT-1", "IR-3"],
    thresholds: {
      maxTokenLifetimeDays: {
        default: 90,
        unit: "days",
        description: "a `maxTokenLifetimeDays` set above this (or emptied) counts as weakening",
      },
    },
    rationale:
      "An attacker with admin rights first removes what would stop or record them: the IP access list, verbose audit logs, export and download restrictions, isolation. The same change by a well-meaning admin silently undoes a hardening. Every workspace configuration key changed is reported with its value before and after; those that weaken a protection are reported as high.",
    response:
      "Confirm the change with the admin who made it (a change ticket). If unexpected, revert the setting (workspace-conf API or Terraform `databricks_workspace_conf`) to the value before, then review the admin's other actions and sign-ins around that time.",
    logic:
      "Service `workspace` actions `workspaceConfEdit` (`workspaceConfKeys` = `workspaceConfValues`) and `updateWorkspaceSettings` (`setting` = `value`), one alert per key changed, whatever the outcome — a refused attempt to disable logging is as telling as a successful one. The audit log records only the new value: the value before is the previous successful change of that key in that workspace in the logs read (`before` is empty when there is none). Severity high (kind `weakened`) when a key of the weakening table is set to its weak value or `maxTokenLifetimeDays` is emptied or raised above `maxTokenLifetimeDays`; severity info (kind `changed`) for any other change. IP access list changes are DET-14.",
    references: [
      "Databricks SRA: changes_to_workspace_configuration",
      "Panther: Databricks.Audit.VerboseAuditLoggingDisabled, Databricks.Audit.ConfigChangesWorkspaceLevel (corpus test cases)",
    ],
    evidenceParams: ["workspaceConfKeys", "workspaceConfValues", "setting", "value"],
    facts: ["kind", "setting", "before", "new_value", "outcome"],
  },
  scope: () => "service_name = 'workspace' AND action_name IN ('workspaceConfEdit', 'updateWorkspaceSettings')",
  sql({ d, t }) {
    const key = "coalesce(request_params['workspaceConfKeys'], request_params['setting'])";
    const value = "lower(coalesce(request_params['workspaceConfValues'], request_params['value'], ''))";
    const weakConf = Object.entries(WEAKENING_VALUES)
      .map(([k, v]) => `(${key} = ${d.str(k)} AND ${value} = ${d.str(v)})`)
      .join("\n    OR ");
    const maxDays = t("maxTokenLifetimeDays");
    const ok = "(status_code IS NULL OR status_code BETWEEN 200 AND 299)";
    return {
      ctes: [
        `sc AS (SELECT ${EVENT_COLUMNS}, coalesce(workspace_id, '') AS ws, ${key} AS setting, ${value} AS new_value,
  CASE
    WHEN ${key} = 'maxTokenLifetimeDays' AND (${value} IN ('', '0', 'null') OR TRY_CAST(${value} AS BIGINT) > ${maxDays}) THEN 'weakened'
    WHEN ${weakConf} THEN 'weakened'
    ELSE 'changed' END AS kind,
  ${ok} AS ok
FROM events
WHERE service_name = 'workspace' AND action_name IN ('workspaceConfEdit', 'updateWorkspaceSettings'))`,
        // The value before a change: the latest earlier successful change of the key in the workspace.
        `sc_before AS (SELECT c.request_id AS rid, c.event_time AS et, c.setting AS s, c.ws AS w, p.new_value AS before,
  row_number() OVER (PARTITION BY c.ws, c.setting, c.event_time, c.request_id ORDER BY p.event_time DESC, p.request_id DESC) AS rn
FROM sc c JOIN sc p ON p.ws = c.ws AND p.setting = c.setting AND p.ok AND p.event_time < c.event_time)`,
      ],
      matches: `SELECT ${EVENT_COLUMNS.split(", ")
        .map((c) => `sc.${c}`)
        .join(", ")},
  ${keyOf("sc.principal", d.epochMillis("sc.event_time"), "sc.request_id", "sc.setting")} AS alert_key,
  sc.principal AS alert_principal, sc.source_ip AS alert_ip,
  CASE WHEN sc.kind = 'weakened' THEN 'high' ELSE 'info' END AS alert_severity,
  sc.kind AS f_kind, sc.setting AS f_setting, b.before AS f_before, sc.new_value AS f_new_value,
  CASE WHEN sc.ok THEN 'succeeded' ELSE 'refused (' || CAST(sc.status_code AS STRING) || ')' END AS f_outcome
FROM sc LEFT JOIN sc_before b ON b.rn = 1 AND b.w = sc.ws AND b.s = sc.setting AND b.et = sc.event_time
  AND coalesce(b.rid, '') = coalesce(sc.request_id, '')`,
    };
  },
  summarize: ({ principal, facts }) =>
    `${principal} ${facts.kind === "weakened" ? "weakened" : "changed"} ${facts.setting}: ${facts.before ?? "(before not in the logs read)"} → ${facts.new_value}; ${facts.outcome}`,
});
