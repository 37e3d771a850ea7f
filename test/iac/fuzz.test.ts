/**
 * Property-based fuzzing (fast-check) of every IaC parser: HCL, Terraform JSON, plans, ARM templates and
 * variables files, each through the whole scan (read, parse, evaluate, map, judge). For every generated
 * input: nothing is thrown (a bad file is an IacFileError in the scan's errors, naming file and line),
 * the scan ends within a generous bound (a hang detector, not a speed test), and an input that cannot be
 * read at all yields no result, so no check can pass on it.
 *
 * A bounded number of runs in CI (LAKEWARD_FUZZ_RUNS, default 60 per property); a longer run:
 *   LAKEWARD_FUZZ_RUNS=5000 node_modules/.bin/vitest run test/iac/fuzz.test.ts
 * A failure prints fast-check's seed and path; LAKEWARD_FUZZ_SEED replays it.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IacFileError } from "../../src/iac/errors.ts";
import { judgeIac, scanIac } from "../../src/iac/scan.ts";
import { FIXTURES } from "./support.ts";

const RUNS = Number(process.env.LAKEWARD_FUZZ_RUNS ?? 60);
const SEED = process.env.LAKEWARD_FUZZ_SEED ? Number(process.env.LAKEWARD_FUZZ_SEED) : undefined;
/** A scan of one small generated file that takes longer than this is a hang (they take milliseconds). */
const HANG_MS = 20_000;

let dir: string;
let seeds: { hcl: string; arm: string; plan: string };
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-iac-fuzz-"));
  seeds = {
    hcl: await readFile(join(FIXTURES, "personas", "hardened", "main.tf"), "utf8"),
    arm: await readFile(join(FIXTURES, "arm-nested", "azuredeploy.json"), "utf8"),
    plan: await readFile(join(FIXTURES, "plan", "plan.json"), "utf8"),
  };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Outcome {
  errors: IacFileError[];
  judged: number;
}

/** Writes the files into a fresh directory and runs the whole scan on it; asserts the universal properties. */
async function scanFiles(files: Record<string, string>, options: { varFiles?: string[] } = {}): Promise<Outcome> {
  const here = join(dir, `case-${counter++}`);
  const { mkdir } = await import("node:fs/promises");
  await mkdir(here);
  for (const [name, text] of Object.entries(files)) await writeFile(join(here, name), text);
  const started = performance.now();
  const scan = await scanIac([here], { varFiles: (options.varFiles ?? []).map((f) => join(here, f)) });
  const { document } = judgeIac(scan, "high", new Date("2026-11-01T00:00:00Z"));
  expect(performance.now() - started, "the scan ended in bounded time").toBeLessThan(HANG_MS);
  for (const error of scan.errors) {
    expect(error).toBeInstanceOf(IacFileError);
    expect(error.message).toMatch(/^[^\n]+:\d+: /);
  }
  await rm(here, { recursive: true, force: true });
  return { errors: scan.errors, judged: document.workspaces.length };
}

const params = (): fc.Parameters<unknown> => ({ numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) });

