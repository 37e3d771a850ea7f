/** The gen-logs and detect commands: determinism, options, exit codes. */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DETECTIONS } from "../../src/detect/detections/registry.ts";
import { MANIFEST_FILE } from "../../src/detect/generator/generate.ts";
import { runCli } from "../support/cli.ts";
import { withTempDir } from "./support.ts";

async function digest(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const hash = createHash("sha256");
  for (const file of files.map((e) => join(e.parentPath, e.name)).sort()) {
    hash.update(file.slice(dir.length));
    hash.update(await readFile(file));
  }
  return hash.digest("hex");
}

describe("lakeward gen-logs", () => {
  it("writes the same logs for the same seed, other logs for another seed", async () => {
    await withTempDir(async (dir) => {
      const args = (out: string, seed: string) => [
        "gen-logs",
        "--users",
        "12",
        "--days",
        "4",
        "--out",
        join(dir, out),
        "--seed",
        seed,
        "-q",
      ];
      for (const [out, seed] of [
        ["a", "9"],
        ["b", "9"],
        ["c", "10"],
      ] as const)
        expect((await runCli(args(out, seed))).code).toBe(0);
      expect(await digest(join(dir, "a"))).toBe(await digest(join(dir, "b")));
      expect(await digest(join(dir, "a"))).not.toBe(await digest(join(dir, "c")));
      const manifest = JSON.parse(await readFile(join(dir, "a", MANIFEST_FILE), "utf8"));
      expect(manifest.scenarios.map((s: { detection: string }) => s.detection)).toEqual(
        DETECTIONS.map((d) => d.meta.id),
      );
      expect(manifest.scenarios[0]).toMatchObject({ detection: "DET-01", name: "brute-force" });
    });
  });

  it("--no-attacks writes normal traffic only, and detect finds nothing (exit 0)", async () => {
    await withTempDir(async (dir) => {
      const gen = await runCli([
        "gen-logs",
        "--users",
        "10",
        "--days",
        "3",
        "--no-attacks",
        "--format",
        "parquet",
        "--out",
        dir,
        "-q",
      ]);
      expect(gen.code).toBe(0);
      expect(gen.stdout).toMatch(/and 0 scenario\(s\)/);
      const run = await runCli(["detect", "--logs", dir, "-q"]);
      expect(run.stdout).toContain("No alerts.");
      expect(run.code).toBe(0);
    });
  });

  it("refuses sizes the scenarios cannot fit into", async () => {
    const run = await runCli(["gen-logs", "--users", "5", "--days", "10", "--out", "/tmp/never-written"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("at least 12 users");
  });
});

describe("lakeward detect", () => {
  it("--list names every detection and threshold", async () => {
    const run = await runCli(["detect", "--list"]);
    expect(run.code).toBe(0);
    for (const { meta } of DETECTIONS) {
      expect(run.stdout).toContain(meta.id);
      for (const name of Object.keys(meta.thresholds)) expect(run.stdout).toContain(`${meta.id}.${name}=`);
    }
  });

  it("--fail-on decides the exit code; --threshold and --only are checked", async () => {
    await withTempDir(async (dir) => {
      await runCli(["gen-logs", "--users", "12", "--days", "4", "--format", "system-table-json", "--out", dir, "-q"]);
      expect((await runCli(["detect", "--logs", dir, "-q"])).code).toBe(1);
      expect((await runCli(["detect", "--logs", dir, "-q", "--fail-on", "none"])).code).toBe(0);
      expect((await runCli(["detect", "--logs", dir, "-q", "--fail-on", "critical"])).code).toBe(0);
      // DET-06's "changed" alerts are info: with only DET-12 (medium) and --fail-on high, nothing fails.
      expect((await runCli(["detect", "--logs", dir, "-q", "--only", "DET-12", "--fail-on", "high"])).code).toBe(0);
      const raised = await runCli([
        "detect",
        "--logs",
        dir,
        "-q",
        "--only",
        "DET-08",
        "--threshold",
        "DET-08.downloads=100",
        "--format",
        "json",
      ]);
      expect(raised.code).toBe(0);
      expect(JSON.parse(raised.stdout).detections).toEqual([
        expect.objectContaining({ id: "DET-08", thresholds: { downloads: 100, windowMinutes: 60 }, alerts: 0 }),
      ]);
      const badThreshold = await runCli(["detect", "--logs", dir, "--threshold", "DET-01.nope=3"]);
      expect(badThreshold.code).toBe(2);
      expect(badThreshold.stderr).toContain("DET-01 has no threshold nope");
      expect((await runCli(["detect", "--logs", dir, "--only", "DET-99"])).code).toBe(2);
      expect((await runCli(["detect"])).code).toBe(2);
    });
  });
});
