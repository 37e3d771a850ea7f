/**
 * "No call twice for the same data within a scan": the answers of a run's reading GETs, by URL, shared by
 * every workspace of the run. Subscription-wide reads (locks, activity-log alerts, compute quotas), a
 * network security group or data lake that several workspaces point at, an account network policy bound to
 * many workspaces: each is asked once, and a second asker waits for the first answer instead of sending.
 *
 * Only successful answers are kept; a failure is shared by the callers that were already waiting for it and
 * then forgotten, so a later caller asks again (and gets its own retries). The memo lives as long as one run.
 */
export class ResponseMemo<T> {
  private readonly entries = new Map<string, Promise<T | undefined>>();
  /** Answers served from the memo instead of sent (for progress and the benchmark). */
  hits = 0;

  /**
   * The answer for `key`: the one already read, or the one `fetch` reads now. `keep` says whether an answer
   * may be shared (a 2xx, say); one that may not is returned to this caller only.
   */
  async get(key: string, fetch: () => Promise<T>, keep: (answer: T) => boolean): Promise<T> {
    const earlier = this.entries.get(key);
    if (earlier) {
      const shared = await earlier;
      if (shared !== undefined) {
        this.hits++;
        return shared;
      }
    }
    const sending = fetch();
    const entry = sending.then(
      (answer) => (keep(answer) ? answer : undefined),
      () => undefined,
    );
    this.entries.set(key, entry);
    void entry.then((kept) => {
      if (kept === undefined && this.entries.get(key) === entry) this.entries.delete(key);
    });
    return sending;
  }

  get size(): number {
    return this.entries.size;
  }
}
