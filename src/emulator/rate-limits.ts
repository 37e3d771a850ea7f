/**
 * The emulator's rate limits: the same table lakeward's limiter reads (sources/http/rate-limits.ts),
 * enforced the way the vendors document it — a token bucket per bucket key (workspace host and API family,
 * ARM reads per subscription, Graph per tenant) holding `burst` tokens and refilled at `ratePerSecond`. A
 * request that finds the bucket empty is answered 429 with the service's own error body and a Retry-After
 * of the whole seconds until a token is back (ARM's Retry-After is in seconds, RFC 9110 delay-seconds).
 *
 * Written here rather than with rate-limiter-flexible, whose limiters count fixed windows: ARM documents a
 * token bucket (bucket size and refill rate), and the benchmark's lower bound is computed from exactly
 * that model, so the emulator must behave as that model does.
 */
import { type ApiKind, limitFor, RATE_LIMITS, type RateLimit } from "../sources/http/rate-limits.ts";

interface TokenBucket {
  tokens: number;
  at: number;
  limit: RateLimit;
}

export interface RateLimitCounts {
  /** Requests answered 429 by a rate limit, per API family. */
  throttled: Record<string, number>;
  /** Requests counted against a rate limit, per API family. */
  admitted: Record<string, number>;
}

export class EmulatorRateLimits {
  readonly counts: RateLimitCounts = { throttled: {}, admitted: {} };
  private readonly table: readonly RateLimit[];
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(table: readonly RateLimit[] = RATE_LIMITS) {
    this.table = table;
  }

  /**
   * Takes a token for a request of `server` (a listener's name: each workspace is its own host) to `path`;
   * undefined when admitted, else the Retry-After in whole seconds.
   */
  take(api: ApiKind, server: string, path: string, now = Date.now()): number | undefined {
    const { limit, bucket: key } = limitFor(api, server, path, this.table);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limit.burst, at: now, limit };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) * limit.ratePerSecond) / 1000);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.counts.admitted[limit.family] = (this.counts.admitted[limit.family] ?? 0) + 1;
      return undefined;
    }
    this.counts.throttled[limit.family] = (this.counts.throttled[limit.family] ?? 0) + 1;
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * 1000) / limit.ratePerSecond / 1000));
  }

  /** 429s answered in all. */
  get throttledTotal(): number {
    return Object.values(this.counts.throttled).reduce((sum, count) => sum + count, 0);
  }
}
