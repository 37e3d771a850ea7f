/**
 * Issue 10 item 12 for IaC inputs: only regular files are read, each within a size limit, and what was
 * skipped is said (an error naming the file, exit 2) while the rest is judged. On the old code a FIFO named
 * extra.tf, or given as a .json, blocked the scan forever, and /dev/zero behind a symlink was read until the
 * process ran out of memory (821 MB and counting): these tests did not finish there.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultsDocument } from "../../src/reports/results-document.ts";
import { runCli } from "../support/cli.ts";

let dir: string;

const WORKSPACE = (name: string, extra = "") =>
  `resource "azurerm_databricks_workspace" "w" {\n  name                = "${name}"\n  resource_group_name = "rg"\n  location            = "westeurope"\n  sku                 = "premium"\n${extra}}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-iac-special-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fifo = (path: string) => execFileSync("mkfifo", [path]);

async function scan(paths: string[]) {
  const output = join(dir, `results-${Math.random().toString(36).slice(2)}.json`);
  const run = await runCli(["iac", ...paths, "--format", "json", "--output", output]);
  const document = JSON.parse(await readFile(output, "utf8")) as ResultsDocument;
  return {
    code: run.code,
    errors: run.stderr.split("\n").filter((line) => line.startsWith("lakeward: error:")),
    names: document.workspaces.map((w) => w.workspace.name).sort(),
  };
}

describe("only regular files are read (issue 10 item 12)", () => {
  it("a FIFO named extra.tf in a configuration: said, the configuration's other files judged", async () => {
    const config = join(dir, "fifo-tf");
    await mkdir(config);
    await writeFile(join(config, "main.tf"), WORKSPACE("ws-beside-fifo"));
    fifo(join(config, "extra.tf"));
    fifo(join(config, "terraform.tfvars"));
    const result = await scan([config]);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(/fifo-tf\/extra\.tf:1: not read: it is a named pipe \(FIFO\)/);
    expect(result.errors.join("\n")).toMatch(/fifo-tf\/terraform\.tfvars:1: not read: it is a named pipe/);
    expect(result.names).toEqual(["ws-beside-fifo"]);
  }, 30_000);

  it("a FIFO given as a .json, and one met while walking a directory", async () => {
    const walked = join(dir, "fifo-json");
    await mkdir(walked);
    await writeFile(join(walked, "main.tf"), WORKSPACE("ws-walked"));
    fifo(join(walked, "plan.json"));
    const given = join(dir, "given.json");
    fifo(given);
    const result = await scan([given, walked]);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(/given\.json:1: not read: it is a named pipe/);
    expect(result.errors.join("\n")).toMatch(/fifo-json\/plan\.json:1: not read: it is a named pipe/);
    expect(result.names).toEqual(["ws-walked"]);
  }, 30_000);

  it("/dev/zero behind a symlink, as a template, a module file and a file() target", async () => {
    const config = join(dir, "zero");
    await mkdir(join(config, "files"), { recursive: true });
    await writeFile(
      join(config, "main.tf"),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
      WORKSPACE("ws-zero", '  tags = { pipe = file("${path.module}/files/pipe") }\n'),
    );
    await symlink("/dev/zero", join(config, "zero.tf"));
    fifo(join(config, "files", "pipe"));
    const template = join(dir, "zero.json");
    await symlink("/dev/zero", template);
    const result = await scan([template, config]);
    expect(result.code).toBe(2);
    const errors = result.errors.join("\n");
    expect(errors).toMatch(/zero\.json:1: not read: it is a character device/);
    expect(errors).toMatch(/zero\/zero\.tf:1: not read: it is a character device/);
    // file() of a FIFO inside the configuration: refused by the reader, at the call's line.
    expect(errors).toMatch(/zero\/main\.tf:6: file\(".*files\/pipe"\): not read: it is a named pipe/);
    expect(result.names).toEqual(["ws-zero"]);
  }, 30_000);

  it("a JSON file past the size limit and an HCL file past its own", async () => {
    const config = join(dir, "large");
    await mkdir(config);
    await writeFile(join(config, "main.tf"), WORKSPACE("ws-large"));
    await writeFile(join(config, "big.tf"), `# ${"x".repeat(2 * 1024 * 1024)}\n`);
    const template = join(dir, "large.json");
    await writeFile(
      template,
      `{"$schema": "deploymentTemplate.json", "resources": [], "pad": "${"x".repeat(17 * 1024 * 1024)}"}`,
    );
    const result = await scan([template, config]);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(/large\.json:1: not read: larger than the 16 MiB limit/);
    expect(result.errors.join("\n")).toMatch(/large\/big\.tf:1: not read: larger than the 1 MiB limit/);
    expect(result.names).toEqual(["ws-large"]);
  }, 30_000);
});
