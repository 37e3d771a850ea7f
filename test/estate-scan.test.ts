/**
 * Issue 16's "done when" for failures, kept small (10 emulated workspaces, no added latency): with one
 * request in five failing transiently every check still gets the verdict of a clean scan, and with one
 * workspace unreachable the others are read and judged while the run names the one that failed and why.
 */
import { describe, expect, it } from "vitest";
import { judge } from "../src/cli/judge.ts";
import { progressReporter } from "../src/cli/progress.ts";
import { parseFault } from "../src/emulator/faults.ts";
import type { ProgressEvent } from "../src/sources/collect.ts";
import { collectEmulator, withEmulator } from "./support/emulator.ts";

const WORKSPACES = 10;
/** Enough attempts that a call failing one time in five gives up about once in 400,000 calls; short waits. */
const PATIENT_RETRY = { maxAttempts: 8, maxWaitMs: 20, baseDelayMs: 2, maxTotalWaitMs: 5_000 };

type Verdicts = Map<string, string>;

async function scanVerdicts(faults: string[]): Promise<{ verdicts: Verdicts; throttledOr503: number }> {
  return withEmulator({ workspaces: WORKSPACES, faults: faults.map(parseFault) }, async (emulator) => {
    const evidence = await collectEmulator(emulator, { retry: PATIENT_RETRY });
    const document = judge(evidence, "high");
    const verdicts: Verdicts = new Map();
    for (const ws of document.workspaces)
      for (const result of ws.results) verdicts.set(`${ws.workspace.name} ${result.checkId}`, result.status);
    return { verdicts, throttledOr503: emulator.requests.filter((request) => request.status === 503).length };
  });
}

describe("an estate scan under failures", () => {
  it("20 % of requests failing transiently (503): every check gets the verdict a clean scan gives", async () => {
    const clean = await scanVerdicts([]);
    const faulty = await scanVerdicts(["503 * rate=0.2"]);
    expect(faulty.throttledOr503).toBeGreaterThan(50);
    expect(faulty.verdicts.size).toBe(clean.verdicts.size);
    const changed = [...faulty.verdicts].filter(([key, status]) => clean.verdicts.get(key) !== status);
    expect(changed).toEqual([]);
  });

  it("one workspace unreachable: the other nine are judged, the run says which one failed and why", async () => {
    await withEmulator({ workspaces: WORKSPACES }, async (emulator) => {
      const gone = emulator.workspaces[3]!.name;
      await emulator.closeWorkspace(gone);
      const lines: string[] = [];
      const events: ProgressEvent[] = [];
      const report = progressReporter({ write: (text: string) => lines.push(text) } as never, false);
      const evidence = await collectEmulator(emulator, {
        retry: PATIENT_RETRY,
        onProgress: (event) => {
          events.push(event);
          report(event);
        },
      });
      const document = judge(evidence, "high");
      expect(document.workspaces).toHaveLength(WORKSPACES);
      for (const ws of document.workspaces) {
        const fatal = ws.collection.problems.filter((problem) => problem.fatal);
        if (ws.workspace.name === gone) {
          expect(fatal.map((problem) => problem.message)).toEqual([
            expect.stringMatching(/cannot reach the workspace \(ECONNREFUSED/),
          ]);
          // No check passes on anything read from it: its workspace API facts are all unknown.
          expect(
            ws.results.filter(
              (r) =>
                r.status === "pass" &&
                r.evidence.some((e) => e.reason === undefined && /^GET \/api\/(?!2\.\d\/accounts\/)/.test(e.source)),
            ),
          ).toEqual([]);
        } else {
          expect(fatal).toEqual([]);
          expect(ws.results.filter((r) => r.status === "pass").length).toBeGreaterThan(0);
        }
      }
      const finished = events.find((event) => event.kind === "finished");
      expect(finished).toMatchObject({ workspaces: WORKSPACES, failed: 1 });
      const text = lines.join("");
      expect(text).toMatch(new RegExp(`✗ \\[ ?\\d+/10\\] ${gone} .* not read: cannot reach the workspace`));
      expect(text).toMatch(/read 10 workspaces in [\d.]+s · \d+ requests · 1 not read\n$/);
    });
  });
});
