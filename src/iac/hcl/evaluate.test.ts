import { describe, expect, it } from "vitest";
import { IacFileError } from "../errors.ts";
import { EvalBudget } from "./budget.ts";
import { type EvalScope, Evaluator } from "./evaluate.ts";
import { FileRoots } from "./files.ts";
import { parseHcl } from "./parse.ts";
import { isUnresolved, Unresolved, type Value } from "./value.ts";

const scope: EvalScope = {
  moduleDir: ".",
  roots: new FileRoots(["."]),
  budget: new EvalBudget(),
  defaultFile: "t.tf",
  root(name, steps) {
    if (name === "var" && steps[0]?.kind === "attr") {
      const vars: Record<string, Value> = { on: true, name: "ws", list: ["a", "b"], map: { x: 1, y: 2 } };
      return { value: vars[steps[0].name] ?? new Unresolved(`var.${steps[0].name} has no value`), consumed: 1 };
    }
    if (name === "data") return { value: new Unresolved("read at plan time", "data.x.y", "id"), consumed: 3 };
    return { value: new Unresolved(`${name} unknown`, name), consumed: 0 };
  },
};

async function value(expression: string): Promise<Value> {
  const file = await parseHcl("t.tf", `v = ${expression}\n`);
  return new Evaluator(scope).evaluate(file.body.attributes.get("v")!.expr);
}

describe("HCL expressions", () => {
  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
    ['"${var.name}-workspace"', "ws-workspace"],
    // A template that is one interpolation yields the value itself, collections included (HCL spec).
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
    ['"${var.map}"', { x: 1, y: 2 }],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
    ['"${var.on}"', true],
    ["var.on ? 1 : 2", 1],
    ['upper(join("-", var.list))', "A-B"],
    ['[for s in var.list : upper(s) if s != "b"]', ["A"]],
    ["{ for k, v in var.map : k => v * 10 }", { x: 10, y: 20 }],
    ["merge(var.map, { z = 3 })", { x: 1, y: 2, z: 3 }],
    ["length(var.list) + 1", 3],
    ['lookup(var.map, "y", 0)', 2],
    ["!var.on || false", false],
    ['jsonencode({ a = [1, "two"] })', '{"a":[1,"two"]}'],
    ['try(var.missing, "fallback")', "fallback"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL escapes, not a JS template
    ['"a\\tb \\"q\\" $${literal}"', 'a\tb "q" ${literal}'],
    ["<<-EOT\n    one\n      two\n    EOT", "one\n  two\n"],
    ["var.list[*]", ["a", "b"]],
    ["-(2 * 3)", -6],
    // Sets iterate as Terraform's do: strings lexically, numbers numerically, duplicates dropped.
    ['toset(["weu", "neu", "weu"])', ["neu", "weu"]],
    ["toset([10, 9, 100])", [9, 10, 100]],
  ])("%s", async (expression, expected) => {
    expect(await value(expression)).toEqual(expected);
  });

  it("an unknown value stays unknown with its reason; a condition on it too, unless both branches agree", async () => {
    const missing = await value("var.nothing");
    expect(isUnresolved(missing) && missing.reason).toBe("var.nothing has no value");
    const conditional = await value("var.nothing ? true : false");
    expect(isUnresolved(conditional) && conditional.reason).toMatch(/depends on the condition var\.nothing/);
    expect(await value('var.nothing ? "same" : "same"')).toBe("same");
    expect(await value("var.nothing && false")).toBe(false);
  });

  it("references to data sources keep what they stand for", async () => {
    const ref = await value("data.x.y.id");
    expect(isUnresolved(ref) && [ref.ref, ref.attr]).toEqual(["data.x.y", "id"]);
  });

  it("a syntax error names the line and column", async () => {
    await expect(parseHcl("bad.tf", 'a = 1\nb = [1,\nc = "x"\n')).rejects.toThrow(IacFileError);
    await expect(parseHcl("bad.tf", 'resource "a" "b" {\n  x = \n}\n')).rejects.toThrow(
      /bad\.tf:2: syntax error \(column 3\)/,
    );
  });

  it("a syntax error never quotes the source (it can be a credential)", async () => {
    const secret = "hunter2-Secret-Value";
    const error = await parseHcl("bad.tf", `resource "a" "b" {\n  password = "${secret}\n}\n`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IacFileError);
    expect(String((error as Error).message)).toMatch(/^bad\.tf:\d+: syntax error/);
    expect(String((error as Error).message)).not.toContain(secret);
  });
});
