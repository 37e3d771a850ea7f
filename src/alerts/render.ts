/**
 * What every channel says about a delivery, in words: the headline, the facts of an event, the order
 * and summary of a digest. Each channel puts these into its own format (Block Kit, Adaptive Card, e-mail,
 * JSON), so a Slack message, a Teams card and an e-mail about one event say the same thing.
 */
import { SEVERITIES, type Severity } from "../checks/types.ts";
import { severityRank } from "../output/severity.ts";
import { type AlertEvent, KIND_LABELS } from "./model.ts";

/** One delivery as the channels see it. */
export interface OutgoingMessage {
  deliveryId: string;
  channel: string;
  /** 1 for the first attempt: receivers can tell a retry from a new alert. */
  attempt: number;
  events: AlertEvent[];
  digest: { schedule: string; timezone: string } | null;
  /** Sent by `lakeward alerts test`: not a real alert. */
  test: boolean;
  sentAt: string;
}

/** Events a chat message lists one by one; the rest are counted (Slack allows 50 blocks a message). */
export const CHAT_DIGEST_LIMIT = 20;

/**
 * Lengths chat messages cut texts to, so that the worst case stays inside the receivers' limits: Teams
 * refuses a message over 28 KB, Slack cuts a message's text at 40,000 characters. A test builds the
 * worst case and measures it.
 */
export const CHAT_TEXT = { summary: 2000, fact: 500, line: 300, lineSummary: 200 } as const;

export function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}

export function eventHeadline(event: AlertEvent): string {
  const where = event.workspace ? ` — ${event.workspace.name}` : "";
  return `${severityLabel(event.severity)} · ${KIND_LABELS[event.kind]}: ${event.title}${where}`;
}

export function headline(message: OutgoingMessage): string {
  const prefix = message.test ? "[TEST] " : "";
  const [only] = message.events;
  if (!message.digest && message.events.length === 1 && only) return `${prefix}${eventHeadline(only)}`;
  return `${prefix}lakeward ${message.digest ? "digest" : "alerts"}: ${countSummary(message.events)}`;
}

/** "12 alerts: 2 critical, 3 high, 7 medium" */
export function countSummary(events: readonly AlertEvent[]): string {
  const counts = SEVERITIES.map((s) => [s, events.filter((e) => e.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  return `${events.length} alert${events.length === 1 ? "" : "s"} (${counts.map(([s, n]) => `${n} ${s}`).join(", ")})`;
}

/** Most severe first, then by kind in the order of ALERT_EVENT_KINDS, then oldest first. */
export function orderEvents(events: readonly AlertEvent[]): AlertEvent[] {
  const kinds = Object.keys(KIND_LABELS);
  return [...events].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      kinds.indexOf(a.kind) - kinds.indexOf(b.kind) ||
      Date.parse(a.at) - Date.parse(b.at),
  );
}

export interface Fact {
  label: string;
  value: string;
}

/** "3 d 4 h", "2 h 5 min", "40 s" */
export function duration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d) return `${d} d${h ? ` ${h} h` : ""}`;
  if (h) return `${h} h${m ? ` ${m} min` : ""}`;
  return m ? `${m} min` : `${Math.round(seconds)} s`;
}

/** Changes and problems listed one by one in a message; the rest are counted. */
const LISTED = 5;

/** The facts of one event, in the order people read them. Values are plain text. */
export function eventFacts(event: AlertEvent): Fact[] {
  const facts: Fact[] = [
    { label: "Severity", value: severityLabel(event.severity) },
    { label: "Event", value: KIND_LABELS[event.kind] },
  ];
  if (event.workspace) facts.push({ label: "Workspace", value: event.workspace.name });
  const { finding, detection } = event;
  if (finding) {
    facts.push({ label: "Check", value: `${finding.checkId} ${finding.title}` });
    if (finding.resource) facts.push({ label: "Resource", value: finding.resource });
    facts.push({ label: "First seen", value: finding.firstSeenAt });
    if (finding.reopenCount > 0)
      facts.push({ label: "Reopened", value: `${finding.reopenCount} time${finding.reopenCount === 1 ? "" : "s"}` });
    if (finding.dueAt) facts.push({ label: "Due", value: finding.dueAt });
    if (event.kind === "resolved" && finding.timeToFixSeconds !== null)
      facts.push({ label: "Time to fix", value: duration(finding.timeToFixSeconds) });
  }
  if (detection) {
    facts.push({ label: "Detection", value: `${detection.detectionId} ${detection.title}` });
    if (detection.principal) facts.push({ label: "Principal", value: detection.principal });
    if (detection.sourceIp) facts.push({ label: "Source IP", value: detection.sourceIp });
    facts.push({
      label: "Events",
      value: `${detection.eventCount} between ${detection.firstSeen} and ${detection.lastSeen}`,
    });
  }
  const changes = event.changes ?? [];
  for (const change of changes.slice(0, LISTED)) {
    const who = [
      change.actor && `by ${change.actor}`,
      change.actorTime && `at ${change.actorTime}`,
      change.sourceIp && `from ${change.sourceIp}`,
    ]
      .filter(Boolean)
      .join(" ");
    facts.push({
      label: "Changed",
      value: `${change.path}: ${change.before ?? "(none)"} → ${change.after ?? "(none)"}${who ? ` ${who}` : ""}`,
    });
  }
  if (changes.length > LISTED) facts.push({ label: "Changed", value: `…and ${changes.length - LISTED} more settings` });
  const problems = event.problems ?? [];
  for (const problem of problems.slice(0, LISTED))
    facts.push({ label: "Problem", value: `${problem.source}: ${problem.message}` });
  if (problems.length > LISTED) facts.push({ label: "Problem", value: `…and ${problems.length - LISTED} more` });
  facts.push({ label: "Run", value: `${event.run.id} (${event.run.target})` });
  facts.push({ label: "Observed", value: event.at });
  return facts;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The footer line: which delivery this is, so a reader can find it in the API and the logs. */
export function footer(message: OutgoingMessage): string {
  const retry = message.attempt > 1 ? ` · attempt ${message.attempt}` : "";
  const digest = message.digest ? ` · digest ${message.digest.schedule} (${message.digest.timezone})` : "";
  return `lakeward · delivery ${message.deliveryId}${digest}${retry}`;
}

export function testNotice(channel: string): string {
  return `This is a test alert from \`lakeward alerts test\` for the channel "${channel}": the channel is set up. Nothing needs to be done.`;
}