/** Mutations of a valid text: characters deleted, duplicated or replaced by tokens of the language. */
function mutated(seed: () => string, tokens: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(
      fc.record({
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        kind: fc.constantFrom("delete", "insert", "duplicate"),
        length: fc.integer({ min: 1, max: 40 }),
        token: fc.constantFrom(...tokens),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((edits) => {
      let text = seed();
      for (const edit of edits) {
        const at = Math.floor(edit.at * text.length);
        if (edit.kind === "delete") text = text.slice(0, at) + text.slice(at + edit.length);
        else if (edit.kind === "insert") text = text.slice(0, at) + edit.token + text.slice(at);
        else text = text.slice(0, at) + text.slice(at, at + edit.length).repeat(3) + text.slice(at);
      }
      return text;
    });
}

const HCL_TOKENS = [
  "{",
  "}",
  "[",
  "]",
  "(",
  ")",
  "=",
  '"',
  "${",
  "%{",
  "<<EOT\n",
  "\nEOT\n",
  ",",
  ".",
  ":",
  "?",
  "!",
  "-",
  "*",
  "...",
  "=>",
  "#",
  "//",
  "/*",
  "*/",
  "\n",
  "\\",
  "resource",
  "module",
  "locals",
  "variable",
  "for",
  "in",
  "if",
  "null",
  "true",
  "var.x",
  "local.y",
  "each.key",
  "count.index",
  "range(0, 100000000)",
  'file("/proc/self/environ")',
  'replace("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "/^(a+)+$/", "")',
  'regex("(", "x")',
  "azurerm_databricks_workspace",
  '"\\u0000"',
  "\u{1F600}",
  "\uD800",
];

const JSON_TOKENS = [
  "{",
  "}",
  "[",
  "]",
  ":",
  ",",
  '"',
  "null",
  "true",
  "1e999",
  "-0",
  '"[',
  ']"',
  '"${',
  '}"',
  "\\u0000",
  "\uD800",
];

const ARM_EXPRESSIONS = fc.oneof(
  fc.string().map((s) => `[${s}]`),
  fc
    .array(fc.constantFrom("concat(", "if(", "parameters(", "variables(", "'a'", ",", ")", "[", "]", ".x", "1", "-"), {
      maxLength: 30,
    })
    .map((parts) => `[${parts.join("")}]`),
  fc.constantFrom(
    "[parameters('p')]",
    "[variables('v')]",
    "[copyIndex()]",
    "[concat(]",
    "[[escaped]",
    "[json('{')]",
    "[createObject('a')]",
    "[union(parameters('p'), json('[1]'))]",
    "[resourceId('Microsoft.Network/virtualNetworks')]",
  ),
);

/** A JSON value with ARM expressions, nested objects and arrays, at a bounded depth. */
const armValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    ARM_EXPRESSIONS,
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom("properties", "name", "type", "copy", "count", "template", "resources", "value", "x"),
      tie("value"),
      {
        maxKeys: 4,
      },
    ),
  ),
})).value;

