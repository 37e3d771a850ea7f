/**
 * Retry timing shared by the Databricks and ARM transports. Retry-After is honoured when the server sends
 * it (seconds or an HTTP date); otherwise exponential backoff with jitter. Both are capped, so one
 * throttled endpoint cannot stall a scan indefinitely: past the budget the call gives up and the evidence
 * it would have produced becomes `unknown` with the reason.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Longest single wait, whatever Retry-After asks. */
  maxWaitMs: number;
  /** Wait before the first retry when the server gives no Retry-After; doubles each time. */
  baseDelayMs: number;
  /**
   * The most one call may spend waiting between its attempts, all waits together (default 90 s): a call
   * whose next wait would pass it gives up, and only the evidence it would have read becomes `unknown`.
   */
  maxTotalWaitMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  maxWaitMs: 30_000,
  baseDelayMs: 500,
  maxTotalWaitMs: 90_000,
};

/** The total wait budget of a policy. */
export const totalWaitBudget = (policy: RetryPolicy) => policy.maxTotalWaitMs ?? 90_000;

/** Statuses worth another try: throttling and the transient gateway/server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before attempt `attempt + 1`. Without Retry-After: exponential back-off with ±25 % jitter. With
 * it: what the server asked plus up to 10 % (at most 1 s) of jitter, never less than asked, so that many
 * throttled calls of one scan do not all come back in the same millisecond. Both capped by `maxWaitMs`.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfter: string | null | undefined): number {
  const asked = parseRetryAfter(retryAfter);
  const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
  const wait = asked === undefined ? backoff : asked + Math.random() * Math.min(asked * 0.1, 1000);
  return Math.min(policy.maxWaitMs, wait);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
