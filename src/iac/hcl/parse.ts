/**
 * HCL parsing with tree-sitter (web-tree-sitter + the tree-sitter-hcl grammar's Terraform dialect,
 * both WebAssembly from the npm registry: no native code, nothing downloaded at run time). The
 * concrete syntax tree is converted into the small AST of ast.ts, with a line for every node, and freed.
 * A syntax error stops the file with its line (and column); see docs/iac.md for why this parser.
 */
import { createRequire } from "node:module";
import { Language, type Node, Parser } from "web-tree-sitter";
import { formatBytes, MAX_INPUT_ENV } from "../../util/read-input.ts";
import { IacFileError } from "../errors.ts";
import { LIMITS } from "../limits.ts";
import { hclSizeLimit } from "../read.ts";
import type { Attribute, Block, Body, Expr, HclFile, Step } from "./ast.ts";
import { emptyBody } from "./ast.ts";
import { type CstNode, copyTree } from "./cst.ts";
import { fastParseHcl } from "./fast-parse.ts";
import { finishHeredoc } from "./template-text.ts";

let parserPromise: Promise<Parser> | undefined;
let ready: Parser | undefined;

/** One parser for the process; the grammar's WebAssembly is loaded once (about 20 ms). */
export function parser(): Promise<Parser> {
  parserPromise ??= (async () => {
    await Parser.init();
    const require = createRequire(import.meta.url);
    const wasm = require.resolve("@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm");
    const language = await Language.load(wasm);
    const instance = new Parser();
    instance.setLanguage(language);
    ready = instance;
    return instance;
  })();
  return parserPromise;
}

const line = (node: Node) => node.startPosition.row + 1;

/** The first error or missing node, depth first; iterative, since a broken file can nest without end. */
function firstError(root: Node): Node | null {
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing) return node;
      if ((node.hasError || node.isMissing) && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return null;
    }
  } finally {
    cursor.delete();
  }
}

/** Raised by the converter past LIMITS.hclNesting; becomes an IacFileError at the line. */
class NestingError extends Error {
  readonly line: number;
  constructor(line: number) {
    super(`nested deeper than ${LIMITS.hclNesting} levels (lakeward's limit for HCL blocks and expressions)`);
    this.line = line;
  }
}

/**
 * What went wrong, without quoting the source: the text around a syntax error can be a credential (an
 * unterminated string), and error messages reach the terminal, logs and reports. Line and column say where.
 */
function describeError(node: Node): string {
  if (node.isMissing) return `syntax error: missing ${JSON.stringify(node.type)}`;
  const text = node.text.trim();
  if (!text) return "syntax error: unexpected end of input";
  // A lone operator or bracket is safe to name and helps; anything longer is only located.
  return /^[^\sA-Za-z0-9"'`]{1,2}$/.test(text) ? `syntax error: unexpected ${JSON.stringify(text)}` : "syntax error";
}

/**
 * Parses HCL text; throws IacFileError (file, line, column) on a syntax error or past a limit. The
 * hand-written parser of fast-parse.ts reads what it can; anything else (and every error) is tree-sitter's.
 */
export async function parseHcl(file: string, text: string): Promise<HclFile> {
  checkSize(file, text);
  const body = fastParseHcl(text);
  if (!body) return parseHclWith(await parser(), file, text);
  // templatefile() parses its template synchronously with tree-sitter (parseTemplateSync): loaded now.
  if (text.includes("templatefile")) await parser();
  return { file, text, body };
}

/** The tree-sitter path alone: the reference the fast parser is tested against (fast-parse.test.ts). */
export async function parseHclTreeSitter(file: string, text: string): Promise<HclFile> {
  return parseHclWith(await parser(), file, text);
}

/**
 * A template file's text (templatefile()) as an expression, synchronously: the parser is loaded by then,
 * since templatefile() is only called from a parsed configuration. Null when it is not loaded.
 */
export function parseTemplateSync(file: string, text: string): Expr | null {
  if (!ready) return null;
  // The heredoc template language is templatefile()'s: `${…}` and `%{…}`, no quote escapes.
  let marker = "LAKEWARD_TEMPLATE_END";
  while (text.includes(marker)) marker += "_";
  const newline = text.endsWith("\n");
  const parsed = parseHclWith(ready, file, `t = <<${marker}\n${newline ? text : `${text}\n`}${marker}\n`);
  const expr = parsed.body.attributes.get("t")?.expr;
  if (!expr || newline) return expr ?? null;
  // The wrapper added a final newline; the template does not have one.
  if (expr.kind === "literal" && typeof expr.value === "string") return { ...expr, value: expr.value.slice(0, -1) };
  if (expr.kind === "template") {
    const parts = [...expr.parts];
    const last = parts[parts.length - 1];
    if (typeof last === "string") parts[parts.length - 1] = last.slice(0, -1);
    return { ...expr, parts };
  }
  return expr;
}

function checkSize(file: string, text: string): void {
  const limit = hclSizeLimit();
  if (text.length > limit)
    throw new IacFileError(
      file,
      1,
      `not read: larger than the ${formatBytes(limit)} limit for HCL text`,
      `Split the file, or raise the limit with ${MAX_INPUT_ENV}=<MiB>; see docs/iac.md.`,
    );
}

function parseHclWith(instance: Parser, file: string, text: string): HclFile {
  checkSize(file, text);
  const tree = instance.parse(text);
  if (!tree) throw new IacFileError(file, 1, "the HCL parser returned nothing");
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const error = firstError(root) ?? root;
      throw new IacFileError(
        file,
        line(error),
        `${describeError(error)} (column ${error.startPosition.column + 1})`,
        "Fix the syntax (terraform validate shows the same place); the other files were still scanned.",
      );
    }
    const converter = new Converter(text);
    const bodyNode = copyTree(tree, text).namedChildren.find((child) => child.type === "body");
    try {
      return { file, text, body: bodyNode ? converter.body(bodyNode) : emptyBody() };
    } catch (error) {
      if (error instanceof NestingError)
        throw new IacFileError(file, error.line, error.message, "No real configuration nests this deep.");
      throw error;
    }
  } finally {
    tree.delete();
  }
}

