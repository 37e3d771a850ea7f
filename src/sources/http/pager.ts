/**
 * The one pager every source uses (Databricks page_token / next_page_token, SCIM startIndex, offsets, chunk
 * indexes, ARM `nextLink`, Graph `@odata.nextLink`). Whatever the paging style, a list is bounded by
 *   - a page limit and an item limit,
 *   - a loop detector: a cursor (token, startIndex, offset, link) the server already gave, or a page made only
 *     of items already seen (a server that ignores startIndex), stops it,
 *   - a deadline for the list, and the scan's deadline when one is given.
 * Stopping throws a PagingError (an ApiFailure of kind `bounded`) whose reason names the bound, so the list
 * becomes `unknown` with that reason through the usual `read()` path: a partial list is never returned as if
 * it were whole.
 *
 * Written by hand because no paging library bounds by cursor repetition and deadline at once; the SDKs' own
 * iterators loop for ever on a self-pointing token (reference/apis.md §0).
 */
import { ApiFailure } from "./api-failure.ts";
import { Deadline, seconds } from "./deadline.ts";

export interface PagerBounds {
  /** Pages fetched at most (the first included). */
  maxPages: number;
  /** Items gathered at most. */
  maxItems: number;
  /** The longest one list may take, first page to last, ms. */
  listTimeoutMs: number;
  /** An outer deadline (the scan's); the list stops when it passes too. */
  deadline?: Deadline | undefined;
}

export const DEFAULT_PAGER_BOUNDS: PagerBounds = { maxPages: 500, maxItems: 200_000, listTimeoutMs: 300_000 };

export type PagingBound = "page-limit" | "item-limit" | "repeated-cursor" | "repeated-page" | "deadline" | "off-origin";

/** A list stopped by one of lakeward's bounds; `reason` (via ApiFailure) names it. */
export class PagingError extends ApiFailure {
  readonly bound: PagingBound;
  constructor(endpoint: string, bound: PagingBound, detail: string) {
    super({ endpoint, kind: "bounded", detail: `${detail}; the list is incomplete, so it is not judged` });
    this.name = "PagingError";
    this.bound = bound;
  }
}

export interface PageSpec<Page, Item, Cursor> {
  /** Names the list in failures, e.g. "GET /api/2.1/clusters/list". */
  endpoint: string;
  /**
   * Fetches one page; `cursor` is undefined for the first. `deadline` is the one that ends the list first:
   * pass it to the transport so that one slow page cannot outlive the list.
   */
  fetch: (cursor: Cursor | undefined, pageIndex: number, deadline: Deadline) => Promise<Page>;
  /** The items of a page. */
  items: (page: Page) => readonly Item[];
  /**
   * The cursor of the page after this one, or undefined when this was the last. `seen` is the number of
   * items gathered so far, this page's included (what SCIM's next startIndex and offsets are built from).
   */
  next: (page: Page, cursor: Cursor | undefined, seen: number) => Cursor | undefined;
  /** How cursors are compared for loops (default: String(cursor), or JSON for objects). */
  cursorKey?: (cursor: Cursor) => string;
  /** An item's identity; a page whose every item was seen before means the server is repeating itself. */
  itemKey?: (item: Item) => string | undefined;
  bounds?: Partial<PagerBounds>;
}

const defaultKey = (cursor: unknown) =>
  typeof cursor === "object" && cursor !== null ? JSON.stringify(cursor) : String(cursor);

/**
 * Checks bounds between pages. For loops that page themselves (an SDK's `byPage()`, say): call `beforePage`
 * before each fetch and `afterPage` with the page's items and next cursor.
 */
export class PageGuard<Item = unknown, Cursor = unknown> {
  private readonly endpoint: string;
  private readonly bounds: PagerBounds;
  private readonly listDeadline: Deadline;
  private readonly cursors = new Set<string>();
  private readonly items = new Set<string>();
  private readonly cursorKey: (cursor: Cursor) => string;
  private readonly itemKey: ((item: Item) => string | undefined) | undefined;
  private pages = 0;
  private count = 0;

