/**
 * Terraform JSON syntax (`*.tf.json`): the persona configurations and the local-module fixture, rewritten
 * from HCL into Terraform JSON by the converter below (following Terraform's JSON syntax rules, from the
 * parsed HCL), give the same results — status and message of every check — as the HCL they came from.
 * Plus the JSON-only parts: comment-property suppressions, and errors with file and line.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Block, Body, Expr } from "../../src/iac/hcl/ast.ts";
import { exprText } from "../../src/iac/hcl/ast.ts";
import { parseTerraformJson } from "../../src/iac/hcl/json-syntax.ts";
import { parseHcl } from "../../src/iac/hcl/parse.ts";
import { FIXTURES, verdicts } from "./support.ts";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** An HCL expression as Terraform JSON: literals stay literal, collections recurse, the rest is "${…}". */
function exprJson(expr: Expr): Json {
  switch (expr.kind) {
    case "literal":
      return typeof expr.value === "string" ? expr.value.replaceAll("${", "$${") : expr.value;
    case "tuple":
      return expr.items.map(exprJson);
    case "object":
      return Object.fromEntries(
        expr.items.map((item) => [
          item.key.kind === "literal" ? String(item.key.value) : exprText(item.key),
          exprJson(item.value),
        ]),
      );
    case "template":
      return expr.parts
        .map((part) => (typeof part === "string" ? part.replaceAll("${", "$${") : `\${${exprText(part)}}`))
        .join("");
    default:
      return `\${${exprText(expr)}}`;
  }
}

const LABELLED = new Set(["resource", "data", "module", "variable", "output", "provider"]);

function bodyJson(body: Body, blockType: string): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [name, attribute] of body.attributes)
    out[name] =
      blockType === "variable" && name === "type"
        ? exprText(attribute.expr)
        : blockType === "variable" && name === "default"
          ? exprJson(attribute.expr)
          : exprJson(attribute.expr);
  const grouped = new Map<string, Block[]>();
  for (const block of body.blocks) grouped.set(block.type, [...(grouped.get(block.type) ?? []), block]);
  for (const [type, blocks] of grouped) {
    if (type === "dynamic") {
      out.dynamic = Object.fromEntries(blocks.map((block) => [block.labels[0] ?? "", bodyJson(block.body, "dynamic")]));
      continue;
    }
    const bodies = blocks.map((block) => bodyJson(block.body, type));
    out[type] = bodies.length === 1 ? bodies[0]! : bodies;
  }
  return out;
}

/** A whole .tf file as Terraform JSON. */
function fileJson(body: Body): { [key: string]: Json } {
  const out: { [key: string]: { [key: string]: Json } } = {};
  for (const block of body.blocks) {
    const section = (out[block.type] ??= {});
    if (block.type === "locals" || block.type === "terraform") {
      Object.assign(section, bodyJson(block.body, block.type));
      continue;
    }
    if (!LABELLED.has(block.type)) throw new Error(`the converter does not handle ${block.type} blocks`);
    let target = section;
    for (const label of block.labels.slice(0, -1)) target = (target[label] ??= {}) as { [key: string]: Json };
    const last = block.labels.at(-1) ?? "";
    const converted = bodyJson(block.body, block.type);
    const existing = target[last];
    target[last] =
      existing === undefined ? converted : [...(Array.isArray(existing) ? existing : [existing]), converted];
  }
  return out;
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "lakeward-tfjson-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Copies a fixture directory, every .tf rewritten as .tf.json (other files copied as they are). */
async function asJson(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) await asJson(source, join(to, entry.name));
    else if (entry.name.endsWith(".tf")) {
      const hcl = await parseHcl(entry.name, await readFile(source, "utf8"));
      await writeFile(join(to, `${entry.name}.json`), `${JSON.stringify(fileJson(hcl.body), null, 2)}\n`);
    } else await copyFile(source, join(to, entry.name));
  }
}

