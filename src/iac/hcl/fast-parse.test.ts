import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { IacFileError } from "../errors.ts";
import type { Body } from "./ast.ts";
import { fastParseHcl } from "./fast-parse.ts";
import { parseHcl, parseHclTreeSitter } from "./parse.ts";

const root = new URL("../../..", import.meta.url).pathname;
const corpus = join(root, "..", "shared", "corpus", "tf");

/** The tree-sitter path's body, or null where it reports a syntax error (or another input error). */
async function reference(text: string): Promise<Body | null> {
  try {
    return (await parseHclTreeSitter("t.tf", text)).body;
  } catch (error) {
    if (error instanceof IacFileError) return null;
    throw error;
  }
}

/** Every HCL file of the repository (fixtures, examples), node_modules and .git left out. */
function repositoryHclFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === ".git" || name === "dist") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) repositoryHclFiles(path, out);
    else if (/\.(tf|tfvars|hcl)$/.test(name)) out.push(path);
  }
  return out;
}

/** Constructs one by one, each as tree-sitter-hcl reads it. */
const SNIPPETS = [
  "",
  "a = 1",
  'a = "x"\nb = true\nc = false\nd = null\ne = 1.5\nf = 0x1F\ng = 1.5e3',
  'resource "azurerm_x" "y" {\n  name = "n"\n  nested {\n    a = 1\n  }\n}\n',
  "block label1 label2 { a = 1 }",
  'one_line { a = 1 b = "2" }',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  'a = "${var.x}-${local.y}"',
  'a = "plain $${not} %%{not} $ % end"',
  'a = "esc \\n \\t \\r \\" \\\\ \\u00e9 \\U0001F600"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  'a = "${lookup(var.m, "k", "d")}"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  'a = "${var.a ? "x" : "y"}"',
  "a = var.x.y[0].z",
  "a = var.x.0.y",
  "a = var.list[*].id",
  "a = var.list.*.id.x",
  "a = var.list[*].a[0].b",
  'a = var.m["k"]',
  "a = (var.a).b",
  "a = (var.a + 1) * 2",
  "a = 1 + 2 * 3 - 4 / 5 % 6",
  "a = x > 1 && y <= 2 || !z",
  "a = a == b != c",
  "a = -x.y",
  "a = !a.b && c",
  "a = - - x",
  "a = x ? y : z",
  "a = x ? y ? 1 : 2 : 3",
  "a = x ? 1 : y ? 2 : 3",
  "a = x == 1 ? y + 1 : z * 2",
  "a = [1, 2, 3,]",
  "a = []",
  "a = {}",
  'a = { k = 1, "q" = 2, (var.k) = 3, x.y = 4 }',
  "a = {\n  k = 1\n  j : 2\n  # note\n  l = 3 // trailing\n}",
  "a = [for x in var.l : x.id]",
  "a = [for i, x in var.l : x if i > 0]",
  "a = { for k, v in var.m : k => v.id }",
  "a = { for k, v in var.m : v.group => k... if v.on }",
  "a = f()",
  "a = f(1, 2,)",
  "a = concat(var.a, var.b...)",
  "a = provider::azurerm::parse_resource_id(var.id)",
  "a = my-name.attr",
  "a = x-1",
  "a = x - 1",
  "a = 5-1",
  "/* block comment */ a = 1 # hash\n// slashes\nb = 2",
  "a = 1 /* inside */ + 2",
  "a = 1 +\n # comment\n 2",
  "a = - /* c */ x",
  "a = [\n  # comment in a tuple\n  1,\n  2, # after\n]",
  "a = f(\n  1, # one\n  2\n)",
  'tags = merge(var.tags, { "env" = "prod" })',
  "a = <<EOF\nheredoc\nEOF\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "a = <<-EOT\n    indented ${var.x}\n  EOT\n",
  'a = "%{if var.x}y%{endif}"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  'a = "${~var.x~}"',
  '{ "a" = 1 }',
  "a = true_value\nb = nullable\nc = falsey",
  'a = "a\\qb"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  'block "${var.x}" { }',
  "a = x.y.*",
  "a = x[*]",
  "a = { for k in var.l : k => k }",
  "a = 1\na = 2",
  'a = "unterminated',
  "a = ",
  "a = (1",
  "a = [1 2]",
  "a = x ? y",
  "a = 1e5",
  "a = 1.",
  "a b c",
  "a = \u00e9t\u00e9.x",
  "a = x\n[0]",
  // `$` and `%` runs before `{` (pairs are literal, as tree-sitter's template scanner reads them).
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  'x = "$$${a}"',
  'x = "$$$${a}"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  'x = "$$$$${a}"',
  'x = "%%%{"',
  'x = "%%%%%{"',
  'x = "a%%%{b}"',
  'x = "%%%{a}"',
  'x = "$$ %% $ % $$$ %%%"',
  // Past the converter's nesting limit (a left-nested chain), in operators and in conditionals.
  `a = ${"1 + ".repeat(450)}1`,
  `a = ${"x ? 1 : ".repeat(450)}1`,
  `a = ${"[".repeat(450)}${"]".repeat(450)}`,
];

