/**
 * What every alert report format needs besides the alerts document: each detection's metadata (rationale,
 * response, threats, controls, effective thresholds) joined from the registry, where an alert happened (its
 * workspace, from the evidence events), and the one-line texts of facts and evidence events. Renderers read
 * detection text from here, never from a list of their own.
 *
 * Everything an alert holds came from a log (principals, IPs, user agents, request parameters): each format
 * escapes it for itself. Secret values never reach an alert (see alerts.ts), so nothing here redacts.
 */
import type { Severity, Threat } from "../../checks/types.ts";
import { worstSeverity } from "../../output/severity.ts";
import { shortTime } from "../../output/text.ts";
import type { Alert, AlertsDocument, DetectionRun, EvidenceEvent } from "../alerts.ts";
import { detectionById } from "../detections/registry.ts";

/** A detection as the reports describe it: the run's outcome plus the registry's text, when known. */
export interface DetectionInfo {
  id: string;
  title: string;
  severity: Severity;
  threats: Threat[];
  controls: string[];
  /** Effective thresholds of this run (defaults when the detection did not run). */
  thresholds: Record<string, number>;
  /** Null when the detection is not in this lakeward's registry (a document from another version). */
  rationale: string | null;
  response: string | null;
  run: DetectionRun | null;
}

/** The detections a document ran (in its order), then any detection that only appears in alerts. */
export function detectionCatalogue(document: AlertsDocument): Map<string, DetectionInfo> {
  const catalogue = new Map<string, DetectionInfo>();
  const add = (id: string, run: DetectionRun | null, fallback: Pick<DetectionInfo, "title" | "severity">) => {
    if (catalogue.has(id)) return;
    const meta = detectionById(id)?.meta;
    const alert = document.alerts.find((a) => a.detectionId === id);
    catalogue.set(id, {
      id,
      title: fallback.title,
      severity: fallback.severity,
      threats: [...(meta?.threats ?? alert?.threats ?? [])],
      controls: [...(meta?.controls ?? alert?.controls ?? [])],
      thresholds: run
        ? { ...run.thresholds }
        : Object.fromEntries(Object.entries(meta?.thresholds ?? {}).map(([name, spec]) => [name, spec.default])),
      rationale: meta?.rationale ?? null,
      response: meta?.response ?? null,
      run,
    });
  };
  for (const run of document.detections) add(run.id, run, run);
  for (const alert of document.alerts) add(alert.detectionId, null, alert);
  return catalogue;
}

/** `name=value, …` of a detection's thresholds, or "—". */
export function thresholdText(thresholds: Record<string, number>): string {
  return (
    Object.entries(thresholds)
      .map(([name, value]) => `${name}=${value}`)
      .join(", ") || "—"
  );
}

/** Where an alert happened: the one workspace of its evidence events, or null (none, or several). */
export interface AlertWorkspace {
  /** The workspace id as logged (numeric id, "0" for account-level events, or a lower-cased ARM id). */
  id: string | null;
  /** For people: the workspace name of an ARM id, "workspace 123…", "account", or why it is unknown. */
  label: string;
  /** How many distinct workspaces the evidence events name. */
  count: number;
}

/** A logged workspace id for people. */
export function workspaceLabel(id: string): string {
  if (id === "0") return "account";
  const arm = /\/workspaces\/([^/]+)\/?$/i.exec(id);
  if (arm?.[1]) return arm[1];
  return `workspace ${id}`;
}

export function alertWorkspace(alert: Alert): AlertWorkspace {
  const ids = [...new Set(alert.events.map((event) => event.workspace).filter((id): id is string => Boolean(id)))];
  if (ids.length === 1) return { id: ids[0]!, label: workspaceLabel(ids[0]!), count: 1 };
  if (ids.length === 0) return { id: null, label: "workspace unknown", count: 0 };
  return { id: null, label: `${ids.length} workspaces`, count: ids.length };
}

export { shortTime, worstSeverity };

/** `kind=user, failures=6, …` — the alert's facts as one line. */
export function factsText(facts: Alert["facts"]): string {
  return Object.entries(facts)
    .filter(([, value]) => value !== null && value !== "")
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");
}

/** `key=value key=value` of an event's allow-listed request parameters. */
export function paramsText(params: EvidenceEvent["params"]): string {
  return Object.entries(params)
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
}

/** "first → last" of an alert, or one time when they are equal. */
export function timeSpan(alert: Pick<Alert, "firstSeen" | "lastSeen">): string {
  return alert.lastSeen && alert.lastSeen !== alert.firstSeen
    ? `${shortTime(alert.firstSeen)} → ${shortTime(alert.lastSeen)}`
    : shortTime(alert.firstSeen);
}

/** One evidence event as one line: time, service/action, status, IP, principal, user agent, parameters. */
export function eventLine(event: EvidenceEvent): string {
  return [
    shortTime(event.time),
    `${event.service ?? "-"}/${event.action ?? "-"}`,
    event.status === null ? "-" : String(event.status),
    event.sourceIp ?? "-",
    event.principal ?? "-",
    event.userAgent ? `ua=${JSON.stringify(event.userAgent)}` : "",
    paramsText(event.params),
  ]
    .filter(Boolean)
    .join(" ");
}

/** Who and from where: "alice@… from 198.51.100.7", or "". */
export function whoText(alert: Pick<Alert, "principal" | "sourceIp">): string {
  return [alert.principal, alert.sourceIp ? `from ${alert.sourceIp}` : ""].filter(Boolean).join(" ");
}

/** Distinct non-empty values of an event column, in first-seen order. */
export function distinctValues(events: readonly EvidenceEvent[], pick: (event: EvidenceEvent) => string | null) {
  return [...new Set(events.map(pick).filter((value): value is string => Boolean(value)))];
}

/**
 * The evidence summary of an alert, as plain text lines: what happened, who, when, how many events, the
 * facts, and the first `maxEvents` evidence events. JUnit failures and CSV cells carry it.
 */
export function evidenceSummary(alert: Alert, maxEvents = alert.events.length): string[] {
  const workspace = alertWorkspace(alert);
  const lines = [
    `${alert.detectionId} ${alert.severity}: ${alert.summary}`,
    `alert ${alert.id} · ${workspace.label}${whoText(alert) ? ` · ${whoText(alert)}` : ""}`,
    `${timeSpan(alert)} · ${alert.eventCount} event(s)`,
  ];
  const facts = factsText(alert.facts);
  if (facts) lines.push(`facts: ${facts}`);
  const shown = alert.events.slice(0, maxEvents);
  if (shown.length) {
    lines.push("evidence events:");
    for (const event of shown) lines.push(`  ${eventLine(event)}`);
  }
  const more = alert.eventCount - shown.length;
  if (more > 0) lines.push(`  … ${more} more event(s) not listed`);
  return lines;
}
