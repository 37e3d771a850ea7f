/**
 * One detect run over one source — log files on embedded DuckDB, or system.access.audit through a SQL
 * warehouse — with or without a watermark. `lakeward detect` and `lakeward serve`'s detect schedules both
 * call this, so the incremental rules (read only new or grown files, judge each detection over its own
 * lookback before the new events, raise each alert once) are one implementation.
 *
 * The watermark is returned, not written, when the caller asks (`deferMark`): serve writes it in the
 * transaction that records the run's alerts, so a run killed half-way neither loses nor repeats one.
 */
import { resolve } from "node:path";
import { InputError } from "../errors.ts";
import type { AlertsDocument } from "./alerts.ts";
import type { Detection } from "./detections/types.ts";
import { SYSTEM_AUDIT_TABLE, type TimeWindow } from "./dialect.ts";
import { type Executor, keepPredicate, runDetections, type ThresholdOverrides } from "./engine.ts";
import { EventCache, incrementalWindows, newAlerts } from "./incremental.ts";
import { type LogFile, listLogFiles } from "./ingest/files.ts";
import type { LogFormat } from "./ingest/formats.ts";
import { type IngestProblem, ingestFiles } from "./ingest/ingest.ts";
import { LocalDatabase } from "./local.ts";
import { buildAlertsDocument } from "./render.ts";
import { sourceIdOf, type Watermark, type WatermarkStore } from "./state.ts";
import { WarehouseExecutor, type WarehouseOptions } from "./warehouse.ts";

/** How late system.access.audit rows may arrive after their event time: re-read that much before the mark. */
export const WAREHOUSE_LATENESS_MS = 2 * 3_600_000;

/** "2026-11-01", an ISO time, or a duration back from now: "30d", "12h", "90m". */
export function parseTime(value: string, option: string, now = Date.now()): number {
  const relative = /^(\d+)([dhm])$/.exec(value.trim());
  if (relative) {
    const unit = relative[2] === "d" ? 86_400_000 : relative[2] === "h" ? 3_600_000 : 60_000;
    return now - Number(relative[1]) * unit;
  }
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms))
    throw new InputError(
      `${option} ${value}: not a time`,
      "Give a date (2026-11-01), an ISO time, or a duration such as 30d or 12h.",
    );
  return ms;
}

export type DetectSource =
  | { kind: "logs"; paths: readonly string[]; format?: LogFormat; cacheFile?: string }
  | { kind: "warehouse"; warehouse: WarehouseOptions };

export interface DetectRunOptions {
  detections: readonly Detection[];
  thresholds: ThresholdOverrides;
  window: TimeWindow;
  maxEvents: number;
  /** Incremental: where the source's watermark is read (and written, unless deferMark). */
  watermarks?: WatermarkStore;
  /** Return the new watermark instead of writing it (the caller writes it with the run). */
  deferMark?: boolean;
  progress?: (message: string) => void;
  /** Ingest problems as they are found (the CLI prints the first ones). */
  onProblems?: (problems: readonly IngestProblem[]) => void;
  now?: () => number;
}

export interface DetectRunResult {
  document: AlertsDocument;
  /** The watermark to write (only with deferMark, and only when every detection ran). */
  mark?: { sourceId: string; mark: Watermark };
}

export async function runDetectSource(source: DetectSource, options: DetectRunOptions): Promise<DetectRunResult> {
  return source.kind === "logs" ? runLocal(source, options) : runWarehouse(source.warehouse, options);
}

