import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/cli/judge.ts";
import { type DiffDocument, diffDocumentSchema } from "../../src/diff/diff.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { makeSnapshot, writeSnapshot } from "../../src/evidence/snapshot.ts";
import { runCli } from "../support/cli.ts";
import { conf, daysAgo, goodEvidence, k, NOW, u } from "../support/evidence.ts";

let dir: string;
const file = (name: string) => join(dir, name);

/** Before: IAM-07 fails (a token that never expires); everything else as goodEvidence. */
function beforeEvidence(): WorkspaceEvidence {
  const evidence = goodEvidence();
  evidence.databricks.tokens = k([
    {
      id: "t-old",
      createdBy: "dana@example.com",
      ownerId: "1",
      createdAt: daysAgo(10),
      expiresAt: null,
      lastUsedDay: daysAgo(1),
      comment: "laptop",
    },
  ]);
  return evidence;
}

/** After: the token is gone (IAM-07 resolved), IP access lists were switched off (NET-03 newly fails), the
 *  clusters could not be read (DATA-12 pass → unknown) and an ALLOW range changed (NET-04 evidence). */
function afterEvidence(): WorkspaceEvidence {
  const evidence = goodEvidence();
  conf(evidence, "enableIpAccessLists", "false");
  evidence.databricks.clusters = u("forbidden (HTTP 403 PERMISSION_DENIED: not an admin)");
  evidence.databricks.ipAccessLists = k([
    { id: "1", label: "corp", type: "ALLOW", addresses: ["203.0.113.0/25"], enabled: true },
  ]);
  return evidence;
}

async function writeResults(name: string, evidence: WorkspaceEvidence[], profile: "standard" | "high" = "high") {
  await writeFile(file(name), `${JSON.stringify(judge(evidence, profile, NOW), null, 2)}\n`);
  return file(name);
}

async function diffJson(args: string[]): Promise<{ code: number; diff: DiffDocument; stderr: string }> {
  const run = await runCli(["diff", ...args, "--format", "json"]);
  return { code: run.code, diff: diffDocumentSchema.parse(JSON.parse(run.stdout)), stderr: run.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-diff-"));
  await writeResults("old.json", [beforeEvidence()]);
  await writeResults("new.json", [afterEvidence()]);
});