describe("Terraform JSON syntax", () => {
  it.each(["personas/hardened", "personas/default", "module"])(
    "%s as .tf.json gives the results of the HCL",
    async (fixture) => {
      const target = join(work, fixture);
      await asJson(join(FIXTURES, fixture), target);
      const fromHcl = await verdicts([join(FIXTURES, fixture)]);
      const fromJson = await verdicts([target]);
      expect(fromJson.scan.errors.map((e) => e.message)).toEqual([]);
      expect(fromJson.document.workspaces.map((w) => w.workspace.name)).toEqual(
        fromHcl.document.workspaces.map((w) => w.workspace.name),
      );
      expect(fromHcl.document.workspaces.length).toBeGreaterThan(0);
      for (const [index, workspace] of fromHcl.document.workspaces.entries()) {
        const json = fromJson.document.workspaces[index]!;
        const summary = (results: typeof workspace.results) =>
          results.map(
            (r) => `${r.checkId} ${r.status}: ${r.message.replaceAll(relative(process.cwd(), target), "<dir>")}`,
          );
        const hclSummary = summary(workspace.results).map((line) =>
          line
            .replaceAll(relative(process.cwd(), join(FIXTURES, fixture)), "<dir>")
            .replaceAll(/\.tf\b(?!\.json)/g, ".tf.json"),
        );
        expect(summary(json.results)).toEqual(hclSummary);
        // Results point into the JSON files.
        for (const result of json.results)
          for (const location of result.locations ?? []) expect(location.file).toMatch(/\.tf\.json$/);
      }
    },
  );

  it("points at the JSON line of a declared value", async () => {
    const dir = join(work, "lines");
    await mkdir(dir, { recursive: true });
    const text = `{
  "resource": {
    "azurerm_databricks_workspace": {
      "this": {
        "name": "ws-json",
        "resource_group_name": "rg",
        "location": "westeurope",
        "sku": "premium",
        "public_network_access_enabled": "\${var.public}",
        "custom_parameters": { "no_public_ip": true }
      }
    }
  },
  "variable": { "public": { "type": "bool", "default": false } }
}
`;
    await writeFile(join(dir, "main.tf.json"), text);
    const { document } = await verdicts([dir]);
    const results = document.workspaces[0]!.results;
    const net06 = results.find((r) => r.checkId === "NET-06")!;
    expect(net06.status).toBe("pass");
    expect(net06.locations?.some((l) => l.file.endsWith("main.tf.json") && l.line === 9)).toBe(true);
    const net01 = results.find((r) => r.checkId === "NET-01")!;
    expect(net01.status).toBe("pass");
    expect(net01.locations?.some((l) => l.line === 10)).toBe(true);
  });

  it('honours a "//": "lakeward:ignore …" comment property inside a resource', async () => {
    const dir = join(work, "suppressed");
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, "main.tf.json"),
      JSON.stringify(
        {
          resource: {
            azurerm_databricks_workspace: {
              this: {
                "//": "lakeward:ignore NET-06 the public endpoint is fronted by the corporate proxy",
                name: "ws-json-suppressed",
                resource_group_name: "rg",
                location: "westeurope",
                sku: "premium",
                public_network_access_enabled: true,
                custom_parameters: { no_public_ip: true },
              },
            },
          },
        },
        null,
        2,
      ),
    );
    const { document } = await verdicts([dir]);
    const net06 = document.workspaces[0]!.results.find((r) => r.checkId === "NET-06")!;
    expect(net06.status).toBe("fail");
    expect(net06.suppression?.reason).toMatch(
      /^the public endpoint is fronted by the corporate proxy \(inline at .*main\.tf\.json:5\)$/,
    );
  });

  it("names file and line for invalid JSON and for a broken interpolation; the other files are still read", async () => {
    await expect(parseTerraformJson("bad.tf.json", '{\n  "resource": {\n    "x": [1, 2,,]\n  }\n}\n')).rejects.toThrow(
      /bad\.tf\.json:3: invalid JSON/,
    );
    await expect(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform interpolation, not a JS template
      parseTerraformJson("tpl.tf.json", '{\n  "locals": {\n    "a": "ok",\n    "b": "${var.x +}"\n  }\n}\n'),
    ).rejects.toThrow(/tpl\.tf\.json:4: invalid template expression/);

    const dir = join(work, "mixed");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "broken.tf.json"), '{ "locals": { "a": }');
    await copyFile(join(FIXTURES, "module", "main.tf"), join(dir, "main.tf"));
    await mkdir(join(dir, "modules", "ws"), { recursive: true });
    await copyFile(join(FIXTURES, "module", "modules", "ws", "main.tf"), join(dir, "modules", "ws", "main.tf"));
    const { scan, document } = await verdicts([dir]);
    expect(scan.errors.map((e) => e.message)).toEqual([expect.stringMatching(/broken\.tf\.json:1: invalid JSON/)]);
    expect(document.workspaces.map((w) => w.workspace.name)).toEqual(["ws-from-module"]);
  });
});
