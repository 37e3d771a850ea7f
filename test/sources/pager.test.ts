/** The shared pager's bounds: page and item limits, loop detection, deadlines, same-origin links. */
import { describe, expect, it } from "vitest";
import { Deadline } from "../../src/sources/http/deadline.ts";
import { boundedPages, PageGuard, PagingError, sameOriginLink } from "../../src/sources/http/pager.ts";

interface Page {
  items: string[];
  next?: string;
}

/** A server whose pages are given by a function of the cursor; counts its requests. */
function server(pageOf: (cursor: string | undefined) => Page) {
  const calls: (string | undefined)[] = [];
  return {
    calls,
    spec: {
      endpoint: "GET /api/test",
      fetch: async (cursor: string | undefined) => {
        calls.push(cursor);
        return pageOf(cursor);
      },
      items: (page: Page) => page.items,
      next: (page: Page) => page.next,
    },
  };
}

const rejection = async (promise: Promise<unknown>): Promise<PagingError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PagingError) return error;
    throw error;
  }
  throw new Error("expected a PagingError");
};

describe("boundedPages", () => {
  it("follows cursors to the last page", async () => {
    const { spec, calls } = server((c) => (c === undefined ? { items: ["a"], next: "t1" } : { items: ["b"] }));
    expect(await boundedPages(spec)).toEqual(["a", "b"]);
    expect(calls).toEqual([undefined, "t1"]);
  });

  it("keeps going through empty pages that carry a token", async () => {
    const pages: Record<string, Page> = {
      "": { items: [], next: "1" },
      "1": { items: [], next: "2" },
      "2": { items: ["x"] },
    };
    const { spec } = server((c) => pages[c ?? ""]!);
    expect(await boundedPages(spec)).toEqual(["x"]);
  });

  it("stops a self-pointing token at once and names the loop", async () => {
    const { spec, calls } = server(() => ({ items: ["same"], next: "again" }));
    const error = await rejection(boundedPages(spec));
    expect(error.bound).toBe("repeated-cursor");
    expect(error.kind).toBe("bounded");
    expect(error.reason).toMatch(/cursor it had given before \(a paging loop\).*incomplete/);
    expect(calls.length).toBe(2);
  });

  it("stops a server that ignores the paging parameter (same items, fresh cursors)", async () => {
    let n = 0;
    const { spec, calls } = server(() => ({ items: ["u1", "u2"], next: String(++n) }));
    const error = await rejection(boundedPages({ ...spec, itemKey: (item: string) => item }));
    expect(error.bound).toBe("repeated-page");
    expect(calls.length).toBe(2);
  });

  it("stops at the page limit, naming it", async () => {
    let n = 0;
    const { spec, calls } = server(() => ({ items: [`i${n}`], next: String(++n) }));
    const error = await rejection(boundedPages({ ...spec, bounds: { maxPages: 7 } }));
    expect(error.bound).toBe("page-limit");
    expect(error.reason).toMatch(/page limit \(7 pages\)/);
    expect(calls.length).toBe(7);
  });

  it("stops at the item limit", async () => {
    let n = 0;
    const { spec } = server(() => ({ items: [`a${n}`, `b${n}`, `c${n}`], next: String(++n) }));
    const error = await rejection(boundedPages({ ...spec, bounds: { maxItems: 5 } }));
    expect(error.bound).toBe("item-limit");
  });

  it("stops when the list deadline passes, naming the deadline", async () => {
    let n = 0;
    const { spec } = server(() => ({ items: [`i${n}`], next: String(++n) }));
    const slow = {
      ...spec,
      fetch: async (cursor: string | undefined) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        return spec.fetch(cursor);
      },
      bounds: { listTimeoutMs: 60 },
    };
    const error = await rejection(boundedPages(slow));
    expect(error.bound).toBe("deadline");
    expect(error.reason).toMatch(/the list deadline \(0\.1s\) passed/);
  });

  it("stops when the outer (scan) deadline passes first, naming it", async () => {
    const { spec } = server(() => ({ items: ["a"], next: "x" }));
    const scan = new Deadline(0, "the scan deadline (--scan-timeout 0s)");
    const error = await rejection(boundedPages({ ...spec, bounds: { deadline: scan } }));
    expect(error.bound).toBe("deadline");
    expect(error.reason).toMatch(/the scan deadline \(--scan-timeout 0s\) passed/);
  });

  it("hands each fetch the deadline that ends the list first", async () => {
    const scan = new Deadline(5_000, "scan");
    const seen: Deadline[] = [];
    await boundedPages({
      endpoint: "GET /x",
      fetch: async (_c: undefined, _i: number, deadline: Deadline) => {
        seen.push(deadline);
        return { items: [] };
      },
      items: (p: { items: string[] }) => p.items,
      next: () => undefined,
      bounds: { deadline: scan },
    });
    expect(seen[0]).toBe(scan);
  });
});

describe("PageGuard for loops that page themselves", () => {
  it("detects a link that points at the first page", () => {
    const guard = new PageGuard<string, string>("ARM GET /x");
    guard.seen("https://arm/x?page=1");
    guard.beforePage();
    expect(() => guard.afterPage(["a"], "https://arm/x?page=1")).toThrow(/paging loop/);
  });
});

describe("sameOriginLink", () => {
  const base = new URL("https://management.azure.com/subscriptions/s/providers/x?api-version=1");
  it("resolves relative and same-origin links", () => {
    expect(sameOriginLink("/subscriptions/s/next?$skiptoken=2", base, "ARM GET /x").href).toBe(
      "https://management.azure.com/subscriptions/s/next?$skiptoken=2",
    );
  });
  it.each([
    "https://evil.example/subscriptions/s?$skiptoken=2",
    "http://management.azure.com/x",
    "https://management.azure.com:8443/x",
    "//evil.example/x",
  ])("refuses %s", (link) => {
    expect(() => sameOriginLink(link, base, "ARM GET /x")).toThrow(PagingError);
  });
  it("refuses a link with credentials", () => {
    expect(() => sameOriginLink("https://u:p@management.azure.com/x", base, "ARM GET /x")).toThrow(/credentials/);
  });
});
