/**
 * The embedded store's engine, node:sqlite, on the dashboard's own queries at the benchmark's size: a year
 * of daily runs for 200 workspaces, in the store's tables and indexes for the columns these queries read.
 * Prints seeding time, size on disk, and the median / p95 of each query over repeated runs. (This bench
 * compared PGlite with node:sqlite on the same data to choose the engine; docs/serve.md keeps those
 * figures. PGlite is no longer a dependency, so only node:sqlite is measured now.)
 *
 * Then the daily score rollup (src/store/rollup.ts, migration 0004) on the real store — its migrations,
 * tables, indexes and driver — seeded with the same runs: the dashboard's score history (the estate's
 * 365-day trend, every workspace's 365-day sparkline, one workspace's 365 days) read from the rollup
 * against the same answer computed from the raw runs, and whether the two answers are equal.
 *
 *   npm run bench:store                         200 workspaces × 365 days
 *   npm run bench:store -- --workspaces 50 --days 90
 */
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Store } from "../../src/store/index.ts";
import { backfillRollup, DAY_MS, dayText, utcDay } from "../../src/store/rollup.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const WORKSPACES = arg("workspaces", 200);
const DAYS = arg("days", 365);
const REPEAT = arg("repeat", 20);
const CHECKS = 90;
const DAY = 86_400_000;
const END = Date.UTC(2026, 11, 1);
const START = END - DAYS * DAY;