/** The line (one-based) a copied node starts on. */
const lineOf = (node: CstNode) => node.row + 1;

const BINARY_OPS = new Set(["*", "/", "%", "+", "-", ">", ">=", "<", "<=", "==", "!=", "&&", "||"]);

class Converter {
  private readonly text: string;
  private depth = 0;
  constructor(text: string) {
    this.text = text;
  }

  /** Runs one nesting level deeper: blocks, expressions, operators all count (the JS stack is finite). */
  private nested<T>(node: CstNode, fn: () => T): T {
    if (++this.depth > LIMITS.hclNesting) throw new NestingError(lineOf(node));
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  body(node: CstNode): Body {
    const body = emptyBody();
    for (const child of node.namedChildren) {
      if (child.type === "attribute") {
        const attribute = this.attribute(child);
        body.attributes.set(attribute.name, attribute);
      } else if (child.type === "block") body.blocks.push(this.nested(child, () => this.block(child)));
    }
    return body;
  }

  private attribute(node: CstNode): Attribute {
    const name = node.namedChildren.find((c) => c.type === "identifier")?.text ?? "";
    const exprNode = node.namedChildren.find((c) => c.type === "expression");
    return {
      name,
      expr: exprNode ? this.expression(exprNode) : { kind: "literal", value: null, line: lineOf(node) },
      line: lineOf(node),
    };
  }

  private block(node: CstNode): Block {
    const named = node.namedChildren;
    const type = named[0]?.text ?? "";
    const labels: string[] = [];
    let body = emptyBody();
    for (const child of named.slice(1)) {
      if (child.type === "string_lit") labels.push(this.stringLiteral(child));
      else if (child.type === "identifier") labels.push(child.text);
      else if (child.type === "body") body = this.body(child);
    }
    return { type, labels, body, line: lineOf(node), endLine: node.endRow + 1 };
  }

  private stringLiteral(node: CstNode): string {
    const expr = this.template(node, false);
    return expr.kind === "literal" && typeof expr.value === "string" ? expr.value : node.text.replace(/^"|"$/g, "");
  }

  expression(node: CstNode): Expr {
    return this.term(node.children.filter((c) => c.type !== "comment"));
  }

  /** A flattened expression term: a primary followed by attribute, index and splat steps. */
  private term(children: CstNode[]): Expr {
    const first = children[0];
    if (!first) return { kind: "unsupported", text: "", why: "empty expression", line: 1 };
    let base: Expr | undefined;
    const steps: Step[] = [];
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if (child.type === "(") {
        const inner = children[i + 1];
        base = inner ? this.node(inner) : undefined;
        i += 2;
      } else if (child.type === "get_attr") steps.push(this.getAttr(child));
      else if (child.type === "index") steps.push(this.index(child));
      else if (child.type === "splat") steps.push(this.splat(child));
      else if (base === undefined) base = this.node(child);
      else return { kind: "unsupported", text: child.text, why: `unexpected ${child.type}`, line: lineOf(child) };
    }
    if (!base) return { kind: "unsupported", text: first.text, why: "no expression", line: lineOf(first) };
    return steps.length ? { kind: "postfix", base, steps, line: lineOf(first) } : base;
  }

