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

/** Heredocs: how the scanner ends them, blanks, escapes, interpolations, `<<-` indentation, what goes to tree-sitter. */
const HEREDOCS = [
  "x = <<EOF\nbody\nEOF\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "x = <<EOF\n  a ${b}\n  c\nEOF\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "x = <<-EOF\n    a ${b}\n      c\n    EOF\n",
  "x = <<-EOF\n\tx\n\t\ty\n\tEOF\n",
  "x = <<-EOF\n  a\n\tb\n  EOF\n",
  "x = <<-EOF\n\n    a\n\n    b\n    EOF\n",
  "x = <<-EOF\nEOF\nx = <<EOF\n$${a} %%{b}\n  EOF\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "x = <<EOF\n${a}EOF\nEOF\n",
  "x = <<EOT\nEOTX\nEOT\n",
  "x = <<EOF\nEOF more\n  EOF\t\n",
  "x = <<EOT\nEOX\nEO\nEOT\n",
  "x = <<EOT\n  EOT  \n",
  "x = <<EOF\r\n a\r\nEOF\r\n",
  "x = [<<EOF\na\nEOF\n, 1]\n",
  'x = <<EOF\n"quotes" and \\backslash \\n\nEOF\n',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "x = <<EOF\n$$ %% $$$${a} %%%%{ $$${b}\nEOF\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "x = <<EOF\n${a} ${b}\n${c}\nEOF\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "x = <<EOF\nbody ${jsonencode({ a = 1 })} end\nEOF\n",
  "x = <<EOF\n\n\n  \nEOF\n",
  "x = <<EOF\n# not a comment\n// nor this\nEOF\n",
  "x = <<EOF\nEOF\n# after\ny = 1\n",
  "x = <<my-id_2\nbody\nmy-id_2\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  'resource "r" "n" {\n  policy = <<POLICY\n{\n  "a": "${var.x}"\n}\nPOLICY\n  other = 1\n}\n',
  // Shapes seen in public Terraform: heredoc branches of a conditional, a heredoc argument closed by `)` on
  // the next line, a closing identifier with blanks after it, interpolation-only lines.
  'v = (var.a == "x" ?\n  <<A\n    { "k": 1 }\n  A\n  :\n  <<A\n    { "k": 2 }\n  A\n)\n',
  'c = base64encode(<<-EOT\n    #!/bin/bash\n    echo "hi"\n    EOT\n  )\nn = 1\n',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "p = <<P\n  ${jsonencode(var.rule)}\n  P \n",
  // Left to tree-sitter: directives, text after the opening identifier, a space before it, no line break
  // after the closing one, odd whitespace, a heredoc in an interpolation, the closing identifier inside an
  // interpolation.
  "t = <<EOF\n%{ for x in y }a%{ endfor }\nEOF\n",
  "x = <<EOF trailing\nbody\nEOF\n",
  "x = << EOF\nbody\nEOF\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "x = <<EOF\nEOF${a}\nEOF\n",
  "x = <<EOF\nEOF",
  "x = <<EOF\n a \n EOF",
  "x = <<EOF\nit\u3000x\u000b\nEOF\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  'x = "${<<EOF\nin\nEOF\n}"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "x = <<EOF\n${\nEOF\n}\nEOF\n",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
  "x = <<EOF\n${~a}\nEOF\n",
  "x = <<EOF\nunterminated\n",
  "x = <<\nEOF\n",
];

describe("fast HCL parser against the tree-sitter path", () => {
  it.each([...SNIPPETS, ...HEREDOCS].map((text) => [text]))("%j: same AST, or gives up", async (text) => {
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
      ...HEREDOCS.slice(0, 26),
    ];
    for (const text of handled) expect(fastParseHcl(text), text).not.toBeNull();
    // Directives, strip markers and the odd heredocs are the tree-sitter path's.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
    for (const text of ['a = "%{if x}y%{endif}"', 'a = "${~x}"', ...HEREDOCS.slice(26)])
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

  /**
   * Seeded mutations (delete, duplicate, insert a token or character) of valid texts: the fast path must
   * never return an AST for one tree-sitter rejects, and where both accept, the ASTs must be equal.
   */
  async function fuzz(seeds: string[], inserts: string[], count: number, seed: number) {
    let state = seed;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state % n;
    };
    let accepted = 0;
    const mismatches: string[] = [];
    for (let n = 0; n < count; n++) {
      const text = seeds[random(seeds.length)]!;
      if (!text) continue;
      const at = random(text.length);
      const op = random(3);
      const mutant =
        op === 0
          ? text.slice(0, at) + text.slice(at + 1 + random(3))
          : op === 1
            ? text.slice(0, at) + text.slice(at, at + 1 + random(4)) + text.slice(at)
            : text.slice(0, at) + inserts[random(inserts.length)] + text.slice(at);
      const fast = fastParseHcl(mutant);
      if (fast === null) continue;
      const ref = await reference(mutant);
      if (ref === null || !isDeepStrictEqual(fast, ref)) mismatches.push(JSON.stringify(mutant));
      else accepted++;
    }
    return { accepted, mismatches: mismatches.slice(0, 5) };
  }

  it("never returns an AST for a mutant tree-sitter rejects; where both accept, the ASTs are equal", async () => {
    const seeds = [...SNIPPETS.slice(0, 56), ...files.slice(0, 20).map((path) => readFileSync(path, "utf8"))];
    const inserts = ["{", "}", "[", "]", "(", ")", '"', "=", ",", ".", "?", ":", "$", "{", "#", "\n", "-", "*", "..."];
    const { accepted, mismatches } = await fuzz(seeds, inserts, 3000, 20261203);
    expect(mismatches).toEqual([]);
    // The fuzz exercises the fast path, not only its giving up.
    expect(accepted).toBeGreaterThan(300);
  });

  it("the same for mutants of heredocs", async () => {
    const seeds = HEREDOCS.slice(0, 26);
    const inserts = [
      "\n",
      " ",
      "\t",
      "\r",
      "EOF",
      "EOT",
      "<<",
      "<<-",
      "-",
      "$",
      "${",
      "$$",
      "%",
      "%%",
      "{",
      "}",
      '"',
      "#",
      "~",
    ];
    const { accepted, mismatches } = await fuzz(seeds, inserts, 3000, 20261204);
    expect(mismatches).toEqual([]);
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
