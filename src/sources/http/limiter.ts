/**
 * The per-host limiter every request of a run goes through (Databricks workspaces and account, ARM, Graph).
 *
 * Each bucket of the rate-limit table (rate-limits.ts: a host and API family, plus the subscription for ARM)
 * gets one p-queue that holds two bounds at once:
 *   - the family's documented limit, as a strict sliding window (pacing(): at most `burst` starts in any
 *     window of burst / rate seconds, so never more than the vendor's token bucket admits);
 *   - a number of requests in flight that adapts (additive increase, multiplicative decrease): it grows by
 *     one after a full window of answers without a 429 and halves on a 429, between 1 and `maxConcurrency`.
 * A 429 also pauses the bucket for the Retry-After the server gave (the retry itself waits in the
 * transport, retry.ts), so the requests queued behind it do not run into the same wall.
 *
 * p-queue does the queueing, the sliding window and the live concurrency change; this module only keys the
 * queues and applies the table.
 */
import PQueue from "p-queue";
import type { Deadline } from "./deadline.ts";
import { type ApiKind, limitFor, RATE_LIMITS, type RateLimit } from "./rate-limits.ts";

export interface LimiterOptions {
  table?: readonly RateLimit[];
  /** Requests in flight per bucket at the start (default 4). */
  initialConcurrency?: number;
  /** Most requests in flight per bucket (default 16). */
  maxConcurrency?: number;
  /**
   * The longest pause after a 429 (default 30 s, the longest retry wait). A Retry-After beyond it pauses
   * nothing: the call that got it gives up (its retry would wait longer than lakeward ever waits), and the
   * others are not held for a wait no call of theirs would make either.
   */
  maxPauseMs?: number;
}

/** A request whose deadline passed while it waited for its bucket; it was not sent. */
export class WaitPassedDeadline extends Error {
  readonly deadline: Deadline;
  constructor(deadline: Deadline) {
    super(`not sent: ${deadline.label} passed while it waited for the API's rate limit`);
    this.deadline = deadline;
  }
}

export interface LimiterCounts {
  /** Requests sent through the limiter. */
  sent: number;
  /** 429 answers reported to it. */
  throttled: number;
  /** 429 answers from APIs every workspace of a run shares (ARM, Graph, the account API). */
  throttledShared: number;
}

interface Bucket {
  queue: PQueue;
  limit: RateLimit;
  sent: number;
  throttled: number;
  /** Answers since the last change of concurrency. */
  calm: number;
  resumeAt: number;
  resumeTimer: NodeJS.Timeout | undefined;
}

/**
 * A family's documented limit as a strict sliding window: at most `burst` starts in any window of
 * burst / rate seconds (Databricks: the rate in any second; ARM reads: 250 in any 10 s; Graph: 3,500 in any
 * 10 s). A token bucket of that size and refill admits at least that much in every window, so on a bucket
 * nobody else draws from a scan never meets a 429; when the customer's own tools draw from it too, the
 * 429s that follow slow the scan down (halved concurrency, a pause for Retry-After).
 */
export function pacing(limit: Pick<RateLimit, "ratePerSecond" | "burst">): { intervalCap: number; interval: number } {
  const intervalCap = Math.max(1, Math.floor(limit.burst));
  return { intervalCap, interval: (intervalCap * 1000) / limit.ratePerSecond };
}

