/**
 * Issue 10 items 15 and 16 for IaC: hostile or oversized configurations are a clear error at file:line with
 * exit 2, and the other inputs of the same scan are still judged. On the old code each of these crashed
 * (exit 3 with a stack trace: a null resource in a plan, HCL nested 1,000 deep, 5,000 nested ARM concat, a
 * 15 MB string that made the WebAssembly parser abort), or was cut silently (count above 1,000, ARM copy
 * above 200, range() at 10,001 elements), or dropped the configuration and exited 0 (a module calling itself).
 * Every bound is in src/iac/limits.ts and docs/iac.md.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "../../src/iac/limits.ts";
import type { ResultsDocument } from "../../src/reports/results-document.ts";
import { runCli } from "../support/cli.ts";

let dir: string;
let good: string;

const WORKSPACE = (name: string) =>
  `resource "azurerm_databricks_workspace" "w" {\n  name                = "${name}"\n  resource_group_name = "rg"\n  location            = "westeurope"\n  sku                 = "premium"\n}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-iac-limits-"));
  good = join(dir, "good");
  await mkdir(good);
  await writeFile(join(good, "main.tf"), WORKSPACE("ws-good"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function config(name: string, files: Record<string, string>): Promise<string> {
  const path = join(dir, name);
  await mkdir(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(path, file), text);
  return path;
}

/** Scans the bad input together with a good configuration; returns the exit code, errors and judged names. */
async function scan(bad: string) {
  const output = join(dir, `results-${Math.random().toString(36).slice(2)}.json`);
  const run = await runCli(["iac", bad, good, "--format", "json", "--output", output]);
  const { readFile } = await import("node:fs/promises");
  const document = JSON.parse(await readFile(output, "utf8")) as ResultsDocument;
  const errors = run.stderr.split("\n").filter((line) => line.startsWith("lakeward: error:"));
  return { code: run.code, errors, stderr: run.stderr, names: document.workspaces.map((w) => w.workspace.name) };
}

const ARM = (resources: unknown[]) =>
  JSON.stringify(
    {
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      contentVersion: "1.0.0.0",
      resources,
    },
    null,
    2,
  );

const ARM_WORKSPACE = {
  type: "Microsoft.Databricks/workspaces",
  apiVersion: "2024-05-01",
  name: "ws-arm",
  location: "westeurope",
  sku: { name: "premium" },
  properties: { managedResourceGroupId: "/subscriptions/x/resourceGroups/m" },
};

describe("crashes become errors at file:line (exit 2, the rest judged)", () => {
  it("a null in a plan's resources", async () => {
    const bad = await config("null-plan", {
      "plan.json": JSON.stringify(
        {
          format_version: "1.2",
          terraform_version: "1.9.0",
          planned_values: {
            root_module: {
              resources: [
                null,
                {
                  address: "azurerm_databricks_workspace.p",
                  mode: "managed",
                  type: "azurerm_databricks_workspace",
                  name: "p",
                  values: { name: "ws-plan", sku: "premium" },
                },
              ],
            },
          },
        },
        null,
        2,
      ),
    });
    const result = await scan(join(bad, "plan.json"));
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(/plan\.json:7: planned_values\.root_module\.resources\[0\] is null/);
    // The plan's other resource and the other configuration are judged.
    expect(result.names.sort()).toEqual(["ws-good", "ws-plan"]);
  });

  it("HCL nested 1,000 deep", async () => {
    const deep = `${"[".repeat(1000)}1${"]".repeat(1000)}`;
    const bad = await config("deep-hcl", { "main.tf": `locals {\n  x = 1\n}\n\nlocals {\n  y = ${deep}\n}\n` });
    const result = await scan(bad);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(/deep-hcl\/main\.tf:6: nested deeper than 400 levels/);
    expect(result.names).toEqual(["ws-good"]);
  });

  it("operators chained 100,000 times (a syntax tree as deep, without a bracket)", async () => {
    const bad = await config("deep-operators", { "main.tf": `locals {\n  y = ${"1 + ".repeat(100_000)}1\n}\n` });
    const result = await scan(bad);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(/deep-operators\/main\.tf:2: nested deeper than/);
  });

  it("a 15 MB string in a .tf", async () => {
    const bad = await config("big-string", {
      "main.tf": `locals {\n  x = "${"a".repeat(15_000_000)}"\n}\n`,
      "workspace.tf": WORKSPACE("ws-beside-big"),
    });
    const result = await scan(bad);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(/big-string\/main\.tf:1: not read: larger than the 1 MiB limit/);
    // The configuration's other file is still read, and the other configuration judged.
    expect(result.names.sort()).toEqual(["ws-beside-big", "ws-good"]);
  });

  it("5,000 nested ARM concat", async () => {
    let expression = "'x'";
    for (let i = 0; i < 5000; i++) expression = `concat(${expression}, 'y')`;
    const bad = await config("deep-arm", {
      "azuredeploy.json": ARM([ARM_WORKSPACE, { ...ARM_WORKSPACE, name: `[${expression}]` }]),
    });
    const result = await scan(join(bad, "azuredeploy.json"));
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(
      /deep-arm\/azuredeploy\.json:20: a template expression nested deeper than 100/,
    );
    // The other workspace of the template and the other configuration are judged.
    expect(result.names).toContain("ws-arm");
    expect(result.names).toContain("ws-good");
  });

  it("for_each over range(0, 1000000)", async () => {
    const bad = await config("big-range", {
      "main.tf": `${WORKSPACE("ws-range")}\nresource "azurerm_network_security_rule" "r" {\n  for_each = toset([for i in range(0, 1000000) : tostring(i)])\n  name     = each.key\n}\n`,
    });
    const result = await scan(bad);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(
      /big-range\/main\.tf:9: range\(\) has 1,000,000 elements, more than lakeward's limit of 100,000/,
    );
    expect(result.names.sort()).toEqual(["ws-good", "ws-range"]);
  });

  it("locals that refer to each other 5,000 deep", async () => {
    const locals = Array.from({ length: 5000 }, (_, i) => `  l${i} = ${i === 4999 ? "1" : `[local.l${i + 1}]`}\n`);
    const bad = await config("deep-locals", {
      "main.tf": `locals {\n${locals.join("")}}\n\nresource "azurerm_databricks_workspace" "w" {\n  name = "ws-locals"\n  sku  = "premium"\n  tags = { depth = jsonencode(local.l0) }\n}\n`,
    });
    const result = await scan(bad);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(
      new RegExp(`deep-locals/main\\.tf:\\d+: evaluation nested deeper than ${LIMITS.evaluationDepth} levels`),
    );
    expect(result.names.sort()).toEqual(["ws-good", "ws-locals"]);
  });

  it("a template that doubles a string 40 times", async () => {
    const locals = Array.from({ length: 40 }, (_, i) => `  s${i} = "\${local.s${i + 1}}\${local.s${i + 1}}"\n`);
    const bad = await config("doubling", {
      "main.tf": `locals {\n${locals.join("")}  s40 = "ab"\n}\n\nresource "azurerm_databricks_workspace" "w" {\n  name = "ws-\${local.s0}"\n  sku  = "premium"\n}\n`,
    });
    const result = await scan(bad);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(
      /doubling\/main\.tf:\d+: this template would produce a string of more than 16 MiB/,
    );
    expect(result.names).toContain("ws-good");
  });
});

