/**
 * Terraform's JSON configuration syntax (`*.tf.json`, as written by CDK for Terraform and generators)
 * turned into the same AST as native HCL, so one evaluator and one mapper serve both.
 *
 * Written by hand because no npm package converts Terraform JSON into an HCL syntax tree with positions.
 * The rules follow Terraform's "JSON Configuration Syntax": top-level properties are block types whose
 * labels are the next object levels (resource and data: two, module/variable/output/provider: one,
 * locals: attributes); strings are templates (`"${var.x}"`), parsed by the same tree-sitter grammar; an
 * object or a list of objects inside a block may be a nested block or a map attribute — without the
 * provider's schema that cannot be told apart, so it is offered as both (the mapper reads blocks where
 * the provider has blocks and attributes where it has maps).
 */
import { type Node, parseTree, printParseErrorCode } from "jsonc-parser";
import { IacFileError } from "../errors.ts";
import type { Attribute, Block, Body, Expr, HclFile } from "./ast.ts";
import { emptyBody } from "./ast.ts";
import { parseHcl } from "./parse.ts";

/** How many labels each top-level block type has. */
const LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  removed: 0,
  check: 1,
};

/** Properties Terraform reads as literal values, not templates (by block type). */
const LITERAL_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  variable: new Set(["default", "description", "sensitive", "nullable", "ephemeral"]),
  output: new Set(["description", "sensitive"]),
};

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  line(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
}

/** Sets the line of every node of a parsed expression to the JSON string's line. */
function relocate(expr: Expr, line: number): Expr {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) out[key] = key === "line" ? line : visit(inner);
      return out;
    }
    return value;
  };
  return visit(expr) as Expr;
}

const isTemplate = (text: string) => text.includes("${") || text.includes("%{");

/** The index of the `}` closing the `{` at `open`, skipping quoted strings inside the expression; -1 if none. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (char === "{") depth++;
    else if (char === "}" && --depth === 0) return i;
  }
  return -1;
}

function escapeLiteral(char: string): string {
  if (char === '"') return '\\"';
  if (char === "\\") return "\\\\";
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  if (char === "\t") return "\\t";
  const code = char.charCodeAt(0);
  return code < 0x20 ? `\\u${code.toString(16).padStart(4, "0")}` : char;
}

/**
 * A decoded JSON string as an HCL quoted template: literal parts escaped, interpolations and directives
 * kept as written (inside `${…}` quotes are expression syntax, not escaped), `$${`/`%%{` left as escapes.
 */
export function hclTemplateSource(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; ) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      out += text.slice(i, i + 3);
      i += 3;
    } else if (text.startsWith("${", i) || text.startsWith("%{", i)) {
      const end = closingBrace(text, i + 1);
      if (end < 0) {
        out += [...text.slice(i)].map(escapeLiteral).join("");
        break;
      }
      out += text.slice(i, end + 1);
      i = end + 1;
    } else {
      out += escapeLiteral(text[i] ?? "");
      i++;
    }
  }
  return `${out}"`;
}

/**
 * Strings that hold interpolations are parsed in one batch: one HCL document with an attribute per string
 * (see hclTemplateSource for how a decoded JSON string becomes an HCL quoted template).
 */
class TemplateBatch {
  private readonly sources: string[] = [];
  private readonly lines: number[] = [];
  private parsed: Expr[] = [];

  add(text: string, line: number): number {
    this.sources.push(`t${this.sources.length} = ${hclTemplateSource(text)}`);
    this.lines.push(line);
    return this.sources.length - 1;
  }

  async parse(file: string): Promise<void> {
    if (!this.sources.length) return;
    try {
      const hcl = await parseHcl(file, this.sources.join("\n"));
      this.parsed = this.sources.map((_, index) => {
        const attribute = hcl.body.attributes.get(`t${index}`);
        return relocate(
          attribute?.expr ?? { kind: "unsupported", text: "", why: "template not parsed", line: 0 },
          this.lines[index] ?? 1,
        );
      });
    } catch (error) {
      // The batch's line is the string's index: report the JSON line of that string.
      if (error instanceof IacFileError) {
        const index = error.line - 1;
        throw new IacFileError(
          file,
          this.lines[index] ?? 1,
          `invalid template expression: ${error.message.slice(`${file}:${error.line}: `.length).replace(/ \(column \d+\)$/, "")}`,
          "Fix the interpolation (the part in dollar-braces) in this string.",
        );
      }
      throw error;
    }
  }

  get(index: number): Expr {
    const expr = this.parsed[index];
    if (!expr) throw new Error(`template ${index} was not parsed`);
    return expr;
  }
}

/** A JSON value whose templates are parsed later: a function that builds the expression. */
type Pending = () => Expr;

class JsonConverter {
  private readonly lines: LineIndex;
  readonly templates = new TemplateBatch();

  constructor(text: string) {
    this.lines = new LineIndex(text);
  }

  line(node: Node): number {
    return this.lines.line(node.offset);
  }

  endLine(node: Node): number {
    return this.lines.line(node.offset + Math.max(0, node.length - 1));
  }

