/**
 * The store's read side: what the API, `lakeward history` and the dashboard ask. Each query is written
 * for an index of migrations.ts and bounded by a limit; bench/store measures them at a year of daily
 * runs for 200 workspaces.
 */
import { type Kysely, sql } from "kysely";
import type { FindingState } from "../results/alert-event.ts";
import { decodeBlob } from "./blobs.ts";
import { jsonArrayContains } from "./dialect.ts";
import { rowToFinding } from "./record.ts";
import { estateTrend } from "./rollup.ts";
import type { Database } from "./schema.ts";

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export interface WorkspaceSummary {
  id: number;
  key: string;
  name: string;
  host: string | null;
  resourceId: string | null;
  target: string | null;
  tags: Record<string, string>;
  firstSeenAt: string;
  lastSeenAt: string;
  goneAt: string | null;
  latest: {
    runId: number;
    at: string;
    score: number | null;
    counts: { pass: number; fail: number; unknown: number; not_applicable: number; manual: number };
    problems: { source: string; message: string; fatal?: boolean }[];
  } | null;
  openFindings: number;
}

export interface FindingFilter {
  states?: FindingState[];
  severities?: string[];
  workspaceId?: number;
  checkId?: string;
  threat?: string;
  control?: string;
  /** Open at least this many days (since the current open period began). */
  minAgeDays?: number;
  limit?: number;
  offset?: number;
}

export async function listWorkspaces(db: Kysely<Database>, now: Date = new Date()): Promise<WorkspaceSummary[]> {
  const rows = await sql<{
    id: number;
    key: string;
    name: string;
    host: string | null;
    resource_id: string | null;
    target: string | null;
    tags: Record<string, string>;
    first_seen_at: Date;
    last_seen_at: Date;
    gone_at: Date | null;
    run_id: number | null;
    at: Date | null;
    score: number | null;
    pass: number | null;
    fail: number | null;
    unknown: number | null;
    not_applicable: number | null;
    manual: number | null;
    problems: { source: string; message: string; fatal?: boolean }[] | null;
    open_findings: number;
  }>`
SELECT w.*, l.run_id, l.at, l.score, l.pass, l.fail, l.unknown, l.not_applicable, l.manual, l.problems,
  (SELECT CAST(count(*) AS integer) FROM findings f
    WHERE f.workspace_id = w.id AND f.state IN ('open', 'overdue', 'unknown')) AS open_findings
FROM workspaces w
LEFT JOIN workspace_runs l ON l.id = (
  SELECT r.id FROM workspace_runs r WHERE r.workspace_id = w.id AND r.at <= ${now} ORDER BY r.at DESC, r.id DESC LIMIT 1
)
ORDER BY w.name, w.id`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.id),
    key: r.key,
    name: r.name,
    host: r.host,
    resourceId: r.resource_id,
    target: r.target,
    tags: r.tags,
    firstSeenAt: iso(r.first_seen_at)!,
    lastSeenAt: iso(r.last_seen_at)!,
    goneAt: iso(r.gone_at),
    latest:
      r.run_id === null
        ? null
        : {
            runId: Number(r.run_id),
            at: iso(r.at)!,
            score: r.score,
            counts: {
              pass: r.pass ?? 0,
              fail: r.fail ?? 0,
              unknown: r.unknown ?? 0,
              not_applicable: r.not_applicable ?? 0,
              manual: r.manual ?? 0,
            },
            problems: r.problems ?? [],
          },
    openFindings: r.open_findings,
  }));
}

/**
 * Score over time: one workspace's runs (the newest 5,000 in the window), or (no workspace) the estate's
 * daily mean of each watched workspace's latest score, from the daily rollup (rollup.ts estateTrend).
 */
export async function scoreHistory(
  db: Kysely<Database>,
  options: { workspaceId?: number; days: number; now?: Date },
): Promise<{ at: string; score: number | null; workspaces?: number }[]> {
  const since = new Date((options.now ?? new Date()).getTime() - options.days * 86_400_000);
  if (options.workspaceId !== undefined) {
    const rows = await db
      .selectFrom("workspace_runs")
      .select(["at", "score"])
      .where("workspace_id", "=", options.workspaceId)
      .where("at", ">=", since)
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(5000)
      .execute();
    return rows.reverse().map((r) => ({ at: r.at.toISOString(), score: r.score }));
  }
  const days = await estateTrend(db, options);
  return days.map((d) => ({ at: `${d.day}T00:00:00.000Z`, score: d.score, workspaces: d.workspaces }));
}

export async function listRuns(
  db: Kysely<Database>,
  filter: { target?: string; status?: string; limit?: number; beforeId?: number } = {},
) {
  let query = db
    .selectFrom("runs")
    .selectAll()
    .orderBy("id", "desc")
    .limit(Math.min(filter.limit ?? 50, 500));
  if (filter.target) query = query.where("target", "=", filter.target);
  if (filter.status) query = query.where("status", "=", filter.status as "queued");
  if (filter.beforeId) query = query.where("id", "<", filter.beforeId);
  const rows = await query.execute();
  return rows.map(runView);
}

