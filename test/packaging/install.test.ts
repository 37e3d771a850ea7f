/**
 * lakeward installed the way users install a command-line tool (issue 14 item 2): `npm pack` builds the
 * tarball, `npm install -g` puts it into a fresh prefix with the host's Node and npm (Node 20 here), and
 * `lakeward` from that prefix's bin/ works — on the Node 24 its `node` dependency brought, from the
 * compiled dist/ (Node does not strip types under node_modules), with the HTML assets and the HCL grammar
 * found where npm put them.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/version.ts";
import { HOST_NODE, USER_PATH } from "./host-node.ts";

const root = new URL("../..", import.meta.url).pathname;
let dir = "";
let packed: { filename: string; files: { path: string }[] } | undefined;

function run(command: string, args: string[], cwd: string, path = USER_PATH) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PATH: path, NO_COLOR: "1", npm_config_update_notifier: "false" },
    maxBuffer: 1 << 26,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!HOST_NODE)("the npm package, installed globally with the host's Node and npm", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lakeward-package-"));
    const pack = run("npm", ["pack", "--json", "--pack-destination", dir], root);
    expect(pack.code, pack.stderr).toBe(0);
    packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")))[0];
    const install = run(
      "npm",
      [
        "install",
        "--global",
        "--prefix",
        join(dir, "prefix"),
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        join(dir, packed!.filename),
      ],
      dir,
    );
    expect(install.code, install.stderr).toBe(0);
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const lakeward = (args: string[]) =>
    run(join(dir, "prefix", "bin", "lakeward"), args, dir, `${join(dir, "prefix", "bin")}${delimiter}${USER_PATH}`);

  it("ships the compiled code and the docs, not the sources or tests", () => {
    const files = packed!.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "bin/lakeward.js",
        "dist/cli/main.js",
        "dist/reports/html/report.css",
        "dist/reports/html/shared-views.css",
        "dist/detect/reports/html/alerts-client.js",
        "README.md",
        "package.json",
      ]),
    );
    expect(files.filter((file) => /^(src|test|bench|scripts|node_modules)\/|\.test\.|\.ts$/.test(file))).toEqual([]);
  });

  it("puts lakeward on PATH, on the host's Node", () => {
    const version = lakeward(["--version"]);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
    // It ran on the host's Node (the test's PATH), which is why the `node` dependency matters below 24.
    expect(existsSync(join(dir, "prefix", "bin", "lakeward"))).toBe(true);
  });

  it("runs the demo: emulator, collection and every report format, HTML assets included", async () => {
    const demo = lakeward(["demo", "--quiet", "--output-dir", "out"]);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain("adb-hardened");
    const html = await readFile(join(dir, "out", "report.html"), "utf8");
    expect(html).toContain("Content-Security-Policy");
    expect(html).toMatch(/<style[^>]*>[^<]{1000,}/);
  }, 120_000);

  it("parses Terraform with the grammar npm installed beside it", async () => {
    await writeFile(join(dir, "main.tf"), 'resource "azurerm_databricks_workspace" "w" {\n  sku = "standard"\n}\n');
    const iac = lakeward(["iac", "main.tf", "--quiet"]);
    expect(iac.stderr).toBe("");
    expect(iac.code).toBe(1);
    expect(iac.stdout).toMatch(/GOV-16 +main\.tf:\d+ · the workspace is on the standard tier/);
  }, 60_000);
});