  /** An expression from a JSON value; `literal` skips template parsing (variable defaults). */
  expression(node: Node, literal = false): Pending {
    const line = this.line(node);
    switch (node.type) {
      case "string": {
        const text = String(node.value);
        if (literal || !isTemplate(text)) return () => ({ kind: "literal", value: text, line });
        const index = this.templates.add(text, line);
        return () => this.templates.get(index);
      }
      case "number":
      case "boolean":
      case "null":
        return () => ({ kind: "literal", value: node.value as number | boolean | null, line });
      case "array": {
        const items = (node.children ?? []).map((child) => this.expression(child, literal));
        return () => ({ kind: "tuple", items: items.map((item) => item()), line });
      }
      case "object": {
        const items = properties(node).map(([key, value]) => ({
          key: { kind: "literal" as const, value: key, line: this.line(value) },
          value: this.expression(value, literal),
        }));
        return () => ({
          kind: "object",
          items: items.map((item) => ({ key: item.key, value: item.value() })),
          line,
        });
      }
      default:
        return () => ({ kind: "unsupported", text: "", why: `unexpected JSON ${node.type}`, line });
    }
  }

  /** A block body: every property an attribute; objects and lists of objects also nested blocks. */
  body(node: Node, blockType: string): () => Body {
    const literal = LITERAL_ATTRIBUTES[blockType] ?? new Set<string>();
    const attributes: [string, number, Pending][] = [];
    const nested: (() => Block)[] = [];
    for (const [name, value] of properties(node)) {
      if (name === "//") continue; // Terraform's JSON comment property
      if (blockType === "variable" && name === "type") {
        // A type constraint is an expression written as a string ("map(string)"); it is kept as text.
        attributes.push([
          name,
          this.line(value),
          () => ({ kind: "literal", value: String(value.value), line: this.line(value) }),
        ]);
        continue;
      }
      if (name === "dynamic" && value.type === "object") {
        for (const [label, content] of properties(value))
          for (const item of objects(content)) nested.push(this.block(item, "dynamic", [label], name));
        continue;
      }
      attributes.push([name, this.line(value), this.expression(value, literal.has(name))]);
      const items = objects(value);
      if (items.length && (value.type === "object" || items.length === value.children?.length))
        for (const item of items) nested.push(this.block(item, "nested", [], name, undefined));
    }
    return () => {
      const body = emptyBody();
      for (const [name, line, expr] of attributes)
        body.attributes.set(name, { name, expr: expr(), line } satisfies Attribute);
      for (const block of nested) body.blocks.push(block());
      return body;
    };
  }

  /** A block of `type` (its name) whose body is `node`; `kind` chooses the body rules. */
  block(node: Node, kind: string, labels: string[], type: string, keyNode?: Node): () => Block {
    const body = this.body(node, kind);
    const line = this.line(keyNode ?? node);
    const endLine = this.endLine(node);
    return () => ({ type, labels, body: body(), line, endLine });
  }

  /** The top-level object: block types, each with its labels as nested object levels. */
  file(root: Node): () => Body {
    const blocks: (() => Block)[] = [];
    const locals: [string, number, Pending][] = [];
    for (const [type, value, keyNode] of propertiesWithKeys(root)) {
      if (type === "//") continue;
      if (type === "locals") {
        for (const item of objects(value))
          for (const [name, local] of properties(item)) locals.push([name, this.line(local), this.expression(local)]);
        continue;
      }
      const depth = LABELS[type] ?? 0;
      const visit = (node: Node, labels: string[], key: Node) => {
        if (labels.length === depth) {
          for (const item of objects(node)) blocks.push(this.block(item, type, labels, type, key));
          return;
        }
        if (node.type !== "object") return;
        for (const [label, inner, innerKey] of propertiesWithKeys(node)) visit(inner, [...labels, label], innerKey);
      };
      visit(value, [], keyNode);
    }
    return () => {
      const body = emptyBody();
      for (const block of blocks) body.blocks.push(block());
      if (locals.length) {
        const localsBody = emptyBody();
        for (const [name, line, expr] of locals) localsBody.attributes.set(name, { name, expr: expr(), line });
        const first = locals[0]?.[1] ?? 1;
        body.blocks.push({ type: "locals", labels: [], body: localsBody, line: first, endLine: first });
      }
      return body;
    };
  }
}

function propertiesWithKeys(node: Node): [string, Node, Node][] {
  if (node.type !== "object") return [];
  const out: [string, Node, Node][] = [];
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key && value) out.push([String(key.value), value, key]);
  }
  return out;
}

const properties = (node: Node): [string, Node][] => propertiesWithKeys(node).map(([name, value]) => [name, value]);

/** An object, or the objects of a list (Terraform JSON writes repeated blocks as a list). */
function objects(node: Node): Node[] {
  if (node.type === "object") return [node];
  if (node.type === "array") return (node.children ?? []).filter((child) => child.type === "object");
  return [];
}

/** Parses a `.tf.json` file; throws IacFileError (file, line) on invalid JSON or template syntax. */
export async function parseTerraformJson(file: string, text: string): Promise<HclFile> {
  const errors: import("jsonc-parser").ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  const lines = new LineIndex(text);
  if (first || !tree)
    throw new IacFileError(
      file,
      first ? lines.line(first.offset) : 1,
      first ? `invalid JSON (${printParseErrorCode(first.error)})` : "empty file",
    );
  if (tree.type !== "object")
    throw new IacFileError(file, 1, "a Terraform JSON file holds one object at the top level");
  const converter = new JsonConverter(text);
  const body = converter.file(tree);
  await converter.templates.parse(file);
  return { file, text, body: body() };
}
