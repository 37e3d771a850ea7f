/**
 * On generated logs, every injected scenario is detected by its detection, naming its principal, and
 * nothing else raises an alert: normal traffic alone raises none.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Alert } from "../../src/detect/alerts.ts";
import { DETECTIONS } from "../../src/detect/detections/registry.ts";
import { MANIFEST_FILE, type Manifest, writeLogs } from "../../src/detect/generator/generate.ts";
import type { Scenario } from "../../src/detect/generator/model.ts";
import { GEN_FORMATS, type GenFormat } from "../../src/detect/generator/writers.ts";
import { detect, withTempDir } from "./support.ts";

const SMALL: { users: number; days: number; seed: number; start: string } = {
  users: 12,
  days: 4,
  seed: 11,
  start: "2026-11-02",
};

const overlaps = (alert: Alert, scenario: Scenario) =>
  alert.firstSeen <= scenario.end && alert.lastSeen >= scenario.start;

/** An alert belongs to a scenario when it names the scenario's principal and overlaps its window. */
const explainedBy = (alert: Alert, scenarios: readonly Scenario[]) =>
  scenarios.find((s) => overlaps(alert, s) && alert.principal === s.principal);

async function generateAndDetect(format: GenFormat, options: Partial<typeof SMALL> & { attacks?: boolean } = {}) {
  return withTempDir(async (dir) => {
    const manifest = await writeLogs({ ...SMALL, ...options, out: dir, format });
    const written = JSON.parse(await readFile(join(dir, MANIFEST_FILE), "utf8")) as Manifest;
    // Every detection, the opt-in ones too: each has its scenario.
    const result = await detect({ paths: [dir] }, { only: DETECTIONS.map((d) => d.meta.id) });
    return { manifest, written, result };
  });
}

describe("generated logs (diagnostic format, as a storage account receives them)", () => {
  it("detects every scenario with the right detection and principal, and nothing unexplained", async () => {
    const { manifest, written, result } = await generateAndDetect("diagnostic");
    expect(written).toEqual(manifest);
    expect(manifest.scenarios.map((s) => s.detection)).toEqual(DETECTIONS.map((d) => d.meta.id));
    expect(result.report.events).toBe(manifest.events);
    expect(result.report.badLines).toBe(0);
    expect(result.report.skipped.map((file) => file.endsWith(MANIFEST_FILE))).toEqual([true]);
    for (const scenario of manifest.scenarios) {
      const hits = result.alerts.filter(
        (alert) =>
          alert.detectionId === scenario.detection &&
          alert.principal === scenario.principal &&
          overlaps(alert, scenario),
      );
      expect(hits.length, `${scenario.detection} ${scenario.name} (${scenario.principal})`).toBeGreaterThan(0);
    }
    const unexplained = result.alerts.filter((alert) => !explainedBy(alert, manifest.scenarios));
    expect(unexplained.map((a) => `${a.detectionId} ${a.summary}`)).toEqual([]);
  });

  it("raises no alert on normal traffic alone", async () => {
    const { manifest, result } = await generateAndDetect("diagnostic", { attacks: false, users: 16, days: 6 });
    expect(manifest.scenarios).toEqual([]);
    expect(manifest.events).toBeGreaterThan(5_000);
    expect(result.alerts.map((a) => `${a.detectionId} ${a.summary}`)).toEqual([]);
  });
});

describe("every ingest format gives the same alerts", () => {
  let reference: ReturnType<typeof generateAndDetect> | undefined;
  // Diagnostic logs identify the workspace by its ARM id, the others by the numeric id (alert ids of
  // per-workspace detections include it).
  // (So do facts that list workspaces.)
  const comparable = (alerts: Alert[]) =>
    alerts.map(({ id: _id, ...alert }) => ({
      ...alert,
      facts: Object.fromEntries(Object.entries(alert.facts).filter(([name]) => !name.startsWith("workspace"))),
      events: alert.events.map((event) => ({ ...event, workspace: null })),
    }));
  it.each(GEN_FORMATS.filter((f) => f !== "diagnostic"))("%s", async (format) => {
    reference ??= generateAndDetect("diagnostic");
    const { manifest, result } = await generateAndDetect(format);
    expect(result.report.events).toBe(manifest.events);
    expect(result.report.badLines).toBe(0);
    expect(result.alerts.length).toBeGreaterThanOrEqual(DETECTIONS.length);
    expect(comparable(result.alerts)).toEqual(comparable((await reference).result.alerts));
  });
});
