/**
 * The daily score rollup on both engines, through store.record (the path serve takes): the day's last run
 * wins, the estate carries each workspace's latest score over days it did not run, a run recorded out of
 * time order fixes the later days, a gone workspace leaves the estate, and the rollup equals a recompute
 * from the raw runs (the migration's backfill).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import type { Store } from "../../src/store/index.ts";
import { backfillRollup } from "../../src/store/rollup.ts";
import { conf, goodEvidence } from "../support/evidence.ts";
import { recordTestRun } from "../support/store-runs.ts";
import { ENGINES, openTestStore } from "../support/stores.ts";

const DAY0 = Date.UTC(2026, 10, 20);
const at = (day: number, hour: number) => new Date(DAY0 + day * 86_400_000 + hour * 3_600_000);

function workspace(name: string, ipAccessLists: boolean): WorkspaceEvidence {
  const evidence = goodEvidence();
  evidence.workspace = {
    ...evidence.workspace,
    name,
    host: `https://${name}.azuredatabricks.net`,
    resourceId: evidence.workspace.resourceId!.replace(/\/ws$/, `/${name}`),
  };
  if (!ipAccessLists) conf(evidence, "enableIpAccessLists", "false");
  return evidence;
}

describe.each(ENGINES)("daily score rollup (%s)", (engine) => {
  let store: Store;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await openTestStore(engine, "rollup"));
  }, 120_000);
  afterAll(() => close?.());

  it("keeps each day's last run, carries the estate forward, repairs late runs and drops gone workspaces", async () => {
    const run = (target: string, evidence: WorkspaceEvidence[], when: Date) =>
      recordTestRun(store, evidence, when, { target, withAudit: false });
    await run("a", [workspace("alpha", true)], at(0, 6));
    await run("b", [workspace("beta", false)], at(0, 7));
    await run("a", [workspace("alpha", false)], at(0, 20));
    await run("a", [workspace("alpha", true)], at(2, 6));

    const [alpha, beta] = (await store.listWorkspaces()).sort((x, y) => x.name.localeCompare(y.name));
    const days = await store.workspaceTrend({ workspaceId: alpha!.id, days: 30, now: at(3, 12) });
    expect(days.map((d) => [d.day, d.runs])).toEqual([
      ["2026-11-20", 2],
      ["2026-11-22", 1],
    ]);
    const bad = days[0]!.score!;
    const good = days[1]!.score!;
    expect(bad).toBeLessThan(good);
    expect(days[0]!.at).toBe(at(0, 20).toISOString());
    expect(days[0]!.fail).toBeGreaterThan(days[1]!.fail);
    const betaBad = (await store.workspaceTrend({ workspaceId: beta!.id, days: 30, now: at(3, 12) }))[0]!.score!;
    expect(betaBad).toBe(bad);

    const mean = (...scores: number[]) => Math.round(scores.reduce((a, b) => a + b, 0) / scores.length);
    const trend = async () =>
      (await store.estateTrend({ days: 30, now: at(3, 12) })).map((d) => [d.day, d.score, d.workspaces, d.measured]);
    expect(await trend()).toEqual([
      ["2026-11-20", mean(bad, betaBad), 2, true],
      ["2026-11-21", mean(bad, betaBad), 2, false],
      ["2026-11-22", mean(good, betaBad), 2, true],
      ["2026-11-23", mean(good, betaBad), 2, false],
    ]);
    // The window: the day before it carries into its first day.
    expect((await store.estateTrend({ days: 1, now: at(3, 12) })).map((d) => d.day)).toEqual(["2026-11-23"]);

    // A run of day 1 recorded after day 2's: day 1 and every later day are recomputed.
    await run("b", [workspace("beta", true)], at(1, 12));
    expect(await trend()).toEqual([
      ["2026-11-20", mean(bad, betaBad), 2, true],
      ["2026-11-21", mean(bad, good), 2, true],
      ["2026-11-22", good, 2, true],
      ["2026-11-23", good, 2, false],
    ]);

    // Target b's discovery no longer lists beta: gone from day 3 on, its history stays.
    await run("b", [], at(3, 6));
    expect((await trend()).at(-1)).toEqual(["2026-11-23", good, 1, true]);
    expect((await trend())[1]).toEqual(["2026-11-21", mean(bad, good), 2, true]);

    // The API's estate score history reads the rollup.
    expect((await store.scoreHistory({ days: 30, now: at(3, 12) })).map((p) => [p.at, p.score])).toEqual([
      ["2026-11-20T00:00:00.000Z", mean(bad, betaBad)],
      ["2026-11-21T00:00:00.000Z", mean(bad, good)],
      ["2026-11-22T00:00:00.000Z", good],
      ["2026-11-23T00:00:00.000Z", good],
    ]);

    // Sparklines: per day, or per week past 92 days.
    const daily = await store.workspaceTrends({ days: 30, now: at(3, 12) });
    expect(daily.find((t) => t.workspaceId === alpha!.id)?.points).toEqual([
      { day: "2026-11-20", score: bad },
      { day: "2026-11-22", score: good },
    ]);
    const weekly = await store.workspaceTrends({ days: 365, now: at(3, 12) });
    expect(weekly.find((t) => t.workspaceId === alpha!.id)?.points).toHaveLength(1);
    expect(weekly.find((t) => t.workspaceId === alpha!.id)?.points[0]?.score).toBe(mean(bad, good));

    // What was maintained run by run equals a recompute from the raw runs (the migration's backfill).
    const before = { estate: await trend(), rows: await store.dailyScores({ days: 30, now: at(3, 12) }) };
    await store.db.deleteFrom("workspace_daily_scores").execute();
    await store.db.deleteFrom("estate_daily_scores").execute();
    await backfillRollup(store.db);
    expect({ estate: await trend(), rows: await store.dailyScores({ days: 30, now: at(3, 12) }) }).toEqual(before);
  });
});
