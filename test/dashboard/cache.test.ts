/** The dashboard's RenderCache: one rendering per key and version, shared by concurrent requests. */
import { describe, expect, it } from "vitest";
import { RenderCache } from "../../src/dashboard/cache.ts";

describe("RenderCache", () => {
  it("renders once per key and version, shares a rendering in progress, renders again for a new version", async () => {
    const cache = new RenderCache<string>();
    let renders = 0;
    const render = (text: string) => async () => {
      renders++;
      await Promise.resolve();
      return text;
    };
    const concurrent = await Promise.all([1, 2, 3].map(() => cache.get("/", "v1", render("a"))));
    expect(concurrent).toEqual(["a", "a", "a"]);
    expect(renders).toBe(1);
    expect(await cache.get("/", "v1", render("never"))).toBe("a");
    expect(await cache.get("/?days=365", "v1", render("b"))).toBe("b");
    expect(await cache.get("/", "v2", render("c"))).toBe("c");
    expect(renders).toBe(3);
  });

  it("keeps no failed rendering, and at most `limit` keys", async () => {
    const cache = new RenderCache<string>(2);
    await expect(cache.get("/", "v1", () => Promise.reject(new Error("store down")))).rejects.toThrow("store down");
    await Promise.resolve();
    expect(await cache.get("/", "v1", async () => "after")).toBe("after");
    await cache.get("b", "v1", async () => "b");
    await cache.get("c", "v1", async () => "c");
    // "/" was the oldest key: evicted, so it renders again.
    expect(await cache.get("/", "v1", async () => "again")).toBe("again");
  });
});
