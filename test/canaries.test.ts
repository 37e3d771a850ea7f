/**
 * Canaries everywhere (issue 10): the sources the other canary suites do not plant in, searched in every output
 * of a real `lakeward` process — its stdout and stderr as the operating system saw them (not an in-process
 * capture, so a library writing to the process's stderr is caught too) and its report files.
 *
 *   - environment variables holding secrets lakeward has no business with (GITHUB_TOKEN, AWS keys, …), over a
 *     scan's every format and snapshot and what `scan --snapshot` and `diff` make of them;
 *   - Databricks credentials the SDK refuses to combine (the run judges nothing: exit 3, never 0);
 *   - a host with userinfo (`https://user:PASSWORD@…`) given by --host, DATABRICKS_HOST and lakeward.yaml.
 *
 * What the others cover (docs/security.md lists them): test/secrets.test.ts (the emulator's planted secrets,
 * wrong and refused credentials, every format), test/azure-faults.test.ts (ARM and Graph echoing the token),
 * test/faults/databricks-canaries.test.ts (a Databricks workspace echoing it),
 * test/iac/secrets.test.ts (IaC values and file()), test/detect/secrets.test.ts (log values), the fuzz suites
 * (canaries in every parsed input), test/store/secrets.test.ts (the store and alert deliveries).
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/emulator/server.ts";
import { unescaped } from "./support/unescape.ts";

const LAKEWARD = new URL("../bin/lakeward.js", import.meta.url).pathname;
const TOKEN = "dapiLWCANARYecho5d3b1f9e7c2a4086b1d3f5e7a9c0b2d4";
/**
 * Secrets in the environment that lakeward never needs: none may show up anywhere. (Not ARM_CLIENT_* or
 * DATABRICKS_*: the Databricks SDK reads those as credentials — the test below has them.)
 */
const USERINFO_PASSWORD = "LWCANARY-userinfo-3c5e7a9b1d";
const ENVIRONMENT = {
  GITHUB_TOKEN: "ghp_LWCANARYgithubToken0a1b2c3d4e5f6a7b8c9d",
  AWS_SECRET_ACCESS_KEY: "LWCANARY-awssecret-9f8e7d6c5b4a3928",
  SLACK_BOT_TOKEN: "xoxb-LWCANARY-slackbot-1a2b3c4d5e",
  NPM_TOKEN: "npm_LWCANARYnpmToken7f6e5d4c3b2a1",
};

/** Runs bin/lakeward.js as its own process on this Node; resolves with its exit code and output. */
function lakeward(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [LAKEWARD, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...ENVIRONMENT, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-canaries-"));
  emulator = await startEmulator({ personas: ["hardened"], token: TOKEN });
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("secrets in environment variables lakeward does not use", () => {
  it("reach no output of a scan, of scan --snapshot or of diff (every format, the snapshot, stdout, stderr)", async () => {
    const out = join(dir, "out");
    const snapshot = join(dir, "snapshot.json");
    const outputs: { what: string; text: string }[] = [];
    const record = async (what: string, args: string[]) => {
      const run = await lakeward(args, { DATABRICKS_TOKEN: TOKEN });
      outputs.push({ what: `${what}: stdout`, text: run.stdout }, { what: `${what}: stderr`, text: run.stderr });
      return run;
    };
    const scan = await record("scan", [
      ...["scan", "--host", emulator.workspaces[0]!.url, "--profile", "high"],
      ...["--format", "console,json,markdown,html,sarif,junit,csv", "--output-dir", out, "--save-snapshot", snapshot],
    ]);
    expect(scan.code, scan.stderr).toBeLessThan(2);
    for (const name of await readdir(out)) outputs.push({ what: name, text: await readFile(join(out, name), "utf8") });
    outputs.push({ what: "snapshot", text: await readFile(snapshot, "utf8") });
    await record("scan --snapshot", ["scan", "--snapshot", snapshot, "--format", "json"]);
    await record("diff", ["diff", snapshot, join(out, "results.json"), "--format", "json"]);
    expect(outputs.length).toBe(14);
    expect(outputs.find((o) => o.what === "results.json")!.text).toMatch(/"status": "pass"/);
    for (const output of outputs)
      for (const text of [output.text, unescaped(output.text)])
        for (const secret of [TOKEN, ...Object.values(ENVIRONMENT), "LWCANARY"])
          expect(text.includes(secret), `${secret.slice(0, 14)}… in ${output.what}`).toBe(false);
  }, 180_000);
});

describe("Databricks credentials the SDK refuses to combine, all of them canaries", () => {
  it("judge nothing, exit 3 (never 0) and name the variables, never their values", async () => {
    const secrets = {
      DATABRICKS_PASSWORD: "LWCANARY-dbxpassword-6e5d4c3b2a",
      DATABRICKS_CLIENT_SECRET: "LWCANARY-dbxclientsecret-0b9a8c7d",
    };
    const out = join(dir, "conflict.json");
    const run = await lakeward(["scan", "--host", emulator.workspaces[0]!.url, "--format", "json", "--output", out], {
      DATABRICKS_TOKEN: TOKEN,
      DATABRICKS_USERNAME: "lakeward",
      DATABRICKS_CLIENT_ID: "00000000-0000-0000-0000-0000000000c1",
      ...secrets,
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/nothing could be judged/);
    const results = await readFile(out, "utf8");
    expect(results).toMatch(/DATABRICKS_CLIENT_SECRET/);
    for (const text of [run.stdout, run.stderr, results])
      for (const secret of [TOKEN, ...Object.values(secrets), ...Object.values(ENVIRONMENT)])
        expect(text.includes(secret), secret).toBe(false);
  }, 60_000);
});

describe("a host with userinfo is refused, the password never repeated (issue 10 item 5)", () => {
  const withUserinfo = () => {
    const url = new URL(emulator.workspaces[0]!.url);
    url.username = "lakeward";
    url.password = USERINFO_PASSWORD;
    return url.toString();
  };

  it.each([
    ["--host", () => ({ args: ["scan", "--host", withUserinfo()], env: {} })],
    ["DATABRICKS_HOST", () => ({ args: ["scan"], env: { DATABRICKS_HOST: withUserinfo() } })],
    ["a lakeward.yaml target", () => ({ args: ["scan", "--config", join(dir, "userinfo.yaml")], env: {} })],
  ])(
    "%s",
    async (_how, given) => {
      await writeFile(join(dir, "userinfo.yaml"), `targets:\n  - host: ${withUserinfo()}\n`);
      const { args, env } = given();
      const before = emulator.requests.length;
      const run = await lakeward([...args, "--format", "json"], { DATABRICKS_TOKEN: TOKEN, ...env });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/userinfo|user name|password/i);
      expect(emulator.requests.length, "a request was sent with userinfo in the host").toBe(before);
      for (const text of [run.stdout, run.stderr]) {
        expect(text).not.toContain(USERINFO_PASSWORD);
        expect(text).not.toContain(encodeURIComponent(USERINFO_PASSWORD));
      }
    },
    60_000,
  );
});
