/**
 * The store's tables, as Kysely sees them, on both engines (node:sqlite embedded, PostgreSQL for teams):
 * both drivers return timestamptz columns as Date, jsonb parsed and boolean as boolean (sqlite.ts does it
 * for SQLite by declared type). The DDL lives in migrations.ts; this file must match it.
 */
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";
import type { Watermark } from "../detect/state.ts";

/**
 * timestamptz: read and written as Date. Never ISO text: SQLite stores the Date's toISOString(), whose text
 * order is time order only when every value has that one format.
 */
type Time = ColumnType<Date, Date, Date>;
type NullableTime = ColumnType<Date | null, Date | null | undefined, Date | null>;
/** jsonb: written as JSON text (so pg never turns an array into a PostgreSQL array), read parsed. */
type Json<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface TargetsTable {
  name: string;
  kind: "posture" | "detect";
  schedule: string | null;
  /** What the target reads, as JSON (never a credential: credentials come from the environment). */
  spec: Json<Record<string, unknown>>;
  /** The scheduled slot the next run is for. */
  next_run_at: NullableTime;
  created_at: Time;
  updated_at: Time;
  /** Set when the target left the config file (its history stays). */
  removed_at: NullableTime;
}

export interface RunsTable {
  id: Generated<number>;
  target: string;
  kind: "posture" | "detect";
  trigger: "schedule" | "missed" | "api" | "once";
  /** The schedule slot: unique per target, so two servers never both run it. */
  scheduled_for: NullableTime;
  status: "queued" | "running" | "succeeded" | "partial" | "failed" | "interrupted";
  requested_by: string | null;
  claimed_by: string | null;
  lease_until: NullableTime;
  queued_at: Time;
  started_at: NullableTime;
  finished_at: NullableTime;
  problems: Json<{ source: string; message: string; fatal?: boolean; hint?: string }[]>;
  summary: NullableJson<Record<string, unknown>>;
}

export interface WorkspacesTable {
  id: Generated<number>;
  /** Stable identity: rid:<resource id>, else host:<host>, else name:<name>. */
  key: string;
  name: string;
  host: string | null;
  resource_id: string | null;
  workspace_id: string | null;
  location: string | null;
  target: string | null;
  tags: Json<Record<string, string>>;
  first_seen_at: Time;
  last_seen_at: Time;
  /** Set when discovery stopped listing it; cleared when it comes back. */
  gone_at: NullableTime;
}

export interface WorkspaceRunsTable {
  id: Generated<number>;
  run_id: number;
  workspace_id: number;
  at: Time;
  score: number | null;
  pass: number;
  fail: number;
  unknown: number;
  not_applicable: number;
  manual: number;
  read_as: NullableJson<{ name: string; workspaceAdmin: boolean; metastoreAdmin: boolean | null }>;
  problems: Json<{ source: string; message: string; fatal?: boolean; hint?: string }[]>;
  /** Hashes into blobs; evidence is dropped after the retention period (the hash becomes null). */
  evidence_hash: string | null;
  results_hash: string | null;
  /** The volatile part of the collection (times, request counts), kept apart so evidence dedupes. */
  collection: Json<Record<string, unknown>>;
}

export interface BlobsTable {
  hash: string;
  kind: "evidence" | "results" | "alerts";
  size: number;
  stored_size: number;
  data: Buffer | Uint8Array;
  created_at: Time;
}

export interface CurrentResultsTable {
  workspace_id: number;
  check_id: string;
  status: string;
  severity: string;
  suppressed: boolean;
  title: string;
  message: string;
  run_id: number;
  since: Time;
}

export interface ResultChangesTable {
  id: Generated<number>;
  workspace_id: number;
  check_id: string;
  run_id: number;
  at: Time;
  before: string | null;
  after: string;
}

export interface FindingsTable {
  id: Generated<number>;
  key: string;
  workspace_id: number;
  check_id: string;
  resource: string;
  title: string;
  severity: string;
  state: string;
  message: string;
  threats: Json<string[]>;
  controls: Json<string[]>;
  first_seen_at: Time;
  last_seen_at: Time;
  /** When the current open period started (first seen, or the last reopening). */
  opened_at: Time;
  fixed_at: NullableTime;
  reopen_count: number;
  reopened_at: NullableTime;
  due_at: NullableTime;
  time_to_fix_seconds: number | null;
  suppression: NullableJson<{ reason: string; expires: string | null; scope: string }>;
  acceptance: NullableJson<{ owner: string; reason: string; expires: string; by: string; at: string }>;
  last_run_id: number;
  updated_at: Time;
}

