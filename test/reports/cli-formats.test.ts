import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exitCodeFor, exitReason, judge } from "../../src/cli/judge.ts";
import { FILE_NAMES, FORMATS, parseFormats } from "../../src/cli/report-output.ts";
import { makeSnapshot, writeSnapshot } from "../../src/evidence/snapshot.ts";
import { resultsDocumentSchema } from "../../src/reports/results-document.ts";
import { runCli } from "../support/cli.ts";
import { goodEvidence, NOW } from "../support/evidence.ts";
import { hostileEvidence } from "./fixtures.ts";

let dir: string;
let snapshot: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-formats-"));
  snapshot = join(dir, "snap.json");
  await writeSnapshot(snapshot, makeSnapshot([goodEvidence(), hostileEvidence()], NOW));
});

describe("--format and --output-dir", () => {
  it("accepts repeated and comma-separated formats and writes each under its standard name", async () => {
    expect(parseFormats(["sarif,junit", "csv", " html ", "SARIF"])).toEqual(["sarif", "junit", "csv", "html"]);
    const out = join(dir, "out");
    const run = await runCli([
      ...["scan", "--snapshot", snapshot, "--profile", "high", "-q"],
      ...["--format", "sarif,junit", "--format", "csv", "--format", "markdown,html,json", "--output-dir", out],
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    for (const format of ["sarif", "junit", "csv", "markdown", "html", "json"] as const)
      expect((await stat(join(out, FILE_NAMES[format]))).size, format).toBeGreaterThan(100);
    expect(JSON.parse(await readFile(join(out, "results.sarif"), "utf8")).version).toBe("2.1.0");
  });

  it("rejects an unknown format and several formats into one --output file", async () => {
    const unknown = await runCli(["scan", "--snapshot", snapshot, "--format", "sarif,pdf"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown --format pdf/);
    const several = await runCli([
      "scan",
      "--snapshot",
      snapshot,
      "--format",
      "sarif,junit",
      "--output",
      join(dir, "x"),
    ]);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/--output names one file but several formats/);
  });

  it("reports an unwritable output path as one clear error", async () => {
    const blocker = join(dir, "a-file");
    await writeFile(blocker, "not a directory");
    const dirRun = await runCli([
      "scan",
      "--snapshot",
      snapshot,
      "--format",
      "html",
      "--output-dir",
      join(blocker, "reports"),
    ]);
    expect(dirRun.code).toBe(2);
    expect(dirRun.stderr.trim().split("\n")).toHaveLength(1);
    expect(dirRun.stderr).toMatch(/cannot write into .*a-file\/reports: .*a-file is a file, not a directory/);
    const fileRun = await runCli([
      "scan",
      "--snapshot",
      snapshot,
      "--format",
      "sarif",
      "--output",
      join(dir, "missing", "r.sarif"),
    ]);
    expect(fileRun.code).toBe(2);
    expect(fileRun.stderr).toMatch(/cannot write .*r\.sarif: its directory does not exist/);
  });
});

describe("--fail-on", () => {
  const document = () =>
    JSON.parse(JSON.stringify(judge([hostileEvidence()], "high", NOW))) as ReturnType<typeof judge>;
  const failing = (doc: ReturnType<typeof judge>) => doc.workspaces[0]!.results.filter((r) => r.status === "fail");

  it("counts unsuppressed failures at or above the threshold", () => {
    const doc = document();
    const severities = new Set(failing(doc).map((r) => r.severity));
    expect(severities.has("high")).toBe(true);
    expect(exitCodeFor(doc, "low")).toBe(1);
    expect(exitCodeFor(doc, "high")).toBe(1);
    expect(exitCodeFor(doc, "none")).toBe(0);
    if (!severities.has("critical")) expect(exitCodeFor(doc, "critical")).toBe(0);
  });

  it("ignores suppressed failures until the suppression expires", () => {
    const doc = document();
    for (const result of failing(doc))
      result.suppression = { reason: "accepted risk", expires: "2099-01-01", scope: "*" };
    expect(exitCodeFor(doc, "low")).toBe(0);
    const expired = document();
    for (const result of failing(expired))
      result.suppression = { reason: "accepted risk", expires: "2020-01-01", scope: "*" };
    expect(exitCodeFor(expired, "low")).toBe(1);
    // The day of expiry still counts as suppressed (a date-only expiry lasts to the end of that day).
    const lastDay = document();
    lastDay.generatedAt = "2026-11-20T23:00:00.000Z";
    for (const result of failing(lastDay)) result.suppression = { reason: "r", expires: "2026-11-20", scope: "*" };
    expect(exitCodeFor(lastDay, "low")).toBe(0);
  });
});

describe("a run that judged nothing", () => {
  it("is exit 3 (incomplete), never 0, whatever --fail-on says", () => {
    const doc = JSON.parse(JSON.stringify(judge([hostileEvidence()], "high", NOW))) as ReturnType<typeof judge>;
    for (const result of doc.workspaces[0]!.results)
      if (result.status === "pass" || result.status === "fail") result.status = "unknown";
    for (const failOn of ["low", "none"] as const) expect(exitCodeFor(doc, failOn)).toBe(3);
    expect(exitReason(doc, "low")).toMatch(/^exit 3: incomplete — nothing could be judged/);
    // One judged result is enough for the usual rules.
    doc.workspaces[0]!.results.find((r) => r.status === "unknown")!.status = "pass";
    expect(exitCodeFor(doc, "low")).toBe(0);
  });
});

describe("lakeward demo", () => {
  it("writes every format into its output directory", async () => {
    const out = join(dir, "demo");
    const run = await runCli(["demo", "--output-dir", out, "-q"]);
    expect(run.code).toBe(0);
    for (const format of FORMATS) {
      const file = join(out, FILE_NAMES[format]);
      expect((await stat(file)).size, file).toBeGreaterThan(500);
    }
    expect((await stat(join(out, "snapshot.json"))).size).toBeGreaterThan(500);
    const results = resultsDocumentSchema.parse(JSON.parse(await readFile(join(out, "results.json"), "utf8")));
    expect(results.workspaces.length).toBeGreaterThanOrEqual(3);
    expect(await readFile(join(out, "report.html"), "utf8")).toMatch(/^<!doctype html>/);
    expect(await readFile(join(out, "junit.xml"), "utf8")).toMatch(/<testsuites name="lakeward"/);
    expect(await readFile(join(out, "summary.md"), "utf8")).toMatch(/^## lakeward/);
  });
});