describe("fast HCL parser against the tree-sitter path", () => {
  it.each(SNIPPETS.map((text) => [text]))("%j: same AST, or gives up", async (text) => {
    const fast = fastParseHcl(text);
    const ref = await reference(text);
    if (ref === null) expect(fast).toBeNull();
    else if (fast !== null) expect(fast).toEqual(ref);
  });

  it("reads the common constructs itself rather than giving up", () => {
    const handled = [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
      'a = "${var.x}-y"',
      "a = var.list[*].id",
      "a = { for k, v in var.m : k => v }",
      "a = x ? y : z",
      'r "t" "n" {\n  a = [1, 2]\n  # c\n  b { c = f(x...) }\n}',
    ];
    for (const text of handled) expect(fastParseHcl(text), text).not.toBeNull();
    // Heredocs, directives and strip markers are the tree-sitter path's.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
    for (const text of ["a = <<EOF\nx\nEOF\n", 'a = "%{if x}y%{endif}"', 'a = "${~x}"'])
      expect(fastParseHcl(text), text).toBeNull();
  });

  const files = repositoryHclFiles(root);
  if (existsSync(corpus)) for (const name of readdirSync(corpus)) files.push(join(corpus, name));
  else console.warn(`fast-parse.test: ../shared/corpus/tf not found (${corpus}); the corpus files are skipped`);

  it.each(files.map((path) => [relative(root, path), path]))("file %s: same AST", async (_, path) => {
    const text = readFileSync(path, "utf8");
    const ref = await reference(text);
    const fast = fastParseHcl(text);
    if (ref === null) expect(fast).toBeNull();
    else {
      // Every file of the repository and the corpus is one the fast path reads.
      expect(fast).not.toBeNull();
      expect(fast).toEqual(ref);
    }
  });

  it("never returns an AST for a mutant tree-sitter rejects; where both accept, the ASTs are equal", async () => {
    // Seeded mutations (delete, duplicate, insert a token or character) of the valid snippets and files.
    const seeds = [...SNIPPETS.slice(0, 56), ...files.slice(0, 20).map((path) => readFileSync(path, "utf8"))];
    const inserts = ["{", "}", "[", "]", "(", ")", '"', "=", ",", ".", "?", ":", "$", "{", "#", "\n", "-", "*", "..."];
    let state = 20261203;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    let accepted = 0;
    let mismatches: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const seed = seeds[random(seeds.length)]!;
      if (!seed) continue;
      const at = random(seed.length);
      const op = random(3);
      const mutant =
        op === 0
          ? seed.slice(0, at) + seed.slice(at + 1 + random(3))
          : op === 1
            ? seed.slice(0, at) + seed.slice(at, at + 1 + random(4)) + seed.slice(at)
            : seed.slice(0, at) + inserts[random(inserts.length)] + seed.slice(at);
      const fast = fastParseHcl(mutant);
      if (fast === null) continue;
      const ref = await reference(mutant);
      if (ref === null || !isDeepStrictEqual(fast, ref)) mismatches.push(JSON.stringify(mutant));
      else accepted++;
    }
    mismatches = mismatches.slice(0, 5);
    expect(mismatches).toEqual([]);
    // The fuzz exercises the fast path, not only its giving up.
    expect(accepted).toBeGreaterThan(300);
  });

  it("a syntax error is still reported by tree-sitter, with its line and column", async () => {
    const text = "a = 1\nb = {\n  c = )\n}\n";
    const error = await parseHcl("main.tf", text).catch((e: unknown) => e);
    const expected = await parseHclTreeSitter("main.tf", text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IacFileError);
    expect((error as IacFileError).message).toMatch(/^main\.tf:\d+: syntax error.*column/);
    expect((error as IacFileError).message).toBe((expected as IacFileError).message);
  });
});
