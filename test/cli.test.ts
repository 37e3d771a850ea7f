import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/registry.ts";
import { EVIDENCE_SCHEMA_VERSION } from "../src/evidence/model.ts";
import { resultsDocumentSchema } from "../src/reports/results-document.ts";
import { VERSION } from "../src/version.ts";
import { runCli } from "./support/cli.ts";
import { withEmulator } from "./support/emulator.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-cli-"));
});

const emulatorEnv = (emulator: { token: string }) => ({
  LAKEWARD_ARM_TOKEN: emulator.token,
  DATABRICKS_TOKEN: emulator.token,
  DATABRICKS_HOST: undefined,
  DATABRICKS_CONFIG_PROFILE: undefined,
});

describe("help and catalogue", () => {
  it("--help teaches where to start", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Start here:/);
    expect(run.stdout).toMatch(/Exit codes/);
  });

  // Commands are loaded on demand (src/cli/main.ts): help and a mistyped command must still see them all,
  // and a root option before the command must not hide which command was named.
  it("--help lists every command; a typo is matched against all of them; --no-color before a command runs it", async () => {
    const help = await runCli(["--help"]);
    const listed = help.stdout
      .slice(help.stdout.indexOf("Commands:"), help.stdout.indexOf("Start here:"))
      .split("\n")
      .map((line) => /^ {2}([a-z-]+)\b/.exec(line)?.[1])
      .filter((name) => name !== undefined && name !== "help");
    expect(listed).toEqual([
      "scan",
      "iac",
      "fix",
      "blueprint",
      "collect",
      "diff",
      "demo",
      "emulator",
      "checks",
      "coverage",
      "detect",
      "gen-logs",
      "alerts",
      "serve",
      "history",
      "tokens",
      "paths",
    ]);
    const typo = await runCli(["histroy"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/Did you mean history\?/);
    const list = await runCli(["--no-color", "checks", "list", "--format", "json"]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).length).toBeGreaterThan(80);
  });

  it("scan --help explains credentials", async () => {
    const run = await runCli(["scan", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/DATABRICKS_TOKEN/);
    expect(run.stdout).toMatch(/never\s+accepted on the\s+command line/);
  });

  it.each([
    [[]],
    [["scan"]],
    [["iac"]],
    [["collect"]],
    [["diff"]],
    [["demo"]],
    [["emulator"]],
    [["checks"]],
    [["coverage"]],
    [["detect"]],
    [["gen-logs"]],
    [["alerts"]],
    [["alerts", "test"]],
    [["serve"]],
    [["tokens"]],
    [["tokens", "create"]],
  ])("lakeward %j --help fits a 100-column terminal", async (command) => {
    const run = await runCli([...command, "--help"]);
    expect(run.code).toBe(0);
    const long = run.stdout.split("\n").filter((line) => [...line].length > 100);
    expect(long).toEqual([]);
  });

  it("emulator --audit-logs names a path it cannot read, before serving anything", async () => {
    const run = await runCli(["--no-color", "emulator", "--port", "0", "--audit-logs", "/nonexistent/lakeward-logs"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--audit-logs \/nonexistent\/lakeward-logs: cannot read it \(ENOENT\)/);
    expect(run.stdout).not.toMatch(/lakeward emulator on/);
  });

  it("an unknown command is a usage error", async () => {
    const run = await runCli(["scna"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command/);
  });

  it("checks list --format json lists every check with its mappings", async () => {
    const run = await runCli(["checks", "list", "--format", "json"]);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as { id: string; controls: string[] }[];
    expect(listed.map((c) => c.id)).toEqual(CHECKS.map((c) => c.meta.id));
    expect(listed.every((c) => c.controls.length > 0)).toBe(true);
  });

  it("checks list filters by threat and control", async () => {
    const run = await runCli(["checks", "list", "--threat", "PC", "--control", "DP-5"]);
    expect(run.stdout).toMatch(/DATA-01/);
    expect(run.stdout).not.toMatch(/NET-03/);
  });

  it("checks explain shows rationale and both fixes", async () => {
    const run = await runCli(["checks", "explain", "net-03"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Why it matters/);
    expect(run.stdout).toMatch(/resource "databricks_ip_access_list"/);
    expect((await runCli(["checks", "explain", "NOPE-1"])).code).toBe(2);
  });
});

describe("scan", () => {
  it("scans live, writes JSON that matches the documented schema, exits 1 on failures", async () => {
    await withEmulator({}, async (emulator) => {
      const output = join(dir, "results.json");
      const run = await runCli(
        [
          "scan",
          "--subscription",
          emulator.subscriptionId,
          "--arm-endpoint",
          emulator.armUrl,
          "--format",
          "console",
          "json",
          "--output",
          output,
        ],
        emulatorEnv(emulator),
      );
      expect(run.stderr).not.toMatch(/error/);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/adb-default/);
      const document = resultsDocumentSchema.parse(JSON.parse(await readFile(output, "utf8")));
      expect(document.workspaces).toHaveLength(emulator.workspaces.length);
      expect(document.profile).toBe("standard");
    });
  });

  it("--fail-on decides the exit code", async () => {
    await withEmulator({ personas: ["hardened", "typical"] }, async (emulator) => {
      const args = ["scan", "--subscription", emulator.subscriptionId, "--arm-endpoint", emulator.armUrl, "-q"];
      expect((await runCli([...args, "--fail-on", "none"], emulatorEnv(emulator))).code).toBe(0);
      expect((await runCli([...args, "--fail-on", "critical"], emulatorEnv(emulator))).code).toBe(0);
      expect((await runCli([...args, "--fail-on", "high"], emulatorEnv(emulator))).code).toBe(1);
      expect(
        (await runCli([...args, "--workspace", "adb-hardened", "--profile", "high"], emulatorEnv(emulator))).code,
      ).toBe(0);
    });
  });

  it("collect then scan --snapshot gives the same verdicts as a live scan", async () => {
    await withEmulator({}, async (emulator) => {
      const snapshot = join(dir, "snap.json");
      const collected = await runCli(
        ["collect", "--subscription", emulator.subscriptionId, "--arm-endpoint", emulator.armUrl, "--output", snapshot],
        emulatorEnv(emulator),
      );
      expect(collected.code).toBe(0);
      expect(collected.stderr).toMatch(/wrote .*snap\.json \(6 workspaces\)/);
      const offline = await runCli(["scan", "--snapshot", snapshot, "--format", "json", "--profile", "high"]);
      const live = await runCli(
        [
          "scan",
          "--subscription",
          emulator.subscriptionId,
          "--arm-endpoint",
          emulator.armUrl,
          "--format",
          "json",
          "--profile",
          "high",
          "-q",
        ],
        emulatorEnv(emulator),
      );
      const verdicts = (text: string) =>
        resultsDocumentSchema
          .parse(JSON.parse(text))
          .workspaces.flatMap((w) => w.results.map((r) => `${w.workspace.name} ${r.checkId} ${r.status}`))
          .sort();
      expect(verdicts(offline.stdout)).toEqual(verdicts(live.stdout));
    });
  });

  it("no target: a usage error that says what to give", async () => {
    const run = await runCli(["scan"], { DATABRICKS_HOST: undefined, AZURE_SUBSCRIPTION_ID: undefined });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no workspace to read .*--host/);
  });

  it("refuses plain HTTP to a non-loopback host", async () => {
    const run = await runCli(["scan", "--host", "http://adb-1.1.azuredatabricks.net"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/plain HTTP/);
  });
});

describe("bad input", () => {
  it("a corrupt snapshot: one line naming file and line, exit 2", async () => {
    const file = join(dir, "corrupt.json");
    await writeFile(
      file,
      '{\n  "schema": "lakeward/snapshot",\n  "schemaVersion": 1,\n  "workspaces": [ { "workspace": \n',
    );
    const run = await runCli(["scan", "--snapshot", file]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: line \\d+: invalid JSON`));
  });

  it("a snapshot that does not validate names the field and its line", async () => {
    const file = join(dir, "invalid.json");
    await writeFile(
      file,
      JSON.stringify(
        {
          schema: "lakeward/snapshot",
          schemaVersion: EVIDENCE_SCHEMA_VERSION,
          tool: { name: "lakeward", version: "0" },
          createdAt: "2026-01-01T00:00:00.000Z",
          workspaces: [{ workspace: { name: 3 } }],
        },
        null,
        2,
      ),
    );
    const run = await runCli(["scan", "--snapshot", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /invalid\.json: not a valid lakeward snapshot: line \d+: workspaces\.0\.workspace\.name/,
    );
  });

  it("a snapshot of another schema version says which", async () => {
    const file = join(dir, "future.json");
    await writeFile(file, JSON.stringify({ schema: "lakeward/snapshot", schemaVersion: 99, workspaces: [] }));
    const run = await runCli(["scan", "--snapshot", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`schema version 99; this lakeward .* reads version ${EVIDENCE_SCHEMA_VERSION} \\(Upgrade lakeward`),
    );
  });

  it("a missing snapshot file", async () => {
    const run = await runCli(["scan", "--snapshot", join(dir, "nope.json")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nope\.json: cannot read \(no such file\)/);
  });

  it("an unreachable host: exit 3 and one clear error line", async () => {
    const run = await runCli(["scan", "--host", "http://127.0.0.1:9", "-q"], { DATABRICKS_TOKEN: "dapi-test-000000" });
    expect(run.code).toBe(3);
    const errors = run.stderr
      .trim()
      .split("\n")
      .filter((line) => line.startsWith("lakeward: error:"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/127\.0\.0\.1.*cannot reach the workspace \(ECONNREFUSED/);
  });

  it("an unwritable output path is one clear error", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const run = await runCli(
        [
          "scan",
          "--host",
          emulator.workspaces[0]!.url,
          "--format",
          "json",
          "--output",
          "/nonexistent-dir/out.json",
          "-q",
        ],
        emulatorEnv(emulator),
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/cannot write \/nonexistent-dir\/out\.json: its directory does not exist/);
    });
  });
});

describe("the lakeward binary", () => {
  it("started by an older Node, re-runs itself on the Node 24 that npm install brought", async () => {
    const bin = new URL("../bin/lakeward.js", import.meta.url).pathname;
    const systemNode = "/usr/bin/node";
    const { stdout } = await promisify(execFile)(systemNode, [
      "-e",
      "process.stdout.write(process.versions.node)",
    ]).catch(() => ({ stdout: "" }));
    if (!stdout || Number(stdout.split(".")[0]) >= 24) {
      console.warn(`skipped: ${systemNode} is missing or already Node 24+ (${stdout || "none"})`);
      return;
    }
    const run = await promisify(execFile)(systemNode, [bin, "--version"]);
    expect(run.stdout.trim()).toBe(VERSION);
  });

  it("without Databricks credentials: exit 3, one error saying what to set, no Node warning", async () => {
    const bin = new URL("../bin/lakeward.js", import.meta.url).pathname;
    const home = await mkdtemp(join(tmpdir(), "lakeward-nohome-"));
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOME: home,
        PATH: "/nonexistent",
        DATABRICKS_CONFIG_FILE: join(home, "none"),
      };
      for (const key of Object.keys(env))
        if (/^(DATABRICKS|ARM|AZURE)_/.test(key) && key !== "DATABRICKS_CONFIG_FILE") delete env[key];
      const run = await promisify(execFile)(
        process.execPath,
        [bin, "scan", "--host", "https://adb-1.2.azuredatabricks.net", "-q"],
        { env },
      ).then(
        () => ({ code: 0, stderr: "" }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/no usable Databricks credentials/);
      expect(run.stderr).toMatch(/Set DATABRICKS_TOKEN .*--databricks-profile/);
      expect(run.stderr).not.toMatch(/Warning/);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it("ends quietly with exit 0 when the reader has closed the pipe (lakeward checks list | head -1)", async () => {
    const bin = new URL("../bin/lakeward.js", import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, "checks", "explain", "NET-01"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Close our end before the child writes anything (it takes a while to start): every write then fails.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", (exitCode) => resolve(exitCode)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at /);
    expect(code).toBe(0);
  });
});
