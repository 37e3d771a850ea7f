/**
 * The dashboard's own read queries (the store's shared ones are in queries.ts): what the estate, workspace,
 * check, detections and runs pages ask beyond the API's routes. Each is bounded and written for an index
 * of migrations.ts; bench/serve measures the pages built on them at a year of daily runs for 200
 * workspaces.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const DAY = 86_400_000;

export interface FindingCounts {
  open: number;
  overdue: number;
  unknown: number;
  accepted: number;
  suppressed: number;
  /** First seen within the window. */
  new: number;
  /** Reopened within the window. */
  reopened: number;
  /** Fixed within the window. */
  fixed: number;
}

/** Findings by state, and what happened to them in the last `days`. */
export async function findingCounts(
  db: Kysely<Database>,
  options: { now: Date; days: number; workspaceId?: number },
): Promise<FindingCounts> {
  const since = new Date(options.now.getTime() - options.days * DAY);
  const where = options.workspaceId === undefined ? sql`true` : sql`workspace_id = ${options.workspaceId}`;
  const rows = await sql<{ [K in keyof FindingCounts]: number }>`
SELECT
  count(*) FILTER (WHERE state = 'open')::int AS open,
  count(*) FILTER (WHERE state = 'overdue')::int AS overdue,
  count(*) FILTER (WHERE state = 'unknown')::int AS unknown,
  count(*) FILTER (WHERE state = 'accepted')::int AS accepted,
  count(*) FILTER (WHERE state = 'suppressed')::int AS suppressed,
  count(*) FILTER (WHERE first_seen_at >= ${since})::int AS new,
  count(*) FILTER (WHERE reopened_at >= ${since})::int AS reopened,
  count(*) FILTER (WHERE state = 'fixed' AND fixed_at >= ${since})::int AS fixed
FROM findings WHERE ${where}`.execute(db);
  const r = rows.rows[0]!;
  return {
    open: r.open,
    overdue: r.overdue,
    unknown: r.unknown,
    accepted: r.accepted,
    suppressed: r.suppressed,
    new: r.new,
    reopened: r.reopened,
    fixed: r.fixed,
  };
}

export interface FailingCheck {
  checkId: string;
  title: string;
  severity: string;
  workspaces: number;
  findings: number;
  /** When the oldest of its open findings opened. */
  oldestOpenedAt: string;
}

/** Checks with open (or overdue) findings, with how many workspaces and since when. */
export async function failingChecks(db: Kysely<Database>, workspaceId?: number): Promise<FailingCheck[]> {
  let query = db
    .selectFrom("findings")
    .select((eb) => [
      "check_id",
      eb.fn.max("title").as("title"),
      eb.fn.max("severity").as("severity"),
      sql<number>`count(DISTINCT workspace_id)::int`.as("workspaces"),
      sql<number>`count(*)::int`.as("findings"),
      eb.fn.min("opened_at").as("oldest"),
    ])
    .where("state", "in", ["open", "overdue"])
    .groupBy("check_id")
    .limit(1000);
  if (workspaceId !== undefined) query = query.where("workspace_id", "=", workspaceId);
  const rows = await query.execute();
  return rows.map((r) => ({
    checkId: r.check_id,
    title: r.title,
    severity: r.severity,
    workspaces: Number(r.workspaces),
    findings: Number(r.findings),
    oldestOpenedAt: iso(r.oldest)!,
  }));
}

/** The latest run of every target, with the target's schedule. */
export async function latestRunPerTarget(db: Kysely<Database>) {
  const rows = await sql<{
    name: string;
    kind: string;
    schedule: string | null;
    next_run_at: Date | null;
    removed_at: Date | null;
    id: number | null;
    status: string | null;
    trigger: string | null;
    queued_at: Date | null;
    started_at: Date | null;
    finished_at: Date | null;
    problems: { source: string; message: string; fatal?: boolean }[] | null;
    last_ok_at: Date | null;
  }>`
SELECT t.name, t.kind, t.schedule, t.next_run_at, t.removed_at,
  r.id, r.status, r.trigger, r.queued_at, r.started_at, r.finished_at, r.problems,
  (SELECT max(finished_at) FROM runs o WHERE o.target = t.name AND o.status = 'succeeded') AS last_ok_at
FROM targets t
LEFT JOIN LATERAL (SELECT * FROM runs x WHERE x.target = t.name ORDER BY x.queued_at DESC LIMIT 1) r ON true
ORDER BY t.removed_at IS NOT NULL, t.name`.execute(db);
  return rows.rows.map((r) => ({
    target: r.name,
    kind: r.kind,
    schedule: r.schedule,
    nextRunAt: iso(r.next_run_at),
    removed: r.removed_at !== null,
    lastSucceededAt: iso(r.last_ok_at),
    run:
      r.id === null
        ? null
        : {
            id: Number(r.id),
            status: r.status!,
            trigger: r.trigger!,
            queuedAt: iso(r.queued_at)!,
            startedAt: iso(r.started_at),
            finishedAt: iso(r.finished_at),
            problems: r.problems ?? [],
          },
  }));
}
export type TargetStatus = Awaited<ReturnType<typeof latestRunPerTarget>>[number];

