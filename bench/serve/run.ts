/**
 * bench:serve — the dashboard and the API at a year of data. For each store engine (embedded node:sqlite,
 * and a real PostgreSQL started on loopback as the tests start it): seed a store with daily scans of a
 * generated estate (seed.ts: realistic drift, findings with their lifecycle, the daily rollup), serve it as
 * `lakeward serve` does (startListener: the API and the dashboard on one listener), and load the estate page
 * and the API's overview and findings routes from a second process (load.ts, autocannon) with 16
 * connections. Prints seeding time, store size and p50/p95/p99 per route; at the default size it writes
 * them into the section "## Dashboard and API" of docs/performance.md (nothing else in that file).
 *
 *   npm run bench:serve                                   200 workspaces × 365 days, both engines
 *   npm run bench:serve -- --workspaces 20 --days 30      a quick run (docs/performance.md left alone)
 *   options: --engines embedded,postgres  --connections 16  --duration 10  --no-docs
 *
 * Goal: p95 under 100 ms for the estate page at 200 × 365.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sql } from "kysely";
import { startListener } from "../../src/dashboard/listen.ts";
import { apiApp } from "../../src/serve/api.ts";
import { Store } from "../../src/store/index.ts";
import { freshDatabase, startPostgres } from "../../test/support/postgres.ts";
import { flag, option, stopAfter } from "../support.ts";
import { seedEstate } from "./seed.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);
const WORKSPACES = Number(option("--workspaces", "200"));
const DAYS = Number(option("--days", "365"));
const CONNECTIONS = Number(option("--connections", "16"));
const DURATION = Number(option("--duration", "10"));
const ENGINES = option("--engines", "embedded,postgres").split(",") as ("embedded" | "postgres")[];
const FULL = WORKSPACES === 200 && DAYS === 365;
const writeDocs = FULL && !flag("--no-docs") && ENGINES.length === 2;
const TOKEN = "lw_benchServe_bench-serve-read-token-0123456789";

const ROUTES = [
  { path: "/", label: "estate page (90 days)" },
  { path: "/?days=365", label: "estate page (365 days)" },
  { path: "/api/v1/workspaces", label: "API overview: GET /api/v1/workspaces" },
  { path: "/api/v1/scores?days=365", label: "API estate trend: GET /api/v1/scores?days=365" },
  { path: "/api/v1/findings?state=open,overdue&limit=100", label: "API findings: open+overdue, 100" },
];

interface LoadResult {
  path: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  bytes: number;
}

interface EngineResult {
  engine: string;
  seed: Awaited<ReturnType<typeof seedEstate>>;
  sizeBytes: number;
  routes: (LoadResult & { label: string; load: string })[];
}

const uptime = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
const ms = (v: number) => `${v.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

async function sizeOf(store: Store, dataDir: string): Promise<number> {
  if (store.engine === "postgres") {
    const r = await sql<{ n: string }>`SELECT pg_database_size(current_database()) AS n`.execute(store.db);
    return Number(r.rows[0]!.n);
  }
  let size = 0;
  for (const name of await readdir(dataDir))
    if (name.startsWith("store.sqlite")) size += (await stat(join(dataDir, name))).size;
  return size;
}

async function bench(engine: "embedded" | "postgres"): Promise<EngineResult> {
  const dataDir = await mkdtemp(join(tmpdir(), "lakeward-bench-serve-"));
  const postgres = engine === "postgres" ? await startPostgres() : null;
  try {
    const url = postgres ? await freshDatabase(postgres.url, "bench_serve") : undefined;
    const store = await Store.open({ dataDir, ...(url ? { store: url } : {}) });
    try {
      const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
      console.log(`\n[${engine}] seeding ${WORKSPACES} workspaces × ${DAYS} days…`);
      const seed = await seedEstate(store, {
        workspaces: WORKSPACES,
        days: DAYS,
        today,
        progress: (line) => console.log(`[${engine}] ${line}`),
      });
      await store.tokens.create("bench", "read", new Date(), TOKEN);
      if (store.engine === "embedded") await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
      const sizeBytes = await sizeOf(store, dataDir);
      const seconds = (seed.ms.generate + seed.ms.insert + seed.ms.rollup) / 1000;
      console.log(
        `[${engine}] seeded in ${seconds.toFixed(1)} s (generate ${(seed.ms.generate / 1000).toFixed(1)} s, insert ${(seed.ms.insert / 1000).toFixed(1)} s, rollup ${(seed.ms.rollup / 1000).toFixed(1)} s); store ${mb(sizeBytes)}`,
      );
      const trigger = async () => null;
      const listening = await startListener({
        api: apiApp({ store, trigger }),
        dashboard: { store, trigger },
        config: undefined,
        bind: "127.0.0.1",
        port: 0,
        log: () => {},
      });
      const routes: EngineResult["routes"] = [];
      try {
        for (const route of ROUTES) {
          const before = uptime();
          const { stdout } = await run(
            process.execPath,
            [
              join(root, "bench", "serve", "load.ts"),
              "--url",
              listening.url,
              "--path",
              route.path,
              "--token",
              TOKEN,
              "--connections",
              String(CONNECTIONS),
              "--duration",
              String(DURATION),
            ],
            { timeout: (DURATION + 120) * 1000, maxBuffer: 1024 * 1024 },
          );
          const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as LoadResult;
          routes.push({ ...result, label: route.label, load: `${before} → ${uptime()}` });
          console.log(
            `[${engine}] ${route.label.padEnd(50)} p50 ${ms(result.p50)}  p95 ${ms(result.p95)}  p99 ${ms(result.p99)}  ${result.rps} req/s  (${result.requests} requests, ${result.errors} errors, ${result.non2xx} non-2xx, ${(result.bytes / 1024).toFixed(0)} KiB each; load ${before} → ${uptime()})`,
          );
        }
      } finally {
        await listening.close();
      }
      return { engine, seed, sizeBytes, routes };
    } finally {
      await store.close();
    }
  } finally {
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(rows[0]!), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)].join("\n");
}

async function updateDocs(results: EngineResult[], commit: string): Promise<void> {
  const path = join(root, "docs", "performance.md");
  const text = await readFile(path, "utf8");
  const seed = results[0]!.seed;
  const estate = results.map((r) => `${r.engine} ${ms(r.routes[0]!.p95)}`).join(", ");
  const met = results.every((r) => r.routes[0]!.p95 < 100 && r.routes[1]!.p95 < 100);
  const section = `## Dashboard and API

Measured by \`npm run bench:serve\` (bench/serve/run.ts) on ${new Date().toISOString().slice(0, 10)}, commit ${commit}:
${cpus().length} CPU(s), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.version}. The store holds a
generated estate of ${WORKSPACES} workspaces × ${DAYS} days of daily scans in ${seed.rows.runs} runs (four targets):
${seed.rows.workspace_runs} workspace runs, ${seed.rows.current_results} current results, ${seed.rows.result_changes} result changes,
${seed.rows.findings} findings with ${seed.rows.finding_events} lifecycle events, ${seed.rows.setting_changes} setting changes with
their actor, ${seed.rows.alert_events} alert events and ${seed.rows.blobs} evidence/results blobs (stored by content hash, so a
day without drift stores none). The server is \`lakeward serve\`'s listener (the API and the dashboard, security
headers, sessions) in the bench's process; the load comes from a second process (bench/serve/load.ts,
autocannon 9) with ${CONNECTIONS} connections for ${DURATION} s per route, pages signed in with a session cookie,
the API with a bearer token. Percentiles are over every response's own time.

${table([
  ["store", "seeding (generate / insert / rollup)", "store size"],
  ...results.map((r) => [
    r.engine,
    `${((r.seed.ms.generate + r.seed.ms.insert + r.seed.ms.rollup) / 1000).toFixed(1)} s (${(r.seed.ms.generate / 1000).toFixed(1)} / ${(r.seed.ms.insert / 1000).toFixed(1)} / ${(r.seed.ms.rollup / 1000).toFixed(1)} s)`,
    mb(r.sizeBytes),
  ]),
])}

${table([
  ["store", "route", "p50", "p95", "p99", "req/s", "errors", "response", "load average (1/5/15 min) before → after"],
  ...results.flatMap((r) =>
    r.routes.map((x) => [
      r.engine,
      x.label,
      ms(x.p50),
      `**${ms(x.p95)}**`,
      ms(x.p99),
      String(x.rps),
      String(x.errors + x.non2xx),
      `${(x.bytes / 1024).toFixed(0)} KiB`,
      x.load,
    ]),
  ),
])}

Goal: p95 under 100 ms for the estate page at this size — ${met ? "met" : "**not met**"} (90-day window: ${estate}). A load
average above the CPU count means other work shared the machine and stretched every time above. What the page
costs and what was done about it: the next section.

Reproduce: \`npm run bench:serve\` (options: \`-- --workspaces N --days D\` for a quick run, which leaves this
file alone; \`-- --engines embedded\`, \`-- --connections 16\`, \`-- --duration 10\`, \`-- --no-docs\`). PostgreSQL
is started on loopback under a temporary directory as the tests start it (initdb/pg_ctl) and removed
afterwards; the bench stops itself after 30 minutes.
`;
  const start = text.indexOf("## Dashboard and API");
  let next: string;
  if (start >= 0) {
    const after = text.indexOf("\n## ", start + 3);
    next = `${text.slice(0, start)}${section}${after >= 0 ? text.slice(after + 1) : ""}`;
  } else next = `${text.trimEnd()}\n\n${section}`;
  await writeFile(path, next);
  console.log(`bench:serve: wrote the figures into ${path}`);
}

stopAfter("bench:serve", 30);
console.log(
  `bench:serve: ${WORKSPACES} workspaces × ${DAYS} days; ${CONNECTIONS} connections × ${DURATION} s per route; engines ${ENGINES.join(", ")}; load average ${uptime()} on ${cpus().length} CPU(s)`,
);
const results: EngineResult[] = [];
for (const engine of ENGINES) results.push(await bench(engine));
if (writeDocs) {
  const { stdout } = await run("git", ["rev-parse", "--short", "HEAD"], { cwd: root }).catch(() => ({ stdout: "?" }));
  await updateDocs(results, stdout.trim());
}
process.exit(0);
