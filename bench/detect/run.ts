/**
 * Benchmark of the audit-log detections (`npm run bench:detect`). Not part of `npm test`.
 *
 *   1. generates about 1 million events (about 1 GB of JSON lines) with `lakeward gen-logs`, in a child
 *      process, into a temporary directory;
 *   2. times one plain DuckDB `count(*)` scan of the same files;
 *   3. times the whole detection pack the way `lakeward detect --logs` runs it: recognise the files, load
 *      and normalise them into DuckDB, run the default pack (every detection but the opt-in DET-30);
 *   4. times the scan again (so page-cache effects show), samples the resident set size throughout and
 *      reads the high-water mark (VmHWM) at the end;
 *   5. prints the figures and writes them, with the command that reproduces them, into the section
 *      "## Audit-log detections" of docs/performance.md (nothing else in that file is touched).
 *
 * Each format given is measured in turn (default: diagnostic, the storage-account delivery with thousands
 * of hourly files, and system-table-json, a few large files).
 *
 * Options: --events N (default 1000000), --formats F,G (default diagnostic,system-table-json), --no-docs,
 * --keep (keep the generated logs), --timeout-minutes M (default 30; the run stops itself after that),
 * --per-detection (after the pack, time each detection alone over the loaded table; not counted in the pack).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { basename, dirname, join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { DEFAULT_DETECTIONS } from "../../src/detect/detections/registry.ts";
import { markdownTable } from "../../src/detect/docs.ts";
import { DEFAULT_MAX_EVENTS, keepPredicate, runDetections } from "../../src/detect/engine.ts";
import { generateAll } from "../../src/detect/generator/generate.ts";
import type { AuditEvent } from "../../src/detect/generator/model.ts";
import { diagnosticRecord, systemTableRecord } from "../../src/detect/generator/writers.ts";
import { EventCache } from "../../src/detect/incremental.ts";
import { listLogFiles } from "../../src/detect/ingest/files.ts";
import { fileList } from "../../src/detect/ingest/formats.ts";
import { ingest, ingestFiles } from "../../src/detect/ingest/ingest.ts";
import { LOCAL_QUERY_CONCURRENCY, LocalDatabase } from "../../src/detect/local.ts";
import { runDetectSource } from "../../src/detect/run.ts";
import { FileWatermarkStore } from "../../src/detect/state.ts";
import { flag, option, RssSampler, stopAfter, vmHwm } from "../support.ts";
import { timeEachDetection, timingLines } from "./per-detection.ts";

const root = new URL("../..", import.meta.url).pathname;
const targetEvents = Number(option("--events", "1000000"));
const formats = option("--formats", "diagnostic,system-table-json").split(",");
const writeDocs = !flag("--no-docs");
const keep = flag("--keep");
const perDetection = flag("--per-detection");
const timeoutMinutes = Number(option("--timeout-minutes", "30"));
const DAYS = 30;

stopAfter("bench:detect", timeoutMinutes);

const rss = new RssSampler();

async function filesUnder(dir: string): Promise<{ files: string[]; bytes: number }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && !e.name.startsWith("lakeward-"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  let bytes = 0;
  for (const file of files) bytes += (await stat(file)).size;
  return { files, bytes };
}

/**
 * CPU time of this process so far, ms (user + system, every thread: DuckDB's workers run in this process).
 * Printed beside wall times: on a shared machine the wall time stretches with the load, CPU time much less.
 */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One plain count(*) over the files with DuckDB's JSON reader (schema auto-detected), fresh instance. */
