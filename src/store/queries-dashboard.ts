/**
 * The dashboard's own read queries (the store's shared ones are in queries.ts): what the estate, workspace,
 * check, detections and runs pages ask beyond the API's routes. Each is bounded and written for an index
 * of migrations.ts; bench/serve measures the pages built on them at a year of daily runs for 200
 * workspaces. Only Kysely's query builder (no engine's own SQL), so they run on every store engine;
 * grouping by day happens here, in JavaScript.
 */
import type { Expression, Kysely, SqlBool } from "kysely";
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
  let query = db.selectFrom("findings").select((eb) => {
    const count = (condition: Expression<SqlBool>) =>
      eb.fn.sum<number>(eb.case().when(condition).then(1).else(0).end());
    return [
      count(eb("state", "=", "open")).as("open"),
      count(eb("state", "=", "overdue")).as("overdue"),
      count(eb("state", "=", "unknown")).as("unknown"),
      count(eb("state", "=", "accepted")).as("accepted"),
      count(eb("state", "=", "suppressed")).as("suppressed"),
      count(eb("first_seen_at", ">=", since)).as("new"),
      count(eb("reopened_at", ">=", since)).as("reopened"),
      count(eb.and([eb("state", "=", "fixed"), eb("fixed_at", ">=", since)])).as("fixed"),
    ];
  });
  if (options.workspaceId !== undefined) query = query.where("workspace_id", "=", options.workspaceId);
  const r = await query.executeTakeFirstOrThrow();
  const n = (v: unknown) => Number(v ?? 0);
  return {
    open: n(r.open),
    overdue: n(r.overdue),
    unknown: n(r.unknown),
    accepted: n(r.accepted),
    suppressed: n(r.suppressed),
    new: n(r.new),
    reopened: n(r.reopened),
    fixed: n(r.fixed),
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
      eb.fn.count<number>("workspace_id").distinct().as("workspaces"),
      eb.fn.countAll<number>().as("findings"),
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
  const [targets, latest, succeeded] = await Promise.all([
    db.selectFrom("targets").selectAll().orderBy("name").limit(10_000).execute(),
    db
      .selectFrom("runs")
      .selectAll()
      .where(
        "id",
        "in",
        db
          .selectFrom("runs")
          .select((eb) => eb.fn.max("id").as("id"))
          .groupBy("target"),
      )
      .execute(),
    db
      .selectFrom("runs")
      .select((eb) => ["target", eb.fn.max("finished_at").as("at")])
      .where("status", "=", "succeeded")
      .groupBy("target")
      .execute(),
  ]);
  const runOf = new Map(latest.map((r) => [r.target, r]));
  const okOf = new Map(succeeded.map((r) => [r.target, r.at]));
  return targets
    .sort((a, b) => Number(a.removed_at !== null) - Number(b.removed_at !== null) || a.name.localeCompare(b.name))
    .map((t) => {
      const r = runOf.get(t.name);
      return {
        target: t.name,
        kind: t.kind,
        schedule: t.schedule,
        nextRunAt: iso(t.next_run_at),
        removed: t.removed_at !== null,
        lastSucceededAt: iso(okOf.get(t.name) as Date | string | null | undefined),
        run: r
          ? {
              id: Number(r.id),
              status: r.status,
              trigger: r.trigger,
              queuedAt: iso(r.queued_at)!,
              startedAt: iso(r.started_at),
              finishedAt: iso(r.finished_at),
              problems: r.problems ?? [],
            }
          : null,
      };
    });
}
export type TargetStatus = Awaited<ReturnType<typeof latestRunPerTarget>>[number];

