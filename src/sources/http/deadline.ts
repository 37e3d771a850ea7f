/**
 * Deadlines shared by every source. A scan has one overall deadline (`--scan-timeout`); each request has
 * its own (`--request-timeout`); a paged list has one too. Whichever ends first stops the work, and the
 * failure names that bound, so the `unknown` a user reads says which limit was reached and how to raise it.
 */

export class Deadline {
  /** When it passes, in ms since the epoch. */
  readonly at: number;
  /** What the bound is called in messages, e.g. "the scan deadline (--scan-timeout 900s)". */
  readonly label: string;
  readonly ms: number;

  constructor(ms: number, label: string, now = Date.now()) {
    this.ms = ms;
    this.at = now + ms;
    this.label = label;
  }

  remainingMs(now = Date.now()): number {
    return Math.max(0, this.at - now);
  }

  expired(now = Date.now()): boolean {
    return now >= this.at;
  }

  /** The earliest of several deadlines (undefined entries ignored). */
  static earliest(...deadlines: (Deadline | undefined)[]): Deadline | undefined {
    let first: Deadline | undefined;
    for (const deadline of deadlines) if (deadline && (!first || deadline.at < first.at)) first = deadline;
    return first;
  }
}

export const seconds = (ms: number) => `${Math.round(ms / 100) / 10}s`;

/** The scan deadline as the CLI sets it; its label names the option that raises it. */
export function scanDeadline(ms: number, now = Date.now()): Deadline {
  return new Deadline(ms, `the scan deadline (--scan-timeout ${seconds(ms)})`, now);
}

/** Default bounds of the network side of a scan. */
export const DEFAULT_TIMEOUTS = {
  /** One request, connection to last byte of the body. */
  requestMs: 30_000,
  /** The whole scan of one run. */
  scanMs: 900_000,
} as const;
