/**
 * The alert model shared by the server (which produces events from finding transitions, runs and
 * detections) and the dispatcher (which routes them to channels). One shape for posture findings and
 * detection alerts (issue 12 item 9): a route, a channel and the delivery log never need to know which
 * kind of source an event came from.
 *
 * The DeliveryLog is the queue: an event is first written there (deduplicated on channel and dedupe
 * key), then claimed, sent, and every attempt appended. A restart resumes whatever is still pending.
 * The store implements it for `serve`; `MemoryDeliveryLog` (memory-log.ts) serves tests and `--once`
 * runs without a store.
 *
 * Secret safety: nothing here holds a channel's URL, secret or password. A channel is named by its
 * config name and a fingerprint of its URL (src/redact/fingerprint.ts); errors are built by the
 * channels from status codes and scrubbed of every channel secret before they reach a record.
 */
import { z } from "zod";
import { SEVERITIES, type Severity } from "../checks/types.ts";
import type { Alert } from "../detect/alerts.ts";

export const ALERT_EVENT_KINDS = [
  "new_failure",
  "reopened",
  "resolved",
  "overdue",
  "detection_alert",
  "run_failed",
  "evidence_unreadable",
] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

/** How each kind reads in a message: "New failure", "Reopened", … */
export const KIND_LABELS: Record<AlertEventKind, string> = {
  new_failure: "New failure",
  reopened: "Reopened",
  resolved: "Resolved",
  overdue: "Overdue",
  detection_alert: "Detection alert",
  run_failed: "Run failed",
  evidence_unreadable: "Evidence unreadable",
};

const isoTime = z.string().datetime({ offset: true }).describe("ISO 8601 date and time (UTC)");

export const alertWorkspaceSchema = z
  .object({
    id: z.string().describe("the workspace's ARM resource id, or its host when read without ARM"),
    name: z.string(),
    tags: z.record(z.string(), z.string()).describe("the workspace's Azure tags"),
  })
  .strict();
export type AlertWorkspace = z.infer<typeof alertWorkspaceSchema>;

export const alertEventSchema = z
  .object({
    kind: z.enum(ALERT_EVENT_KINDS),
    dedupeKey: z
      .string()
      .min(1)
      .max(1000)
      .describe("the same for every report of one transition: a channel receives each dedupe key once"),
    occurredAt: isoTime.describe("when the transition was observed (the run's end), or the alert's last event"),
    severity: z.enum(SEVERITIES),
    workspace: alertWorkspaceSchema.nullable().describe("null for account-level events and runs with no workspace"),
    checkId: z.string().optional().describe("the check, for posture events"),
    detectionId: z.string().optional().describe("the detection, for detection alerts"),
    resource: z
      .object({ id: z.string(), name: z.string().optional() })
      .strict()
      .optional()
      .describe("the resource the finding is about"),
    findingId: z.string().optional(),
    runId: z.string().optional(),
    title: z.string().min(1).max(500),
    message: z.string().max(8000).describe("one paragraph of plain text"),
    link: z.string().url().optional().describe("where to look: the dashboard or the API"),
    evidence: z
      .object({
        summary: z.string().max(2000),
        status: z.enum(["complete", "partial", "unknown"]).optional(),
        reason: z.string().max(2000).optional(),
      })
      .strict()
      .optional(),
    drift: z
      .object({
        setting: z.string().optional().describe("the changed setting, e.g. workspace-conf enableIpAccessLists"),
        actor: z.string().optional().describe("who changed it, from the audit event"),
        at: isoTime.optional(),
        sourceIp: z.string().optional(),
        requestId: z.string().optional(),
      })
      .strict()
      .optional()
      .describe("who changed it, where an audit source is configured"),
  })
  .strict();
export type AlertEvent = z.infer<typeof alertEventSchema>;

/**
 * The dedupe key of a transition. `transition` is what makes this transition unique among the finding's
 * transitions — the run that observed it, or its time — so a finding that fails, is fixed and fails again
 * alerts twice, while the same transition reported twice (a retried run, two routes) alerts once.
 */
export function alertDedupeKey(parts: {
  kind: AlertEventKind;
  workspaceId: string | null;
  subject: string;
  resourceId?: string;
  transition: string;
}): string {
  return [parts.kind, parts.workspaceId ?? "-", parts.subject, parts.resourceId ?? "-", parts.transition].join("|");
}

/**
 * A detection alert as an alert event. The detection's alert id is stable for one detection and grouping
 * key; its first event's time is part of the key, so a new burst by the same principal is a new alert.
 */
