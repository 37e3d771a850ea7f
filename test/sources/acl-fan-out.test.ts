/**
 * The permission graph's fan-outs (cluster and job ACLs, Unity Catalog grants per securable) over HTTP: an ACL
 * the workspace refuses (403) or one past --max-acls is null with the reason beside it, the run names the
 * refused reads once per fan-out, and the graph checks that passed on the clean read cannot pass on the
 * refused one — they are unknown, saying which part was not read and why.
 */
import { describe, expect, it } from "vitest";
import { CHECKS } from "../../src/checks/registry.ts";
import { parseFault } from "../../src/emulator/faults.ts";
import { evaluateWorkspace } from "../../src/engine/evaluate.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { byPersona, collectEmulator, withEmulator } from "../support/emulator.ts";

const GRAPH_CHECKS = ["IAM-20", "IAM-21", "IAM-22", "DATA-33"];

const judge = (workspace: WorkspaceEvidence) =>
  new Map(evaluateWorkspace(workspace, CHECKS, { profile: "high" }).results.map((r) => [r.checkId, r]));

const known = <T>(fact: { status: string; value?: T }): T => {
  expect(fact.status).toBe("known");
  return fact.value as T;
};

describe("ACL and grant fan-outs", () => {
  it("a refused ACL or grant read is null with the reason; the run says so; no graph check passes on it", async () => {
    const clean = await withEmulator({ personas: ["hardened"] }, async (emulator) =>
      judge(byPersona(await collectEmulator(emulator, { notebookScan: false }), "hardened")),
    );
    for (const id of GRAPH_CHECKS) expect(clean.get(id)?.status, `${id} on the clean read`).toBe("pass");

    const faults = [
      "403 /api/2.0/permissions/clusters/*",
      "403 /api/2.0/permissions/jobs/*",
      "403 /api/2.1/unity-catalog/permissions/catalog/*",
    ].map(parseFault);
    await withEmulator({ personas: ["hardened"], faults }, async (emulator) => {
      const workspace = byPersona(await collectEmulator(emulator, { notebookScan: false }), "hardened");
      const clusters = known(workspace.databricks.clusters);
      const jobs = known(workspace.databricks.jobs);
      const catalogs = known(workspace.databricks.unityCatalog.catalogs);
      expect(clusters.length).toBeGreaterThan(0);
      expect(jobs.length).toBeGreaterThan(0);
      expect(catalogs.length).toBeGreaterThan(0);
      for (const cluster of clusters) {
        expect(cluster.permissions).toBeNull();
        expect(cluster.permissionsUnread).toMatch(/forbidden \(HTTP 403/);
      }
      for (const job of jobs) {
        expect(job.permissions).toBeNull();
        expect(job.permissionsUnread).toMatch(/forbidden \(HTTP 403/);
      }
      for (const c of catalogs) {
        expect(c.grants).toBeNull();
        expect(c.grantsUnread).toMatch(/forbidden \(HTTP 403/);
      }
      // Storage credentials' grants were not refused: read as usual.
      for (const s of known(workspace.databricks.unityCatalog.storageCredentials)) expect(s.grants).not.toBeNull();

      const problems = workspace.collection.problems.map((p) => `${p.source}: ${p.message}`);
      expect(problems).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^GET /api/2.0/permissions/clusters/\\{id\\}: ${clusters.length} of ${clusters.length} cluster ACLs could not be read.*403`,
          ),
        ),
      );
      expect(problems).toContainEqual(
        expect.stringMatching(/permissions\/jobs\/\{id\}: \d+ of \d+ job ACLs could not/),
      );
      expect(problems).toContainEqual(
        expect.stringMatching(/permissions\/catalog\/\{name\}: \d+ of \d+ catalog grants/),
      );

      const results = judge(workspace);
      for (const id of GRAPH_CHECKS) {
        const result = results.get(id)!;
        expect(result.status, `${id}: ${result.message}`).not.toBe("pass");
      }
      // The checks whose answer rests on the refused parts say which and why.
      const refused = GRAPH_CHECKS.map((id) => results.get(id)!).filter((r) => r.status === "unknown");
      expect(refused.length).toBeGreaterThan(0);
      for (const result of refused) expect(result.message, result.checkId).toMatch(/forbidden/);
    });
  }, 120_000);

  it("past --max-acls: null with the bound named, and no run problem (a bound is a choice, not a failure)", async () => {
    await withEmulator({ personas: ["default"] }, async (emulator) => {
      const workspace = byPersona(await collectEmulator(emulator, { notebookScan: false, maxAclReads: 1 }), "default");
      const clusters = known(workspace.databricks.clusters);
      expect(clusters.length).toBeGreaterThan(1);
      expect(clusters[0]!.permissions).not.toBeNull();
      expect(clusters[0]!.permissionsUnread).toBeUndefined();
      for (const cluster of clusters.slice(1)) {
        expect(cluster.permissions).toBeNull();
        expect(cluster.permissionsUnread).toBe("not read: past the first 1 (--max-acls 1)");
      }
      expect(workspace.collection.problems.filter((p) => /ACLs|grants/.test(p.message))).toEqual([]);
      const iam20 = judge(workspace).get("IAM-20")!;
      expect(iam20.message).toMatch(/--max-acls 1/);
    });
  }, 120_000);
});