/** One workspace's runs, newest first, with what changed in each. */
export async function workspaceRuns(db: Kysely<Database>, workspaceId: number, limit = 30) {
  const rows = await db
    .selectFrom("workspace_runs as r")
    .innerJoin("runs as u", "u.id", "r.run_id")
    .select([
      "r.run_id",
      "r.at",
      "r.score",
      "r.pass",
      "r.fail",
      "r.unknown",
      "r.problems",
      "u.status",
      "u.trigger",
      "u.target",
    ])
    .where("r.workspace_id", "=", workspaceId)
    .orderBy("r.at", "desc")
    .limit(Math.min(limit, 500))
    .execute();
  const ids = rows.map((r) => r.run_id);
  const [settings, transitions] = ids.length
    ? await Promise.all([
        db
          .selectFrom("setting_changes")
          .select((eb) => ["run_id", eb.fn.countAll<number>().as("n")])
          .where("workspace_id", "=", workspaceId)
          .where("run_id", "in", ids)
          .groupBy("run_id")
          .execute(),
        db
          .selectFrom("finding_events as e")
          .innerJoin("findings as f", "f.id", "e.finding_id")
          .select((eb) => ["e.run_id", eb.fn.countAll<number>().as("n")])
          .where("f.workspace_id", "=", workspaceId)
          .where("e.run_id", "in", ids)
          .groupBy("e.run_id")
          .execute(),
      ])
    : [[], []];
  const settingCount = new Map(settings.map((s) => [Number(s.run_id), Number(s.n)]));
  const transitionCount = new Map(transitions.map((t) => [Number(t.run_id), Number(t.n)]));
  return rows.map((r) => ({
    runId: Number(r.run_id),
    at: iso(r.at)!,
    score: r.score,
    counts: { pass: r.pass, fail: r.fail, unknown: r.unknown },
    status: r.status,
    trigger: r.trigger,
    target: r.target,
    problems: r.problems,
    settingChanges: settingCount.get(Number(r.run_id)) ?? 0,
    transitions: transitionCount.get(Number(r.run_id)) ?? 0,
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
    .select((eb) => ["path", eb.fn.max("at").as("last"), eb.fn.countAll<number>().as("changes")])
    .where("workspace_id", "=", workspaceId)
    .groupBy("path")
    .orderBy("last", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    path: r.path,
    lastChangedAt: iso(r.last as Date | string)!,
    changes: Number(r.changes),
  }));
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
    while (i < rows.length && new Date(rows[i]!.at).getTime() < end) {
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
  let times = db
    .selectFrom("detection_alerts")
    .select(["first_seen_at", "detection_id"])
    .where("first_seen_at", ">=", since)
    .limit(200_000);
  if (options.workspace) times = times.where("workspace", "=", options.workspace);
  const perDay = new Map<string, number>();
  for (const r of await times.execute()) {
    const key = `${new Date(r.first_seen_at).toISOString().slice(0, 10)} ${r.detection_id}`;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
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
    perDay: [...perDay].map(([key, count]) => {
      const [day, detectionId] = key.split(" ") as [string, string];
      return { day, detectionId, count };
    }),
    workspaces: workspaces.map((w) => w.workspace!).filter(Boolean),
  };
}

/** Workspace names by id (for labels), every workspace ever watched. */
export async function workspaceNames(db: Kysely<Database>): Promise<Map<number, string>> {
  const rows = await db.selectFrom("workspaces").select(["id", "name"]).orderBy("name").limit(20_000).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * A value that changes whenever something the estate page shows changes (the dashboard's RenderCache key):
 * a run queued (runs' newest id), started or finished (how many are queued and running), recorded (the
 * newest workspace run), a finding changing state or waived (the newest finding event), a target added,
 * changed or rescheduled. Primary-key maxima and the claim index's counts: one cheap round trip.
 */
export async function storeVersion(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("runs")
        .select((r) => r.fn.max("id").as("v"))
        .as("runs"),
      eb
        .selectFrom("runs")
        .select((r) => r.fn.countAll().as("v"))
        .where("status", "=", "queued")
        .as("queued"),
      eb
        .selectFrom("runs")
        .select((r) => r.fn.countAll().as("v"))
        .where("status", "=", "running")
        .as("running"),
      eb
        .selectFrom("workspace_runs")
        .select((r) => r.fn.max("id").as("v"))
        .as("recorded"),
      eb
        .selectFrom("finding_events")
        .select((r) => r.fn.max("id").as("v"))
        .as("events"),
      eb
        .selectFrom("targets")
        .select((r) => r.fn.max("updated_at").as("v"))
        .as("targets"),
      eb
        .selectFrom("targets")
        .select((r) => r.fn.max("next_run_at").as("v"))
        .as("next"),
      eb
        .selectFrom("targets")
        .select((r) => r.fn.countAll().as("v"))
        .as("target_count"),
    ])
    .executeTakeFirstOrThrow();
  return Object.values(row)
    .map((v) => (v instanceof Date ? v.getTime() : String(v ?? "")))
    .join(":");
}
