/**
 * Helpers for detection tests: craft audit events tersely, write them as log files, load them through the
 * real ingest path and run detections on embedded DuckDB.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Alert } from "../../src/detect/alerts.ts";
import { detectionById } from "../../src/detect/detections/registry.ts";
import { keepPredicate, type RunResult, runDetections, type ThresholdOverrides } from "../../src/detect/engine.ts";
import type { AuditEvent, GeneratedWorkspace } from "../../src/detect/generator/model.ts";
import { systemTableRecord } from "../../src/detect/generator/writers.ts";
import { type IngestReport, ingest } from "../../src/detect/ingest/ingest.ts";
import { LocalDatabase } from "../../src/detect/local.ts";

export const WS: GeneratedWorkspace = {
  id: "1234567890123456",
  name: "adb-test",
  resourceId: "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.DATABRICKS/WORKSPACES/ADB-TEST",
};

/** 2026-11-02 (a Monday) 00:00 UTC. */
export const T0 = Date.parse("2026-11-02T00:00:00Z");
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

let counter = 0;

/** An event with test defaults: a successful `accounts/aadTokenLogin` of alice from 198.51.100.10 at T0. */
export function ev(init: Partial<AuditEvent> & { at?: number }): AuditEvent {
  counter++;
  const { at, ...rest } = init;
  return {
    time: at ?? T0,
    workspace: WS,
    service: "accounts",
    action: "aadTokenLogin",
    email: "alice@contoso.com",
    ip: "198.51.100.10",
    userAgent: "Mozilla/5.0",
    sessionId: null,
    requestId: `req-${String(counter).padStart(8, "0")}`,
    params: {},
    status: 200,
    errorMessage: null,
    ...rest,
  };
}

/** `n` events made by `make(i)`. */
export const times = (n: number, make: (i: number) => AuditEvent): AuditEvent[] =>
  Array.from({ length: n }, (_, i) => make(i));

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "lakeward-detect-test-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function writeSystemTableJson(file: string, events: readonly AuditEvent[]): Promise<void> {
  await writeFile(file, `${events.map((event) => JSON.stringify(systemTableRecord(event))).join("\n")}\n`);
}

export interface Detected extends RunResult {
  report: IngestReport;
}

/** Loads the files (or the events, written as system-table JSON) and runs the detections. */
export async function detect(
  input: readonly AuditEvent[] | { paths: string[] },
  options: { only?: string[]; thresholds?: ThresholdOverrides; maxEvents?: number } = {},
): Promise<Detected> {
  const run = async (paths: string[]) => {
    const db = await LocalDatabase.open({ threads: 2 });
    try {
      const detections = options.only?.map((id) => {
        const detection = detectionById(id);
        if (!detection) throw new Error(`no detection ${id}`);
        return detection;
      });
      // As `lakeward detect` does: store only the events the detections may read.
      const report = await ingest(db, paths, { keep: keepPredicate(detections) });
      const result = await runDetections(db.executor(), {
        ...(detections ? { detections } : {}),
        ...(options.thresholds ? { thresholds: options.thresholds } : {}),
        ...(options.maxEvents ? { maxEvents: options.maxEvents } : {}),
      });
      for (const failed of result.runs.filter((r) => r.status === "failed"))
        throw new Error(`${failed.id} failed: ${failed.error}`);
      return { ...result, report };
    } finally {
      db.close();
    }
  };
  if ("paths" in input) return run(input.paths);
  return withTempDir(async (dir) => {
    const file = join(dir, "events.json");
    await writeSystemTableJson(file, input);
    return run([file]);
  });
}

export const principals = (alerts: readonly Alert[]) => [...new Set(alerts.map((alert) => alert.principal))].sort();
