/**
 * The daily score rollup (migration 0004) behind the 30/90/365-day trends, so that no trend reads raw runs
 * (the 365-day estate trend over 73,000 runs took 220 ms; bench:store):
 *
 *  - `workspace_daily_scores`: per workspace and UTC day, the day's LAST run (score, counts, which run) and
 *    how many runs the day had;
 *  - `estate_daily_scores`: per UTC day, the estate as it stood at the end of the day — every workspace not
 *    gone by then, with its latest score so far (carried forward from an earlier day when it did not run
 *    that day, so targets on weekly schedules count every day) — as count, sum of scores and sum of fails.
 *
 * Both are maintained in recordRun's transaction. A run recorded out of time order (two servers, a slow
 * transaction) recomputes every later estate day too, so the rollup always equals what a scan over the raw
 * runs would say. Days are whole numbers of days since 1970-01-01 UTC.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.ts";

export const DAY_MS = 86_400_000;
export const utcDay = (at: Date): number => Math.floor(at.getTime() / DAY_MS);
export const dayText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

export interface DailyScoreInput {
  workspaceId: number;
  runId: number;
  at: Date;
  score: number | null;
  pass: number;
  fail: number;
  unknown: number;
}

/** Adds one run's workspaces to the rollup, then recomputes the estate from `fromDay` on (gone marks included). */
export async function rollUpRun(db: Kysely<Database>, rows: DailyScoreInput[], fromDay: number): Promise<void> {
  for (const row of rows) {
    // The day's last run wins, whatever order runs are recorded in.
    const later = sql<boolean>`excluded.at >= workspace_daily_scores.at`;
    const pick = (column: string) =>
      sql`CASE WHEN ${later} THEN excluded.${sql.raw(column)} ELSE workspace_daily_scores.${sql.raw(column)} END`;
    await db
      .insertInto("workspace_daily_scores")
      .values({
        workspace_id: row.workspaceId,
        day: utcDay(row.at),
        at: row.at,
        run_id: row.runId,
        score: row.score,
        pass: row.pass,
        fail: row.fail,
        unknown: row.unknown,
        runs: 1,
      })
      .onConflict((oc) =>
        oc.columns(["workspace_id", "day"]).doUpdateSet({
          at: pick("at") as never,
          run_id: pick("run_id") as never,
          score: pick("score") as never,
          pass: pick("pass") as never,
          fail: pick("fail") as never,
          unknown: pick("unknown") as never,
          runs: sql<number>`workspace_daily_scores.runs + 1`,
        }),
      )
      .execute();
  }
  await refreshEstate(db, Math.min(fromDay, ...rows.map((r) => utcDay(r.at))));
}

/** Recomputes the estate rows of `fromDay` and of every later day already in the table. */
export async function refreshEstate(db: Kysely<Database>, fromDay: number): Promise<void> {
  const later = await db.selectFrom("estate_daily_scores").select("day").where("day", ">", fromDay).execute();
  for (const day of [fromDay, ...later.map((r) => Number(r.day))]) {
    const endOfDay = new Date((day + 1) * DAY_MS);
    const row = await sql<{ workspaces: number; scored: number; score_sum: number; fail_sum: number }>`
SELECT CAST(count(*) AS integer) AS workspaces, CAST(count(d.score) AS integer) AS scored,
  CAST(coalesce(sum(d.score), 0) AS integer) AS score_sum, CAST(coalesce(sum(d.fail), 0) AS integer) AS fail_sum
FROM workspaces w
JOIN workspace_daily_scores d ON d.workspace_id = w.id AND d.day = (
  SELECT max(x.day) FROM workspace_daily_scores x WHERE x.workspace_id = w.id AND x.day <= ${day}
)
WHERE w.gone_at IS NULL OR w.gone_at >= ${endOfDay}`.execute(db);
    const r = row.rows[0];
    const values = {
      workspaces: Number(r?.workspaces ?? 0),
      scored: Number(r?.scored ?? 0),
      score_sum: Number(r?.score_sum ?? 0),
      fail_sum: Number(r?.fail_sum ?? 0),
    };
    if (values.workspaces === 0) {
      await db.deleteFrom("estate_daily_scores").where("day", "=", day).execute();
      continue;
    }
    await db
      .insertInto("estate_daily_scores")
      .values({ day, ...values })
      .onConflict((oc) => oc.column("day").doUpdateSet(values))
      .execute();
  }
}