  private getAttr(node: CstNode): Step {
    return { kind: "attr", name: node.namedChildren.find((c) => c.type === "identifier")?.text ?? "" };
  }

  private index(node: CstNode): Step {
    const inner = node.namedChildren[0];
    if (inner?.type === "new_index") {
      const expr = inner.namedChildren.find((c) => c.type === "expression");
      return {
        kind: "index",
        key: expr ? this.expression(expr) : { kind: "literal", value: null, line: lineOf(node) },
      };
    }
    // legacy_index: `.0`
    const digits = node.text.replace(/^\./, "");
    return { kind: "index", key: { kind: "literal", value: Number(digits), line: lineOf(node) } };
  }

  private splat(node: CstNode): Step {
    const inner = node.namedChildren[0];
    const steps: Step[] = [];
    for (const child of inner?.namedChildren ?? []) {
      if (child.type === "get_attr") steps.push(this.getAttr(child));
      else if (child.type === "index") steps.push(this.index(child));
    }
    return { kind: "splat", steps };
  }

  /** Every recursion of the converter passes here or through block(): the nesting guard sits on both. */
  private node(node: CstNode): Expr {
    return this.nested(node, () => this.convert(node));
  }

  private convert(node: CstNode): Expr {
    const at = lineOf(node);
    switch (node.type) {
      case "expression":
        return this.expression(node);
      case "literal_value":
        return this.node(node.namedChildren[0]!);
      case "numeric_lit":
        return { kind: "literal", value: Number(node.text), line: at };
      case "bool_lit":
        return { kind: "literal", value: node.text === "true", line: at };
      case "null_lit":
        return { kind: "literal", value: null, line: at };
      case "string_lit":
        return this.template(node, false);
      case "template_expr": {
        const inner = node.namedChildren[0]!;
        return inner.type === "heredoc_template" ? this.heredoc(inner) : this.template(inner, false);
      }
      case "quoted_template":
        return this.template(node, false);
      case "collection_value":
        return this.node(node.namedChildren[0]!);
      case "tuple":
        return {
          kind: "tuple",
          items: node.namedChildren.filter((c) => c.type === "expression").map((c) => this.expression(c)),
          line: at,
        };
      case "object":
        return {
          kind: "object",
          items: node.namedChildren
            .filter((c) => c.type === "object_elem")
            .map((elem) => {
              const [key, value] = elem.namedChildren.filter((c) => c.type === "expression");
              return { key: this.objectKey(key!), value: this.expression(value!) };
            }),
          line: at,
        };
      case "variable_expr":
        return { kind: "variable", name: node.text, line: at };
      case "function_call": {
        const name = node.namedChildren.find((c) => c.type === "identifier")?.text ?? "";
        const argsNode = node.namedChildren.find((c) => c.type === "function_arguments");
        const args = (argsNode?.namedChildren ?? [])
          .filter((c) => c.type === "expression")
          .map((c) => this.expression(c));
        const expand = (argsNode?.namedChildren ?? []).some((c) => c.type === "ellipsis");
        return { kind: "call", name, args, expand, line: at };
      }
      case "conditional": {
        const [condition, then, otherwise] = node.namedChildren.filter((c) => c.type === "expression");
        return {
          kind: "conditional",
          condition: this.expression(condition!),
          whenTrue: this.expression(then!),
          otherwise: this.expression(otherwise!),
          line: at,
        };
      }
      case "operation":
        return this.node(node.namedChildren[0]!);
      case "unary_operation": {
        const children = node.children;
        const op = children[0]?.text ?? "";
        return { kind: "unary", op, operand: this.term(children.slice(1)), line: at };
      }
      case "binary_operation": {
        const children = node.children;
        const opIndex = children.findIndex((c, i) => i > 0 && !c.isNamed && BINARY_OPS.has(c.type));
        if (opIndex < 0) return { kind: "unsupported", text: node.text, why: "operator not found", line: at };
        return {
          kind: "binary",
          op: children[opIndex]!.type,
          left: this.term(children.slice(0, opIndex)),
          right: this.term(children.slice(opIndex + 1)),
          line: at,
        };
      }
      case "for_expr":
        return this.forExpr(node.namedChildren[0]!);
      default:
        return { kind: "unsupported", text: node.text, why: `${node.type} is not evaluated`, line: at };
    }
  }

