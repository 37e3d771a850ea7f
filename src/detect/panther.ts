/**
 * How the Panther rule files of the shared corpus (../shared/corpus/audit-log) map onto lakeward's
 * detections: which detection covers each rule and which of its alerts count as the rule firing. The
 * corpus test turns every sample event of these files into a test case; docs/detections.md lists the
 * mapping and the reasons.
 */
import type { Alert } from "./alerts.ts";

export interface PantherMapping {
  rule: string;
  detection: string;
  /** Which alerts of the detection count as the rule firing. */
  fires: (alert: Alert) => boolean;
  firesText: string;
  why: string;
}

export const PANTHER_MAPPING: Record<string, PantherMapping> = {
  "panther-analysis__rules__databricks_rules__databricks_attempted_logon_from_denied_ip.yml": {
    rule: "Databricks.Audit.AttemptedLogonFromDeniedIP",
    detection: "DET-04",
    fires: () => true,
    firesText: "any DET-04 alert",
    why: "The same event (`IpAccessDenied` of service `accounts`) with the same exclusions: Databricks' service agents by user agent, telemetry/health/delta-commit paths, and identities that are application ids.",
  },
  "panther-analysis__rules__databricks_rules__databricks_config_changes_workspace_level.yml": {
    rule: "Databricks.Audit.ConfigChangesWorkspaceLevel",
    detection: "DET-06",
    fires: () => true,
    firesText: "any DET-06 alert",
    why: "Every workspace settings change (`workspaceConfEdit`, `updateWorkspaceSettings` of service `workspace`) is a DET-06 alert: severity info when it weakens nothing, high when it does. Account-level changes are not DET-06's.",
  },
  "panther-analysis__rules__databricks_rules__databricks_global_init_script_changes.yml": {
    rule: "Databricks.Audit.GlobalInitScriptChanges",
    detection: "DET-11",
    fires: () => true,
    firesText: "any DET-11 alert",
    why: "Global init script create, update and delete, whatever the outcome; a cluster creation is not one.",
  },
  "panther-analysis__rules__databricks_rules__databricks_verbose_audit_logging_disabled.yml": {
    rule: "Databricks.Audit.VerboseAuditLoggingDisabled",
    detection: "DET-06",
    fires: (alert) => alert.facts.kind === "weakened" && alert.severity === "high",
    firesText: "a DET-06 alert of kind `weakened` (severity high)",
    why: "Turning `enableVerboseAuditLogs` off is in DET-06's weakening table; a refused attempt counts too. Turning it on, or setting another key to false, is at most an info-level change.",
  },
};
