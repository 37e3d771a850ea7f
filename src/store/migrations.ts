/**
 * Versioned migrations, applied at start by Kysely's Migrator (which records them in kysely_migration and
 * serialises concurrent starts with a lock, so two servers starting on one PostgreSQL do not both apply
 * one). A migration is never edited once released: add the next one.
 *
 * The DDL is PostgreSQL's; on the embedded store (SQLite) each statement is translated where the two differ
 * (dialect.ts sqliteDdl). The indexes follow the dashboard's queries (docs/serve.md).
 */
import { type Kysely, sql } from "kysely";
import type { Migration, MigrationProvider } from "kysely/migration";
import { sqlEngine, sqliteDdl } from "./dialect.ts";
import { dashboardSessions } from "./migrations-dashboard.ts";
import { backfillRollup } from "./rollup.ts";
import type { Database } from "./schema.ts";

const v1: Migration = {
  async up(db: Kysely<unknown>) {
    await statements(
      `
CREATE TABLE targets (
  name text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('posture', 'detect')),
  schedule text,
  spec jsonb NOT NULL,
  next_run_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  removed_at timestamptz
);
CREATE TABLE runs (
  id bigserial PRIMARY KEY,
  target text NOT NULL REFERENCES targets(name),
  kind text NOT NULL,
  trigger text NOT NULL,
  scheduled_for timestamptz,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'partial', 'failed', 'interrupted')),
  requested_by text,
  claimed_by text,
  lease_until timestamptz,
  queued_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  problems jsonb NOT NULL DEFAULT '[]',
  summary jsonb,
  UNIQUE (target, scheduled_for)
);
-- claiming: the oldest queued run, and running runs whose lease lapsed
CREATE INDEX runs_claim ON runs (status, queued_at) WHERE status IN ('queued', 'running');
-- one target's runs, newest first (history, the workspace page)
CREATE INDEX runs_target ON runs (target, queued_at DESC);
-- one run per target at a time (see runs.ts)
CREATE UNIQUE INDEX runs_one_active ON runs (target) WHERE status IN ('queued', 'running');
CREATE INDEX runs_queued ON runs (queued_at DESC);

CREATE TABLE workspaces (
  id bigserial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  name text NOT NULL,
  host text,
  resource_id text,
  workspace_id text,
  location text,
  target text,
  tags jsonb NOT NULL DEFAULT '{}',
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  gone_at timestamptz
);

CREATE TABLE blobs (
  hash text PRIMARY KEY,
  kind text NOT NULL,
  size integer NOT NULL,
  stored_size integer NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE workspace_runs (
  id bigserial PRIMARY KEY,
  run_id bigint NOT NULL REFERENCES runs(id),
  workspace_id bigint NOT NULL REFERENCES workspaces(id),
  at timestamptz NOT NULL,
  score integer,
  pass integer NOT NULL,
  fail integer NOT NULL,
  unknown integer NOT NULL,
  not_applicable integer NOT NULL,
  manual integer NOT NULL,
  read_as jsonb,
  problems jsonb NOT NULL DEFAULT '[]',
  evidence_hash text REFERENCES blobs(hash),
  results_hash text REFERENCES blobs(hash),
  collection jsonb NOT NULL,
  UNIQUE (run_id, workspace_id)
);
-- score trend of one workspace (30/90/365 days), and the latest run of each workspace
CREATE INDEX workspace_runs_trend ON workspace_runs (workspace_id, at) INCLUDE (score, fail);
-- the estate trend (every workspace, by day)
CREATE INDEX workspace_runs_at ON workspace_runs (at) INCLUDE (workspace_id, score);
-- retention: which blobs are still referenced
CREATE INDEX workspace_runs_evidence ON workspace_runs (evidence_hash);
CREATE INDEX workspace_runs_results ON workspace_runs (results_hash);

CREATE TABLE current_results (
  workspace_id bigint NOT NULL REFERENCES workspaces(id),
  check_id text NOT NULL,
  status text NOT NULL,
  severity text NOT NULL,
  suppressed boolean NOT NULL,
  title text NOT NULL,
  message text NOT NULL,
  run_id bigint NOT NULL REFERENCES runs(id),
  since timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, check_id)
);
-- the heat map's columns: one check across the estate
CREATE INDEX current_results_check ON current_results (check_id, status);

CREATE TABLE result_changes (
  id bigserial PRIMARY KEY,
  workspace_id bigint NOT NULL REFERENCES workspaces(id),
  check_id text NOT NULL,
  run_id bigint NOT NULL REFERENCES runs(id),
  at timestamptz NOT NULL,
  before text,
  after text NOT NULL
);
-- a check over time across the estate; one workspace's check history
CREATE INDEX result_changes_check ON result_changes (check_id, at);
CREATE INDEX result_changes_workspace ON result_changes (workspace_id, check_id, at);

CREATE TABLE findings (
  id bigserial PRIMARY KEY,
  key text NOT NULL UNIQUE,
  workspace_id bigint NOT NULL REFERENCES workspaces(id),
  check_id text NOT NULL,
  resource text NOT NULL,
  title text NOT NULL,
  severity text NOT NULL,
  state text NOT NULL CHECK (state IN ('open', 'overdue', 'unknown', 'suppressed', 'accepted', 'fixed')),
  message text NOT NULL,
  threats jsonb NOT NULL,
  controls jsonb NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  opened_at timestamptz NOT NULL,
  fixed_at timestamptz,
  reopen_count integer NOT NULL DEFAULT 0,
  reopened_at timestamptz,
  due_at timestamptz,
  time_to_fix_seconds integer,
  suppression jsonb,
  acceptance jsonb,
  last_run_id bigint NOT NULL REFERENCES runs(id),
  updated_at timestamptz NOT NULL
);
-- the findings page: by state and severity, by workspace, by check, by age
CREATE INDEX findings_state ON findings (state, severity, first_seen_at);
CREATE INDEX findings_workspace ON findings (workspace_id, state);
CREATE INDEX findings_check ON findings (check_id, state);

CREATE TABLE finding_events (
  id bigserial PRIMARY KEY,
  finding_id bigint NOT NULL REFERENCES findings(id),
  run_id bigint REFERENCES runs(id),
  at timestamptz NOT NULL,
  from_state text,
  to_state text NOT NULL,
  note text
);
CREATE INDEX finding_events_finding ON finding_events (finding_id, at);
CREATE INDEX finding_events_at ON finding_events (at, to_state);

CREATE TABLE setting_changes (
  id bigserial PRIMARY KEY,
  workspace_id bigint NOT NULL REFERENCES workspaces(id),
  run_id bigint NOT NULL REFERENCES runs(id),
  at timestamptz NOT NULL,
  path text NOT NULL,
  before text,
  after text,
  actor text,
  actor_time timestamptz,
  source_ip text,
  request_id text,
  audit_action text
);
-- setting history: one field of one workspace over time; the drift of one run
CREATE INDEX setting_changes_path ON setting_changes (workspace_id, path, at);
CREATE INDEX setting_changes_run ON setting_changes (run_id);

CREATE TABLE alert_events (
  id text PRIMARY KEY,
  kind text NOT NULL,
  at timestamptz NOT NULL,
  severity text NOT NULL,
  run_id bigint REFERENCES runs(id),
  workspace_id bigint REFERENCES workspaces(id),
  subject text,
  payload jsonb NOT NULL
);
CREATE INDEX alert_events_at ON alert_events (at DESC);
CREATE INDEX alert_events_run ON alert_events (run_id);

CREATE TABLE detection_alerts (
  id text PRIMARY KEY,
  detection_id text NOT NULL,
  severity text NOT NULL,
  workspace text,
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  first_run_id bigint NOT NULL REFERENCES runs(id),
  last_run_id bigint NOT NULL REFERENCES runs(id),
  event_count integer NOT NULL,
  payload jsonb NOT NULL
);
CREATE INDEX detection_alerts_seen ON detection_alerts (detection_id, first_seen_at);
CREATE INDEX detection_alerts_time ON detection_alerts (first_seen_at);

CREATE TABLE api_tokens (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'read')),
  hash text NOT NULL,
  prefix text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
`,
      db,
    );
  },
};