export function runView(r: Awaited<ReturnType<typeof getRunRow>> & object) {
  return {
    id: r.id,
    target: r.target,
    kind: r.kind,
    trigger: r.trigger,
    status: r.status,
    scheduledFor: iso(r.scheduled_for),
    requestedBy: r.requested_by,
    claimedBy: r.claimed_by,
    queuedAt: iso(r.queued_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    problems: r.problems,
    summary: r.summary,
  };
}
export type RunView = ReturnType<typeof runView>;

async function getRunRow(db: Kysely<Database>, id: number) {
  return db.selectFrom("runs").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function getRun(db: Kysely<Database>, id: number) {
  const run = await getRunRow(db, id);
  if (!run) return null;
  const workspaces = await db
    .selectFrom("workspace_runs as r")
    .innerJoin("workspaces as w", "w.id", "r.workspace_id")
    .select([
      "w.id",
      "w.name",
      "w.key",
      "r.score",
      "r.pass",
      "r.fail",
      "r.unknown",
      "r.not_applicable",
      "r.manual",
      "r.problems",
      "r.read_as",
      "r.evidence_hash",
    ])
    .where("r.run_id", "=", id)
    .orderBy("w.name")
    .execute();
  return {
    ...runView(run),
    workspaces: workspaces.map((w) => ({
      workspaceId: w.id,
      name: w.name,
      key: w.key,
      score: w.score,
      counts: { pass: w.pass, fail: w.fail, unknown: w.unknown, not_applicable: w.not_applicable, manual: w.manual },
      problems: w.problems,
      readAs: w.read_as,
      evidenceKept: w.evidence_hash !== null,
    })),
  };
}

/** The results document entries of a run (decompressed), optionally of one workspace. */
export async function runResults(db: Kysely<Database>, runId: number, workspaceId?: number): Promise<unknown[]> {
  let query = db
    .selectFrom("workspace_runs as r")
    .innerJoin("blobs as b", "b.hash", "r.results_hash")
    .select(["b.data"])
    .where("r.run_id", "=", runId);
  if (workspaceId !== undefined) query = query.where("r.workspace_id", "=", workspaceId);
  const rows = await query.execute();
  return rows.map((r) => decodeBlob(r.data));
}

/** The stored evidence of one workspace in one run (null once retention dropped it). */
export async function runEvidence(db: Kysely<Database>, runId: number, workspaceId: number): Promise<unknown | null> {
  const row = await db
    .selectFrom("workspace_runs as r")
    .innerJoin("blobs as b", "b.hash", "r.evidence_hash")
    .select(["b.data"])
    .where("r.run_id", "=", runId)
    .where("r.workspace_id", "=", workspaceId)
    .executeTakeFirst();
  return row ? decodeBlob(row.data) : null;
}

/** The latest stored evidence of a workspace before a run (what drift compares against). */
export async function previousEvidence(
  db: Kysely<Database>,
  workspaceKey: string,
): Promise<{ runId: number; at: string; evidence: unknown } | null> {
  const row = await db
    .selectFrom("workspace_runs as r")
    .innerJoin("workspaces as w", "w.id", "r.workspace_id")
    .innerJoin("blobs as b", "b.hash", "r.evidence_hash")
    .select(["r.run_id", "r.at", "b.data"])
    .where("w.key", "=", workspaceKey)
    .orderBy("r.at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { runId: row.run_id, at: row.at.toISOString(), evidence: decodeBlob(row.data) } : null;
}

export async function listFindings(db: Kysely<Database>, filter: FindingFilter = {}, now: Date = new Date()) {
  let query = db.selectFrom("findings as f").innerJoin("workspaces as w", "w.id", "f.workspace_id");
  if (filter.states?.length) query = query.where("f.state", "in", filter.states);
  if (filter.severities?.length) query = query.where("f.severity", "in", filter.severities);
  if (filter.workspaceId !== undefined) query = query.where("f.workspace_id", "=", filter.workspaceId);
  if (filter.checkId) query = query.where("f.check_id", "=", filter.checkId);
  if (filter.threat) query = query.where(jsonArrayContains(db, sql.ref("f.threats"), filter.threat));
  if (filter.control) query = query.where(jsonArrayContains(db, sql.ref("f.controls"), filter.control));
  if (filter.minAgeDays !== undefined)
    query = query.where("f.opened_at", "<=", new Date(now.getTime() - filter.minAgeDays * 86_400_000));
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll("f")
    .select(["w.key as workspace_key", "w.name as workspace_name"])
    .orderBy(
      sql`CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END`,
    )
    .orderBy("f.opened_at")
    .orderBy("f.id")
    .limit(Math.min(filter.limit ?? 100, 1000))
    .offset(filter.offset ?? 0)
    .execute();
  return {
    total: Number(total.n),
    findings: rows.map((row) => ({
      id: row.id,
      workspaceId: row.workspace_id,
      workspace: row.workspace_name,
      ...rowToFinding(row, row.workspace_key),
      ageDays: Math.floor((now.getTime() - row.opened_at.getTime()) / 86_400_000),
    })),
  };
}
export type FindingView = Awaited<ReturnType<typeof listFindings>>["findings"][number];

export async function findingHistory(db: Kysely<Database>, findingId: number) {
  const rows = await db
    .selectFrom("finding_events")
    .selectAll()
    .where("finding_id", "=", findingId)
    .orderBy("at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    at: r.at.toISOString(),
    runId: r.run_id,
    from: r.from_state,
    to: r.to_state,
    note: r.note,
  }));
}

export async function runDrift(db: Kysely<Database>, runId: number) {
  const settings = await db
    .selectFrom("setting_changes as s")
    .innerJoin("workspaces as w", "w.id", "s.workspace_id")
    .selectAll("s")
    .select(["w.name as workspace"])
    .where("s.run_id", "=", runId)
    .orderBy("w.name")
    .orderBy("s.path")
    .limit(5000)
    .execute();
  const statuses = await db
    .selectFrom("result_changes as c")
    .innerJoin("workspaces as w", "w.id", "c.workspace_id")
    .select(["w.name as workspace", "c.check_id", "c.before", "c.after"])
    .where("c.run_id", "=", runId)
    .where("c.before", "is not", null)
    .orderBy("w.name")
    .orderBy("c.check_id")
    .execute();
  const findings = await db
    .selectFrom("finding_events as e")
    .innerJoin("findings as f", "f.id", "e.finding_id")
    .innerJoin("workspaces as w", "w.id", "f.workspace_id")
    .select([
      "w.name as workspace",
      "f.id",
      "f.check_id",
      "f.resource",
      "f.title",
      "f.severity",
      "e.from_state",
      "e.to_state",
      "e.note",
    ])
    .where("e.run_id", "=", runId)
    .orderBy("w.name")
    .orderBy("f.check_id")
    .execute();
  return {
    runId,
    settings: settings.map(settingView),
    statuses: statuses.map((s) => ({ workspace: s.workspace, checkId: s.check_id, before: s.before, after: s.after })),
    findings: findings.map((f) => ({
      workspace: f.workspace,
      findingId: f.id,
      checkId: f.check_id,
      resource: f.resource,
      title: f.title,
      severity: f.severity,
      from: f.from_state,
      to: f.to_state,
      note: f.note,
    })),
  };
}

function settingView(s: {
  workspace?: string;
  run_id: number;
  at: Date;
  path: string;
  before: string | null;
  after: string | null;
  actor: string | null;
  actor_time: Date | null;
  source_ip: string | null;
  request_id: string | null;
  audit_action: string | null;
}) {
  return {
    ...(s.workspace ? { workspace: s.workspace } : {}),
    runId: s.run_id,
    at: s.at.toISOString(),
    path: s.path,
    before: s.before,
    after: s.after,
    actor: s.actor,
    actorTime: iso(s.actor_time),
    sourceIp: s.source_ip,
    requestId: s.request_id,
    auditAction: s.audit_action,
  };
}

/** One evidence field of one workspace over time: every change, with its audit actor. Prefix match on path. */
export async function settingHistory(db: Kysely<Database>, workspaceId: number, path: string, limit = 1000) {
  const rows = await db
    .selectFrom("setting_changes")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where((eb) =>
      eb.or([
        eb("path", "=", path),
        eb("path", "like", `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`),
        eb("path", "like", `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}[%`),
      ]),
    )
    .orderBy("at")
    .orderBy("id")
    .limit(Math.min(limit, 5000))
    .execute();
  return rows.map(settingView);
}

export async function listAlertEvents(
  db: Kysely<Database>,
  filter: { kind?: string; runId?: number; limit?: number; since?: Date } = {},
) {
  let query = db
    .selectFrom("alert_events")
    .select(["payload"])
    .orderBy("at", "desc")
    .orderBy("id")
    .limit(Math.min(filter.limit ?? 100, 1000));
  if (filter.kind) query = query.where("kind", "=", filter.kind);
  if (filter.runId) query = query.where("run_id", "=", filter.runId);
  if (filter.since) query = query.where("at", ">=", filter.since);
  return (await query.execute()).map((r) => r.payload);
}

export async function listDetectionAlerts(db: Kysely<Database>, filter: { detectionId?: string; limit?: number } = {}) {
  let query = db
    .selectFrom("detection_alerts")
    .selectAll()
    .orderBy("first_seen_at", "desc")
    .limit(Math.min(filter.limit ?? 100, 1000));
  if (filter.detectionId) query = query.where("detection_id", "=", filter.detectionId);
  return (await query.execute()).map((r) => ({
    id: r.id,
    detectionId: r.detection_id,
    severity: r.severity,
    workspace: r.workspace,
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    eventCount: r.event_count,
    alert: r.payload,
  }));
}

/** The heat map: the latest status of every check in every workspace. */
export async function currentResults(db: Kysely<Database>) {
  const rows = await db
    .selectFrom("current_results")
    .select(["workspace_id", "check_id", "status", "severity", "suppressed"])
    .execute();
  return rows.map((r) => ({
    workspaceId: r.workspace_id,
    checkId: r.check_id,
    status: r.status,
    severity: r.severity,
    suppressed: r.suppressed,
  }));
}