export interface FindingEventsTable {
  id: Generated<number>;
  finding_id: number;
  run_id: number | null;
  at: Time;
  from_state: string | null;
  to_state: string;
  note: string | null;
}

export interface SettingChangesTable {
  id: Generated<number>;
  workspace_id: number;
  run_id: number;
  at: Time;
  path: string;
  before: string | null;
  after: string | null;
  actor: string | null;
  actor_time: NullableTime;
  source_ip: string | null;
  request_id: string | null;
  audit_action: string | null;
}

export interface AlertEventsTable {
  id: string;
  kind: string;
  at: Time;
  severity: string;
  run_id: number | null;
  workspace_id: number | null;
  subject: string | null;
  payload: Json<Record<string, unknown>>;
}

export interface DetectionAlertsTable {
  id: string;
  detection_id: string;
  severity: string;
  workspace: string | null;
  first_seen_at: Time;
  last_seen_at: Time;
  first_run_id: number;
  last_run_id: number;
  event_count: number;
  payload: Json<Record<string, unknown>>;
}

export interface DeliveriesTable {
  id: Generated<number>;
  channel: string;
  channel_fingerprint: string;
  digest: string | null;
  state: "pending" | "delivered" | "failed";
  attempts: Generated<number>;
  created_at: Time;
  next_attempt_at: NullableTime;
  delivered_at: NullableTime;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: NullableTime;
}

export interface DeliveryItemsTable {
  id: Generated<number>;
  channel: string;
  channel_fingerprint: string;
  event_id: string;
  event: Json<Record<string, unknown>>;
  digest: string | null;
  enqueued_at: Time;
  delivery_id: number | null;
}

export interface DeliveryAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  at: Time;
  duration_ms: number;
  outcome: string;
  http_status: number | null;
  smtp_code: number | null;
  error: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  role: "admin" | "read";
  /** scrypt hash of the token (salt and parameters included); the token itself is never stored. */
  hash: string;
  /** The first characters, to tell tokens apart in a list; never enough to use. */
  prefix: string;
  created_at: Time;
  last_used_at: NullableTime;
  revoked_at: NullableTime;
}

/** Per workspace and UTC day: the day's last run (rollup.ts). */
export interface WorkspaceDailyScoresTable {
  workspace_id: number;
  /** Days since 1970-01-01 UTC. */
  day: number;
  at: Time;
  run_id: number;
  score: number | null;
  pass: number;
  fail: number;
  unknown: number;
  runs: number;
}

/** Per UTC day: the estate at the end of the day, each workspace's latest score carried forward (rollup.ts). */
export interface EstateDailyScoresTable {
  day: number;
  workspaces: number;
  scored: number;
  score_sum: number;
  fail_sum: number;
}

/** Per detect target and source: where its incremental detection stands (src/detect/state.ts's Watermark). */
export interface DetectWatermarksTable {
  target: string;
  source_id: string;
  mark: Json<Watermark>;
  run_id: number | null;
  updated_at: Time;
}

export interface Database {
  targets: TargetsTable;
  runs: RunsTable;
  workspaces: WorkspacesTable;
  workspace_runs: WorkspaceRunsTable;
  blobs: BlobsTable;
  current_results: CurrentResultsTable;
  result_changes: ResultChangesTable;
  findings: FindingsTable;
  finding_events: FindingEventsTable;
  setting_changes: SettingChangesTable;
  alert_events: AlertEventsTable;
  detection_alerts: DetectionAlertsTable;
  api_tokens: ApiTokensTable;
  deliveries: DeliveriesTable;
  delivery_items: DeliveryItemsTable;
  delivery_attempts: DeliveryAttemptsTable;
  workspace_daily_scores: WorkspaceDailyScoresTable;
  estate_daily_scores: EstateDailyScoresTable;
  detect_watermarks: DetectWatermarksTable;
}

export type RunRow = Selectable<RunsTable>;
export type WorkspaceRow = Selectable<WorkspacesTable>;
export type FindingRow = Selectable<FindingsTable>;
export type NewFinding = Insertable<FindingsTable>;