export class RequestLimiter {
  readonly counts: LimiterCounts = { sent: 0, throttled: 0, throttledShared: 0 };
  private readonly table: readonly RateLimit[];
  private readonly initial: number;
  private readonly max: number;
  private readonly maxPauseMs: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: LimiterOptions = {}) {
    this.table = options.table ?? RATE_LIMITS;
    this.max = Math.max(1, options.maxConcurrency ?? 16);
    this.initial = Math.min(this.max, Math.max(1, options.initialConcurrency ?? 4));
    this.maxPauseMs = options.maxPauseMs ?? 30_000;
  }

  /**
   * Runs `send` when the bucket of this request allows; resolves or rejects as `send` does. A request still
   * waiting when `deadline` passes is dropped, unsent, with WaitPassedDeadline.
   */
  async schedule<T>(
    api: ApiKind,
    origin: string,
    path: string,
    send: () => Promise<T>,
    deadline?: Deadline,
  ): Promise<T> {
    const bucket = this.bucket(api, origin, path);
    const controller = deadline ? new AbortController() : undefined;
    const timer = deadline ? setTimeout(() => controller?.abort(), deadline.remainingMs()) : undefined;
    try {
      return (await bucket.queue.add(
        async () => {
          if (timer) clearTimeout(timer);
          this.counts.sent++;
          bucket.sent++;
          return send();
        },
        controller ? { signal: controller.signal } : {},
      )) as T;
    } catch (error) {
      if (deadline && controller?.signal.aborted) throw new WaitPassedDeadline(deadline);
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** An answer that was not a 429: after a full window of those, one more request may be in flight. */
  answered(api: ApiKind, origin: string, path: string): void {
    const bucket = this.bucket(api, origin, path);
    bucket.calm++;
    if (bucket.calm >= bucket.queue.concurrency && bucket.queue.concurrency < this.max) {
      bucket.queue.concurrency++;
      bucket.calm = 0;
    }
  }

  /** A 429: half as many in flight, and nothing more sent to this bucket until Retry-After has passed. */
  throttled(api: ApiKind, origin: string, path: string, retryAfterMs: number | undefined): void {
    this.counts.throttled++;
    if (api !== "databricks-workspace") this.counts.throttledShared++;
    const bucket = this.bucket(api, origin, path);
    bucket.throttled++;
    bucket.calm = 0;
    bucket.queue.concurrency = Math.max(1, Math.floor(bucket.queue.concurrency / 2));
    const wait = retryAfterMs ?? 1000;
    if (wait > this.maxPauseMs) return;
    const until = Date.now() + wait;
    if (until <= bucket.resumeAt) return;
    bucket.resumeAt = until;
    bucket.queue.pause();
    if (bucket.resumeTimer) clearTimeout(bucket.resumeTimer);
    bucket.resumeTimer = setTimeout(() => {
      bucket.resumeTimer = undefined;
      bucket.queue.start();
    }, wait);
  }

  /** Ends the pauses still pending (a 429 near the end of a run must not keep the process alive). */
  close(): void {
    for (const bucket of this.buckets.values()) {
      if (bucket.resumeTimer) clearTimeout(bucket.resumeTimer);
      bucket.resumeTimer = undefined;
      bucket.queue.start();
    }
  }

  /** What each bucket sent and how often it was answered 429 (the benchmark's lower bound reads it). */
  usage(): { bucket: string; limit: RateLimit; sent: number; throttled: number }[] {
    return [...this.buckets].map(([bucket, { limit, sent, throttled }]) => ({ bucket, limit, sent, throttled }));
  }

  /** Requests in flight allowed now per bucket (for progress and tests). */
  concurrency(): Record<string, number> {
    return Object.fromEntries([...this.buckets].map(([key, bucket]) => [key, bucket.queue.concurrency]));
  }

  /** Requests waiting in every bucket (progress shows it as the scan's backlog). */
  get waiting(): number {
    let total = 0;
    for (const bucket of this.buckets.values()) total += bucket.queue.size;
    return total;
  }

  /**
   * How long the requests waiting for the APIs every workspace shares (ARM, Graph, the account API) will
   * wait at those APIs' rates, in seconds: the longest over their buckets.
   */
  get sharedBacklogSeconds(): number {
    let longest = 0;
    for (const bucket of this.buckets.values())
      if (bucket.limit.api !== "databricks-workspace")
        longest = Math.max(longest, bucket.queue.size / bucket.limit.ratePerSecond);
    return longest;
  }

  private bucket(api: ApiKind, origin: string, path: string): Bucket {
    const match = limitFor(api, origin, path, this.table);
    let bucket = this.buckets.get(match.bucket);
    if (!bucket) {
      bucket = {
        queue: new PQueue({ concurrency: this.initial, ...pacing(match.limit), strict: true }),
        limit: match.limit,
        sent: 0,
        throttled: 0,
        calm: 0,
        resumeAt: 0,
        resumeTimer: undefined,
      };
      this.buckets.set(match.bucket, bucket);
    }
    return bucket;
  }
}
