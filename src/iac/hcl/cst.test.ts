import { describe, expect, it } from "vitest";
import { parseHcl } from "./parse.ts";

// The converter reads a copy of tree-sitter's tree (cst.ts) whose rows come from the text's line starts and
// whose offsets index the JavaScript string: lines must stay right after CRLF line ends, characters outside
// the Basic Multilingual Plane (two UTF-16 units) and multi-byte ones before them on the same line.
describe("the copied syntax tree", () => {
  const text = [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
    'a = "😀—é ${var.x}"',
    'resource "x" "y" {',
    "  b = <<-EOT",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation, not a JS template
    "    😀 ${var.z}",
    "    EOT",
    "  c = [",
    "    1, # 😀",
    "  ]",
    "  nested {",
    '    d = "→"',
    "  }",
    "}",
    "e = var.f[0].g",
    "",
  ];

  for (const [eol, name] of [
    ["\n", "LF"],
    ["\r\n", "CRLF"],
  ] as const) {
    it(`keeps lines, end lines and text with ${name} line ends`, async () => {
      const file = await parseHcl("x.tf", text.join(eol));
      const a = file.body.attributes.get("a")!;
      expect(a.line).toBe(1);
      expect(a.expr).toMatchObject({ kind: "template", parts: ["😀—é ", { kind: "postfix", line: 1 }] });
      const block = file.body.blocks[0]!;
      expect(block).toMatchObject({ type: "resource", labels: ["x", "y"], line: 2, endLine: 12 });
      expect(block.body.attributes.get("b")).toMatchObject({
        line: 3,
        expr: { kind: "template", parts: [`😀 `, { kind: "postfix", line: 4 }, eol === "\n" ? "\n" : "\r\n"] },
      });
      expect(block.body.attributes.get("c")).toMatchObject({
        line: 6,
        expr: { kind: "tuple", items: [{ kind: "literal", value: 1, line: 7 }] },
      });
      expect(block.body.blocks[0]).toMatchObject({ type: "nested", line: 9, endLine: 11 });
      expect(block.body.blocks[0]!.body.attributes.get("d")).toMatchObject({
        line: 10,
        expr: { kind: "literal", value: "→" },
      });
      expect(file.body.attributes.get("e")).toMatchObject({
        line: 13,
        expr: { kind: "postfix", steps: [{ kind: "attr", name: "f" }, { kind: "index" }, { kind: "attr", name: "g" }] },
      });
    });
  }
});
