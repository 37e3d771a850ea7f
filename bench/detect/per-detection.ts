/**
 * `bench:detect --per-detection`: each detection of the pack run alone over the loaded table, one
 * statement at a time, so that the table shows where the pack's time goes (the pack itself runs
 * LOCAL_QUERY_CONCURRENCY statements at once, which hides each one's cost). Wall and CPU time of the best
 * of `repeats` runs: the machine is shared, and the best run is the one least disturbed by other work.
 */
import type { Detection } from "../../src/detect/detections/types.ts";
import { runDetections } from "../../src/detect/engine.ts";
import type { LocalDatabase } from "../../src/detect/local.ts";

export interface DetectionTiming {
  id: string;
  alerts: number;
  ms: number;
  cpu: number;
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export async function timeEachDetection(
  db: LocalDatabase,
  detections: readonly Detection[],
  repeats = 3,
): Promise<DetectionTiming[]> {
  const timings: DetectionTiming[] = [];
  for (const detection of detections) {
    let best: DetectionTiming | undefined;
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      const cpuStarted = cpuMs();
      const result = await runDetections(db.executor(), { detections: [detection], concurrency: 1 });
      const run = result.runs[0];
      if (run?.status !== "ok") throw new Error(`${detection.meta.id} failed: ${run?.error ?? "no run"}`);
      const timing = {
        id: detection.meta.id,
        alerts: result.alerts.length,
        ms: performance.now() - started,
        cpu: cpuMs() - cpuStarted,
      };
      if (!best || timing.cpu < best.cpu) best = timing;
    }
    if (best) timings.push(best);
  }
  return timings.sort((a, b) => b.cpu - a.cpu);
}

/** The table printed by the bench, most expensive first, with the sums. */
export function timingLines(timings: readonly DetectionTiming[]): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
  const lines = timings.map((t) => `    ${t.id}  wall ${s(t.ms)}  CPU ${s(t.cpu)}  ${t.alerts} alert(s)`);
  const wall = timings.reduce((sum, t) => sum + t.ms, 0);
  const cpu = timings.reduce((sum, t) => sum + t.cpu, 0);
  return [
    "  each detection alone (one statement at a time, best of 3 by CPU, most expensive first):",
    ...lines,
    `    sum: wall ${s(wall)}, CPU ${s(cpu)}`,
  ];
}
