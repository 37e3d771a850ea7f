/**
 * The emulated estate (issue 16): many workspaces generated from the personas, and the documented rate
 * limits enforced as token buckets with 429 + Retry-After — and lakeward's scan answering every 429 with a
 * retry, so that throttling costs time and never evidence.
 */
import { describe, expect, it } from "vitest";
import { generateWorkspaces } from "../../src/emulator/estate.ts";
import { EmulatorRateLimits } from "../../src/emulator/rate-limits.ts";
import { RequestLimiter } from "../../src/sources/http/limiter.ts";
import { RATE_LIMITS, type RateLimit } from "../../src/sources/http/rate-limits.ts";
import { collectEmulator, withEmulator } from "../support/emulator.ts";

describe("--workspaces N", () => {
  it("cycles through the personas with names, ids and VNets of their own, and content that varies", () => {
    const estate = generateWorkspaces(12, ["typical", "hardened", "standard-sku"], 0);
    expect(estate.map((ws) => ws.name).slice(0, 4)).toEqual([
      "adb-typical-01",
      "adb-hardened-02",
      "adb-standard-03",
      "adb-typical-04",
    ]);
    expect(new Set(estate.map((ws) => ws.resourceId)).size).toBe(12);
    expect(new Set(estate.map((ws) => (ws.arm.properties as { workspaceId?: string }).workspaceId)).size).toBe(12);
    expect(estate.every((ws) => ws.generated && ws.resourceId.endsWith(`/${ws.name}`))).toBe(true);
    // No two workspaces point at the same subnet or managed storage account.
    const own = estate.flatMap((ws) => Object.keys(ws.resources).filter((id) => /subnets|databricks-rg-/.test(id)));
    expect(new Set(own).size).toBe(own.length);
    const typical = estate.filter((ws) => ws.persona === "typical");
    expect(new Set(typical.map((ws) => ws.users.length)).size).toBeGreaterThan(1);
    const hardened = estate.filter((ws) => ws.persona === "hardened");
    expect(new Set(hardened.map((ws) => ws.jobs.length)).size).toBeGreaterThan(1);
    for (const ws of estate)
      for (const job of ws.jobs.filter((job) => (job.job_id ?? 0) >= 900_000))
        expect(ws.permissions[`jobs/${job.job_id}`]).toBeDefined();
  });

  it("refuses a count out of range", () => {
    expect(() => generateWorkspaces(0)).toThrow(/1 to 1000/);
    expect(() => generateWorkspaces(1001)).toThrow(/1 to 1000/);
  });
});

describe("the emulator's rate limits", () => {
  it("ARM reads: a bucket of 250 per subscription refilled at 25/s, then 429 with Retry-After in seconds", () => {
    const limits = new EmulatorRateLimits();
    const path = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w";
    for (let i = 0; i < 250; i++) expect(limits.take("arm", "arm", path, 1000)).toBeUndefined();
    expect(limits.take("arm", "arm", path, 1000)).toBe(1);
    // Another subscription has its own bucket; 40 ms later one token is back in the first.
    expect(limits.take("arm", "arm", "/subscriptions/s2/providers/x", 1000)).toBeUndefined();
    expect(limits.take("arm", "arm", path, 1040)).toBeUndefined();
    expect(limits.take("arm", "arm", path, 1040)).toBe(1);
    expect(limits.counts.throttled["arm-subscription-reads"]).toBe(2);
  });

  it("Databricks: per workspace host and family (DBFS 30/s); one workspace's throttling is not another's", () => {
    const limits = new EmulatorRateLimits();
    for (let i = 0; i < 30; i++) limits.take("databricks-workspace", "ws-a", "/api/2.0/dbfs/list", 0);
    expect(limits.take("databricks-workspace", "ws-a", "/api/2.0/dbfs/list", 0)).toBe(1);
    expect(limits.take("databricks-workspace", "ws-a", "/api/2.1/clusters/list", 0)).toBeUndefined();
    expect(limits.take("databricks-workspace", "ws-b", "/api/2.0/dbfs/list", 0)).toBeUndefined();
  });

  it("a scan answers every 429 with a retry after Retry-After: the evidence is whole, the throttling counted", async () => {
    // DBFS at 1 request per second: each workspace lists three DBFS paths, so two of them are throttled.
    const table: RateLimit[] = [
      { ...RATE_LIMITS.find((row) => row.family === "dbfs")!, ratePerSecond: 1, burst: 1 },
      ...RATE_LIMITS.filter((row) => row.family !== "dbfs"),
    ];
    await withEmulator({ workspaces: 2, personas: ["hardened"], rateLimits: table }, async (emulator) => {
      const limiter = new RequestLimiter();
      const evidence = await collectEmulator(emulator, { limiter });
      expect(emulator.rateLimits!.counts.throttled).toEqual({ dbfs: expect.any(Number) });
      const throttled = emulator.requests.filter((request) => request.status === 429);
      expect(throttled.length).toBeGreaterThanOrEqual(2);
      expect(limiter.counts.throttled).toBe(throttled.length);
      for (const ws of evidence) {
        const { mounts, hiveWarehouse, initScripts } = ws.databricks.dbfs;
        expect([mounts.status, hiveWarehouse.status, initScripts.status]).toEqual(["known", "known", "known"]);
        expect(ws.collection.problems.filter((problem) => /429|throttl/i.test(problem.message))).toEqual([]);
        expect(ws.collection.retries).toBeGreaterThan(0);
      }
    });
  });
});
