/**
 * Runs detections on an executor — the local DuckDB database or a Databricks SQL warehouse — and turns
 * their rows into alerts. Both executors return rows of text cells, so this one function builds the
 * alerts of both paths; a test holds them equal on the same data.
 */
import { SEVERITIES, type Severity } from "../checks/types.ts";
import { InputError } from "../errors.ts";
import {
  type Alert,
  alertId,
  type DetectionRun,
  type EvidenceEvent,
  scrubNullable,
  scrubValue,
  sortAlerts,
} from "./alerts.ts";
import { DEFAULT_DETECTIONS, DETECTIONS } from "./detections/registry.ts";
import type { Detection } from "./detections/types.ts";
import { type Dialect, DUCKDB, type TimeWindow } from "./dialect.ts";
import { safeEngineMessage } from "./engine-errors.ts";
import type { Row } from "./local.ts";
import { detectionQuery, paramAlias } from "./query.ts";

export interface Executor {
  readonly dialect: Dialect;
  /** Statements it runs well at once (runDetections' default concurrency); 1 when not given. */
  readonly concurrency?: number;
  query(sql: string, label: string): Promise<Row[]>;
}

/** Overrides as given on the command line: "DET-01.failuresPerUser" → 3. */
export type ThresholdOverrides = Record<string, number>;

export interface RunOptions {
  detections?: readonly Detection[];
  window?: TimeWindow;
  /** Per detection id, a window that replaces `window` (incremental runs: each detection's own lookback). */
  windows?: ReadonlyMap<string, TimeWindow>;
  thresholds?: ThresholdOverrides;
  /** Evidence events kept per alert. */
  maxEvents?: number;
  /** Detections run at once (each is one statement). */
  concurrency?: number;
  onProgress?: (message: string) => void;
}

export interface RunResult {
  runs: DetectionRun[];
  alerts: Alert[];
}

export const DEFAULT_MAX_EVENTS = 20;

/** The events any of the detections may read: what local ingest needs to store (ingest's `keep`). */
export function keepPredicate(
  detections: readonly Detection[] = DEFAULT_DETECTIONS,
  dialect: Dialect = DUCKDB,
): string {
  // Each scope once: DET-02, DET-03 and DET-25 share one, and a rejected event (most of them) is judged
  // against every branch.
  const scopes = new Set(detections.map((detection) => detection.scope(dialect)));
  return [...scopes].map((scope) => `(${scope})`).join(" OR ") || "FALSE";
}

/** Parses `DET-01.failuresPerUser=5` options; unknown detections or thresholds are input errors. */
export function parseThresholdOverrides(
  specs: readonly string[],
  detections: readonly Detection[] = DETECTIONS,
): ThresholdOverrides {
  const overrides: ThresholdOverrides = {};
  for (const spec of specs) {
    const match = /^(DET-\d{2})\.([A-Za-z]+)=(-?\d+(?:\.\d+)?)$/i.exec(spec.trim());
    if (!match) {
      throw new InputError(
        `invalid --threshold ${JSON.stringify(spec)}`,
        "Write it as DET-01.failuresPerUser=5 (`lakeward detect --list` shows every threshold).",
      );
    }
    const [, rawId, name, value] = match as unknown as [string, string, string, string];
    const id = rawId.toUpperCase();
    const detection = detections.find((d) => d.meta.id === id);
    if (!detection) throw new InputError(`--threshold ${spec}: no detection ${id}`);
    if (!(name in detection.meta.thresholds)) {
      const known = Object.keys(detection.meta.thresholds);
      throw new InputError(
        `--threshold ${spec}: ${id} has no threshold ${name}`,
        known.length ? `Its thresholds: ${known.join(", ")}.` : `${id} has no thresholds.`,
      );
    }
    overrides[`${id}.${name}`] = Number(value);
  }
  return overrides;
}

export function effectiveThresholds(detection: Detection, overrides: ThresholdOverrides): Record<string, number> {
  return Object.fromEntries(
    Object.entries(detection.meta.thresholds).map(([name, spec]) => [
      name,
      overrides[`${detection.meta.id}.${name}`] ?? spec.default,
    ]),
  );
}

