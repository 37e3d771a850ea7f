/**
 * Alerts as CSV, for spreadsheets and data tools, in two shapes:
 *
 * - `csv` (alerts.csv): one row per alert — detection, severity, workspace, principal, IP, time span,
 *   counts, summary, facts (JSON), the distinct actions and user agents of its evidence, threats, controls.
 * - `csv-events` (alert-events.csv): one row per evidence event, keyed by alert_id, with every column an
 *   event has and its allow-listed request parameters (JSON): the rows an analyst filters and pivots.
 *
 * RFC 4180 quoting by csv-stringify; a cell a spreadsheet would read as a formula (it starts with = + - @,
 * a tab or a carriage return) gets a leading single quote, as in the posture CSV — principals, user
 * agents and request parameters come from logs an attacker can write to.
 */
import { stringify } from "csv-stringify/sync";
import { neutralise } from "../../output/text.ts";
import type { AlertsDocument } from "../alerts.ts";
import { alertWorkspace, distinctValues } from "./shared.ts";

export const ALERT_CSV_COLUMNS = [
  "alert_id",
  "detection_id",
  "title",
  "severity",
  "workspace",
  "workspace_id",
  "principal",
  "source_ip",
  "first_seen",
  "last_seen",
  "event_count",
  "summary",
  "facts",
  "actions",
  "user_agents",
  "evidence_events",
  "threats",
  "asb_controls",
  "generated_at",
] as const;

export const EVENT_CSV_COLUMNS = [
  "alert_id",
  "detection_id",
  "severity",
  "time",
  "workspace_id",
  "service",
  "action",
  "status",
  "principal",
  "source_ip",
  "user_agent",
  "request_id",
  "params",
] as const;

function table<C extends string>(columns: readonly C[], rows: Record<C, string>[]): string {
  return stringify(
    rows.map((row) => columns.map((column) => neutralise(row[column]))),
    { header: true, columns: [...columns], record_delimiter: "unix" },
  );
}

export function renderAlertsCsv(document: AlertsDocument): string {
  return table(
    ALERT_CSV_COLUMNS,
    document.alerts.map((alert) => {
      const workspace = alertWorkspace(alert);
      return {
        alert_id: alert.id,
        detection_id: alert.detectionId,
        title: alert.title,
        severity: alert.severity,
        workspace: workspace.label,
        workspace_id: workspace.id ?? "",
        principal: alert.principal ?? "",
        source_ip: alert.sourceIp ?? "",
        first_seen: alert.firstSeen,
        last_seen: alert.lastSeen,
        event_count: String(alert.eventCount),
        summary: alert.summary,
        facts: JSON.stringify(alert.facts),
        actions: distinctValues(alert.events, (e) => (e.action ? `${e.service ?? "-"}/${e.action}` : null)).join("; "),
        user_agents: distinctValues(alert.events, (e) => e.userAgent).join("; "),
        evidence_events: String(alert.events.length),
        threats: alert.threats.join(" "),
        asb_controls: alert.controls.join(" "),
        generated_at: document.generatedAt,
      };
    }),
  );
}

export function renderAlertEventsCsv(document: AlertsDocument): string {
  return table(
    EVENT_CSV_COLUMNS,
    document.alerts.flatMap((alert) =>
      alert.events.map((event) => ({
        alert_id: alert.id,
        detection_id: alert.detectionId,
        severity: alert.severity,
        time: event.time,
        workspace_id: event.workspace ?? "",
        service: event.service ?? "",
        action: event.action ?? "",
        status: event.status === null ? "" : String(event.status),
        principal: event.principal ?? "",
        source_ip: event.sourceIp ?? "",
        user_agent: event.userAgent ?? "",
        request_id: event.requestId ?? "",
        params: JSON.stringify(event.params),
      })),
    ),
  );
}
