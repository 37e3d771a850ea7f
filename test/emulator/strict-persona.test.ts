/**
 * The `strict` persona: the Databricks-side contract fixtures of ../shared/corpus/api-response served verbatim,
 * every other call 404. The collectors must read every fixture (their schemas accept the real shapes) and no
 * check may pass on anything a fixture does not hold. Skips, saying so, when ../shared is absent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKS } from "../../src/checks/registry.ts";
import type { RunningEmulator } from "../../src/emulator/server.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { loadStrictCorpus } from "../../src/emulator/strict.ts";
import { DATABRICKS_FIXTURES, defaultFixturesDir, WRITTEN_BODIES } from "../../src/emulator/strict-databricks.ts";
import { evaluateWorkspace } from "../../src/engine/evaluate.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { collect } from "../../src/sources/collect.ts";

const dir = defaultFixturesDir();

describe.runIf(dir === undefined)("strict persona", () => {
  it.skip("skipped: ../shared/corpus/api-response is absent, so the contract fixtures cannot be read", () => {});
});

describe.runIf(dir !== undefined)("strict persona (contract fixtures verbatim)", () => {
  let emulator: RunningEmulator;
  let evidence: WorkspaceEvidence;

  beforeAll(async () => {
    emulator = await startEmulator({ personas: [], strict: { corpus: await loadStrictCorpus(dir!), armExamples: [] } });
    const [workspace] = await collect({
      target: { host: emulator.strict!.url },
      databricksAuth: { mode: "sdk", token: emulator.token },
      notebookScan: false,
    });
    evidence = workspace!;
  }, 60_000);
  afterAll(async () => {
    await emulator?.close();
  });

  it("reads every fixture: the collectors' schemas accept the real shapes", () => {
    expect(emulator.strict!.bodies.filter((b) => b.origin !== "written").length).toBe(DATABRICKS_FIXTURES.length);
    const db = evidence.databricks;
    for (const [name, fact] of Object.entries({
      clusters: db.clusters,
      jobs: db.jobs,
      secretScopes: db.secretScopes,
      globalInitScripts: db.globalInitScripts,
      caller: db.caller,
      admins: db.admins,
    }))
      expect(fact.status, `${name}: ${fact.status === "unknown" ? fact.reason : ""}`).toBe("known");
    if (db.clusters.status === "known") expect(db.clusters.value.map((c) => c.id)).toContain("test1");
    // The real cluster ACL body (inherited_from_object and all) becomes the permission graph's evidence.
    if (db.clusters.status === "known")
      expect(db.clusters.value.find((c) => c.id === "test2")?.permissions).toEqual([
        { principal: "test@test.com", principalType: "user", permissions: [{ level: "CAN_MANAGE", inherited: false }] },
        { principal: "admins", principalType: "group", permissions: [{ level: "CAN_MANAGE", inherited: true }] },
      ]);
    if (db.jobs.status === "known")
      expect(db.jobs.value.map((j) => j.id)).toEqual(expect.arrayContaining(["12", "14"]));
    if (db.secretScopes.status === "known") {
      expect(db.secretScopes.value[0]).toMatchObject({ name: "some-kv-scope", backend: "AZURE_KEYVAULT" });
      expect(db.secretScopes.value[0]!.acls.status).toBe("known");
    }
    if (db.globalInitScripts.status === "known")
      expect(db.globalInitScripts.value.find((s) => s.id === "C39FD6BAC8088BBC")?.fingerprint).toMatch(/^sha256:/);
  });

  it("what no fixture holds is unknown, not empty", () => {
    expect(evidence.databricks.tokens.status).toBe("unknown");
    expect(evidence.databricks.ipAccessLists.status).toBe("unknown");
    expect(evidence.databricks.unityCatalog.catalogs.status).toBe("unknown");
  });

  it("no check passes on anything but a fixture", () => {
    const served = new Set([...DATABRICKS_FIXTURES, ...WRITTEN_BODIES].map((f) => f.path));
    const result = evaluateWorkspace(evidence, CHECKS, { profile: "high" });
    const passes = result.results.filter((r) => r.status === "pass");
    for (const pass of passes)
      for (const use of pass.evidence) {
        const path = /^GET (\S+?)(\?|$)/.exec(use.source)?.[1];
        expect(
          path && [...served].some((p) => p === path || p.startsWith(`${path}/`)),
          `${pass.checkId}: ${use.source}`,
        ).toBe(true);
      }
    // Nothing but Databricks-side fixtures is read here: most checks cannot be judged.
    expect(result.results.filter((r) => r.status === "unknown").length).toBeGreaterThan(40);
  });
});