const toNumber = (value: string | null): number | null => {
  if (value === null || value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

const iso = (ms: string | null): string => {
  const n = toNumber(ms);
  return n === null ? "" : new Date(n).toISOString();
};

function factValue(value: string | null): string | number | null {
  if (value === null) return null;
  if (/^-?\d+(\.\d+)?$/.test(value) && value.length < 16) return Number(value);
  return scrubValue(value);
}

/** Groups a detection's rows (ordered by alert key and event) into alerts. */
export function rowsToAlerts(detection: Detection, rows: readonly Row[]): Alert[] {
  const { meta } = detection;
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = row.alert_key ?? "";
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  const alerts: Alert[] = [];
  for (const [key, group] of groups) {
    const first = group[0]!;
    const facts = Object.fromEntries(meta.facts.map((fact) => [fact, factValue(first[`f_${fact}`] ?? null)]));
    const severityText = first.alert_severity;
    const severity: Severity =
      severityText && (SEVERITIES as readonly string[]).includes(severityText)
        ? (severityText as Severity)
        : meta.severity;
    const principal = scrubNullable(first.alert_principal ?? null);
    const sourceIp = scrubNullable(first.alert_ip ?? null);
    const eventCount = toNumber(first.event_count ?? null) ?? group.length;
    const events: EvidenceEvent[] = group.map((row) => {
      const params: Record<string, string> = {};
      meta.evidenceParams.forEach((name, index) => {
        const value = row[paramAlias(index)];
        if (value !== null && value !== undefined && value !== "") params[name] = scrubValue(value);
      });
      return {
        time: iso(row.e_ms ?? null),
        workspace: scrubNullable(row.e_workspace ?? null),
        service: scrubNullable(row.e_service ?? null),
        action: scrubNullable(row.e_action ?? null),
        principal: scrubNullable(row.e_principal ?? null),
        sourceIp: scrubNullable(row.e_ip ?? null),
        userAgent: scrubNullable(row.e_user_agent ?? null),
        status: toNumber(row.e_status ?? null),
        requestId: scrubNullable(row.e_request_id ?? null),
        params,
      };
    });
    alerts.push({
      id: alertId(meta.id, key),
      detectionId: meta.id,
      title: meta.title,
      severity,
      threats: [...meta.threats],
      controls: [...meta.controls],
      summary: scrubValue(detection.summarize({ principal, sourceIp, eventCount, facts })),
      principal,
      sourceIp,
      firstSeen: iso(first.first_ms ?? null),
      lastSeen: iso(first.last_ms ?? null),
      eventCount,
      facts,
      events,
    });
  }
  return alerts;
}

/** Runs every detection (in parallel up to `concurrency`); a failing detection is recorded, not fatal. */
export async function runDetections(executor: Executor, options: RunOptions = {}): Promise<RunResult> {
  const detections = options.detections ?? DEFAULT_DETECTIONS;
  const overrides = options.thresholds ?? {};
  const runs: DetectionRun[] = new Array(detections.length);
  const alerts: Alert[][] = new Array(detections.length);
  let next = 0;
  const worker = async () => {
    while (next < detections.length) {
      const index = next++;
      const detection = detections[index]!;
      const thresholds = effectiveThresholds(detection, overrides);
      const sql = detectionQuery(detection, {
        dialect: executor.dialect,
        window: options.windows?.get(detection.meta.id) ?? options.window ?? {},
        thresholds: () => (name) => {
          const value = thresholds[name];
          if (value === undefined) throw new Error(`${detection.meta.id}: threshold ${name} is not declared`);
          return value;
        },
        maxEvents: options.maxEvents ?? DEFAULT_MAX_EVENTS,
      });
      const base = {
        id: detection.meta.id,
        title: detection.meta.title,
        severity: detection.meta.severity,
        thresholds,
      };
      try {
        const rows = await executor.query(sql, detection.meta.id);
        alerts[index] = rowsToAlerts(detection, rows);
        runs[index] = { ...base, alerts: alerts[index].length, status: "ok" };
        options.onProgress?.(`${detection.meta.id}: ${alerts[index].length} alert(s)`);
      } catch (error) {
        alerts[index] = [];
        // Engine errors may quote values read from the logs: only their safe form is kept.
        const message = safeEngineMessage(error);
        runs[index] = { ...base, alerts: 0, status: "failed", error: message };
        options.onProgress?.(`${detection.meta.id}: failed: ${message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? executor.concurrency ?? 1) }, worker));
  return { runs, alerts: sortAlerts(alerts.flat()) };
}