/** Runs a DDL script one statement at a time, translated for SQLite on the embedded store (dialect.ts). */
async function statements(script: string, db: Kysely<unknown>): Promise<void> {
  const sqlite = sqlEngine(db) === "sqlite";
  const parts = script
    .split(/;\s*\n/)
    .map((part) => part.replace(/^\s*--.*$/gm, "").trim())
    .filter(Boolean);
  for (const part of parts) await sql.raw(sqlite ? sqliteDdl(part) : part).execute(db);
}

/** The alerts' delivery log (src/alerts/model.ts): items owed to a channel, deliveries, every attempt. */
const v2: Migration = {
  async up(db: Kysely<unknown>) {
    await statements(
      `
CREATE TABLE deliveries (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  channel_fingerprint text NOT NULL,
  digest text,
  state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  last_error text,
  lease_owner text,
  lease_until timestamptz
);
-- claiming: a channel's due pending deliveries
CREATE INDEX deliveries_due ON deliveries (channel, next_attempt_at) WHERE state = 'pending';
-- the API and the runs-and-health page: newest first
CREATE INDEX deliveries_created ON deliveries (created_at DESC, id DESC);

CREATE TABLE delivery_items (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  channel_fingerprint text NOT NULL,
  event_id text NOT NULL,
  event jsonb NOT NULL,
  digest text,
  enqueued_at timestamptz NOT NULL,
  delivery_id bigint REFERENCES deliveries(id),
  UNIQUE (channel, event_id)
);
-- digests: the items still waiting, per channel and digest
CREATE INDEX delivery_items_waiting ON delivery_items (channel, digest, enqueued_at) WHERE delivery_id IS NULL;
CREATE INDEX delivery_items_delivery ON delivery_items (delivery_id);

CREATE TABLE delivery_attempts (
  id bigserial PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES deliveries(id),
  attempt integer NOT NULL,
  at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  outcome text NOT NULL,
  http_status integer,
  smtp_code integer,
  error text
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id);
`,
      db,
    );
  },
};

