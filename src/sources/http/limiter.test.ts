import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Deadline } from "./deadline.ts";
import { RequestLimiter, WaitPassedDeadline } from "./limiter.ts";
import type { RateLimit } from "./rate-limits.ts";

const TABLE: RateLimit[] = [
  {
    api: "databricks-workspace",
    family: "slow",
    paths: /^\/slow/,
    ratePerSecond: 3,
    burst: 3,
    scope: "workspace",
    documented: false,
    source: "test",
  },
  {
    api: "databricks-workspace",
    family: "other",
    paths: /^\//,
    ratePerSecond: 1000,
    burst: 1000,
    scope: "workspace",
    documented: false,
    source: "test",
  },
];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A send that stays in flight until released. */
function pending() {
  const started: (() => void)[] = [];
  const send = () =>
    new Promise<void>((resolve) => {
      started.push(resolve);
    });
  return { started, send };
}

describe("the per-host limiter", () => {
  it("starts no more than a family's rate in any second, per host; other hosts and families are not held back", async () => {
    const limiter = new RequestLimiter({ table: TABLE, initialConcurrency: 16 });
    const slow = pending();
    const other = pending();
    for (let i = 0; i < 7; i++) void limiter.schedule("databricks-workspace", "https://a", "/slow", slow.send);
    for (let i = 0; i < 2; i++) void limiter.schedule("databricks-workspace", "https://b", "/slow", other.send);
    for (let i = 0; i < 5; i++) void limiter.schedule("databricks-workspace", "https://a", "/fast", other.send);
    // 3/s as a sliding second: three at once, then three a second later; host b and host a's /fast go at once.
    await vi.advanceTimersByTimeAsync(10);
    expect(slow.started).toHaveLength(3);
    expect(other.started).toHaveLength(7);
    await vi.advanceTimersByTimeAsync(900);
    expect(slow.started).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(100);
    expect(slow.started).toHaveLength(6);
    await vi.advanceTimersByTimeAsync(1000);
    expect(slow.started).toHaveLength(7);
  });

  it("adapts: one more in flight after a window of answers, half as many after a 429", () => {
    const limiter = new RequestLimiter({ table: TABLE, initialConcurrency: 4, maxConcurrency: 6 });
    const key = "https://a other";
    limiter.answered("databricks-workspace", "https://a", "/x");
    expect(limiter.concurrency()[key]).toBe(4);
    for (let i = 0; i < 3; i++) limiter.answered("databricks-workspace", "https://a", "/x");
    expect(limiter.concurrency()[key]).toBe(5);
    for (let i = 0; i < 20; i++) limiter.answered("databricks-workspace", "https://a", "/x");
    expect(limiter.concurrency()[key]).toBe(6);
    limiter.throttled("databricks-workspace", "https://a", "/x", 1000);
    expect(limiter.concurrency()[key]).toBe(3);
    limiter.throttled("databricks-workspace", "https://a", "/x", 1000);
    limiter.throttled("databricks-workspace", "https://a", "/x", 1000);
    expect(limiter.concurrency()[key]).toBe(1);
    expect(limiter.counts.throttled).toBe(3);
    limiter.close();
  });

  it("after a 429 nothing more is sent to that bucket until Retry-After has passed", async () => {
    const limiter = new RequestLimiter({ table: TABLE });
    const held = pending();
    limiter.throttled("databricks-workspace", "https://a", "/x", 2000);
    void limiter.schedule("databricks-workspace", "https://a", "/x", held.send);
    void limiter.schedule("databricks-workspace", "https://a", "/slow", held.send);
    await vi.advanceTimersByTimeAsync(1990);
    expect(held.started).toHaveLength(1); // the other family of the host goes on
    await vi.advanceTimersByTimeAsync(20);
    expect(held.started).toHaveLength(2);
  });

  it("a Retry-After longer than any retry would wait pauses nothing; a request waiting past its deadline is dropped unsent", async () => {
    const limiter = new RequestLimiter({ table: TABLE, maxPauseMs: 30_000 });
    const held = pending();
    limiter.throttled("databricks-workspace", "https://a", "/x", 3_600_000);
    void limiter.schedule("databricks-workspace", "https://a", "/x", held.send);
    await vi.advanceTimersByTimeAsync(1);
    expect(held.started).toHaveLength(1);

    limiter.throttled("databricks-workspace", "https://a", "/x", 10_000);
    const deadline = new Deadline(500, "the scan deadline (--scan-timeout 0.5s)");
    const waiting = limiter.schedule("databricks-workspace", "https://a", "/x", held.send, deadline);
    const outcome = waiting.then(
      () => "sent",
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(600);
    const error = await outcome;
    expect(error).toBeInstanceOf(WaitPassedDeadline);
    expect((error as Error).message).toMatch(/scan deadline .* passed while it waited/);
    expect(held.started).toHaveLength(1);
    limiter.close();
  });
});
