import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ProgressEvent } from "../sources/collect.ts";
import { progressReporter } from "./progress.ts";

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 100, write: (text: string) => chunks.push(text) } as never };
}

const counts = { sent: 0, throttled: 0, throttledShared: 0 };
const run: ProgressEvent[] = [
  { kind: "discovered", count: 3, counts },
  { kind: "workspace-start", name: "adb-a", index: 0, total: 3, live: { requests: 5, retries: 0 } },
  { kind: "workspace-start", name: "adb-b", index: 1, total: 3, live: { requests: 7, retries: 0 } },
  { kind: "workspace-done", name: "adb-a", index: 0, total: 3, requests: 60, retries: 1, problems: 0, ms: 2000 },
  { kind: "workspace-start", name: "adb-c", index: 2, total: 3, live: { requests: 0, retries: 0 } },
  {
    kind: "workspace-done",
    name: "adb-b",
    index: 1,
    total: 3,
    requests: 1,
    retries: 4,
    problems: 3,
    failed: "cannot reach the workspace (ECONNREFUSED)",
    ms: 3000,
  },
  { kind: "workspace-done", name: "adb-c", index: 2, total: 3, requests: 70, retries: 0, problems: 1, ms: 1000 },
  { kind: "finished", workspaces: 3, failed: 1, requests: 131, throttled: 2, ms: 4000 },
];

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubEnv("NO_COLOR", "1");
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

describe("progress", () => {
  it("on a terminal: a live line per workspace in flight and totals with ETA, redrawn in place", () => {
    const { chunks, stream: tty } = stream(true);
    const report = progressReporter(tty, false);
    for (const event of run.slice(0, 4)) report(event);
    counts.sent = 72;
    counts.throttled = 2;
    vi.advanceTimersByTime(1000);
    const live = chunks.join("");
    expect(live).toMatch(/… adb-b · 7 requests · \d+\.\ds/);
    expect(live).toMatch(/\[1\/3\] [\d.]+s · 72 requests · 2 × 429 retried · ETA [\d.]+s/);
    expect(live).toContain("\x1b[2A\x1b[0J"); // the block is erased before it is drawn again
    for (const event of run.slice(4)) report(event);
    const all = chunks.join("");
    expect(all).toMatch(/✗ \[2\/3\] adb-b · 1 requests · 4 retries · 3\.0s · not read: cannot reach the workspace/);
    expect(all.endsWith("read 3 workspaces in 4.0s · 131 requests · 2 × 429 answered by a retry · 1 not read\n")).toBe(
      true,
    );
  });

  it("elsewhere: plain lines, no escape codes, and the totals at the end; --quiet prints nothing", () => {
    const { chunks, stream: pipe } = stream(false);
    const report = progressReporter(pipe, false);
    for (const event of run) report(event);
    vi.advanceTimersByTime(5000);
    const text = chunks.join("");
    expect(text).not.toContain("\x1b[");
    expect(text.split("\n").filter(Boolean)).toEqual([
      "reading 3 workspaces…",
      "  ✓ [1/3] adb-a · 60 requests · 1 retries · 2.0s · reading adb-b",
      "  ✗ [2/3] adb-b · 1 requests · 4 retries · 3.0s · not read: cannot reach the workspace (ECONNREFUSED) · reading adb-c",
      "  ! [3/3] adb-c · 70 requests · 1.0s · 1 problem",
      "read 3 workspaces in 4.0s · 131 requests · 2 × 429 answered by a retry · 1 not read",
    ]);
    const quiet = stream(true);
    const silent = progressReporter(quiet.stream, true);
    for (const event of run) silent(event);
    expect(quiet.chunks).toEqual([]);
  });
});
