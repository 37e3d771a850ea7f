/**
 * Incremental runs (issue 18 item 3): with --state, a run reads only the log files that are new or changed
 * since the last one (through the event cache), judges each detection over its own lookback before the
 * new events, and raises only alerts not raised before; the watermark is a plain value any store can hold.
 */
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectionById } from "../../src/detect/detections/registry.ts";
import { writeLogs } from "../../src/detect/generator/generate.ts";
import { diagnosticRecord } from "../../src/detect/generator/writers.ts";
import { incrementalWindows, lookbackMs, newAlerts } from "../../src/detect/incremental.ts";
import { FileWatermarkStore, memoryWatermarkStore, sourceIdOf } from "../../src/detect/state.ts";
import { InputError } from "../../src/errors.ts";
import { runCli } from "../support/cli.ts";
import { DAY, ev, HOUR, MIN, withTempDir } from "./support.ts";

const START = Date.parse("2026-11-02T00:00:00Z");

interface Doc {
  alerts: { id: string; detectionId: string; principal: string | null }[];
  source: { files: number; events: number };
  incremental?: { newEvents?: number; alreadyRaised: number; cache?: { events: number } };
}

const run = async (args: string[]) => {
  const result = await runCli(["detect", ...args, "--format", "json", "-q"]);
  expect(result.stderr).toBe("");
  return { code: result.code, doc: JSON.parse(result.stdout) as Doc };
};

/** One more hour of diagnostic logs: a burst of deletes by a new principal (DET-24), as a new hourly blob. */
async function oneMoreHour(logs: string, hourMs: number): Promise<void> {
  const date = new Date(hourMs).toISOString();
  const [y, m, d, h] = [date.slice(0, 4), date.slice(5, 7), date.slice(8, 10), date.slice(11, 13)];
  const dir = join(logs, "insights-logs-jobs", "resourceId=/X", `y=${y}`, `m=${m}`, `d=${d}`, `h=${h}`, "m=00");
  await mkdir(dir, { recursive: true });
  const events = Array.from({ length: 55 }, (_, i) =>
    ev({ at: hourMs + i * MIN, service: "jobs", action: "delete", email: "late.saboteur@contoso.com" }),
  );
  await writeFile(join(dir, "PT1H.json"), `${events.map((e) => JSON.stringify(diagnosticRecord(e))).join("\n")}\n`);
}