/** A deterministic generator (mulberry32): every run of the bench gets the same data. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Data {
  runs: [number, number, string, number][]; // id, workspace, at, score
  findings: [number, number, string, string, string, string, string][]; // id, ws, check, severity, state, opened, threats
  settings: [number, number, string, string, string, string][]; // id, ws, at, path, before, after
}

function generate(): Data {
  const rnd = random(42);
  const data: Data = { runs: [], findings: [], settings: [] };
  let runId = 0;
  let findingId = 0;
  let settingId = 0;
  const severities = ["critical", "high", "medium", "low"];
  const states = ["open", "open", "open", "fixed", "fixed", "overdue", "unknown", "accepted"];
  for (let w = 1; w <= WORKSPACES; w++) {
    let score = 50 + Math.floor(rnd() * 40);
    for (let d = 0; d < DAYS; d++) {
      if (rnd() < 0.05) score = Math.max(0, Math.min(100, score + Math.floor(rnd() * 11) - 5));
      data.runs.push([++runId, w, new Date(START + d * DAY + 6 * 3_600_000).toISOString(), score]);
      // realistic drift: a few settings change per workspace per month
      if (rnd() < 0.1)
        data.settings.push([
          ++settingId,
          w,
          new Date(START + d * DAY + 6 * 3_600_000).toISOString(),
          `databricks.workspaceConf.key${Math.floor(rnd() * 20)}`,
          "true",
          "false",
        ]);
    }
    for (let f = 0; f < 40; f++)
      data.findings.push([
        ++findingId,
        w,
        `CHK-${Math.floor(rnd() * CHECKS)}`,
        severities[Math.floor(rnd() * 4)]!,
        states[Math.floor(rnd() * states.length)]!,
        new Date(START + Math.floor(rnd() * DAYS) * DAY).toISOString(),
        JSON.stringify([["AT", "EX", "IN", "RA"][Math.floor(rnd() * 4)]]),
      ]);
  }
  return data;
}

const QUERIES = {
  "estate overview (latest run per workspace)": `SELECT w.id, (SELECT score FROM workspace_runs r WHERE r.workspace_id = w.id ORDER BY at DESC LIMIT 1) AS score FROM workspaces w`,
  "score trend, one workspace, 365 days": `SELECT at, score FROM workspace_runs WHERE workspace_id = 77 AND at >= '${new Date(END - 365 * DAY).toISOString()}' ORDER BY at`,
  "estate trend, daily mean, 90 days": `SELECT substr(at, 1, 10) AS day, round(avg(score)) FROM workspace_runs WHERE at >= '${new Date(END - 90 * DAY).toISOString()}' GROUP BY 1 ORDER BY 1`,
  "estate trend, daily mean, 365 days": `SELECT substr(at, 1, 10) AS day, round(avg(score)) FROM workspace_runs WHERE at >= '${new Date(END - 365 * DAY).toISOString()}' GROUP BY 1 ORDER BY 1`,
  "findings: open+overdue, high+critical, threat EX, oldest first, 100": `SELECT * FROM findings WHERE state IN ('open','overdue') AND severity IN ('critical','high') AND EXISTS (SELECT 1 FROM json_each(threats) WHERE value = 'EX') ORDER BY opened_at LIMIT 100`,
  "findings: count per state and severity": `SELECT state, severity, count(*) FROM findings GROUP BY 1, 2`,
  "setting history, one workspace and field": `SELECT * FROM setting_changes WHERE workspace_id = 77 AND path = 'databricks.workspaceConf.key3' ORDER BY at`,
} as const;

const DDL = (ts = "text", json = "text") => [
  "CREATE TABLE workspaces (id integer PRIMARY KEY, name text NOT NULL)",
  `CREATE TABLE workspace_runs (id integer PRIMARY KEY, workspace_id integer NOT NULL, at ${ts} NOT NULL, score integer)`,
  "CREATE INDEX workspace_runs_trend ON workspace_runs (workspace_id, at)",
  "CREATE INDEX workspace_runs_at ON workspace_runs (at)",
  `CREATE TABLE findings (id integer PRIMARY KEY, workspace_id integer, check_id text, severity text, state text, opened_at ${ts}, threats ${json})`,
  "CREATE INDEX findings_state ON findings (state, severity, opened_at)",
  `CREATE TABLE setting_changes (id integer PRIMARY KEY, workspace_id integer, at ${ts}, path text, before text, after text)`,
  "CREATE INDEX setting_changes_path ON setting_changes (workspace_id, path, at)",
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeQuery(run: () => Promise<unknown> | unknown): Promise<{ p50: number; p95: number }> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function benchSqlite(data: Data, dir: string) {
  const t0 = performance.now();
  const file = join(dir, "store.sqlite");
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  const init = performance.now() - t0;
  for (const s of DDL()) db.exec(s);
  const t1 = performance.now();
  db.exec("BEGIN");
  const ws = db.prepare("INSERT INTO workspaces VALUES (?, ?)");
  for (let w = 1; w <= WORKSPACES; w++) ws.run(w, `adb-${w}`);
  const runs = db.prepare("INSERT INTO workspace_runs VALUES (?, ?, ?, ?)");
  for (const r of data.runs) runs.run(...r);
  const findings = db.prepare("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const f of data.findings) findings.run(...f);
  const settings = db.prepare("INSERT INTO setting_changes VALUES (?, ?, ?, ?, ?, ?)");
  for (const s of data.settings) settings.run(...s);
  db.exec("COMMIT; ANALYZE;");
  const seed = performance.now() - t1;
  const results: Record<string, { p50: number; p95: number }> = {};
  for (const [name, q] of Object.entries(QUERIES)) {
    const statement = db.prepare(q);
    results[name] = await timeQuery(() => statement.all());
  }
  db.close();
  let size = 0;
  for (const name of await readdir(dir))
    if (name.startsWith("store.sqlite")) size += (await stat(join(dir, name))).size;
  return { init, seed, size, results };
}

/** The estate trend from raw runs: each workspace's day's last score, carried forward, averaged per day. */
async function rawEstateTrend(store: Store, days: number, now: Date) {
  const today = utcDay(now);
  const from = today - days + 1;
  const rows = await store.db
    .selectFrom("workspace_runs")
    .select(["workspace_id", "at", "score"])
    .where("at", ">=", new Date(from * DAY_MS))
    .orderBy("at")
    .orderBy("id")
    .execute();
  const latest = new Map<number, number | null>();
  const points: { day: string; score: number | null }[] = [];
  let i = 0;
  for (let day = from; day <= today; day++) {
    const end = (day + 1) * DAY_MS;
    for (; i < rows.length && rows[i]!.at.getTime() < end; i++)
      latest.set(Number(rows[i]!.workspace_id), rows[i]!.score);
    if (!latest.size) continue;
    const scores = [...latest.values()].filter((v): v is number => v !== null);
    points.push({
      day: dayText(day),
      score: scores.length ? Math.round(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
    });
  }
  return points;
}

/** Every workspace's weekly sparkline from raw runs (the day's last score, weekly means). */
async function rawSparklines(store: Store, days: number, now: Date) {
  const today = utcDay(now);
  const from = today - days + 1;
  const rows = await store.db
    .selectFrom("workspace_runs")
    .select(["workspace_id", "at", "score"])
    .where("at", ">=", new Date(from * DAY_MS))
    .orderBy("workspace_id")
    .orderBy("at")
    .orderBy("id")
    .execute();
  const lastOfDay = new Map<number, Map<number, number | null>>();
  for (const r of rows) {
    const ws = lastOfDay.get(Number(r.workspace_id)) ?? new Map<number, number | null>();
    lastOfDay.set(Number(r.workspace_id), ws);
    ws.set(utcDay(r.at), r.score);
  }
  return [...lastOfDay].map(([workspaceId, byDay]) => {
    const buckets = new Map<number, { total: number; n: number }>();
    for (const [day, score] of byDay) {
      if (score === null) continue;
      const start = from + Math.floor((day - from) / 7) * 7;
      const sum = buckets.get(start) ?? { total: 0, n: 0 };
      sum.total += score;
      sum.n++;
      buckets.set(start, sum);
    }
    return {
      workspaceId,
      points: [...buckets].map(([day, sum]) => ({ day: dayText(day), score: Math.round(sum.total / sum.n) })),
    };
  });
}

/** The real store, seeded with the bench's runs (one run per workspace and day), its rollup filled as migration 0004 does. */
async function benchRollup(data: Data, dir: string) {
  const dataDir = join(dir, "rollup");
  await (await Store.open({ dataDir })).close();
  const t0 = performance.now();
  const db = new DatabaseSync(join(dataDir, "store.sqlite"));
  const iso = (ms: number) => new Date(ms).toISOString();
  db.exec("BEGIN");
  const created = iso(START);
  db.prepare(
    "INSERT INTO targets (name, kind, schedule, spec, created_at, updated_at) VALUES ('bench', 'posture', NULL, '{}', ?, ?)",
  ).run(created, created);
  const ws = db.prepare(
    "INSERT INTO workspaces (id, key, name, target, tags, first_seen_at, last_seen_at) VALUES (?, ?, ?, 'bench', '{}', ?, ?)",
  );
  for (let w = 1; w <= WORKSPACES; w++) ws.run(w, `name:adb-${w}`, `adb-${w}`, created, iso(END));
  const run = db.prepare(
    "INSERT INTO runs (id, target, kind, trigger, status, queued_at, started_at, finished_at, problems) VALUES (?, 'bench', 'posture', 'schedule', 'succeeded', ?, ?, ?, '[]')",
  );
  const wr = db.prepare(
    "INSERT INTO workspace_runs (id, run_id, workspace_id, at, score, pass, fail, unknown, not_applicable, manual, problems, collection) VALUES (?, ?, ?, ?, ?, ?, ?, 3, 5, 2, '[]', '{}')",
  );
  for (const [id, w, at, score] of data.runs) {
    run.run(id, at, at, at);
    wr.run(id, id, w, at, score, score - 10, 100 - score);
  }
  // No ANALYZE: the store never runs one, so the planner sees what it sees in a real store.
  db.exec("COMMIT");
  db.close();
  const store = await Store.open({ dataDir });
  try {
    await backfillRollup(store.db);
    const seed = performance.now() - t0;
    const now = new Date(END);
    const results: Record<string, { p50: number; p95: number }> = {};
    const same: Record<string, boolean> = {};
    const pairs = {
      "estate score trend, 365 days": [
        async () => (await store.estateTrend({ days: 365, now })).map((p) => ({ day: p.day, score: p.score })),
        () => rawEstateTrend(store, 365, now),
      ],
      "every workspace's sparkline, 365 days (weekly)": [
        () => store.workspaceTrends({ days: 365, now }),
        () => rawSparklines(store, 365, now),
      ],
      "one workspace's score history, 365 days": [
        async () => (await store.workspaceTrend({ workspaceId: 77, days: 365, now })).map((d) => d.score),
        // The rollup's window is the last 365 UTC days, today's included; raw runs read over the same days.
        async () => (await store.scoreHistory({ workspaceId: 77, days: 364, now })).map((d) => d.score),
      ],
    } as const;
    for (const [name, [rolled, raw]] of Object.entries(pairs)) {
      same[name] = JSON.stringify(await rolled()) === JSON.stringify(await raw());
      results[`${name}: rollup`] = await timeQuery(rolled);
      results[`${name}: raw runs`] = await timeQuery(raw);
    }
    return { seed, results, same };
  } finally {
    await store.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), "lakeward-bench-store-"));
