/**
 * Hostile files given to the commands that read snapshots, results and lakeward.yaml (issue 10, items 12
 * and 15): each is a clear error naming the file (and line), exit 2 — never a hang, a stack trace or exit 3.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { judge } from "../src/cli/judge.ts";
import { makeSnapshot, writeSnapshot } from "../src/evidence/snapshot.ts";
import { MAX_JSON_DEPTH } from "../src/util/json-file.ts";
import { runCli } from "./support/cli.ts";
import { goodEvidence, NOW } from "./support/evidence.ts";

let dir: string;
const file = (name: string) => join(dir, name);

/** A value nested `depth` arrays deep, as text (JSON.stringify would overflow building it). */
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** A YAML "billion laughs": nine levels of nine aliases each expand to 9^9 strings. */
function aliasBomb(): string {
  let text = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n`;
  let previous = "a";
  for (let level = 0; level < 9; level++) {
    const name = `b${level}`;
    text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]\n`;
    previous = name;
  }
  return text;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-hostile-"));
  await writeSnapshot(file("snap.json"), makeSnapshot([goodEvidence()], NOW));
  await writeFile(file("results.json"), JSON.stringify(judge([goodEvidence()], "standard", NOW), null, 2));
  const snapshot = JSON.parse(await readFile(file("snap.json"), "utf8"));
  await writeFile(file("bad-date.json"), JSON.stringify({ ...snapshot, createdAt: "yesterday-ish" }, null, 2));
  const results = JSON.parse(await readFile(file("results.json"), "utf8"));
  await writeFile(file("bad-date-results.json"), JSON.stringify({ ...results, generatedAt: "2026-13-45" }, null, 2));
  await writeFile(file("deep.json"), nested(100_000));
  await writeFile(file("deep-snapshot.json"), `{"schema": "lakeward/snapshot",\n "extra": ${nested(100_000)}}`);
  await writeFile(file("deep-results.json"), `{"schema": "lakeward/results", "x":\n${nested(MAX_JSON_DEPTH + 1)}}`);
  await writeFile(file("bomb.yaml"), aliasBomb());
  await writeFile(file("deep.yaml"), `targets: ${nested(100_000)}\n`);
  execFileSync("mkfifo", [file("fifo.json")]);
  await symlink("/dev/zero", file("zero.json"));
  execFileSync("mkfifo", [file("lakeward-fifo.yaml")]);
  execFileSync("mkfifo", [file("ca.pem")]);
});

/** The run's single error line; also checks it is a clean error (exit 2, no stack trace). */
function oneError(run: { code: number; stderr: string }): string {
  expect(run.code).toBe(2);
  expect(run.stderr).not.toMatch(/unexpected error|\n\s+at /);
  const lines = run.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe("diff and scan --snapshot refuse hostile JSON with a clear error", () => {
  it("an invalid createdAt in a snapshot given to diff: file, line and key", async () => {
    const line = oneError(await runCli(["diff", file("bad-date.json"), file("snap.json")]));
    expect(line).toMatch(
      /bad-date\.json: not a valid lakeward snapshot: line 8: createdAt: expected an ISO 8601 date and time, e.g. [^;]*$/,
    );
  });

  it("an invalid generatedAt in a results document given to diff", async () => {
    const line = oneError(await runCli(["diff", file("results.json"), file("bad-date-results.json")]));
    expect(line).toMatch(/bad-date-results\.json: not a valid lakeward results document: line \d+: generatedAt/);
  });

  it.each([
    ["deep.json", 1],
    ["deep-snapshot.json", 2],
    ["deep-results.json", 2],
  ])("%s nested past the depth limit: file and line", async (name, lineNumber) => {
    const line = oneError(await runCli(["diff", file("snap.json"), file(name)]));
    expect(line).toContain(`${file(name)}: line ${lineNumber}: nested deeper than ${MAX_JSON_DEPTH} levels`);
    const scan = oneError(await runCli(["scan", "--snapshot", file(name), "--quiet"]));
    expect(scan).toContain("nested deeper than");
  });

  it("a FIFO or /dev/zero behind a symlink is refused at once, not read forever", async () => {
    expect(oneError(await runCli(["diff", file("fifo.json"), file("snap.json")]))).toContain(
      "fifo.json: not read: it is a named pipe (FIFO); lakeward reads only regular files",
    );
    expect(oneError(await runCli(["scan", "--snapshot", file("zero.json")]))).toContain(
      "zero.json: not read: it is a character device",
    );
  });

  it("a snapshot over the size limit is refused, naming the limit", async () => {
    const run = await runCli(["scan", "--snapshot", file("snap.json")], { LAKEWARD_MAX_INPUT_MB: "1" });
    expect(run.code).not.toBe(2); // 1 MiB is enough for this one
    await writeFile(file("padded.json"), `${" ".repeat(1024 * 1024)}{}`);
    const line = oneError(await runCli(["scan", "--snapshot", file("padded.json")], { LAKEWARD_MAX_INPUT_MB: "1" }));
    expect(line).toContain("padded.json: not read: larger than the 1 MiB limit for a snapshot");
  });
});

describe("lakeward.yaml", () => {
  it("a YAML alias bomb is exit 2 with a clear error, not exit 3", async () => {
    const line = oneError(await runCli(["scan", "--config", file("bomb.yaml"), "--snapshot", file("snap.json")]));
    expect(line).toMatch(/bomb\.yaml: line 2: YAML aliases expand past the limit of 100 \(an "alias bomb"\)/);
  });

  it("YAML nested 100k deep is exit 2 naming the file", async () => {
    const line = oneError(await runCli(["scan", "--config", file("deep.yaml"), "--snapshot", file("snap.json")]));
    expect(line).toContain("deep.yaml: line 1: nested deeper than 512 levels (the limit for YAML)");
    // Block nesting is not bracket-counted: past the parser's stack it is still a clean error.
    const block = Array.from({ length: 2000 }, (_, i) => `${" ".repeat(i)}- `).join("\n");
    await writeFile(file("deep-block.yaml"), `targets:\n${block}x\n`);
    const deepBlock = await runCli(["scan", "--config", file("deep-block.yaml"), "--snapshot", file("snap.json")]);
    expect(oneError(deepBlock)).toMatch(/deep-block\.yaml: line \d+: /);
  });

  it("a FIFO as the config file is refused", async () => {
    const run = await runCli(["scan", "--config", file("lakeward-fifo.yaml"), "--snapshot", file("snap.json")]);
    expect(oneError(run)).toContain("lakeward-fifo.yaml: not read: it is a named pipe");
  });
});

describe("--ca-file", () => {
  it.each([["scan"], ["detect"]])("%s: a FIFO is refused with the option named", async (command) => {
    const args =
      command === "scan"
        ? ["scan", "--host", "https://adb-1.1.azuredatabricks.net", "--ca-file", file("ca.pem")]
        : ["detect", "--warehouse", "w1", "--host", "https://adb-1.1.azuredatabricks.net", "--ca-file", file("ca.pem")];
    const line = oneError(await runCli(args, { DATABRICKS_TOKEN: "dapi-test" }));
    expect(line).toContain(`--ca-file ${file("ca.pem")}: not read: it is a named pipe`);
  });
});