/** Fills the rollup from the runs already stored (the migration that adds it, on an existing store). */
export async function backfillRollup(db: Kysely<Database>): Promise<void> {
  const runs = await db
    .selectFrom("workspace_runs")
    .select(["workspace_id", "run_id", "at", "score", "pass", "fail", "unknown"])
    .orderBy("at")
    .orderBy("id")
    .execute();
  if (!runs.length) return;
  await rollUpRunsOnly(
    db,
    runs.map((r) => ({
      workspaceId: Number(r.workspace_id),
      runId: Number(r.run_id),
      at: new Date(r.at),
      score: r.score,
      pass: r.pass,
      fail: r.fail,
      unknown: r.unknown,
    })),
  );
  // Every day the estate changed: a workspace ran, or went (a run that found it gone recorded no score).
  const days = new Set(dayNumbers(await db.selectFrom("workspace_daily_scores").select("day").distinct().execute()));
  const gone = await db.selectFrom("workspaces").select("gone_at").where("gone_at", "is not", null).execute();
  for (const { gone_at } of gone) if (gone_at) days.add(utcDay(new Date(gone_at)));
  const first = Math.min(...days);
  // Statistics first: without them the planner takes the per-day recompute below through the wrong index
  // (bench:store: 89.8 s for 73,000 runs, 15.9 s with them). ANALYZE runs inside a transaction on both engines.
  await sql`ANALYZE workspace_daily_scores`.execute(db);
  await sql`ANALYZE workspaces`.execute(db);
  // refreshEstate(first) recomputes `first` and every later day already in the table: add them in order.
  for (const day of [...days].sort((a, b) => a - b)) {
    await db
      .insertInto("estate_daily_scores")
      .values({ day, workspaces: 0, scored: 0, score_sum: 0, fail_sum: 0 })
      .onConflict((oc) => oc.column("day").doNothing())
      .execute();
  }
  await refreshEstate(db, first);
}

const dayNumbers = (rows: { day: number }[]) => rows.map((r) => Number(r.day));

async function rollUpRunsOnly(db: Kysely<Database>, rows: DailyScoreInput[]): Promise<void> {
  const last = new Map<string, DailyScoreInput & { runs: number }>();
  for (const row of rows) {
    const key = `${row.workspaceId}:${utcDay(row.at)}`;
    last.set(key, { ...row, runs: (last.get(key)?.runs ?? 0) + 1 });
  }
  const values = [...last.values()].map((r) => ({
    workspace_id: r.workspaceId,
    day: utcDay(r.at),
    at: r.at,
    run_id: r.runId,
    score: r.score,
    pass: r.pass,
    fail: r.fail,
    unknown: r.unknown,
    runs: r.runs,
  }));
  for (let i = 0; i < values.length; i += 500)
    await db
      .insertInto("workspace_daily_scores")
      .values(values.slice(i, i + 500))
      .execute();
}

export interface EstateDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  /** Mean of the workspaces' latest scores at the end of the day (null: none had a score). */
  score: number | null;
  /** Workspaces watched that day (not gone), with and without a score. */
  workspaces: number;
  /** Sum of their failing checks. */
  fail: number;
  /** False when no run was recorded that day: the estate carried forward from the day before. */
  measured: boolean;
}

