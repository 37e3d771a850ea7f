/**
 * What the dispatcher and the store agree on: the delivery log and channel health. The event itself is
 * one shape for posture findings and detection alerts (issue 12 item 9): a route, a channel and the
 * delivery log never need to know which kind of source an event came from.
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
import type { Severity } from "../checks/types.ts";
import { severityRank } from "../output/severity.ts";
import type { AlertEvent, AlertEventKind } from "../results/alert-event.ts";

/**
 * The event is serve's (src/results/alert-event.ts, part of the results model shared by the store, the
 * API and the alerts): its `id` is the dedupe key, one per transition.
 */
export { ALERT_EVENT_KINDS, type AlertEvent, type AlertEventKind, alertEventSchema } from "../results/alert-event.ts";

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

/** The check or detection an event is about, for routes' `ids` filter and for messages. */
export function subjectId(event: AlertEvent): string | undefined {
  return event.finding?.checkId ?? event.detection?.detectionId;
}

/** At least as severe as `minimum` (a route's minSeverity), in the one severity order of src/output. */
export function atLeast(severity: Severity, minimum: Severity): boolean {
  return severityRank(severity) <= severityRank(minimum);
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
  /** Unique on (channel, event.id): a second enqueue of the same pair returns "duplicate", ever. */
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