describe("lakeward detect --state", () => {
  it("reads only new files, raises each alert once, and finds what one more hour brings", {
    timeout: 120_000,
  }, async () => {
    await withTempDir(async (dir) => {
      const logs = join(dir, "logs");
      const state = join(dir, "state.json");
      await writeLogs({ users: 12, days: 4, seed: 7, start: "2026-11-02", out: logs, format: "diagnostic" });

      const first = await run(["--logs", logs, "--state", state]);
      expect(first.code).toBe(1);
      const full = await run(["--logs", logs]);
      expect(first.doc.alerts.map((a) => a.id).sort()).toEqual(full.doc.alerts.map((a) => a.id).sort());
      expect(first.doc.incremental).toMatchObject({ alreadyRaised: 0 });
      expect(first.doc.incremental!.cache!.events).toBeGreaterThan(0);

      // Nothing new: no file read, no alert, exit 0.
      const again = await run(["--logs", logs, "--state", state]);
      expect(again.code).toBe(0);
      expect(again.doc.source.files).toBe(0);
      expect(again.doc.alerts).toEqual([]);
      expect(again.doc.incremental).toMatchObject({ newEvents: 0 });

      // One more hour: a new blob with a new attack, and a grown blob (storage appends to the current hour)
      // whose old lines are read again but not counted twice.
      await oneMoreHour(logs, START + 4 * DAY + 2 * HOUR);
      const later = await run(["--logs", logs, "--state", state]);
      expect(later.code).toBe(1);
      expect(later.doc.source.files).toBe(1);
      expect(later.doc.alerts.map((a) => [a.detectionId, a.principal])).toEqual([
        ["DET-24", "late.saboteur@contoso.com"],
      ]);
      expect(later.doc.incremental!.newEvents).toBe(55);
      expect(later.doc.incremental!.cache!.events).toBe(first.doc.incremental!.cache!.events + 55);

      const saved = JSON.parse(await readFile(state, "utf8"));
      expect(saved.kind).toBe("lakeward-detect-state");
      const [mark] = Object.values(saved.sources) as { raised: Record<string, string>; eventTimeMs: number }[];
      expect(Object.keys(mark!.raised)).toHaveLength(first.doc.alerts.length + 1);
      expect(mark!.eventTimeMs).toBe(START + 4 * DAY + 2 * HOUR + 54 * MIN);
    });
  });

  it("a grown file is read again without its old events counted twice", async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, "insights-logs-jobs", "PT1H.json");
      await mkdir(join(dir, "insights-logs-jobs"));
      const line = (i: number) =>
        JSON.stringify(
          diagnosticRecord(ev({ at: START + i * MIN, service: "jobs", action: "delete", email: "x@contoso.com" })),
        );
      await writeFile(file, `${Array.from({ length: 30 }, (_, i) => line(i)).join("\n")}\n`);
      const state = join(dir, "s.json");
      const first = await run(["--logs", dir, "--state", state]);
      expect(first.doc.alerts).toEqual([]);
      await appendFile(file, `${Array.from({ length: 30 }, (_, i) => line(30 + i)).join("\n")}\n`);
      const second = await run(["--logs", dir, "--state", state]);
      expect(second.doc.incremental!.newEvents).toBe(30);
      expect(second.doc.incremental!.cache!.events).toBe(60);
      expect(second.doc.alerts.map((a) => a.detectionId)).toEqual(["DET-24"]);
    });
  });

  it("refuses a state file that is not one, naming it", async () => {
    await withTempDir(async (dir) => {
      const state = join(dir, "state.json");
      await writeFile(state, '{"kind": "something else"}');
      await expect(new FileWatermarkStore(state).get("x")).rejects.toBeInstanceOf(InputError);
      const result = await runCli(["detect", "--logs", dir, "--state", state, "-q"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${state}: not a lakeward detect state file`);
    });
  });
});

describe("watermarks", () => {
  it("a store holds plain values; a second run with the same alerts raises none", async () => {
    const store = memoryWatermarkStore();
    const id = sourceIdOf("logs", ["/b", "/a"]);
    expect(id).toBe(sourceIdOf("logs", ["/a", "/b"]));
    const alerts = [{ id: "DET-01-aaa", lastSeen: "2026-11-02T10:00:00.000Z" }];
    const one = newAlerts(alerts, await store.get(id), { newestEventMs: 5, nowMs: Date.parse("2026-11-03") });
    expect(one.alerts).toHaveLength(1);
    await store.set(id, one.mark);
    const two = newAlerts(alerts, await store.get(id), { newestEventMs: 3, nowMs: Date.parse("2026-11-03") });
    expect(two.alerts).toEqual([]);
    expect(two.mark.eventTimeMs).toBe(5);
    expect(JSON.parse(JSON.stringify(two.mark))).toEqual(two.mark);
  });

  it("each detection looks back over its window and UTC day, a baseline detection over twice its baseline", () => {
    const first = Date.parse("2026-11-20T10:30:00Z");
    const windows = incrementalWindows([detectionById("DET-01")!, detectionById("DET-03")!], first);
    expect(new Date(windows.get("DET-01")!.sinceMs!).toISOString()).toBe("2026-11-19T00:00:00.000Z");
    expect(new Date(windows.get("DET-03")!.sinceMs!).toISOString()).toBe("2026-11-06T00:00:00.000Z");
    expect(lookbackMs(detectionById("DET-03")!, { "DET-03.baselineDays": 2 })).toBe(4 * DAY);
  });
});