/**
 * Every workspace's score over the window, averaged per bucket (a day for 30/90 days, a week beyond), for
 * sparklines: at most 200 × 92 points whatever the number of runs.
 */
export async function workspaceTrends(
  db: Kysely<Database>,
  options: { now: Date; days: number },
): Promise<Map<number, { at: string; score: number }[]>> {
  const since = new Date(options.now.getTime() - options.days * DAY);
  const bucketSeconds = options.days > 92 ? 7 * 86_400 : 86_400;
  const rows = await sql<{ workspace_id: number; bucket: number; score: number }>`
SELECT workspace_id, floor(extract(epoch FROM at) / ${bucketSeconds})::int AS bucket, round(avg(score))::int AS score
FROM workspace_runs WHERE at >= ${since} AND score IS NOT NULL
GROUP BY workspace_id, bucket ORDER BY workspace_id, bucket`.execute(db);
  const trends = new Map<number, { at: string; score: number }[]>();
  for (const r of rows.rows) {
    const id = Number(r.workspace_id);
    const list = trends.get(id) ?? [];
    list.push({ at: new Date(r.bucket * bucketSeconds * 1000).toISOString(), score: r.score });
    trends.set(id, list);
  }
  return trends;
}

/** One workspace's runs, newest first, with what changed in each. */
export async function workspaceRuns(db: Kysely<Database>, workspaceId: number, limit = 30) {
  const rows = await sql<{
    run_id: number;
    at: Date;
    score: number | null;
    pass: number;
    fail: number;
    unknown: number;
    status: string;
    trigger: string;
    target: string;
    problems: { source: string; message: string; fatal?: boolean }[];
    settings: number;
    transitions: number;
  }>`
SELECT r.run_id, r.at, r.score, r.pass, r.fail, r.unknown, u.status, u.trigger, u.target, r.problems,
  (SELECT count(*)::int FROM setting_changes s WHERE s.run_id = r.run_id AND s.workspace_id = r.workspace_id) AS settings,
  (SELECT count(*)::int FROM finding_events e JOIN findings f ON f.id = e.finding_id
     WHERE e.run_id = r.run_id AND f.workspace_id = r.workspace_id) AS transitions
FROM workspace_runs r JOIN runs u ON u.id = r.run_id
WHERE r.workspace_id = ${workspaceId} ORDER BY r.at DESC LIMIT ${Math.min(limit, 500)}`.execute(db);
  return rows.rows.map((r) => ({
    runId: Number(r.run_id),
    at: iso(r.at)!,
    score: r.score,
    counts: { pass: r.pass, fail: r.fail, unknown: r.unknown },
    status: r.status,
    trigger: r.trigger,
    target: r.target,
    problems: r.problems,
    settingChanges: r.settings,
    transitions: r.transitions,
  }));
}

/** One workspace's drift, newest first: changed settings (with who changed them) and finding transitions. */
export async function workspaceDrift(db: Kysely<Database>, workspaceId: number, limit = 300) {
  const settings = await db
    .selectFrom("setting_changes")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .orderBy("at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  const transitions = await db
    .selectFrom("finding_events as e")
    .innerJoin("findings as f", "f.id", "e.finding_id")
    .select([
      "e.run_id",
      "e.at",
      "e.from_state",
      "e.to_state",
      "e.note",
      "f.id",
      "f.check_id",
      "f.title",
      "f.severity",
      "f.resource",
    ])
    .where("f.workspace_id", "=", workspaceId)
    .orderBy("e.at", "desc")
    .orderBy("e.id")
    .limit(limit)
    .execute();
  return {
    settings: settings.map((s) => ({
      runId: s.run_id,
      at: iso(s.at)!,
      path: s.path,
      before: s.before,
      after: s.after,
      actor: s.actor,
      actorTime: iso(s.actor_time),
      sourceIp: s.source_ip,
      requestId: s.request_id,
      auditAction: s.audit_action,
    })),
    transitions: transitions.map((t) => ({
      runId: t.run_id,
      at: iso(t.at)!,
      from: t.from_state,
      to: t.to_state,
      note: t.note,
      findingId: t.id,
      checkId: t.check_id,
      title: t.title,
      severity: t.severity,
      resource: t.resource,
    })),
  };
}

/** The paths of a workspace's evidence that ever changed, most recently changed first. */
export async function changedPaths(db: Kysely<Database>, workspaceId: number, limit = 500) {
  const rows = await db
    .selectFrom("setting_changes")
    .select((eb) => ["path", eb.fn.max("at").as("last"), sql<number>`count(*)::int`.as("changes")])
    .where("workspace_id", "=", workspaceId)
    .groupBy("path")
    .orderBy("last", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ path: r.path, lastChangedAt: iso(r.last)!, changes: Number(r.changes) }));
}

