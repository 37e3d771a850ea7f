/**
 * The store on both engines: recording runs (findings, drift, scores, deduplicated evidence), the read
 * side, claiming scheduled runs, interrupted runs, retention. Evidence is the checks' test fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { Store } from "../../src/store/index.ts";
import { conf, goodEvidence } from "../support/evidence.ts";
import { recordTestRun } from "../support/store-runs.ts";
import { ENGINES, openTestStore } from "../support/stores.ts";

const T0 = new Date("2026-11-20T06:00:00Z");
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

const runOnce = (store: Store, evidence: WorkspaceEvidence[], when: Date, owner = "test") =>
  recordTestRun(store, evidence, when, { owner });

describe.each(ENGINES)("store (%s)", (engine) => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore(engine, "store"));
  }, 120_000);
  afterAll(() => close?.());

  it("records runs: a new failure with first seen, the changed setting with its actor, then fixed with time to fix", async () => {
    const good = goodEvidence();
    const first = await runOnce(store, [good], at(0));
    expect(first.outcome.events).toEqual([]);
    const workspaces = await store.listWorkspaces();
    expect(workspaces).toHaveLength(1);
    expect(workspaces[0]?.latest?.score).toBeGreaterThan(50);

    const bad = goodEvidence();
    conf(bad, "enableIpAccessLists", "false");
    const second = await runOnce(store, [bad], at(24));
    const newFailure = second.outcome.events.find((e) => e.kind === "new_failure" && e.finding?.checkId === "NET-03");
    expect(newFailure?.finding?.firstSeenAt).toBe(at(24).toISOString());
    expect(newFailure?.changes?.[0]).toMatchObject({
      path: "databricks.workspaceConf.enableIpAccessLists",
      actor: "mallory@example.com",
    });

    const drift = await store.runDrift(second.runId);
    expect(drift.settings).toEqual([
      expect.objectContaining({
        path: "databricks.workspaceConf.enableIpAccessLists",
        before: "true",
        after: "false",
        actor: "mallory@example.com",
        sourceIp: "198.51.100.7",
      }),
    ]);
    expect(drift.statuses).toContainEqual({
      workspace: good.workspace.name,
      checkId: "NET-03",
      before: "pass",
      after: "fail",
    });
    const open = await store.listFindings({ states: ["open"], checkId: "NET-03" });
    expect(open.total).toBe(1);
    expect(open.findings[0]).toMatchObject({
      firstSeenAt: at(24).toISOString(),
      dueAt: at(24 + 30 * 24).toISOString(),
    });

    const third = await runOnce(store, [goodEvidence()], at(30));
    expect(third.outcome.events.map((e) => e.kind)).toContain("resolved");
    const fixed = await store.listFindings({ checkId: "NET-03" });
    expect(fixed.findings[0]).toMatchObject({ state: "fixed", timeToFixSeconds: 6 * 3600 });
    const history = await store.findingHistory(fixed.findings[0]!.id);
    expect(history.map((h) => h.to)).toEqual(["open", "fixed"]);

    const settings = await store.settingHistory(workspaces[0]!.id, "databricks.workspaceConf.enableIpAccessLists");
    expect(settings.map((s) => [s.before, s.after])).toEqual([
      ["true", "false"],
      ["false", "true"],
    ]);
    const trend = await store.scoreHistory({ workspaceId: workspaces[0]!.id, days: 30, now: at(31) });
    expect(trend).toHaveLength(3);
    expect(trend[1]!.score!).toBeLessThan(trend[0]!.score!);
    const estate = await store.scoreHistory({ days: 30, now: at(31) });
    expect(estate.map((d) => d.at.slice(0, 10))).toEqual(["2026-11-20", "2026-11-21"]);

    // Identical evidence is stored once: runs 1 and 3 share their evidence blob (collection times differ).
    const stats = await store.stats();
    expect(stats.blobs).toBeLessThan(6);
    const events = await store.listAlertEvents();
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(["new_failure", "resolved"]));
  });

  it("turns one schedule slot into one run, even with two servers racing; one run per target at a time", async () => {
    await store.runs.syncTargets([{ name: "sched", kind: "posture", schedule: "0 * * * *", spec: {} }], at(0));
    const [a, b] = await Promise.all([store.runs.enqueueDue(at(1)), store.runs.enqueueDue(at(1))]);
    expect([...a, ...b]).toHaveLength(1);
    // Missed slots while down: one run, not one per slot (the previous one still queued: none at all).
    expect(await store.runs.enqueueDue(at(5))).toEqual([]);
    const again = await store.runs.enqueueNow("sched", "api", "me", at(5));
    expect(again?.created).toBe(false);
    const claimed = await store.runs.claim("server-a", 1000, at(5));
    expect(claimed?.target).toBe("sched");
    expect(await store.runs.claim("server-b", 1000, at(5))).toBeNull();
    // server-a dies: after the lease its run is interrupted and a retry is queued, which server-b gets.
    const lapsed = await store.runs.reapLapsed(new Date(at(5).getTime() + 2000));
    expect(lapsed.map((r) => r.id)).toEqual([claimed!.id]);
    const retry = await store.runs.claim("server-b", 1000, new Date(at(5).getTime() + 3000));
    expect(retry?.requested_by).toBe(`retry of run ${claimed!.id}`);
    const interrupted = await store.getRun(claimed!.id);
    expect(interrupted?.status).toBe("interrupted");
  });

  it("waives a finding until its expiry (admin), recording who and why", async () => {
    const { findings } = await store.listFindings({ states: ["fixed"] });
    expect(findings.length).toBeGreaterThan(0);
    const refused = await store.acceptFinding(findings[0]!.id, {
      owner: "sec",
      reason: "test",
      expires: "2027-01-01",
      by: "admin",
      at: at(40).toISOString(),
    });
    expect(refused).toEqual({ ok: false, state: "fixed" });
    expect(
      await store.acceptFinding(999_999, {
        owner: "sec",
        reason: "test",
        expires: "2027-01-01",
        by: "admin",
        at: at(40).toISOString(),
      }),
    ).toBeNull();
  });

  it("retention drops evidence past its age and the blobs nothing refers to, keeping runs and results", async () => {
    const before = await store.stats();
    const dropped = await store.applyRetention({ evidenceDays: 1, resultsDays: null }, at(24 * 3));
    expect(dropped.evidenceDropped).toBeGreaterThan(0);
    const after = await store.stats();
    expect(after.blobs).toBeLessThan(before.blobs);
    expect(after.runs).toBe(before.runs);
    const runs = await store.listRuns({ target: "estate" });
    expect(await store.runResults(runs[0]!.id)).toHaveLength(1);
    expect(await store.runEvidence(runs[0]!.id, (await store.listWorkspaces())[0]!.id)).toBeNull();
  });
});

describe("embedded store: one writer, readers beside it", () => {
  it("refuses a second writer on the same data directory, lets a reader in, and frees the lock at close", async () => {
    const { store, location } = await openTestStore("embedded", "lock");
    try {
      await runOnce(store, [goodEvidence()], at(0));
      await expect(Store.open({ dataDir: location.dataDir })).rejects.toThrow(
        new RegExp(`in use by another lakeward serve \\(pid ${process.pid}\\)`),
      );
      const reader = await Store.open({ dataDir: location.dataDir, writer: false });
      try {
        expect(await reader.listWorkspaces()).toHaveLength(1);
      } finally {
        await reader.close();
      }
      await store.close();
      const again = await Store.open({ dataDir: location.dataDir });
      await again.close();
    } finally {
      await store.close().catch(() => {});
      await location.cleanup();
    }
  });
});
