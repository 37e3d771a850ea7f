/**
 * Rendered page content kept between requests while the store has not changed. The estate page reads the
 * whole estate (every workspace, ~100 checks each, a year of rollup) — 200 workspaces take a few hundred
 * milliseconds to query and render — while what it shows changes only when a run is queued, started or
 * recorded, a finding changes state (a waiver too), a target changes, or time moves on (relative times,
 * "new in 7 days"). So its content is cached under the store's version (queries-dashboard.ts
 * storeVersion: a handful of primary-key maxima and counts, one round trip) and the minute, and
 * concurrent requests for content being rendered wait for that one rendering instead of starting their
 * own. What differs per viewer (the signed-in user, the CSRF token of the sign-out form) is never in the
 * cached part: the page shell is built per request around it.
 *
 * Several servers on one PostgreSQL store see each other's writes through the version, as every write
 * that changes the page moves one of its maxima or counts.
 *
 * Hand-written: a bounded map with in-flight sharing is a dozen lines; an LRU library would still need
 * the version check and the sharing of a rendering in progress.
 */
export class RenderCache<T> {
  private readonly entries = new Map<string, { version: string; value: Promise<T> }>();
  private readonly limit: number;

  constructor(limit = 16) {
    this.limit = limit;
  }

  /** The content for `key` at `version`: the cached one, the one being rendered, or a new rendering. */
  get(key: string, version: string, render: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.version === version) return entry.value;
    const value = render();
    // A failed rendering is not kept: the next request tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.entries.delete(key);
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { version, value });
    return value;
  }
}