/** One check in every workspace now (the check page's table), with since when. */
export async function checkAcrossEstate(db: Kysely<Database>, checkId: string) {
  const rows = await db
    .selectFrom("current_results as c")
    .innerJoin("workspaces as w", "w.id", "c.workspace_id")
    .select(["w.id", "w.name", "w.gone_at", "c.status", "c.suppressed", "c.message", "c.since", "c.run_id"])
    .where("c.check_id", "=", checkId)
    .orderBy("w.name")
    .limit(5000)
    .execute();
  return rows.map((r) => ({
    workspaceId: r.id,
    workspace: r.name,
    gone: r.gone_at !== null,
    status: r.status,
    suppressed: r.suppressed,
    message: r.message,
    since: iso(r.since)!,
    runId: r.run_id,
  }));
}

/**
 * A check's state across the estate per day over the window: how many workspaces passed, failed or were
 * unknown at the end of each day, rebuilt from its status changes (each workspace's state is the `after`
 * of its latest change up to that day).
 */
export async function checkTimeline(db: Kysely<Database>, checkId: string, options: { now: Date; days: number }) {
  const rows = await db
    .selectFrom("result_changes")
    .select(["workspace_id", "at", "after"])
    .where("check_id", "=", checkId)
    .where("at", "<=", options.now)
    .orderBy("at")
    .limit(200_000)
    .execute();
  const start = Math.floor((options.now.getTime() - (options.days - 1) * DAY) / DAY) * DAY;
  const state = new Map<number, string>();
  const points: { at: string; pass: number; fail: number; unknown: number; other: number }[] = [];
  let i = 0;
  for (let day = start; day <= options.now.getTime(); day += DAY) {
    const end = day + DAY;
    while (i < rows.length && rows[i]!.at.getTime() < end) {
      state.set(rows[i]!.workspace_id, rows[i]!.after);
      i++;
    }
    const point = { at: new Date(day).toISOString(), pass: 0, fail: 0, unknown: 0, other: 0 };
    for (const status of state.values()) {
      if (status === "pass" || status === "fail" || status === "unknown") point[status]++;
      else point.other++;
    }
    points.push(point);
  }
  return points;
}

/** Detection alerts with filters (newest first) and their count per day and detection over the window. */
export async function detectionAlerts(
  db: Kysely<Database>,
  options: { now: Date; days: number; detectionId?: string; workspace?: string; limit?: number },
) {
  const since = new Date(options.now.getTime() - options.days * DAY);
  let query = db
    .selectFrom("detection_alerts")
    .selectAll()
    .where("first_seen_at", ">=", since)
    .orderBy("first_seen_at", "desc")
    .limit(Math.min(options.limit ?? 200, 1000));
  if (options.detectionId) query = query.where("detection_id", "=", options.detectionId);
  if (options.workspace) query = query.where("workspace", "=", options.workspace);
  const alerts = await query.execute();
  let perDay = db
    .selectFrom("detection_alerts")
    .select([
      sql<string>`(date_trunc('day', first_seen_at AT TIME ZONE 'UTC'))::date::text`.as("day"),
      "detection_id",
      sql<number>`count(*)::int`.as("n"),
    ])
    .where("first_seen_at", ">=", since)
    .groupBy(["day", "detection_id"])
    .orderBy("day");
  if (options.workspace) perDay = perDay.where("workspace", "=", options.workspace);
  const workspaces = await db
    .selectFrom("detection_alerts")
    .select("workspace")
    .distinct()
    .where("workspace", "is not", null)
    .orderBy("workspace")
    .limit(1000)
    .execute();
  return {
    alerts: alerts.map((r) => ({
      id: r.id,
      detectionId: r.detection_id,
      severity: r.severity,
      workspace: r.workspace,
      firstSeenAt: iso(r.first_seen_at)!,
      lastSeenAt: iso(r.last_seen_at)!,
      eventCount: r.event_count,
      alert: r.payload,
    })),
    perDay: (await perDay.execute()).map((r) => ({ day: r.day, detectionId: r.detection_id, count: Number(r.n) })),
    workspaces: workspaces.map((w) => w.workspace!).filter(Boolean),
  };
}

/** Workspace names by id (for labels), every workspace ever watched. */
export async function workspaceNames(db: Kysely<Database>): Promise<Map<number, string>> {
  const rows = await db.selectFrom("workspaces").select(["id", "name"]).orderBy("name").limit(20_000).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
