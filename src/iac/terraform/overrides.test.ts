import { describe, expect, it } from "vitest";
import { type Block, blocksOf, exprText } from "../hcl/ast.ts";
import { parseHcl } from "../hcl/parse.ts";
import { applyOverrides, isOverrideFile } from "./overrides.ts";

async function merge(main: string, ...overrides: [string, string][]) {
  const primary = [await parseHcl("main.tf", main)];
  const parsed = await Promise.all(overrides.map(([name, text]) => parseHcl(name, text)));
  return applyOverrides(primary, parsed);
}

const block = (blocks: Block[], type: string, ...labels: string[]) =>
  blocks.find((b) => b.type === type && labels.every((label, i) => b.labels[i] === label))!;

const attr = (b: Block, name: string) => {
  const attribute = b.body.attributes.get(name);
  return attribute
    ? { value: exprText(attribute.expr), file: attribute.file ?? "(block's)", line: attribute.line }
    : null;
};

describe("isOverrideFile", () => {
  it.each([
    ["override.tf", true],
    ["override.tf.json", true],
    ["dev_override.tf", true],
    ["x_override.tf.json", true],
    ["main.tf", false],
    ["overrides.tf", false],
    ["myoverride.tf", false],
  ])("%s → %s", (name, expected) => expect(isOverrideFile(name)).toBe(expected));
});

describe("applyOverrides", () => {
  const main = `resource "azurerm_databricks_workspace" "ws" {
  sku = "standard"
  name = "ws"
  custom_parameters {
    no_public_ip = false
  }
  lifecycle {
    prevent_destroy = true
    ignore_changes = [tags]
  }
}
`;

  it("replaces arguments by name and keeps the others, each remembering its file and line", async () => {
    const { files, errors } = await merge(main, [
      "override.tf",
      `resource "azurerm_databricks_workspace" "ws" {\n  sku = "premium"\n}\n`,
    ]);
    expect(errors).toEqual([]);
    const ws = block(files[0]!.body.blocks, "resource", "azurerm_databricks_workspace", "ws");
    expect(attr(ws, "sku")).toEqual({ value: '"premium"', file: "override.tf", line: 2 });
    expect(attr(ws, "name")).toEqual({ value: '"ws"', file: "(block's)", line: 3 });
  });

  it("replaces every nested block of a type the override declares, and merges lifecycle argument by argument", async () => {
    const { files } = await merge(main, [
      "override.tf",
      `resource "azurerm_databricks_workspace" "ws" {
  custom_parameters {
    virtual_network_id = "vnet"
  }
  lifecycle {
    prevent_destroy = false
  }
}
`,
    ]);
    const ws = block(files[0]!.body.blocks, "resource", "azurerm_databricks_workspace", "ws");
    const [params, ...more] = blocksOf(ws.body, "custom_parameters");
    expect(more).toEqual([]);
    // Replaced whole: no_public_ip is gone, as in Terraform.
    expect(attr(params!, "no_public_ip")).toBeNull();
    expect(params!.file).toBe("override.tf");
    expect(attr(params!, "virtual_network_id")?.file).toBe("override.tf");
    const lifecycle = blocksOf(ws.body, "lifecycle")[0]!;
    expect(attr(lifecycle, "prevent_destroy")?.value).toBe("false");
    expect(attr(lifecycle, "ignore_changes")?.value).toBe("[tags]");
  });

  it("treats a dynamic block as the block type it generates", async () => {
    const { files } = await merge(main, [
      "override.tf",
      `resource "azurerm_databricks_workspace" "ws" {
  dynamic "custom_parameters" {
    for_each = [1]
    content {
      no_public_ip = true
    }
  }
}
`,
    ]);
    const ws = block(files[0]!.body.blocks, "resource", "azurerm_databricks_workspace", "ws");
    expect(blocksOf(ws.body, "custom_parameters")).toEqual([]);
    expect(blocksOf(ws.body, "dynamic").map((b) => b.labels[0])).toEqual(["custom_parameters"]);
  });

  it("replaces locals by name, matches providers by alias, merges required_providers per provider", async () => {
    const { files, errors } = await merge(
      `locals {
  a = 1
  b = 2
}
provider "databricks" {
  host = "one"
}
provider "databricks" {
  alias = "ws2"
  host = "two"
}
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.0" }
    databricks = { source = "databricks/databricks" }
  }
}
`,
      ["a_override.tf", `locals {\n  b = 20\n}\nprovider "databricks" {\n  alias = "ws2"\n  host = "TWO"\n}\n`],
      [
        "b_override.tf",
        `locals {\n  b = 200\n}\nterraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }\n  }\n}\n`,
      ],
    );
    expect(errors).toEqual([]);
    const blocks = files[0]!.body.blocks;
    const locals = block(blocks, "locals");
    expect(attr(locals, "a")?.value).toBe("1");
    // Override files apply in name order: b_override.tf wins.
    expect(attr(locals, "b")).toMatchObject({ value: "200", file: "b_override.tf" });
    const providers = blocks.filter((b) => b.type === "provider");
    expect(providers.map((p) => attr(p, "host")?.value)).toEqual(['"one"', '"TWO"']);
    const required = blocksOf(block(blocks, "terraform").body, "required_providers")[0]!;
    expect(attr(required, "azurerm")?.value).toContain('"~> 4.0"');
    expect(attr(required, "databricks")?.value).toContain("databricks/databricks");
  });

  it("reports an override without an original (file and line) and leaves the parsed files untouched", async () => {
    const original = await parseHcl("main.tf", main);
    const override = await parseHcl(
      "x_override.tf",
      `resource "azurerm_databricks_workspace" "ws" {\n  sku = "premium"\n}\n\nresource "azurerm_key_vault" "kv" {\n  purge_protection_enabled = true\n}\nlocals {\n  nope = 1\n}\n`,
    );
    const { errors } = applyOverrides([original], [override]);
    expect(errors.map((e) => e.message)).toEqual([
      'x_override.tf:5: override of resource "azurerm_key_vault" "kv", which no other file of the module declares; ignored (Terraform refuses it too)',
      "x_override.tf:9: override of local.nope, which no other file of the module defines; ignored",
    ]);
    const ws = block(original.body.blocks, "resource", "azurerm_databricks_workspace", "ws");
    expect(attr(ws, "sku")?.value).toBe('"standard"');
  });
});