describe("lakeward diff", () => {
  it("reports new failures, pass→unknown, resolved and changed evidence, and exits 1", async () => {
    const { code, diff } = await diffJson([file("old.json"), file("new.json")]);
    expect(code).toBe(1);
    expect(diff.comparable).toBe(true);
    const find = (checkId: string) => diff.changes.find((c) => c.checkId === checkId);
    expect(find("NET-03")).toMatchObject({
      kind: "new_failure",
      worse: true,
      before: { status: "pass" },
      after: { status: "fail" },
    });
    expect(find("DATA-12")).toMatchObject({ kind: "pass_to_unknown", worse: true, after: { status: "unknown" } });
    expect(find("IAM-07")).toMatchObject({
      kind: "resolved",
      worse: false,
      before: { status: "fail" },
      after: { status: "pass" },
    });
    const net04 = find("NET-04");
    expect(net04).toMatchObject({ kind: "evidence_changed", worse: false });
    // The field that changed, by its path under the evidence label, old → new.
    const addresses = net04?.evidence.find((e) => e.label.startsWith("IP access lists[id=1]"));
    expect(addresses?.label).toBe("IP access lists[id=1].addresses");
    expect(addresses?.after).toMatch(/203\.0\.113\.0\/25/);
    // Unreadable clusters make every check that reads them unknown; each is a pass→unknown.
    expect(diff.summary.newFailures).toBe(1);
    expect(diff.summary.resolved).toBe(1);
    expect(diff.summary.passToUnknown).toBeGreaterThanOrEqual(1);
    expect(diff.summary.worse).toBe(diff.summary.newFailures + diff.summary.passToUnknown);
    for (const change of diff.changes.filter((c) => c.kind === "pass_to_unknown"))
      expect(change.after.message).toMatch(/forbidden|could not/);
    // Worse changes come first.
    expect(diff.changes.slice(0, 2).every((c) => c.worse)).toBe(true);
  });

  it("finds no change between two scans that differ only in key order, list order and read times", async () => {
    const a = afterEvidence();
    const b = JSON.parse(JSON.stringify(a), (_key, value) =>
      Array.isArray(value)
        ? [...value].reverse()
        : value && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
    ) as WorkspaceEvidence;
    b.collection.startedAt = new Date(NOW.getTime() + 3_600_000).toISOString();
    if (b.databricks.clusters.status === "known")
      for (const cluster of b.databricks.clusters.value)
        cluster.startTime = new Date(NOW.getTime() + 7_200_000).toISOString();
    await writeResults("same-a.json", [a]);
    await writeResults("same-b.json", [b]);
    const { code, diff } = await diffJson([file("same-a.json"), file("same-b.json")]);
    expect(diff.changes).toEqual([]);
    expect(code).toBe(0);
  });

  it("prints the changes in the console and exits 0 when nothing got worse", async () => {
    const run = await runCli(["diff", file("old.json"), file("new.json")]);
    expect(run.stdout).toMatch(/NEW FAIL\s+high\s+NET-03/);
    expect(run.stdout).toMatch(/RESOLVED .*IAM-07/);
    expect(run.stdout).toMatch(/Worse: \d+ changes at or above --fail-on low \(exit 1\)/);
    const reverse = await runCli(["diff", file("new.json"), file("new.json")]);
    expect(reverse.code).toBe(0);
    expect(reverse.stdout).toMatch(/No changes/);
    // Only a resolved failure: better, exit 0.
    const fixedOnly = await writeResults("fixed.json", [goodEvidence()]);
    const better = await diffJson([file("old.json"), fixedOnly]);
    expect(better.code).toBe(0);
    expect(better.diff.summary.resolved).toBe(1);
    // --fail-on above the worsened severities: reported, not failing.
    const critical = await diffJson([file("old.json"), file("new.json"), "--fail-on", "critical"]);
    expect(critical.code).toBe(0);
    expect(critical.diff.summary.worse).toBe(0);
    expect(critical.diff.summary.newFailures).toBe(1);
  });

  it("judges two snapshots with the current checks at --profile", async () => {
    await writeSnapshot(file("snap-old.json"), makeSnapshot([beforeEvidence()], NOW));
    await writeSnapshot(file("snap-new.json"), makeSnapshot([afterEvidence()], NOW));
    const { code, diff } = await diffJson([file("snap-old.json"), file("snap-new.json"), "--profile", "high"]);
    expect(code).toBe(1);
    expect(diff.old.kind).toBe("snapshot");
    expect(diff.changes.map((c) => `${c.checkId} ${c.kind}`)).toEqual(
      expect.arrayContaining(["NET-03 new_failure", "DATA-12 pass_to_unknown", "IAM-07 resolved"]),
    );
    // A results file against a snapshot works too.
    expect((await diffJson([file("old.json"), file("snap-new.json"), "--profile", "high"])).code).toBe(1);
  });

  it("compares statuses across schema versions and says evidence was not compared", async () => {
    const document = JSON.parse(await readFile(file("new.json"), "utf8"));
    document.schemaVersion = 2;
    document.somethingNew = { added: "in version 2" };
    await writeFile(file("new-v2.json"), JSON.stringify(document));
    const { code, diff } = await diffJson([file("old.json"), file("new-v2.json")]);
    expect(code).toBe(1);
    expect(diff.notes.join(" ")).toMatch(/schema version 1 and NEW version 2: statuses are compared/);
    expect(diff.changes.find((c) => c.checkId === "NET-03")?.kind).toBe("new_failure");
    expect(diff.changes.every((c) => c.evidence.length === 0)).toBe(true);
    expect(diff.changes.find((c) => c.checkId === "IAM-07")?.kind).toBe("resolved");
  });

  it("explains what it cannot read in another schema version (exit 2)", async () => {
    await writeFile(
      file("v3.json"),
      JSON.stringify({ schema: "lakeward/results", schemaVersion: 3, findings: [] }, null, 2),
    );
    const run = await runCli(["diff", file("old.json"), file("v3.json")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /v3\.json: line 1: results schema version 3 has no workspaces list; this lakeward reads version 1/,
    );
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("says when the files share no workspace (exit 2) and compares what is shared", async () => {
    const other = goodEvidence();
    other.workspace = {
      ...other.workspace,
      name: "adb-elsewhere",
      host: "https://adb-9.9.azuredatabricks.net",
      resourceId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Databricks/workspaces/elsewhere",
      workspaceId: "9",
    };
    await writeResults("other.json", [other]);
    const run = await runCli(["diff", file("old.json"), file("other.json")]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/No workspace in common: OLD has ws; NEW has adb-elsewhere/);
    expect(run.stderr).toMatch(/share no workspace, so nothing could be compared/);

    // Partly overlapping: the shared workspace is compared, the others are named.
    await writeResults("both.json", [afterEvidence(), other]);
    const partial = await diffJson([file("old.json"), file("both.json")]);
    expect(partial.code).toBe(1);
    expect(partial.diff.workspaces).toEqual({ compared: ["ws"], onlyInOld: [], onlyInNew: ["adb-elsewhere"] });
  });

  it("lists checks only one profile ran instead of calling them changes", async () => {
    await writeResults("old-standard.json", [beforeEvidence()], "standard");
    const { diff } = await diffJson([file("old-standard.json"), file("new.json")]);
    expect(diff.notes.join(" ")).toMatch(/profile standard and NEW at high/);
    expect(diff.checks.onlyInNew).toContain("NET-05");
    expect(diff.changes.some((c) => c.checkId === "NET-05")).toBe(false);
  });

  it("turns bad input and an unwritable output path into one clear error", async () => {
    await writeFile(file("not-lakeward.json"), JSON.stringify({ hello: "world" }));
    const notOurs = await runCli(["diff", file("not-lakeward.json"), file("new.json")]);
    expect(notOurs.code).toBe(2);
    expect(notOurs.stderr).toMatch(/not a lakeward results document or snapshot/);
    const missing = await runCli(["diff", file("nope.json"), file("new.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read \(no such file\)/);
    const unwritable = await runCli([
      "diff",
      file("old.json"),
      file("new.json"),
      "--output",
      join(dir, "no-such-dir", "d.json"),
    ]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr.trim().split("\n")).toHaveLength(1);
    expect(unwritable.stderr).toMatch(/cannot write .*d\.json: its directory does not exist/);
    const written = await runCli([
      "diff",
      file("old.json"),
      file("new.json"),
      "--format",
      "json",
      "--output",
      file("drift.json"),
    ]);
    expect(written.code).toBe(1);
    expect(
      diffDocumentSchema.parse(JSON.parse(await readFile(file("drift.json"), "utf8"))).summary.worse,
    ).toBeGreaterThanOrEqual(2);
  });
});