  constructor(
    endpoint: string,
    bounds: Partial<PagerBounds> = {},
    keys: { cursorKey?: (cursor: Cursor) => string; itemKey?: (item: Item) => string | undefined } = {},
  ) {
    this.endpoint = endpoint;
    this.bounds = { ...DEFAULT_PAGER_BOUNDS, ...bounds };
    this.listDeadline = new Deadline(
      this.bounds.listTimeoutMs,
      `the list deadline (${seconds(this.bounds.listTimeoutMs)})`,
    );
    this.cursorKey = keys.cursorKey ?? defaultKey;
    this.itemKey = keys.itemKey;
  }

  /** The deadline that ends this list first (its own or the scan's); the transport can use it per request. */
  get deadline(): Deadline {
    return Deadline.earliest(this.listDeadline, this.bounds.deadline)!;
  }

  /** Before fetching a page: stops when a page or time bound is reached. */
  beforePage(): void {
    const deadline = this.deadline;
    if (deadline.expired())
      throw new PagingError(
        this.endpoint,
        "deadline",
        `paging stopped after ${this.pages} pages: ${deadline.label} passed`,
      );
    if (this.pages >= this.bounds.maxPages)
      throw new PagingError(
        this.endpoint,
        "page-limit",
        `paging stopped at the page limit (${this.bounds.maxPages} pages) with more pages announced`,
      );
  }

  /** After a page: records its items and checks the cursor of the next one. */
  afterPage(items: readonly Item[], next: Cursor | undefined): void {
    this.pages++;
    this.count += items.length;
    if (this.itemKey && items.length > 0) {
      const keys = items.map(this.itemKey).filter((key): key is string => key !== undefined);
      const allSeen = keys.length === items.length && keys.every((key) => this.items.has(key));
      if (allSeen && next !== undefined)
        throw new PagingError(
          this.endpoint,
          "repeated-page",
          `paging stopped at page ${this.pages}: the server sent the same items again (it ignores the paging parameter)`,
        );
      for (const key of keys) this.items.add(key);
    }
    if (this.count > this.bounds.maxItems)
      throw new PagingError(
        this.endpoint,
        "item-limit",
        `paging stopped at the item limit (${this.bounds.maxItems} items) after ${this.pages} pages`,
      );
    if (next === undefined) return;
    const key = this.cursorKey(next);
    if (this.cursors.has(key))
      throw new PagingError(
        this.endpoint,
        "repeated-cursor",
        `paging stopped at page ${this.pages}: the server gave a next-page cursor it had given before (a paging loop)`,
      );
    this.cursors.add(key);
  }

  /** Records the first page's cursor (a first request made with a cursor, or a link that must not recur). */
  seen(cursor: Cursor): void {
    this.cursors.add(this.cursorKey(cursor));
  }
}

/** Reads every page of a list within its bounds; see the module comment. */
export async function boundedPages<Page, Item, Cursor>(spec: PageSpec<Page, Item, Cursor>): Promise<Item[]> {
  const guard = new PageGuard<Item, Cursor>(spec.endpoint, spec.bounds, {
    ...(spec.cursorKey ? { cursorKey: spec.cursorKey } : {}),
    ...(spec.itemKey ? { itemKey: spec.itemKey } : {}),
  });
  const all: Item[] = [];
  let cursor: Cursor | undefined;
  for (let index = 0; ; index++) {
    guard.beforePage();
    const page = await spec.fetch(cursor, index, guard.deadline);
    const items = spec.items(page);
    all.push(...items);
    const next = spec.next(page, cursor, all.length);
    guard.afterPage(items, next);
    if (next === undefined) return all;
    cursor = next;
  }
}

/**
 * Resolves a server-given next link against the origin that was asked, and refuses any other origin: a
 * credential must never follow a link to another host. Relative links resolve against `base`.
 */
export function sameOriginLink(link: string, base: URL | string, endpoint: string): URL {
  const from = typeof base === "string" ? new URL(base) : base;
  let url: URL;
  try {
    url = new URL(link, from);
  } catch {
    throw new PagingError(endpoint, "off-origin", "paging stopped: the next-page link is not a URL");
  }
  if (url.origin !== from.origin)
    throw new PagingError(
      endpoint,
      "off-origin",
      `paging stopped: the next-page link points at ${url.protocol}//${url.host}, not at ${from.origin} that was asked; it was not followed`,
    );
  if (url.username || url.password)
    throw new PagingError(endpoint, "off-origin", "paging stopped: the next-page link carries credentials");
  return url;
}