  /** Object keys: a bare identifier is a literal key (`{ a = 1 }`); anything else is evaluated. */
  private objectKey(node: CstNode): Expr {
    const expr = this.expression(node);
    return expr.kind === "variable" ? { kind: "literal", value: expr.name, line: expr.line } : expr;
  }

  private forExpr(node: CstNode): Expr {
    const at = lineOf(node);
    const intro = node.namedChildren.find((c) => c.type === "for_intro");
    const names = (intro?.namedChildren ?? []).filter((c) => c.type === "identifier").map((c) => c.text);
    const collectionNode = intro?.namedChildren.find((c) => c.type === "expression");
    const exprs = node.namedChildren.filter((c) => c.type === "expression").map((c) => this.expression(c));
    const condNode = node.namedChildren.find((c) => c.type === "for_cond");
    const condExpr = condNode?.namedChildren.find((c) => c.type === "expression");
    const isObject = node.type === "for_object_expr";
    const collection: Expr = collectionNode
      ? this.expression(collectionNode)
      : { kind: "unsupported", text: node.text, why: "for without a collection", line: at };
    return {
      kind: "for",
      keyVar: names.length > 1 ? names[0]! : null,
      valueVar: names.length > 1 ? names[1]! : (names[0] ?? "_"),
      collection,
      keyExpr: isObject ? (exprs[0] ?? null) : null,
      valueExpr: (isObject ? exprs[1] : exprs[0]) ?? { kind: "literal", value: null, line: at },
      condition: condExpr ? this.expression(condExpr) : null,
      grouping: isObject && node.namedChildren.some((c) => c.type === "ellipsis"),
      line: at,
    };
  }

  /** Quoted strings and templates: literal runs (with escapes) and interpolations. */
  private template(node: CstNode, heredoc: boolean): Expr {
    const at = lineOf(node);
    const children = node.children;
    const start = children[0];
    const end = children[children.length - 1];
    if (!start || !end || children.length < 2) return { kind: "literal", value: "", line: at };
    const parts: (string | Expr)[] = [];
    let cursor = start.endIndex;
    const addText = (raw: string) => {
      if (!raw) return;
      const text = heredoc ? raw.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{") : unescapeQuoted(raw);
      const last = parts[parts.length - 1];
      if (typeof last === "string") parts[parts.length - 1] = last + text;
      else parts.push(text);
    };
    for (const child of children.slice(1, -1)) {
      addText(this.text.slice(cursor, child.startIndex));
      if (child.type === "template_literal") addText(this.text.slice(child.startIndex, child.endIndex));
      else if (child.type === "template_interpolation") {
        const expr = child.namedChildren.find((c) => c.type === "expression");
        if (expr) parts.push(this.expression(expr));
      } else if (child.type === "template_directive")
        return {
          kind: "unsupported",
          text: node.text,
          why: "template directives (%{ … }) are not evaluated",
          line: at,
        };
      cursor = child.endIndex;
    }
    addText(this.text.slice(cursor, end.startIndex));
    if (parts.length === 0) return { kind: "literal", value: "", line: at };
    if (parts.length === 1 && typeof parts[0] === "string") return { kind: "literal", value: parts[0], line: at };
    return { kind: "template", parts, line: at };
  }

  private heredoc(node: CstNode): Expr {
    const children = node.children;
    const strip = children[0]?.text === "<<-";
    const openId = children[1];
    const closeId = children[children.length - 1];
    if (!openId || !closeId || openId === closeId) return { kind: "literal", value: "", line: lineOf(node) };
    // The template walker runs over [open identifier … close identifier]; finishHeredoc trims its text.
    return finishHeredoc(this.template(node, true), strip, openId.text, lineOf(node));
  }
}

function unescapeQuoted(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match, code: string | undefined) => {
    if (match === "$${") return "${";
    if (match === "%%{") return "%{";
    switch (code?.[0]) {
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "r":
        return "\r";
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "u":
      case "U":
        return String.fromCodePoint(Number.parseInt(code.slice(1), 16));
      default:
        return match;
    }
  });
}