try {
  const data = generate();
  console.log(
    `store evaluation: ${WORKSPACES} workspaces × ${DAYS} days = ${data.runs.length} workspace runs, ${data.findings.length} findings, ${data.settings.length} setting changes; ${REPEAT} runs per query`,
  );
  const lite = await benchSqlite(data, dir);
  console.log(`\n${"open / create".padEnd(68)} ${fmt(lite.init)}`);
  console.log(`${"seed".padEnd(68)} ${fmt(lite.seed)}`);
  console.log(`${"size on disk".padEnd(68)} ${(lite.size / 1e6).toFixed(1)} MB`);
  for (const name of Object.keys(QUERIES)) {
    const b = lite.results[name]!;
    console.log(`${name.padEnd(68)} ${fmt(b.p50)} (p95 ${fmt(b.p95)})`);
  }
  const rollup = await benchRollup(data, dir);
  console.log(
    `\nthe daily score rollup on the real store (migrations, indexes, Kysely and the node:sqlite driver), ${REPEAT} runs per query`,
  );
  console.log(`${"seed raw runs + fill the rollup (migration 0004's backfill)".padEnd(68)} ${fmt(rollup.seed)}`);
  for (const [name, b] of Object.entries(rollup.results))
    console.log(`${name.padEnd(68)} ${fmt(b.p50)} (p95 ${fmt(b.p95)})`);
  for (const [name, equal] of Object.entries(rollup.same))
    console.log(`${`${name}: rollup = raw`.padEnd(68)} ${equal ? "same answer" : "DIFFERENT ANSWERS"}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