/**
 * The daily score rollup behind the 30/90/365-day trends (rollup.ts says what each row holds), filled from
 * the runs already stored.
 */
const v4: Migration = {
  async up(db: Kysely<unknown>) {
    await statements(
      `
CREATE TABLE workspace_daily_scores (
  workspace_id bigint NOT NULL REFERENCES workspaces(id),
  day integer NOT NULL,
  at timestamptz NOT NULL,
  run_id bigint NOT NULL REFERENCES runs(id),
  score integer,
  pass integer NOT NULL,
  fail integer NOT NULL,
  unknown integer NOT NULL,
  runs integer NOT NULL,
  PRIMARY KEY (workspace_id, day)
);
-- every workspace over a window (the estate page's sparklines); (workspace_id, day) is the primary key
CREATE INDEX workspace_daily_scores_day ON workspace_daily_scores (day, workspace_id);

CREATE TABLE estate_daily_scores (
  day integer PRIMARY KEY,
  workspaces integer NOT NULL,
  scored integer NOT NULL,
  score_sum integer NOT NULL,
  fail_sum integer NOT NULL
);
`,
      db,
    );
    await backfillRollup(db as Kysely<Database>);
  },
};

/**
 * Detect schedules' watermarks (src/detect/state.ts): per detect target and source, the newest event judged
 * and the alerts already raised. Written in the transaction that records the run's alerts.
 */
const v5: Migration = {
  async up(db: Kysely<unknown>) {
    await statements(
      `
CREATE TABLE detect_watermarks (
  target text NOT NULL,
  source_id text NOT NULL,
  mark jsonb NOT NULL,
  run_id bigint REFERENCES runs(id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (target, source_id)
);
`,
      db,
    );
  },
};

export const MIGRATIONS: Record<string, Migration> = {
  "0001-initial": v1,
  "0002-deliveries": v2,
  "0003-dashboard-sessions": dashboardSessions,
  "0004-daily-scores": v4,
  "0005-detect-watermarks": v5,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