/** The estate's daily trend over the last `days` days up to `now`'s day, one point per day from its first data. */
export async function estateTrend(db: Kysely<Database>, options: { days: number; now?: Date }): Promise<EstateDay[]> {
  const today = utcDay(options.now ?? new Date());
  const from = today - Math.max(1, Math.floor(options.days)) + 1;
  const [before, rows] = await Promise.all([
    db
      .selectFrom("estate_daily_scores")
      .selectAll()
      .where("day", "<", from)
      .orderBy("day", "desc")
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom("estate_daily_scores")
      .selectAll()
      .where("day", ">=", from)
      .where("day", "<=", today)
      .orderBy("day")
      .execute(),
  ]);
  const byDay = new Map(rows.map((r) => [Number(r.day), r]));
  let current = before;
  const start = before ? from : rows.length ? Number(rows[0]!.day) : today + 1;
  const points: EstateDay[] = [];
  for (let day = start; day <= today; day++) {
    const measured = byDay.get(day);
    if (measured) current = measured;
    if (!current) continue;
    points.push({
      day: dayText(day),
      score: current.scored ? Math.round(current.score_sum / current.scored) : null,
      workspaces: current.workspaces,
      fail: current.fail_sum,
      measured: Boolean(measured),
    });
  }
  return points;
}

export interface WorkspaceDay {
  workspaceId: number;
  day: string;
  score: number | null;
  pass: number;
  fail: number;
  unknown: number;
  /** Runs recorded that day; the values are the last one's. */
  runs: number;
  runId: number;
  at: string;
}

/** Per workspace and day (days with a run only), over the last `days` days; one workspace or all. */
export async function dailyScores(
  db: Kysely<Database>,
  options: { days: number; now?: Date; workspaceId?: number },
): Promise<WorkspaceDay[]> {
  const today = utcDay(options.now ?? new Date());
  let query = db
    .selectFrom("workspace_daily_scores")
    .selectAll()
    .where("day", ">=", today - Math.max(1, Math.floor(options.days)) + 1)
    .where("day", "<=", today);
  if (options.workspaceId !== undefined) query = query.where("workspace_id", "=", options.workspaceId);
  const rows = await query.orderBy("workspace_id").orderBy("day").limit(1_000_000).execute();
  return rows.map((r) => ({
    workspaceId: Number(r.workspace_id),
    day: dayText(Number(r.day)),
    score: r.score,
    pass: r.pass,
    fail: r.fail,
    unknown: r.unknown,
    runs: r.runs,
    runId: Number(r.run_id),
    at: new Date(r.at).toISOString(),
  }));
}

/**
 * Every workspace's sparkline: the mean of its daily scores per bucket of `bucketDays` days (default one
 * day up to 92 days, a week beyond), so 200 workspaces × 365 days is at most 200 × 53 points.
 */
export async function workspaceTrends(
  db: Kysely<Database>,
  options: { days: number; now?: Date; bucketDays?: number },
): Promise<{ workspaceId: number; points: { day: string; score: number }[] }[]> {
  const today = utcDay(options.now ?? new Date());
  const from = today - Math.max(1, Math.floor(options.days)) + 1;
  const bucket = Math.max(1, Math.floor(options.bucketDays ?? (options.days > 92 ? 7 : 1)));
  // Summed per workspace and bucket in the database: 200 workspaces × 365 days leave it as 200 × 53 rows,
  // not 73,000 (bench:store measured ~1 s for reading the day rows). `from` and `bucket` are integers
  // computed here, written as literals so both engines divide integers (a bound JS number may be REAL).
  const index = sql<number>`(${sql.ref("day")} - ${sql.lit(from)}) / ${sql.lit(bucket)}`;
  const rows = await db
    .selectFrom("workspace_daily_scores")
    .select((eb) => [
      "workspace_id",
      index.as("bucket"),
      eb.fn.sum<number>("score").as("total"),
      eb.fn.count<number>("score").as("n"),
    ])
    .where("day", ">=", from)
    .where("day", "<=", today)
    .where("score", "is not", null)
    .groupBy(["workspace_id", index])
    .orderBy("workspace_id")
    .orderBy(index)
    .limit(1_000_000)
    .execute();
  const trends = new Map<number, Map<number, { total: number; n: number }>>();
  for (const r of rows) {
    const id = Number(r.workspace_id);
    const buckets = trends.get(id) ?? new Map<number, { total: number; n: number }>();
    trends.set(id, buckets);
    buckets.set(from + Number(r.bucket) * bucket, { total: Number(r.total), n: Number(r.n) });
  }
  return [...trends].map(([workspaceId, buckets]) => ({
    workspaceId,
    points: [...buckets].map(([day, sum]) => ({ day: dayText(day), score: Math.round(sum.total / sum.n) })),
  }));
}
