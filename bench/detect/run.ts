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
 * Each format given is measured in turn (default: every layout gen-logs writes, from diagnostic, the
 * storage-account delivery with thousands of hourly files, to parquet).
 *
 * Options: --events N (default 1000000), --formats F,G (default: all seven gen-logs formats), --no-docs,
 * --keep (keep the generated logs), --timeout-minutes M (default 30; the run stops itself after that),
 * --per-detection (after the pack, time each detection alone over the loaded table; not counted in the pack).
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { DEFAULT_DETECTIONS } from "../../src/detect/detections/registry.ts";
import { DEFAULT_MAX_EVENTS, keepPredicate, runDetections } from "../../src/detect/engine.ts";
import { generateAll } from "../../src/detect/generator/generate.ts";
import type { AuditEvent } from "../../src/detect/generator/model.ts";
import { GEN_FORMATS, type GenFormat, LogWriter } from "../../src/detect/generator/writers.ts";
import { EventCache } from "../../src/detect/incremental.ts";
import { listLogFiles } from "../../src/detect/ingest/files.ts";
import { fileList } from "../../src/detect/ingest/formats.ts";
import { ingest, ingestFiles } from "../../src/detect/ingest/ingest.ts";
import { LocalDatabase } from "../../src/detect/local.ts";
import { runDetectSource } from "../../src/detect/run.ts";
import { FileWatermarkStore } from "../../src/detect/state.ts";
import { flag, option, RssSampler, stopAfter, vmHwm } from "../support.ts";
import { type Figures, floorText, load1, mb, s, writeDocsSection } from "./figures.ts";
import { timeEachDetection, timingLines } from "./per-detection.ts";

const root = new URL("../..", import.meta.url).pathname;
const targetEvents = Number(option("--events", "1000000"));
// Every layout gen-logs writes (the goal is per layout), the storage delivery first.
const formats = option("--formats", GEN_FORMATS.join(",")).split(",");
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

/**
 * DuckDB's own reader of a format over a file list, schema auto-detected: `count(*)` over it is the plain
 * scan the pack is compared with.
 */
function plainReader(format: string, files: readonly string[]): string {
  const list = fileList(files);
  switch (format) {
    case "parquet":
      return `read_parquet(${list}, hive_partitioning = false)`;
    case "log-analytics-csv":
      return `read_csv(${list}, header = true, hive_partitioning = false)`;
    case "log-analytics-json":
      // One JSON array of rows per file.
      return `read_json(${list}, format = 'array', hive_partitioning = false)`;
    default:
      return `read_json(${list}, format = 'newline_delimited', hive_partitioning = false)`;
  }
}

