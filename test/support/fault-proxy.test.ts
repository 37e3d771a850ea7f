/** The fault proxy does what each fault says, and records every request (and the trap's). */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "./fault-proxy.ts";

let upstream: ReturnType<typeof createServer>;
let origin: string;
let proxy: FaultProxy;

beforeAll(async () => {
  upstream = createServer((request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ path: request.url, items: [1, 2, 3], next_page_token: "t2" }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  proxy = await startFaultProxy(origin);
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

const get = (path: string, init: RequestInit = {}) => fetch(`${proxy.url}${path}`, init);

describe("fault proxy", () => {
  it("forwards untouched and records without credential values", async () => {
    proxy.setRules([]);
    const response = await get("/a?x=1", { headers: { authorization: "Bearer secret-value" } });
    expect(await response.json()).toMatchObject({ path: "/a?x=1" });
    const last = proxy.requests.at(-1)!;
    expect(last).toMatchObject({ method: "GET", path: "/a", query: "?x=1", hasAuthorization: true, status: 200 });
    expect(JSON.stringify(proxy.requests)).not.toContain("secret-value");
  });

  it("status with Retry-After, only after N and only `times` times", async () => {
    proxy.setRules([{ path: "/s", after: 1, times: 1, fault: { kind: "status", status: 429, retryAfter: "3600" } }]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get("/s")).status);
    expect(statuses).toEqual([200, 429, 200]);
  });

  it("bodies: empty, null, [] and HTML with their content types", async () => {
    for (const [body, type] of [
      ["", "application/json"],
      ["null", "application/json"],
      ["[]", "application/json"],
      ["<html>404</html>", "text/html"],
    ] as const) {
      proxy.setRules([{ path: "/b", fault: { kind: "body", body, contentType: type } }]);
      const response = await get("/b");
      expect(await response.text()).toBe(body);
      expect(response.headers.get("content-type")).toBe(type);
    }
  });

  it("rewrites JSON, with the trap's URL at hand for off-host links", async () => {
    proxy.setRules([
      {
        path: "/r",
        fault: { kind: "rewrite", json: (body, _req, info) => ({ ...(body as object), next: info.trapUrl }) },
      },
    ]);
    expect(await (await get("/r")).json()).toMatchObject({ items: [1, 2, 3], next: proxy.trap.url });
    expect(proxy.trap.requests).toEqual([]);
    await fetch(`${proxy.trap.url}/x`);
    expect(proxy.trap.requests.map((r) => r.path)).toEqual(["/x"]);
    proxy.trap.requests.length = 0;
  });

  it("resets, truncates, trickles and hangs", async () => {
    proxy.setRules([{ path: "/reset", fault: { kind: "reset" } }]);
    await expect(get("/reset")).rejects.toThrow();
    proxy.setRules([{ path: "/trunc", fault: { kind: "truncate", bytes: 5 } }]);
    await expect(get("/trunc").then((r) => r.text())).rejects.toThrow();
    proxy.setRules([{ path: "/slow", fault: { kind: "trickle", intervalMs: 5, bytes: 8 } }]);
    const started = Date.now();
    expect(await (await get("/slow")).json()).toMatchObject({ items: [1, 2, 3] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
    proxy.setRules([{ path: "/hang", fault: { kind: "hang" } }]);
    await expect(get("/hang", { signal: AbortSignal.timeout(200) })).rejects.toThrow();
  });

  it("content type and query matching", async () => {
    proxy.setRules([{ path: "/c*", query: "page=2", fault: { kind: "content-type", contentType: "text/plain" } }]);
    expect((await get("/ct?page=1")).headers.get("content-type")).toBe("application/json");
    expect((await get("/ct?page=2")).headers.get("content-type")).toBe("text/plain");
  });
});