describe("fuzzing the IaC parsers (never a crash, bounded, no pass on what cannot be read)", () => {
  it("HCL: mutated configurations and token soup", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          mutated(() => seeds.hcl, HCL_TOKENS),
          // Deep shapes: brackets, operator chains, nested interpolations, nested blocks.
          fc
            .record({
              depth: fc.integer({ min: 1, max: 3000 }),
              // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
              shape: fc.constantFrom("[%]", "{ a = % }", "(%)", "!%", "% + 1", '"${%}"', "f(%)", "a { % }"),
            })
            .map(({ depth, shape }) => {
              const [open, close] = shape.split("%") as [string, string];
              const body = `${open.repeat(depth)}1${close.repeat(depth)}`;
              return shape.startsWith("a {") ? body : `locals {\n  x = ${body}\n}\n`;
            }),
          fc.array(fc.constantFrom(...HCL_TOKENS), { maxLength: 80 }).map((t) => t.join(" ")),
        ),
        async (text) => {
          const { errors, judged } = await scanFiles({ "main.tf": text });
          // A file that does not parse is the whole configuration here: nothing is judged from it.
          if (errors.some((e) => /syntax error|not read|nested deeper/.test(e.message))) expect(judged).toBe(0);
        },
      ),
      params(),
    );
  }, 300_000);

  it("Terraform JSON: mutated and generated .tf.json", async () => {
    const tfJson = fc.oneof(
      mutated(
        () =>
          JSON.stringify(
            { resource: { azurerm_databricks_workspace: { w: { name: "ws", sku: "premium" } } } },
            null,
            1,
          ),
        JSON_TOKENS,
      ),
      fc
        .jsonValue({ maxDepth: 4 })
        .map((value) => JSON.stringify({ resource: { azurerm_databricks_workspace: { w: value } }, locals: value })),
      fc.string().map((s) =>
        JSON.stringify({
          locals: { x: `\${${s}}` },
          resource: { azurerm_databricks_workspace: { w: { name: `\${${s}}` } } },
        }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(tfJson, async (text) => {
        const { errors, judged } = await scanFiles({ "main.tf.json": text });
        if (errors.some((e) => /invalid JSON|not read|nested deeper|one object/.test(e.message)))
          expect(judged).toBe(0);
      }),
      params(),
    );
  }, 300_000);

  it("plans: mutated plans and plans of arbitrary shape", async () => {
    const plan = fc.oneof(
      mutated(() => seeds.plan, JSON_TOKENS),
      fc
        .record({
          resources: fc.array(
            fc.oneof(
              fc.jsonValue({ maxDepth: 3 }),
              fc.record({
                mode: fc.constant("managed"),
                type: fc.constantFrom("azurerm_databricks_workspace", "databricks_token"),
                name: fc.string(),
                values: fc.jsonValue({ maxDepth: 3 }),
                index: fc.jsonValue({ maxDepth: 1 }),
              }),
            ),
            { maxLength: 5 },
          ),
          children: fc.jsonValue({ maxDepth: 3 }),
          changes: fc.jsonValue({ maxDepth: 3 }),
          configuration: fc.jsonValue({ maxDepth: 4 }),
        })
        .map((p) =>
          JSON.stringify({
            format_version: "1.2",
            terraform_version: "1.9.0",
            planned_values: { root_module: { resources: p.resources, child_modules: p.children } },
            resource_changes: p.changes,
            configuration: p.configuration,
          }),
        ),
    );
    await fc.assert(
      fc.asyncProperty(plan, async (text) => {
        const { errors, judged } = await scanFiles({ "plan.json": text });
        if (errors.some((e) => /invalid JSON|not read|nested deeper|must be a JSON object/.test(e.message)))
          expect(judged).toBe(0);
      }),
      params(),
    );
  }, 300_000);

  it("ARM: mutated templates and templates of arbitrary values and expressions", async () => {
    const template = fc.oneof(
      mutated(() => seeds.arm, [...JSON_TOKENS, "[concat(", "[if(", "[parameters('", "')]"]),
      // Deeply nested expressions and copy loops of any count.
      fc
        .record({ depth: fc.integer({ min: 1, max: 6000 }), count: fc.integer({ min: -5, max: 5000 }) })
        .map(({ depth, count }) =>
          JSON.stringify({
            $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            resources: [
              {
                type: "Microsoft.Databricks/workspaces",
                apiVersion: "2024-05-01",
                name: `[${"concat(".repeat(depth)}'x'${")".repeat(depth)}]`,
              },
              {
                type: "Microsoft.Network/networkSecurityGroups",
                apiVersion: "2024-05-01",
                name: "[concat('nsg', copyIndex())]",
                copy: { name: "c", count },
              },
            ],
          }),
        ),
      fc
        .record({
          parameters: armValue,
          variables: armValue,
          resources: fc.array(armValue, { maxLength: 4 }),
          workspace: armValue,
        })
        .map((t) =>
          JSON.stringify({
            $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            contentVersion: "1.0.0.0",
            parameters: t.parameters,
            variables: t.variables,
            resources: [
              ...t.resources,
              {
                type: "Microsoft.Databricks/workspaces",
                apiVersion: "2024-05-01",
                name: "ws",
                sku: { name: "premium" },
                properties: t.workspace,
              },
            ],
          }),
        ),
    );
    await fc.assert(
      fc.asyncProperty(template, async (text) => {
        const { errors, judged } = await scanFiles({ "azuredeploy.json": text });
        // A template past a limit is still judged (the expression is unknown); one that cannot be read is not.
        if (errors.some((e) => /invalid JSON|not read|limit for JSON input|must be a JSON object/.test(e.message)))
          expect(judged).toBe(0);
      }),
      params(),
    );
  }, 300_000);

  it("variables files: HCL and JSON", async () => {
    const workspace =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
      'variable "x" {}\nvariable "y" {\n  default = 1\n}\nresource "azurerm_databricks_workspace" "w" {\n  name = "ws-${var.x}"\n  sku = "premium"\n  public_network_access_enabled = var.y\n}\n';
    const tfvars = fc.oneof(
      mutated(() => 'x = "dev"\ny = false\n', HCL_TOKENS),
      fc.jsonValue({ maxDepth: 4 }).map((value) => `x = ${JSON.stringify(value)}\n`),
    );
    const tfvarsJson = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      mutated(() => '{"x": "dev", "y": false}', JSON_TOKENS),
    );
    await fc.assert(
      fc.asyncProperty(tfvars, tfvarsJson, async (hcl, json) => {
        await scanFiles(
          { "main.tf": workspace, "terraform.tfvars": hcl, "extra.tfvars.json": json },
          { varFiles: ["extra.tfvars.json"] },
        );
      }),
      params(),
    );
  }, 300_000);
});
