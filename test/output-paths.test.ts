/**
 * Output paths are checked before the work (issue 10, item 17): a scan of many workspaces must not end in
 * "cannot write". Each bad path is exit 2 with one clear line, and the emulator saw no request at all.
 */
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../src/emulator/server.ts";
import { startEmulator } from "../src/emulator/server.ts";
import { runCli } from "./support/cli.ts";

let dir: string;
let emulator: RunningEmulator;
const at = (...parts: string[]) => join(dir, ...parts);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-outputs-"));
  await mkdir(at("a-directory"));
  await writeFile(at("a-file"), "x");
  await mkdir(at("reports", "results.json"), { recursive: true });
  emulator = await startEmulator({ personas: ["hardened"] });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
});

const live = () => ["--host", emulator.workspaces[0]!.url];
const env = () => ({ DATABRICKS_TOKEN: emulator.token });

/** Runs the CLI and returns its single error line, checking that nothing was asked of the emulator. */
async function refusedBeforeWork(args: string[]): Promise<string> {
  const before = emulator.requests.length;
  const run = await runCli(args, env());
  expect(run.code, run.stderr).toBe(2);
  expect(emulator.requests.length, "requests sent before the output path was checked").toBe(before);
  const lines = run.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe("scan checks its output paths before reading any workspace", () => {
  it.each([
    [
      "--output in a directory that does not exist",
      () => ["--format", "json", "--output", at("missing", "results.json")],
      () =>
        `cannot write ${at("missing", "results.json")}: its directory does not exist (Choose a writable path with --output.)`,
    ],
    [
      "--save-snapshot naming a directory",
      () => ["--save-snapshot", at("a-directory")],
      () =>
        `cannot write ${at("a-directory")}: it is a directory; give a file name (Choose a writable path with --save-snapshot.)`,
    ],
    [
      "--output-dir naming a file",
      () => ["--format", "json", "--output-dir", at("a-file")],
      () => `cannot write into ${at("a-file")}: it is a file, not a directory`,
    ],
    [
      "--output-dir under a file",
      () => ["--format", "json", "--output-dir", at("a-file", "sub")],
      () => `cannot write into ${at("a-file", "sub")}: ${at("a-file")} is a file, not a directory`,
    ],
    [
      "--output-dir where a report's file name is a directory",
      () => ["--format", "json,html", "--output-dir", at("reports")],
      () => `cannot write ${at("reports", "results.json")}: it is a directory; give a file name`,
    ],
    [
      "--output and --save-snapshot naming one file",
      () => ["--format", "json", "--output", at("same.json"), "--save-snapshot", at("same.json")],
      () => `--output and --save-snapshot both name ${at("same.json")}`,
    ],
  ])("%s", async (_name, args, expected) => {
    const line = await refusedBeforeWork(["scan", ...live(), ...args()]);
    expect(line).toContain(expected());
  });

  it("a new --output-dir under an existing directory is fine (created when writing)", async () => {
    const run = await runCli(["scan", ...live(), "--format", "json", "--output-dir", at("new", "nested")], env());
    expect(run.code, run.stderr).toBeLessThan(2);
  });
});

describe("the other commands check before their work too", () => {
  it("collect --output", async () => {
    const line = await refusedBeforeWork(["collect", ...live(), "--output", at("missing", "snap.json")]);
    expect(line).toContain(`cannot write ${at("missing", "snap.json")}: its directory does not exist`);
  });

  it("detect --output is checked before the logs are read", async () => {
    // The log path does not exist either: the output error comes first, so no log was touched.
    const run = await runCli([
      "detect",
      "--logs",
      at("no-logs"),
      "--format",
      "json",
      "--output",
      at("missing", "a.json"),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot write ${at("missing", "a.json")}: its directory does not exist`);
    expect(run.stderr).not.toContain("no-logs");
  });

  it("detect --state (and the event cache beside it) is checked before the logs are read", async () => {
    const run = await runCli(["detect", "--logs", at("no-logs"), "--state", at("missing", "state.json")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot write ${at("missing", "state.json")}: its directory does not exist`);
    expect(run.stderr).not.toContain("no-logs");
  });

  it("iac --output-dir is checked before the configuration is read", async () => {
    const run = await runCli(["iac", at("no-such-config"), "--format", "sarif", "--output-dir", at("a-file")]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/cannot write into .*a-file: it is a file, not a directory/);
    expect(run.stderr).not.toContain("no-such-config");
  });

  it("diff --output is checked before the files are read", async () => {
    const run = await runCli(["diff", at("old.json"), at("new.json"), "--output", at("a-directory")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot write ${at("a-directory")}: it is a directory`);
    expect(run.stderr).not.toContain("old.json");
  });
});