async function runLocal(
  source: Extract<DetectSource, { kind: "logs" }>,
  options: DetectRunOptions,
): Promise<DetectRunResult> {
  const { detections, thresholds, window, maxEvents, watermarks: store } = options;
  const progress = options.progress ?? (() => {});
  const now = options.now ?? Date.now;
  const started = now();
  const problems: IngestProblem[] = [];
  const skipped: string[] = [];
  // The directory walk (storage delivery has a directory per hour: thousands) runs while DuckDB opens, the
  // cache is attached and its file list read. The handler only marks the rejection as handled until the
  // listing is awaited below, where a missing path still fails the run.
  const listing: Promise<LogFile[]> = source.paths.length
    ? listLogFiles(source.paths, problems, skipped)
    : Promise.resolve([]);
  listing.catch(() => {});
  const db = await LocalDatabase.open();
  try {
    const cacheFile = source.cacheFile;
    const cache = cacheFile ? await EventCache.attach(db, resolve(cacheFile)) : undefined;
    // With a cache, only the files it does not hold as they are now.
    const toRead = cache ? await cache.changed(listing) : await listing;
    const listed = await listing;
    if (cache) progress(`${toRead.length} of ${listed.length} file(s) new or changed since the cache was written`);
    const report = await ingestFiles(
      db,
      toRead,
      { keep: keepPredicate(detections), ...(source.format ? { format: source.format } : {}), onProgress: progress },
      { problems, skipped },
    );
    const read = new Set(report.files.map((entry) => entry.file));
    const absorbed = cache ? await cache.absorb(toRead.filter((entry) => read.has(entry.file))) : undefined;
    const sourceId = sourceIdOf(
      "logs",
      source.paths.map((path) => resolve(path)).concat(cacheFile ? [resolve(cacheFile)] : []),
    );
    const previous = store ? await store.get(sourceId) : undefined;
    // Incremental: each detection reads its lookback before the first new event; nothing new, nothing to judge.
    const windows =
      store && absorbed
        ? incrementalWindows(detections, absorbed.firstMs ?? now(), thresholds, window.untilMs)
        : undefined;
    progress(
      `loaded ${report.events.toLocaleString("en-US")} events in ${((now() - started) / 1000).toFixed(1)}s${report.badLines ? `; ${report.badLines} bad line(s) skipped` : ""}`,
    );
    options.onProblems?.(report.problems);
    // Several detections at once, each on its own connection (LOCAL_QUERY_CONCURRENCY).
    const executor: Executor = db.executor();
    const result = await runDetections(executor, {
      detections,
      window,
      ...(windows ? { windows } : {}),
      thresholds,
      maxEvents,
      onProgress: progress,
    });
    let incremental: AlertsDocument["incremental"];
    let mark: DetectRunResult["mark"];
    if (store) {
      const fresh = newAlerts(result.alerts, previous, {
        ...(absorbed?.lastMs !== undefined ? { newestEventMs: absorbed.lastMs } : {}),
        ...(cache ? { cacheId: cache.id } : {}),
        nowMs: now(),
      });
      incremental = {
        sourceId,
        newEvents: absorbed ? absorbed.added : report.events,
        alreadyRaised: result.alerts.length - fresh.alerts.length,
        ...(cache ? { cache: { file: cache.file, events: await cache.size() } } : {}),
      };
      result.alerts = fresh.alerts;
      // A detection that failed leaves the mark where it was: its alerts are looked for again next time.
      if (result.runs.every((run) => run.status === "ok")) {
        if (options.deferMark) mark = { sourceId, mark: fresh.mark };
        else await store.set(sourceId, fresh.mark);
      }
      progress(`${fresh.alerts.length} new alert(s); ${incremental.alreadyRaised} raised before`);
    }
    if (cache) await cache.detach();
    const document = buildAlertsDocument({
      ...result,
      window,
      now: new Date(now()),
      ...(incremental ? { incremental } : {}),
      source: {
        mode: "local",
        engine: "duckdb",
        files: report.files.length,
        events: report.events,
        badLines: report.badLines,
        problems: report.problems,
      },
    });
    return { document, ...(mark ? { mark } : {}) };
  } finally {
    db.close();
  }
}

async function runWarehouse(warehouse: WarehouseOptions, options: DetectRunOptions): Promise<DetectRunResult> {
  const { detections, thresholds, window, maxEvents, watermarks: store } = options;
  const progress = options.progress ?? (() => {});
  const now = options.now ?? Date.now;
  const executor = new WarehouseExecutor(warehouse);
  progress(`running ${detections.length} detection(s) on warehouse ${warehouse.warehouseId} (${warehouse.host})…`);
  const sourceId = sourceIdOf("warehouse", [warehouse.host, warehouse.warehouseId]);
  const previous = store ? await store.get(sourceId) : undefined;
  // Incremental: from each detection's lookback before the mark, less the time rows may arrive late.
  const windows =
    previous?.eventTimeMs !== undefined
      ? incrementalWindows(detections, previous.eventTimeMs - WAREHOUSE_LATENESS_MS, thresholds, window.untilMs)
      : undefined;
  const result = await runDetections(executor, {
    detections,
    window,
    ...(windows ? { windows } : {}),
    thresholds,
    maxEvents,
    concurrency: 4,
    onProgress: progress,
  });
  let incremental: AlertsDocument["incremental"];
  let mark: DetectRunResult["mark"];
  if (store) {
    const newest = await executor.query(
      `SELECT unix_millis(max(event_time)) AS ms FROM ${SYSTEM_AUDIT_TABLE}`,
      "watermark",
    );
    const newestMs = Number(newest[0]?.ms ?? Number.NaN);
    const fresh = newAlerts(result.alerts, previous, {
      ...(Number.isFinite(newestMs) ? { newestEventMs: newestMs } : {}),
      nowMs: now(),
    });
    incremental = { sourceId, alreadyRaised: result.alerts.length - fresh.alerts.length };
    result.alerts = fresh.alerts;
    if (result.runs.every((run) => run.status === "ok")) {
      if (options.deferMark) mark = { sourceId, mark: fresh.mark };
      else await store.set(sourceId, fresh.mark);
    }
  }
  const document = buildAlertsDocument({
    ...result,
    window,
    now: new Date(now()),
    ...(incremental ? { incremental } : {}),
    source: {
      mode: "warehouse",
      engine: "databricks-sql",
      host: warehouse.host,
      warehouseId: warehouse.warehouseId,
      table: SYSTEM_AUDIT_TABLE,
    },
  });
  return { document, ...(mark ? { mark } : {}) };
}
