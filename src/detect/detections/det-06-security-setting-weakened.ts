/** DET-06: a workspace security setting weakened (workspace-conf edit, IP access list disabled or widened). */
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

const IP_LIST_ACTIONS = ["createIpAccessList", "updateIpAccessList", "replaceIpAccessList", "deleteIpAccessList"];

export default defineDetection({
  meta: {
    id: "DET-06",
    title: "Security setting weakened (workspace settings, IP access lists)",
    severity: "high",
    threats: ["AT", "EX"],
    controls: ["PV-2", "LT-1", "IR-3"],
    thresholds: {
      maxTokenLifetimeDays: {
        default: 90,
        unit: "days",
        description: "a `maxTokenLifetimeDays` set above this (or emptied) counts as weakening",
      },
      widePrefix: {
        default: 8,
        unit: "bits",
        description: "an IP access list entry with a prefix this short or shorter (e.g. /0, /8) counts as widening",
      },
    },
    rationale:
      "An attacker with admin rights first removes what would stop or record them: the IP access list, verbose audit logs, export and download restrictions, isolation. The same change by a well-meaning admin silently undoes a hardening. Every workspace settings change is reported; those that weaken a protection are reported as high.",
    response:
      "Confirm the change with the admin who made it (a change ticket). If unexpected, revert the setting (workspace-conf API or Terraform `databricks_workspace_conf`), then review the admin's other actions and sign-ins around that time.",
    logic:
      "Service `workspace` actions `workspaceConfEdit` (`workspaceConfKeys` = `workspaceConfValues`) and `updateWorkspaceSettings` (`setting` = `value`), and IP access list actions (`create`/`update`/`replace`/`deleteIpAccessList`), whatever their outcome — a refused attempt to disable logging is as telling as a successful one. Severity high (kind `weakened`) when a key of the weakening table is set to its weak value, `maxTokenLifetimeDays` is emptied or raised above `maxTokenLifetimeDays`, an IP access list is deleted or disabled, or gets an entry with a prefix of `widePrefix` bits or less; severity info (kind `changed`) for any other settings change. One alert per change.",
    references: [
      "Databricks SRA: changes_to_workspace_configuration, ip_access_list_changes",
      "Panther: Databricks.Audit.VerboseAuditLoggingDisabled, Databricks.Audit.ConfigChangesWorkspaceLevel (corpus test cases)",
      "Sentinel (Databricks solution): IP access list or network setting changed",
    ],
    evidenceParams: [
      "workspaceConfKeys",
      "workspaceConfValues",
      "setting",
      "value",
      "ipAccessListId",
      "label",
      "list_type",
      "enabled",
    ],
    facts: ["kind", "setting", "new_value", "outcome"],
  },
  scope: (d) =>
    `(service_name = 'workspace' AND action_name IN ('workspaceConfEdit', 'updateWorkspaceSettings')) OR action_name IN (${d.list(IP_LIST_ACTIONS)})`,
  sql({ d, t }) {
    const key = "coalesce(request_params['workspaceConfKeys'], request_params['setting'])";
    const value = "lower(coalesce(request_params['workspaceConfValues'], request_params['value'], ''))";
    const weakConf = Object.entries(WEAKENING_VALUES)
      .map(([k, v]) => `(${key} = ${d.str(k)} AND ${value} = ${d.str(v)})`)
      .join("\n    OR ");
    const ips = "coalesce(request_params['ip_addresses'], request_params['ipAddresses'], '')";
    const prefix = Math.max(0, Math.min(32, Math.trunc(t("widePrefix"))));
    const shortPrefixes = Array.from({ length: prefix + 1 }, (_, i) => String(i)).join("|");
    const maxDays = t("maxTokenLifetimeDays");
    return {
      ctes: [
        `sc AS (SELECT ${EVENT_COLUMNS},
  CASE WHEN action_name IN (${d.list(IP_LIST_ACTIONS)}) THEN 'ip-access-list' ELSE ${key} END AS setting,
  CASE WHEN action_name IN (${d.list(IP_LIST_ACTIONS)}) THEN action_name ELSE ${value} END AS new_value,
  CASE
    WHEN action_name = 'deleteIpAccessList' THEN 'weakened'
    WHEN action_name IN (${d.list(IP_LIST_ACTIONS)}) AND lower(coalesce(request_params['enabled'], '')) = 'false' THEN 'weakened'
    WHEN action_name IN (${d.list(IP_LIST_ACTIONS)}) AND ${d.regexpLike(ips, `/(${shortPrefixes})([^0-9]|$)`)} THEN 'weakened'
    WHEN ${key} = 'maxTokenLifetimeDays' AND (${value} IN ('', '0', 'null') OR TRY_CAST(${value} AS BIGINT) > ${maxDays}) THEN 'weakened'
    WHEN ${weakConf} THEN 'weakened'
    ELSE 'changed' END AS kind
FROM events
WHERE (service_name = 'workspace' AND action_name IN ('workspaceConfEdit', 'updateWorkspaceSettings'))
   OR action_name IN (${d.list(IP_LIST_ACTIONS)}))`,
      ],
      matches: `SELECT ${EVENT_COLUMNS},
  ${keyOf("principal", d.epochMillis("event_time"), "request_id", "setting")} AS alert_key,
  principal AS alert_principal, source_ip AS alert_ip,
  CASE WHEN kind = 'weakened' THEN 'high' ELSE 'info' END AS alert_severity,
  kind AS f_kind, setting AS f_setting, new_value AS f_new_value,
  CASE WHEN status_code IS NULL OR status_code = 200 THEN 'succeeded' ELSE 'refused (' || CAST(status_code AS STRING) || ')' END AS f_outcome
FROM sc`,
    };
  },
  summarize: ({ principal, facts }) =>
    facts.kind === "weakened"
      ? `${principal} weakened ${facts.setting} (${facts.new_value}); ${facts.outcome}`
      : `${principal} changed ${facts.setting} to ${facts.new_value}; ${facts.outcome}`,
});