describe("silent drops are said, and never exit 0", () => {
  it(`count above ${LIMITS.resourceInstances}`, async () => {
    const bad = await config("big-count", {
      "main.tf": `${WORKSPACE("ws-count")}\nresource "azurerm_network_security_rule" "r" {\n  count = 1500\n  name  = "r\${count.index}"\n}\n`,
    });
    const result = await scan(bad);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(
      /big-count\/main\.tf:9: azurerm_network_security_rule\.r has 1,500 instances, more than lakeward's limit of 1,000 for one resource: only the first 1,000 are judged/,
    );
    expect(result.names.sort()).toEqual(["ws-count", "ws-good"]);
  });

  it(`ARM copy above ${LIMITS.armCopyInstances}`, async () => {
    const bad = await config("big-copy", {
      "azuredeploy.json": ARM([
        ARM_WORKSPACE,
        {
          type: "Microsoft.Network/networkSecurityGroups",
          apiVersion: "2024-05-01",
          name: "[concat('nsg-', copyIndex())]",
          copy: { name: "nsgs", count: 1000 },
        },
      ]),
    });
    const result = await scan(join(bad, "azuredeploy.json"));
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(
      /big-copy\/azuredeploy\.json:23: Microsoft\.Network\/networkSecurityGroups copy count 1,000 is more than 800 .*only the first 800/,
    );
    expect(result.names.sort()).toEqual(["ws-arm", "ws-good"]);
  });

  it("a module that calls itself", async () => {
    const bad = await config("self-module", {
      "main.tf": `module "me" {\n  source = "./"\n}\n\n${WORKSPACE("ws-self")}`,
    });
    const result = await scan(bad);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(
      /self-module\/main\.tf:1: module "me" \(source "\.\/"\) is .*a module cycle/,
    );
    // Its own resources are still judged: the configuration is not dropped.
    expect(result.names.sort()).toEqual(["ws-good", "ws-self"]);
  });

  it("two modules that call each other", async () => {
    const bad = await config("cycle", { "main.tf": `module "a" {\n  source = "./a"\n}\n\n${WORKSPACE("ws-cycle")}` });
    await mkdir(join(bad, "a"));
    await mkdir(join(bad, "b"));
    await writeFile(join(bad, "a", "main.tf"), `module "b" {\n  source = "../b"\n}\n`);
    await writeFile(join(bad, "b", "main.tf"), `module "a" {\n  source = "../a"\n}\n`);
    const result = await scan(bad);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(/cycle\/b\/main\.tf:1: module "a" .*a module cycle/);
    expect(result.names.sort()).toEqual(["ws-cycle", "ws-good"]);
  });

  it(`a module call with more than ${LIMITS.moduleInstances} instances`, async () => {
    const bad = await config("many-modules", {
      "main.tf": `module "m" {\n  source = "./m"\n  count  = 150\n}\n\n${WORKSPACE("ws-modules")}`,
    });
    await mkdir(join(bad, "m"));
    await writeFile(join(bad, "m", "main.tf"), `variable "x" {\n  default = 1\n}\n`);
    const result = await scan(bad);
    expect(result.code).toBe(2);
    expect(result.errors.join("\n")).toMatch(
      /many-modules\/main\.tf:3: module\.m has 150 instances, more than lakeward's limit of 100 for one module call/,
    );
  });
});