export function eventFromDetectionAlert(alert: Alert, workspace: AlertWorkspace | null, link?: string): AlertEvent {
  const who = [alert.principal && `by ${alert.principal}`, alert.sourceIp && `from ${alert.sourceIp}`]
    .filter(Boolean)
    .join(" ");
  return {
    kind: "detection_alert",
    dedupeKey: alertDedupeKey({
      kind: "detection_alert",
      workspaceId: workspace?.id ?? null,
      subject: alert.id,
      transition: alert.firstSeen,
    }),
    occurredAt: new Date(alert.lastSeen).toISOString(),
    severity: alert.severity,
    workspace,
    detectionId: alert.detectionId,
    title: `${alert.detectionId} ${alert.title}`,
    message: `${alert.summary}${who ? ` (${who})` : ""}. ${alert.eventCount} event${alert.eventCount === 1 ? "" : "s"} between ${alert.firstSeen} and ${alert.lastSeen}.`,
    ...(link ? { link } : {}),
    ...(alert.principal || alert.sourceIp
      ? {
          drift: {
            ...(alert.principal ? { actor: alert.principal } : {}),
            ...(alert.sourceIp ? { sourceIp: alert.sourceIp } : {}),
            at: new Date(alert.firstSeen).toISOString(),
          },
        }
      : {}),
  };
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
export function atLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[minimum];
}
export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

// ---------------------------------------------------------------------------------------------------
// The delivery log

export const DELIVERY_STATES = ["pending", "delivered", "failed"] as const;
/** `failed`: given up — attempts or time budget spent, or a permanent refusal (a 4xx other than 429). */
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryRecord {
  /** Stable id; sent to receivers (Lakeward-Delivery header, e-mail header) so they can drop a repeat. */
  id: string;
  channel: string;
  /** fingerprint() of the channel's URL (or SMTP host and recipients): never the URL itself. */
  channelFingerprint: string;
  /** The digest key ("<cron>@<timezone>") when this delivery is a digest, else null. */
  digest: string | null;
  /** One event for an immediate delivery, every waiting event for a digest. */
  events: AlertEvent[];
  state: DeliveryState;
  attempts: number;
  createdAt: string;
  /** When it may be tried next (pending only). */
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  /** The last attempt's error, free of secrets. */
  lastError: string | null;
  /** A server that claimed it and until when; another server takes it over once the lease expires. */
  leaseOwner: string | null;
  leaseUntil: string | null;
}

export interface DeliveryAttempt {
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
  at: string;
  durationMs: number;
  outcome: "delivered" | "retry" | "failed";
  httpStatus?: number;
  /** SMTP reply code, for e-mail. */
  smtpCode?: number;
  /** Free of secrets: built from status codes and scrubbed of every channel secret. */
  error?: string;
}

export interface NewDeliveryItem {
  channel: string;
  channelFingerprint: string;
  event: AlertEvent;
  /** null: deliver now (a pending delivery is created with the item); else the digest it waits for. */
  digest: string | null;
  now: string;
}

export interface DeliveryListQuery {
  channel?: string;
  state?: DeliveryState;
  limit: number;
  /** Only deliveries created before this time (paging, newest first). */
  before?: string;
}

/**
 * Where deliveries live. Implementations must make `enqueue`, `closeDigest` and `claimDue` atomic: two
 * servers sharing one store must never send the same delivery twice at the same time, nor lose an item.
 */
export interface DeliveryLog {
  /** Unique on (channel, event.dedupeKey): a second enqueue of the same pair returns "duplicate". */
  enqueue(item: NewDeliveryItem): Promise<"queued" | "duplicate">;
  /**
   * Moves up to `limit` waiting items of (channel, digest), oldest first, into one new pending delivery
   * (due now). Null when none waits. Called repeatedly until null to drain a large digest in chunks.
   */
  closeDigest(channel: string, digest: string, now: string, limit: number): Promise<DeliveryRecord | null>;
  /** Every (channel, digest) with waiting items and the oldest item's time: for digests missed while down. */
  waitingDigests(): Promise<{ channel: string; digest: string; oldest: string }[]>;
  /**
   * Claims up to `limit` pending deliveries of one channel that are due (nextAttemptAt <= now) and not
   * leased (or whose lease expired), oldest first, setting leaseOwner/leaseUntil. PostgreSQL: FOR UPDATE
   * SKIP LOCKED.
   */
  claimDue(query: {
    channel: string;
    owner: string;
    now: string;
    leaseMs: number;
    limit: number;
  }): Promise<DeliveryRecord[]>;
  /** Appends the attempt and updates the delivery (state, attempts, nextAttemptAt, lastError), lease released. */
  recordAttempt(attempt: DeliveryAttempt, next: { state: DeliveryState; nextAttemptAt: string | null }): Promise<void>;
  /** The earliest time a pending delivery becomes due or its lease expires; null when none is pending. */
  nextDue(): Promise<string | null>;
  /** Pending deliveries and waiting digest items per channel (for channel health). */
  pendingCounts(): Promise<Record<string, { pending: number; waiting: number }>>;
  /** For the API: newest first. */
  list(query: DeliveryListQuery): Promise<DeliveryRecord[]>;
  attempts(deliveryId: string): Promise<DeliveryAttempt[]>;
}

// ---------------------------------------------------------------------------------------------------
// Channel health

export const CHANNEL_STATUSES = ["unknown", "healthy", "degraded", "failing"] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export interface ChannelHealth {
  channel: string;
  type: "webhook" | "slack" | "teams" | "email";
  fingerprint: string;
  /** unknown: no attempt since start · healthy: last attempt delivered · degraded: failing, retrying ·
   *  failing: failed `failingAfter` times in a row, or a delivery was given up since the last success. */
  status: ChannelStatus;
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
  pending: number;
  waiting: number;
}