async function plainScan(files: string[]): Promise<{ ms: number; cpu: number; rows: number }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const started = performance.now();
    const cpuStarted = cpuMs();
    const reader = await connection.runAndReadAll(
      `SELECT count(*) AS n FROM read_json(${fileList(files)}, format = 'newline_delimited', hive_partitioning = false)`,
    );
    const ms = performance.now() - started;
    return { ms, cpu: cpuMs() - cpuStarted, rows: Number(reader.getRowsJson()[0]?.[0]) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The floor of the first ingest of diagnostic logs, in two parts timed on their own:
 *   - listing the tree the way ingest does (listLogFiles: walk, then check every file);
 *   - one read of every line that extracts only the six fields validity and the detections' scopes need
 *     (time, category, operationName, actionName, serviceName, response), with the load's reader options,
 *     each field counted so that the reader must produce it. Every line is parsed: nothing cheaper can
 *     validate and count every line, so no load can beat this read, and no pack can beat listing + this
 *     read + the detections.
 * Hand-written here (not a mapping of formats.ts) because it is a yardstick, not a load.
 */
async function diagnosticFloor(
  dir: string,
): Promise<{ listMs: number; listCpu: number; readMs: number; readCpu: number; rows: number }> {
  const listStarted = performance.now();
  const listCpuStarted = cpuMs();
  const files = (await listLogFiles([dir], [], []))
    .map((entry) => entry.file)
    // As filesUnder: the gen-logs manifest (lakeward-scenarios.json) is no log; ingest skips it too.
    .filter((file) => !basename(file).startsWith("lakeward-"));
  const listMs = performance.now() - listStarted;
  const listCpu = cpuMs() - listCpuStarted;
  const db = await LocalDatabase.open();
  try {
    const readStarted = performance.now();
    const readCpuStarted = cpuMs();
    const rows = await db.rows(
      `SELECT count(*) AS n, count(time) AS t, count(category) AS c, count(operationName) AS o, count(properties.actionName) AS a, count(properties.serviceName) AS s, count(properties.response) AS r
       FROM read_json(${fileList(files)}, format = 'newline_delimited', records = true, ignore_errors = true, hive_partitioning = false, maximum_object_size = 268435456,
         columns = {time: 'VARCHAR', category: 'VARCHAR', operationName: 'VARCHAR', properties: 'STRUCT(actionName VARCHAR, serviceName VARCHAR, response VARCHAR)'})`,
    );
    return {
      listMs,
      listCpu,
      readMs: performance.now() - readStarted,
      readCpu: cpuMs() - readCpuStarted,
      rows: Number(rows[0]?.n ?? 0),
    };
  } finally {
    db.close();
  }
}

/** Events the cache file holds (read after a timed run, so not part of its time). */
async function cacheSize(file: string): Promise<number> {
  const db = await LocalDatabase.open();
  try {
    return await (await EventCache.attach(db, file)).size();
  } finally {
    db.close();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load1 = () => loadavg()[0]!.toFixed(1);

interface Figures {
  format: string;
  users: number;
  events: number;
  files: number;
  bytes: number;
  scan1: number;
  scan2: number;
  /** CPU time of the scans, the pack, (a) and (b), ms. */
  scanCpu: number;
  packCpu: number;
  cachedCpu: number;
  hourCpu: number;
  /** 1-minute load average when the format's measurements started and ended. */
  loadBefore: string;
  loadAfter: string;
  pack: number;
  load: number;
  detect: number;
  ratio: number;
  peak: number;
  alerts: number;
  detected: number;
  scenarios: number;
  /** The pack over already-ingested data (the event cache): open, detect. */
  cached: number;
  cachedEvents: number;
  /** diagnostic only: the floor of a first ingest (diagnosticFloor), ms. */
  floor?: { listMs: number; listCpu: number; readMs: number; readCpu: number };
  /** One more hour of logs after the history: list, read the new file, add to the cache, judge, dedupe. */
  hour: number;
  hourEvents: number;
  hourAlerts: number;
}

/** One more hour of traffic after the generated days: the busiest hour of day 1, moved 30 days on. */
function extraHour(format: string, dayMs: number): { path: string; text: string; events: number } {
  const day = generateAll({ users: 400, days: 2, seed: "bench-hour", attacks: false }).events;
  const hourStart = day[0]!.time - (day[0]!.time % 86_400_000) + 86_400_000 + 10 * 3_600_000;
  const picked: AuditEvent[] = day
    .filter((e) => e.time >= hourStart && e.time < hourStart + 3_600_000)
    .map((e) => ({ ...e, time: dayMs + (e.time - hourStart), requestId: `hour-${e.requestId}` }));
  const date = new Date(dayMs).toISOString();
  if (format === "diagnostic")
    return {
      path: `insights-logs-extra/resourceId=/X/y=${date.slice(0, 4)}/m=${date.slice(5, 7)}/d=${date.slice(8, 10)}/h=10/m=00/PT1H.json`,
      text: `${picked.map((e) => JSON.stringify(diagnosticRecord(e))).join("\n")}\n`,
      events: picked.length,
    };
  return {
    path: `system.access.audit/event_date=${date.slice(0, 10)}/part-00001.json`,
    text: `${picked.map((e) => JSON.stringify(systemTableRecord(e))).join("\n")}\n`,
    events: picked.length,
  };
}

/** "Met for every format measured." or which formats meet a ≤ 2× ratio and which do not. */
function verdict(results: readonly Figures[], ratio: (r: Figures) => number): string {
  const met = results.filter((r) => ratio(r) <= 2).map((r) => `${r.format} ${ratio(r).toFixed(2)}×`);
  const missed = results.filter((r) => ratio(r) > 2).map((r) => `${r.format} ${ratio(r).toFixed(2)}×`);
  if (!missed.length) return `met for every format measured (${met.join(", ")}).`;
  return `met for ${met.join(", ") || "no format"}; **not met** for ${missed.join(", ")}.`;
}

/** The floor figures of the formats that have them, for the docs: " (diagnostic: …)". */
function floorLines(results: readonly Figures[]): string {
  const lines = results.flatMap((r) =>
    r.floor ? [`${r.format}: ${floorText(r.floor, (r.scan1 + r.scan2) / 2, r.detect)}`] : [],
  );
  return lines.length ? ` (${lines.join("; ")})` : " (not measured: no diagnostic run)";
}

/** (a) against the same plain scan of the raw files as the pack: the yardstick of the ≤ 2× goal. */
const cachedRatio = (r: Figures) => r.cached / ((r.scan1 + r.scan2) / 2);

const dirs: string[] = [];
const cleanup = async () => {
  if (!keep) for (const dir of dirs) await rm(dir, { recursive: true, force: true });
};
process.once("SIGINT", () => {
  void cleanup().then(() => process.exit(130));
});

async function measure(format: string): Promise<Figures> {
  const dir = await mkdtemp(join(tmpdir(), `lakeward-bench-detect-${format}-`));
  dirs.push(dir);
  // Calibrate: events per user over DAYS days, from a small in-memory sample.
  const sample = generateAll({ users: 20, days: DAYS, seed: "bench", attacks: false }).events.length / 20;
  // 2% over, so that the run reaches the target (days with fewer working days vary a little).
  const users = Math.max(12, Math.ceil((targetEvents / sample) * 1.02));
  console.log(
    `\n[${format}] generating ~${targetEvents.toLocaleString("en-US")} events: ${users} users × ${DAYS} days…`,
  );
  const genStarted = performance.now();
  const gen = spawnSync(
    process.execPath,
    [
      join(root, "bin/lakeward.js"),
      "gen-logs",
      "--users",
      String(users),
      "--days",
      String(DAYS),
      "--format",
      format,
      "--seed",
      "bench",
      "--out",
      dir,
      "-q",
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (gen.status !== 0) throw new Error(`gen-logs failed: ${gen.stdout}`);
  const genMs = performance.now() - genStarted;
  const manifest = JSON.parse(await readFile(join(dir, "lakeward-scenarios.json"), "utf8")) as {
    events: number;
    scenarios: { detection: string; principal: string }[];
  };
  const { files, bytes } = await filesUnder(dir);
  console.log(
    `  ${manifest.events.toLocaleString("en-US")} events, ${files.length} files, ${mb(bytes)} in ${s(genMs)}`,
  );

  const loadBefore = load1();
  const scan1 = await plainScan(files);
  console.log(
    `  plain count(*) scan: ${s(scan1.ms)}, CPU ${s(scan1.cpu)} (${scan1.rows.toLocaleString("en-US")} rows; load ${loadBefore})`,
  );

  rss.reset();
  const packStarted = performance.now();
  const packCpuStarted = cpuMs();
  const db = await LocalDatabase.open();
  let loadMs = 0;
  let detectMs = 0;
  let alerts = 0;
  let detected = 0;
  let scenarioCount = 0;
  let excludedMs = 0;
  let excludedCpu = 0;
  try {
    const report = await ingest(db, [dir], { keep: keepPredicate() });
    loadMs = performance.now() - packStarted;
    const detectStarted = performance.now();
    const result = await runDetections(db.executor());
    detectMs = performance.now() - detectStarted;
    const failed = result.runs.filter((run) => run.status !== "ok");
    if (failed.length) throw new Error(`detections failed: ${failed.map((r) => `${r.id}: ${r.error}`).join("; ")}`);
    if (report.events !== manifest.events) throw new Error(`loaded ${report.events} of ${manifest.events} events`);
    alerts = result.alerts.length;
    // The pack is the default one: opt-in detections (DET-30) are not run, so their scenarios are not
    // counted here (test/detect/generated.test.ts raises every scenario, opt-in ones too, on both layouts).
    // Counting all 30 against 29 detections printed "29/30" and hid whether a real miss was among them.
    const inPack = new Set(DEFAULT_DETECTIONS.map((d) => d.meta.id));
    const packScenarios = manifest.scenarios.filter((sc) => inPack.has(sc.detection));
    const missed = packScenarios.filter(
      (sc) => !result.alerts.some((a) => a.detectionId === sc.detection && a.principal === sc.principal),
    );
    if (missed.length)
      throw new Error(
        `scenarios missed by the pack: ${missed.map((sc) => `${sc.detection} (${sc.principal})`).join(", ")}`,
      );
    detected = packScenarios.length;
    scenarioCount = packScenarios.length;
    if (perDetection) {
      // Timed apart and left out of the pack's figures.
      const started = performance.now();
      const cpuStarted = cpuMs();
      for (const line of timingLines(await timeEachDetection(db, DEFAULT_DETECTIONS))) console.log(line);
      excludedMs = performance.now() - started;
      excludedCpu = cpuMs() - cpuStarted;
    }
  } finally {
    db.close();
  }
  const packMs = performance.now() - packStarted - excludedMs;
  const packCpu = cpuMs() - packCpuStarted - excludedCpu;
  const peak = rss.peak;

  // Before the extra hour is written, so that the floor reads the same files as the scans and the pack.
  let floor: Figures["floor"];
  if (format === "diagnostic") {
    const measured = await diagnosticFloor(dir);
    if (measured.rows !== manifest.events)
      throw new Error(`the floor read ${measured.rows} of ${manifest.events} events`);
    floor = measured;
  }

  // (a) and (b): ingest once into the event cache, then the pack over the cache, then one more hour.
  // Beside the logs, not among them (a run lists the log directory).
  const cacheFile = `${dir}.events.duckdb`;
  dirs.push(cacheFile, `${cacheFile}.wal`);
  {
    const db = await LocalDatabase.open();
    try {
      const cache = await EventCache.attach(db, cacheFile);
      const listed = await listLogFiles([dir], [], []);
      await ingestFiles(db, await cache.changed(listed), { keep: keepPredicate() });
      await cache.absorb(listed);
      await cache.detach();
    } finally {
      db.close();
    }
  }
  // (a) and (b) run as `lakeward detect` runs them (runDetectSource, src/detect/run.ts).
  const cachedStarted = performance.now();
  const cachedCpuStarted = cpuMs();
  const cached = await runDetectSource(
    { kind: "logs", paths: [], cacheFile },
    { detections: DEFAULT_DETECTIONS, thresholds: {}, window: {}, maxEvents: DEFAULT_MAX_EVENTS },
  );
  const cachedMs = performance.now() - cachedStarted;
  const cachedCpu = cpuMs() - cachedCpuStarted;
  if (cached.document.detections.some((run) => run.status !== "ok")) throw new Error("a detection failed on the cache");
  if (cached.document.alerts.length !== alerts)
    throw new Error(`the pack over the cache raised ${cached.document.alerts.length} alerts, over the files ${alerts}`);
  const cachedEvents = await cacheSize(cacheFile);
  console.log(
    `  pack over the event cache (${cachedEvents.toLocaleString("en-US")} events): ${s(cachedMs)}, CPU ${s(cachedCpu)}`,
  );

  const extra = extraHour(format, Date.parse("2026-12-02T00:00:00Z") + 10 * 3_600_000);
  await mkdir(dirname(join(dir, extra.path)), { recursive: true });
  await writeFile(join(dir, extra.path), extra.text);
  const stateFile = `${dir}.state.json`;
  dirs.push(stateFile);
  const hourStarted = performance.now();
  const hourCpuStarted = cpuMs();
  const hour = await runDetectSource(
    { kind: "logs", paths: [dir], cacheFile },
    {
      detections: DEFAULT_DETECTIONS,
      thresholds: {},
      window: {},
      maxEvents: DEFAULT_MAX_EVENTS,
      watermarks: new FileWatermarkStore(stateFile),
    },
  );
  const hourMs = performance.now() - hourStarted;
  const hourCpu = cpuMs() - hourCpuStarted;
  const hourSource = hour.document.source;
  if (hourSource.mode !== "local" || hourSource.files !== 1)
    throw new Error(`expected one new file, read ${hourSource.mode === "local" ? hourSource.files : "none"}`);
  if (hour.document.detections.some((run) => run.status !== "ok")) throw new Error("a detection failed on the hour");
  const hourAlerts = hour.document.alerts.length;
  console.log(
    `  incremental hour (${extra.events.toLocaleString("en-US")} new events, ${manifest.events.toLocaleString("en-US")} of history): ${s(hourMs)}, CPU ${s(hourCpu)} (goal < 1 s: ${hourMs < 1000 ? "met" : "NOT met"})`,
  );
  console.log(
    `  detection pack: ${s(packMs)}, CPU ${s(packCpu)} (load and normalise ${s(loadMs)}, ${DEFAULT_DETECTIONS.length} detections ${s(detectMs)}); ${alerts} alerts, ${detected}/${scenarioCount} scenarios of the pack detected (opt-in ${manifest.scenarios.length - scenarioCount} not run)`,
  );
  const scan2 = await plainScan(files);
  const loadAfter = load1();
  console.log(`  plain count(*) scan again: ${s(scan2.ms)}, CPU ${s(scan2.cpu)} (load ${loadAfter})`);
  const cachedToScan = cachedMs / ((scan1.ms + scan2.ms) / 2);
  console.log(
    `  ratio pack over the event cache / scan: ${cachedToScan.toFixed(2)}× (target ≤ 2×: ${cachedToScan <= 2 ? "met" : "NOT met"})`,
  );
  const ratio = packMs / ((scan1.ms + scan2.ms) / 2);
  console.log(
    `  ratio pack / scan: ${ratio.toFixed(2)}× (target ≤ 2×: ${ratio <= 2 ? "met" : "NOT met"}) · peak RSS during the pack ${mb(peak)}`,
  );
  if (floor)
    console.log(
      `  floor of a first ingest: ${floorText(floor, (scan1.ms + scan2.ms) / 2, detectMs).replaceAll("**", "")}`,
    );
  if (!keep) await rm(dir, { recursive: true, force: true });
  return {
    format,
    users,
    events: manifest.events,
    files: files.length,
    bytes,
    scan1: scan1.ms,
    scan2: scan2.ms,
    scanCpu: (scan1.cpu + scan2.cpu) / 2,
    packCpu,
    cachedCpu,
    hourCpu,
    loadBefore,
    loadAfter,
    pack: packMs,
    load: loadMs,
    detect: detectMs,
    ratio,
    peak,
    alerts,
    detected,
    scenarios: scenarioCount,
    cached: cachedMs,
    cachedEvents,
    hour: hourMs,
    hourEvents: extra.events,
    hourAlerts,
    ...(floor ? { floor } : {}),
  };
}

type Floor = NonNullable<Figures["floor"]>;

/** listing + the six-field read + the detections of this run: no pack over these raw files can take less. */
const floorMs = (f: Floor, detectMs: number) => f.listMs + f.readMs + detectMs;

/** The floor's figures in one line (console and docs); `scanMs` is the mean of the two scans. */
function floorText(f: Floor, scanMs: number, detectMs: number): string {
  return `listing ${s(f.listMs)} (CPU ${s(f.listCpu)}); one read of every line extracting only the six fields validity and the scopes need ${s(f.readMs)} (CPU ${s(f.readCpu)}, ${(f.readMs / scanMs).toFixed(2)}× the scan); listing + that read + this run's detections ${s(floorMs(f, detectMs))} = **${(floorMs(f, detectMs) / scanMs).toFixed(2)}×** the scan`;
}

try {
  const results: Figures[] = [];
  for (const format of formats) results.push(await measure(format));
  const hwm = await vmHwm();
  console.log(`\nprocess high-water mark (VmHWM): ${hwm ? mb(hwm) : "n/a"}`);

  if (writeDocs) {
    const duckdb = JSON.parse(await readFile(join(root, "node_modules/@duckdb/node-api/package.json"), "utf8")).version;
    let commit = "";
    try {
      commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    } catch {
      commit = "unknown";
    }
    const table = markdownTable(
      [
        "format",
        "input",
        "load (1 min, before / after)",
        "plain `count(*)` scan (before / after; mean CPU)",
        "whole detection pack",
        "pack / scan",
        "peak RSS during the pack",
        "result",
        "(a) pack over the event cache",
        "(b) one more hour, incremental",
      ],
      results.map((r) => [
        r.format,
        `${r.events.toLocaleString("en-US")} events, ${r.files.toLocaleString("en-US")} files, ${mb(r.bytes)}`,
        `${r.loadBefore} / ${r.loadAfter}`,
        `${s(r.scan1)} / ${s(r.scan2)}; CPU ${s(r.scanCpu)}`,
        `**${s(r.pack)}** (load ${s(r.load)}, detections ${s(r.detect)}); CPU ${s(r.packCpu)}`,
        `**${r.ratio.toFixed(2)}×** ${r.ratio <= 2 ? "(met)" : "(not met)"}`,
        mb(r.peak),
        `${r.alerts} alerts, ${r.detected}/${r.scenarios} scenarios`,
        `${s(r.cached)}, CPU ${s(r.cachedCpu)} (${r.cachedEvents.toLocaleString("en-US")} cached events; **${cachedRatio(r).toFixed(2)}×** the scan ${cachedRatio(r) <= 2 ? "(met)" : "(not met)"})`,
        `**${s(r.hour)}**, CPU ${s(r.hourCpu)} (${r.hourEvents.toLocaleString("en-US")} new events) ${r.hour < 1000 ? "(met)" : "(not met)"}`,
      ]),
    );
    const section = `## Audit-log detections

Measured by \`npm run bench:detect\` (bench/detect/run.ts) on ${new Date().toISOString().slice(0, 10)}, commit ${commit}:
${cpus().length} CPU(s) (${cpus()[0]?.model ?? "unknown"}), ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.version}, @duckdb/node-api ${duckdb}.
Input: \`lakeward gen-logs --users ${results[0]?.users} --days ${DAYS}\` (about 1 million events with one attack scenario per detection), once per format.

${table.join("\n")}

Process high-water mark (VmHWM) over the whole run, generation excluded (it runs in a child process): ${hwm ? mb(hwm) : "n/a"}.
Load average at the end of the run: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(" / ")} (1 / 5 / 15 min) on ${cpus().length} CPU(s). A load far above the CPU count means other work
shared the machine and every time above is stretched by it; compare the ratios, which share the stretch.

- **(a) Pack over the event cache** = \`lakeward detect --cache FILE\` on data ingested before: open a fresh
  DuckDB, attach the cache file (the normalised events of the detections' scopes), run the default pack
  (the same call as the command, \`runDetectSource\` in src/detect/run.ts; its alerts must equal the pack's
  over the files). Compared with the plain scan of the raw files. It is what every run after the first costs when nothing
  new arrived but the pack is wanted over the whole history.
- **(b) One more hour, incremental** = \`lakeward detect --logs DIR --state FILE\` after the history is in
  the cache, called as the command calls it: list the whole log tree (while DuckDB opens and the cache's
  file list is read) and compare every file with the cache's sizes and times, read the one
  new hourly file (the busiest hour of a working day, about 5,500 events), add its events to the cache
  without duplicates, and run each detection over its own lookback (its window and UTC day, twice the
  baseline for DET-03/09), then leave out alerts raised before and write the state file. Goal: under 1 s
  at 1 million events of history.

- **Whole detection pack** = what \`lakeward detect --logs\` does: list and recognise the files, read every line
  (each is parsed, validated and counted, bad lines located), normalise the events some detection can use
  (the union of the detections' scopes, about 18% of this traffic with the 29 detections) into one in-memory table, run the ${DEFAULT_DETECTIONS.length} detections of the default pack,
  ${LOCAL_QUERY_CONCURRENCY} at a time on their own connections (\`LOCAL_QUERY_CONCURRENCY\`, src/detect/local.ts).
- **CPU** = user and system time of the benchmark process over the same span (DuckDB's worker threads run in
  it). On a shared machine wall times stretch with the load and CPU times much less, so a run under load
  still shows where the work goes; the load column says how shared the machine was.
- **Plain scan** = \`SELECT count(*) FROM read_json([files], format = 'newline_delimited')\` in a fresh DuckDB
  instance, schema auto-detected, file list given (so its time excludes listing the directories).
- **Target ≤ 2×**, both ratios against the same plain \`count(*)\` scan of the raw files of that layout.
  The whole pack from raw files (first ingest): ${verdict(results, (r) => r.ratio)} The pack over
  already-ingested data ((a), what every later run costs): ${verdict(results, cachedRatio)} Why
  the formats differ: for diagnostic logs DuckDB's auto-detection reads \`identity\`, \`requestParams\` and
  \`response\` as raw JSON (they are sometimes strings), so its \`count(*)\` only has to tokenise each line,
  while the pack must also extract fields of every line, turn times, actions and statuses into values and
  judge each line against the detections' scopes — and storage delivery spreads the data over thousands of
  hourly files in some 16,000 directories, which the pack must list. For system-table JSON the
  auto-detected schema is nested structs, which costs the scan as much as the pack's whole normalisation.
  The pushdown path (\`--warehouse\`) is not benchmarked here: it runs on the warehouse's compute.
- **Floor of a first ingest of diagnostic logs**, measured by this run${floorLines(results)}. No load of
  these files can take less than that read: every line must be parsed to be validated and counted, and
  DuckDB has no reader that gets a line's text for less than parsing it. Listing could overlap the read
  only where a core is idle, and the read keeps both busy. So the pack with these detections cannot take
  less than listing + that read + the detections, and **2× is out of reach for this layout** on this
  machine while the detections alone take more than the scan. Measured on 2026-12-03 at 1,006,250 events (7,880 files, 887 MiB; load 1.3, wall / CPU):
  the scan 0.67–0.74 s / 1.13–1.21 s; the six-field read 0.80–0.92 s / 1.39–1.61 s; the raw text of every
  line (\`read_json_objects\`, which parses each line to find it) 0.72–0.84 s / 1.25–1.45 s, so a text
  prefilter starts at the scan's cost: with \`json_valid\` over every line 1.11–1.20 s / 1.99–2.13 s, with
  two \`contains\` tests 1.02–1.09 s / 1.84–1.94 s — both more than extracting the six fields in the
  reader, before any kept line is parsed; \`read_json(records = false)\` as VARCHAR 0.82–1.07 s / 1.47–1.94 s;
  \`read_csv\` with one VARCHAR column and no quote or escape 2.44–2.52 s / 3.75–3.86 s; \`read_text\` alone
  0.90–0.98 s (it reads on one thread), with \`string_split\` into lines 4.2–7.3 s. The load with 4 DuckDB threads instead of 2: 2.99–3.33 s
  against 2.58–3.25 s. Also without gain (on a 1,018,139-event set of the same generator): DuckDB's own
  \`glob\` over the tree (0.38–0.65 s against the walk's 0.39–0.50 s), turning off DuckDB's IN-clause rewrite, and (an upper bound, measured with the keep verdict of
  every (service, action, status) known in advance) judging the scope predicate once per distinct triple
  instead of per row: about 7% of the load's CPU. Where the load's time goes (same set, EXPLAIN ANALYZE
  on one thread, 3.6 s): the reader 1.8 s (the six fields alone 1.35 s: \`identity\`, \`requestParams\` and
  the ids are produced for every line, as the reader cannot know which lines will be kept), the time,
  action and status columns 0.3 s, the scope predicate 0.65 s, storing the kept rows 0.4 s.
- **The detections' time** (2026-12-04, \`--per-detection\` prints each detection run alone over the loaded
  table, best of 3 by CPU). Cut, alerts identical (the same 33 on the 1,006,250 events, the pushdown parity
  test unchanged): the \`events\` CTE is inlined in DuckDB (it materialized every column of the scoped events
  for a detection that reads it twice: most of DET-03's time); a burst's row identity is numbered without a
  sort in DuckDB (\`row_number() OVER ()\` in a materialized CTE; an ordered window without PARTITION BY runs on
  one thread: most of DET-02's time; Databricks SQL keeps the ordered number); DET-25 counts each
  (principal, day, workspace) once before its distinct count and list; DET-03's new-address test is
  \`NOT EXISTS\` (DuckDB built the LEFT JOIN's hash table over every recent sign-in); the keep predicate judges
  each distinct scope once (DET-02, DET-03 and DET-25 share one). Alone, CPU at load 7–9: DET-02 0.28 → 0.18 s,
  DET-03 0.28 → 0.22 s (then 0.16 s with \`NOT EXISTS\`), the sum of the 29 1.39 → 1.26 s before the DET-03 and
  DET-25 rewrites. After all of them (bench at 5808fde, \`--formats diagnostic --per-detection\`, load 5.7–6.4,
  so every wall figure is stretched): the sum alone 0.80 s wall, 1.11 s CPU; the three over successful
  sign-ins (115,000 of the 183,000 kept events) DET-02 0.18 s, DET-25 0.17 s, DET-03 0.16 s of CPU, every
  other detection under 0.06 s and 26 of them 0.60 s together; the pack 5.06 s (load 4.09 s, detections
  0.94 s), CPU 5.72 s (6.11 s at d6f69f1), **4.67×** the scan (1.21 s / 0.96 s at that load): **not met**.
  Tried without gain: DET-25's sign-ins read twice instead of stored (CPU 0.16–0.35 s against
  0.16–0.22 s); numbering a burst's rows within (key, second) instead of globally (no CPU difference at
  load 3–5). Not done: one statement tagging the single-event detections (those built on \`eventAlerts\`) —
  each takes 0.006–0.03 s of CPU alone, so it could save little more than a tenth of a second.
- What bounds diagnostic logs, measured before (2-core machine, 1 million events, best of several runs;
  the scan 0.47–0.55 s, 0.8 s of CPU): listing the directories 0.13–0.15 s; reading just the six
  fields 0.62 s, 1.1 s of CPU; reading every field the table needs 0.8 s; times, actions, statuses and the
  scope predicate about 0.3 s more. Tried without gain then: collecting the kept rows per file with
  \`list()\` or grouping them on a sequence (both slower than counting the rejected rows in the filter).
- CPU accounting with the 29 detections (1,006,250 events, CPU time, which a loaded machine stretches far
  less than wall time): the scan 0.85 s; listing the 16,500 directories and 7,880 files 0.25–0.35 s;
  reading only time and action 1.0–1.1 s (JSON parsing is the floor: the status code parse adds about
  0.05 s); the whole load 2.4–2.9 s, of which storing the rows and the compaction about 1.3 s (measured
  while the ~824,000 rejected rows were stored as NULLs and the table rebuilt; they are now counted and
  never stored, see the table for the load's CPU now); the detections 1.1–1.3 s over 183,000 kept events. About 4.2 s of CPU against the scan's 0.85 s: with both
  cores busy all the time that is still at least 2.1 s of wall time, about 3.5× the scan's 0.6 s, so the
  2× goal is met by the runs that read the event cache ((a), and (b) for new hours), not by the first
  ingest of raw diagnostic files. The incremental hour is about 1 s of CPU: listing the tree 0.35 s, the detections 0.45–0.6 s
  (two at a time), reading the new file, adding it to the cache and the rest 0.15 s. Not done: skipping
  directories whose modification time is unchanged — blobfuse and other object-store mounts do not update
  a directory's time when a blob appears under it, so a new hour could be missed without a word.
- What made it fast: reading all files of a format in one DuckDB statement with explicit columns;
  \`preserve_insertion_order = false\` (halved load time and memory); computing identity, parameters and
  other heavy columns only for events a detection can use, and storing nothing of the others: they are
  counted by a sequence in the ELSE branch of the load's filter and dropped before any heavy column is
  computed (before, they were stored as rows of NULLs and the table rebuilt without them, and deleting
  them instead left a table of mostly deleted rows that slowed every detection); reading diagnostic
  \`identity\`, \`requestParams\` and \`response\` as text, which unwraps the JSON strings in the reader and
  leaves one parse per value; a fast path for \`…Z\` timestamps (the time-zone-aware cast cost about 1.3 s
  per million rows); a directory walk that keeps several listings in flight (about 1.6× faster than one
  synchronous readdir after another over thousands of hourly directories); sliding windows joined on
  window-sized buckets.

Reproduce: \`npm run bench:detect\` (options: \`-- --events 200000\`, \`-- --formats diagnostic\`, \`-- --keep\` to keep
the generated logs, \`-- --no-docs\` to leave this file alone, \`-- --per-detection\` to print each detection's time alone). It generates the logs into temporary
directories, deletes them as it goes, and stops itself after 30 minutes.
`;
    const docs = join(root, "docs/performance.md");
    let text = "";
    try {
      text = await readFile(docs, "utf8");
    } catch {
      text = "# Performance\n\nMeasured figures and how to reproduce them.\n";
    }
    const start = text.indexOf("## Audit-log detections");
    if (start >= 0) {
      const next = text.indexOf("\n## ", start + 3);
      text = `${text.slice(0, start)}${section}${next >= 0 ? `\n${text.slice(next + 1)}` : ""}`;
    } else {
      text = `${text.trimEnd()}\n\n${section}`;
    }
    await writeFile(docs, text.replace(/\n{3,}/g, "\n\n"));
    console.log("wrote docs/performance.md (section Audit-log detections)");
  }
} finally {
  await cleanup();
}