/** One plain count(*) over the files with DuckDB's reader of the format (plainReader), fresh instance. */
async function plainScan(format: string, files: string[]): Promise<{ ms: number; cpu: number; rows: number }> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const started = performance.now();
    const cpuStarted = cpuMs();
    const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${plainReader(format, files)}`);
    const ms = performance.now() - started;
    return { ms, cpu: cpuMs() - cpuStarted, rows: Number(reader.getRowsJson()[0]?.[0]) };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/**
 * The floor of the first ingest of diagnostic logs and Event Hub messages, in two parts timed on their own:
 *   - listing the tree the way ingest does (listLogFiles: walk, then check every file);
 *   - one read of every line that extracts only the six fields validity and the detections' scopes need
 *     (time, category, operationName, actionName, serviceName, response), with the load's reader options,
 *     each field counted so that the reader must produce it. Every line is parsed: nothing cheaper can
 *     validate and count every line, so no load can beat this read, and no pack can beat listing + this
 *     read + the detections.
 * Hand-written here (not a mapping of formats.ts) because it is a yardstick, not a load.
 */
async function firstIngestFloor(
  format: "diagnostic" | "eventhub",
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
    const options =
      "format = 'newline_delimited', records = true, ignore_errors = true, hive_partitioning = false, maximum_object_size = 268435456";
    const properties = "STRUCT(actionName VARCHAR, serviceName VARCHAR, response VARCHAR)";
    // Event Hub messages: the same six fields of every record of every message.
    const source =
      format === "diagnostic"
        ? `read_json(${fileList(files)}, ${options}, columns = {time: 'VARCHAR', category: 'VARCHAR', operationName: 'VARCHAR', properties: '${properties}'})`
        : `(SELECT unnest(records) AS r FROM read_json(${fileList(files)}, ${options}, columns = {records: 'STRUCT(time VARCHAR, category VARCHAR, operationName VARCHAR, properties ${properties})[]'}))`;
    const field = (name: string) => (format === "diagnostic" ? name : `r.${name}`);
    const rows = await db.rows(
      `SELECT count(*) AS n, ${["time", "category", "operationName", "properties.actionName", "properties.serviceName", "properties.response"].map((name, i) => `count(${field(name)}) AS c${i}`).join(", ")}
       FROM ${source}`,
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

/**
 * One more hour of traffic after the generated days (the busiest hour of day 1, moved 30 days on), written
 * by gen-logs' own writer of the format under `extra-hour/` of the log directory. Returns how many files
 * and events it wrote.
 */
async function writeExtraHour(format: string, dayMs: number, dir: string): Promise<{ files: number; events: number }> {
  const day = generateAll({ users: 400, days: 2, seed: "bench-hour", attacks: false }).events;
  const hourStart = day[0]!.time - (day[0]!.time % 86_400_000) + 86_400_000 + 10 * 3_600_000;
  const picked: AuditEvent[] = day
    .filter((e) => e.time >= hourStart && e.time < hourStart + 3_600_000)
    .map((e) => ({ ...e, time: dayMs + (e.time - hourStart), requestId: `hour-${e.requestId}` }));
  const writer = new LogWriter(join(dir, "extra-hour"), format as GenFormat);
  try {
    await writer.writeDay(picked, dayMs - (dayMs % 86_400_000));
  } finally {
    await writer.close();
  }
  return { files: writer.stats.files, events: picked.length };
}

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
  const scan1 = await plainScan(format, files);
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
  if (format === "diagnostic" || format === "eventhub") {
    const measured = await firstIngestFloor(format, dir);
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

  const extra = await writeExtraHour(format, Date.parse("2026-12-02T00:00:00Z") + 10 * 3_600_000, dir);
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
  if (hourSource.mode !== "local" || hourSource.files !== extra.files)
    throw new Error(
      `expected ${extra.files} new file(s), read ${hourSource.mode === "local" ? hourSource.files : "none"}`,
    );
  if (hour.document.detections.some((run) => run.status !== "ok")) throw new Error("a detection failed on the hour");
  const hourAlerts = hour.document.alerts.length;
  console.log(
    `  incremental hour (${extra.events.toLocaleString("en-US")} new events, ${manifest.events.toLocaleString("en-US")} of history): ${s(hourMs)}, CPU ${s(hourCpu)} (goal < 1 s: ${hourMs < 1000 ? "met" : "NOT met"})`,
  );
  console.log(
    `  detection pack: ${s(packMs)}, CPU ${s(packCpu)} (load and normalise ${s(loadMs)}, ${DEFAULT_DETECTIONS.length} detections ${s(detectMs)}); ${alerts} alerts, ${detected}/${scenarioCount} scenarios of the pack detected (opt-in ${manifest.scenarios.length - scenarioCount} not run)`,
  );
  const scan2 = await plainScan(format, files);
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

try {
  const results: Figures[] = [];
  for (const format of formats) results.push(await measure(format));
  const hwm = await vmHwm();
  console.log(`\nprocess high-water mark (VmHWM): ${hwm ? mb(hwm) : "n/a"}`);

  if (writeDocs) await writeDocsSection(root, results, { days: DAYS, hwm });
} finally {
  await cleanup();
}
