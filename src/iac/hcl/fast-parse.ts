/**
 * A hand-written parser for the common subset of HCL native syntax, straight into the AST of ast.ts: the
 * fast path of parseHcl (parse.ts). It gives up — and the tree-sitter path runs instead — on anything it
 * does not handle exactly as that path does: syntax errors, template directives and strip markers, unusual
 * escapes or whitespace, odd heredocs (see heredoc), comments inside an operation, a top-level object, deep
 * nesting. So what it returns is the tree-sitter path's AST, and every error, line and column comes from
 * tree-sitter as before.
 *
 * Why by hand: no npm package parses HCL in JavaScript with lines (@cdktf/hcl2json is Go compiled to
 * WebAssembly and returns JSON without positions), native tree-sitter's Linux prebuild needs a newer
 * libstdc++ than Debian 12 has, and tree-sitter in WebAssembly was most of `lakeward iac`'s time: on the
 * 3,330 Terraform files of bench:iac, 2.9 s to parse, 0.9 s to copy the tree out of WebAssembly and 0.6 s
 * to convert it (docs/performance.md). The grammar followed is tree-sitter-hcl's (make_grammar.js of
 * @tree-sitter-grammars/tree-sitter-hcl 1.2.0), including its quirks (identifiers may hold `-` and `::`,
 * newlines are whitespace, a conditional's else branch is not itself a conditional); a differential test
 * (fast-parse.test.ts) holds the two paths to the same AST on every HCL file of the repository and on
 * mutated ones.
 */
import type { Attribute, Block, Body, Expr, Step } from "./ast.ts";
import { emptyBody } from "./ast.ts";
import { SourceLines } from "./cst.ts";
import { finishHeredoc } from "./template-text.ts";

/** Thrown to hand the file to the tree-sitter path; never escapes fastParseHcl. */
class GiveUp {}
const GIVE_UP = new GiveUp();
function giveUp(): never {
  throw GIVE_UP;
}

/** Whitespace the tree-sitter scanner skips (iswspace) other than space, tab, CR and LF. */
const UNUSUAL_WHITESPACE = /[^\S \t\r\n]/;

/** Deeper than this, the tree-sitter path decides (it enforces LIMITS.hclNesting with its own count). */
const MAX_DEPTH = 50;

const BINARY_PRECEDENCE: Record<string, number> = {
  "*": 6,
  "/": 6,
  "%": 6,
  "+": 5,
  "-": 5,
  ">": 4,
  ">=": 4,
  "<": 4,
  "<=": 4,
  "==": 3,
  "!=": 3,
  "&&": 2,
  "||": 1,
};

type TokenKind = "ident" | "number" | "string" | "punct" | "eof";
interface Token {
  kind: TokenKind;
  /** The punctuation, identifier or number text; "" for a string start and the end. */
  value: string;
  start: number;
  end: number;
}

const IDENT_START = /[\p{ID_Start}_]/uy;
const IDENT = /[\p{ID_Start}_](?:[\p{ID_Continue}-]|::)*/uy;
const NUMBER = /0x[0-9a-zA-Z]+|[0-9]+(?:\.[0-9]+(?:[eE][-+]?[0-9]+)?)?/y;
const DIGITS = /[0-9]+/y;
const PUNCT2 = new Set(["=>", "==", "!=", ">=", "<=", "&&", "||", ".*"]);
/** One-character punctuation by character code (the same string each time: no substring per token). */
const PUNCT1_BY_CODE: (string | undefined)[] = [];
for (const one of ["{", "}", "[", "]", "(", ")", ",", "=", ":", "?", ".", "+", "-", "*", "/", "%", "!", "<", ">"])
  PUNCT1_BY_CODE[one.charCodeAt(0)] = one;

/** A template's parts as an expression: a literal when it has no interpolation. */
function templateExpr(parts: (string | Expr)[], line: number): Expr {
  if (parts.length === 0) return { kind: "literal", value: "", line };
  if (parts.length === 1 && typeof parts[0] === "string") return { kind: "literal", value: parts[0], line };
  return { kind: "template", parts, line };
}

/** The AST of an HCL file's text, or null where the tree-sitter path must decide (see the module comment). */
export function fastParseHcl(text: string): Body | null {
  try {
    return new FastParser(text).file();
  } catch (error) {
    if (error === GIVE_UP) return null;
    // A parser bug must not stop the scan: the tree-sitter path is the reference.
    if (error instanceof RangeError) return null;
    throw error;
  }
}

class FastParser {
  private readonly text: string;
  private pos = 0;
  /** Comments skipped so far, to see whether one sits inside an operation (see binary and unary). */
  private comments = 0;
  /** `comments` when the last consumed token ended. */
  private commentsAtLastEnd = 0;
  private peeked: Token | undefined;
  private depth = 0;
  /** Interpolations being read: a heredoc inside one is left to tree-sitter. */
  private inTemplate = 0;
  private readonly lines: SourceLines;

  constructor(text: string) {
    this.text = text;
    this.lines = new SourceLines(text);
  }

  /** One-based line of an offset. */
  private line(offset: number): number {
    return this.lines.rowAt(offset) + 1;
  }

  // --- lexing -------------------------------------------------------------------------------------------

  /** Skips whitespace (space, tab, CR, LF) and comments; any other whitespace goes to tree-sitter. */
  private skipTrivia(): void {
    const s = this.text;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 9 || c === 13) i++;
      else if (c === 35 || (c === 47 && s.charCodeAt(i + 1) === 47)) {
        const newline = s.indexOf("\n", i);
        i = newline < 0 ? s.length : newline;
        this.comments++;
      } else if (c === 47 && s.charCodeAt(i + 1) === 42) {
        const close = s.indexOf("*/", i + 2);
        if (close < 0) giveUp();
        i = close + 2;
        this.comments++;
      } else break;
    }
    this.pos = i;
  }

  private peek(): Token {
    if (this.peeked) return this.peeked;
    this.skipTrivia();
    const s = this.text;
    const start = this.pos;
    let token: Token;
    if (start >= s.length) token = { kind: "eof", value: "", start, end: start };
    else {
      const c = s.charCodeAt(start);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c > 127 && this.identStartsAt(start))) {
        IDENT.lastIndex = start;
        const match = IDENT.exec(s)!;
        token = { kind: "ident", value: match[0], start, end: start + match[0].length };
      } else if (c >= 48 && c <= 57) {
        NUMBER.lastIndex = start;
        const match = NUMBER.exec(s)!;
        token = { kind: "number", value: match[0], start, end: start + match[0].length };
      } else if (c === 34) token = { kind: "string", value: "", start, end: start + 1 };
      else {
        const value = this.punctAt(start, c);
        token = { kind: "punct", value, start, end: start + value.length };
      }
    }
    this.peeked = token;
    return token;
  }

  /** The punctuation token at an offset, longest first (no substring is made for the common one-character ones). */
  private punctAt(at: number, c: number): string {
    const s = this.text;
    const next = s.charCodeAt(at + 1);
    // Only `.`, `[`, `=`, `!`, `>`, `<`, `&` and `|` start a longer token.
    if (c === 46 || c === 91 || c === 61 || c === 33 || c === 62 || c === 60 || c === 38 || c === 124) {
      if (c === 46 && next === 46 && s.charCodeAt(at + 2) === 46) return "...";
      if (c === 91 && next === 42 && s.charCodeAt(at + 2) === 93) return "[*]";
      const two = s.slice(at, at + 2);
      if (PUNCT2.has(two)) return two;
    }
    const one = PUNCT1_BY_CODE[c];
    return one ?? giveUp();
  }

  private identStartsAt(at: number): boolean {
    IDENT_START.lastIndex = at;
    return IDENT_START.test(this.text);
  }

  private next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    this.pos = token.end;
    this.commentsAtLastEnd = this.comments;
    return token;
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token.kind === "punct" && token.value === value;
  }

  private expect(value: string): Token {
    const token = this.next();
    if (token.kind !== "punct" || token.value !== value) giveUp();
    return token;
  }

  private expectIdent(): Token {
    const token = this.next();
    if (token.kind !== "ident") giveUp();
    return token;
  }

  private deeper<T>(fn: () => T): T {
    if (++this.depth > MAX_DEPTH) giveUp();
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  // --- bodies -------------------------------------------------------------------------------------------

  file(): Body {
    // A file that is one object (.tfvars written as JSON-like HCL) is left to the tree-sitter path.
    if (this.isPunct("{")) giveUp();
    const body = this.body();
    if (this.peek().kind !== "eof") giveUp();
    return body;
  }

  private body(): Body {
    const body = emptyBody();
    for (;;) {
      const token = this.peek();
      if (token.kind !== "ident") return body;
      this.next();
      const line = this.line(token.start);
      if (this.isPunct("=")) {
        this.next();
        const attribute: Attribute = { name: token.value, expr: this.expression(), line };
        body.attributes.set(attribute.name, attribute);
      } else body.blocks.push(this.deeper(() => this.block(token.value, line)));
    }
  }

  private block(type: string, line: number): Block {
    const labels: string[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === "ident") labels.push(this.next().value);
      else if (token.kind === "string") labels.push(this.label());
      else break;
    }
    this.expect("{");
    const body = this.body();
    const close = this.expect("}");
    return { type, labels, body, line, endLine: this.line(close.start) };
  }

  /** A block label: the string's value, or (interpolated) its text between the quotes, as the converter does. */
  private label(): string {
    const start = this.peek().start;
    const expr = this.template();
    if (expr.kind === "literal" && typeof expr.value === "string") return expr.value;
    return this.text.slice(start + 1, this.pos - 1);
  }

  // --- expressions --------------------------------------------------------------------------------------

  /** expression: an operation, optionally the condition of conditionals (left-associative, as tree-sitter-hcl). */
  private expression(): Expr {
    return this.deeper(() => {
      const startLine = this.line(this.peek().start);
      let expr = this.binary(0);
      for (let links = 1; this.isPunct("?"); links++) {
        if (this.depth + links > MAX_DEPTH) giveUp();
        this.next();
        const whenTrue = this.expression();
        this.expect(":");
        const otherwise = this.binary(0);
        expr = { kind: "conditional", condition: expr, whenTrue, otherwise, line: startLine };
      }
      return expr;
    });
  }

  /** Binary operations by precedence climbing; a comment inside one goes to tree-sitter (see below). */
  private binary(minPrecedence: number): Expr {
    const first = this.peek();
    const startLine = this.line(first.start);
    const commentsBefore = this.comments;
    let left = this.unary();
    // A chain (`1 + 1 + …`) nests to the left: each link is one level deeper in the tree.
    for (let links = 1; ; links++) {
      if (this.depth + links > MAX_DEPTH) giveUp();
      const token = this.peek();
      const precedence = token.kind === "punct" ? BINARY_PRECEDENCE[token.value] : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.next();
      const right = this.deeper(() => this.binary(precedence + 1));
      // tree-sitter keeps a comment inside an operation as one of its children, which the converter reads
      // as an operand; only the tree-sitter path reproduces that.
      if (this.commentsAtLastEnd !== commentsBefore) giveUp();
      left = { kind: "binary", op: token.value, left, right, line: startLine };
    }
  }

  private unary(): Expr {
    const token = this.peek();
    if (token.kind === "punct" && (token.value === "-" || token.value === "!")) {
      this.next();
      const commentsBefore = this.comments;
      const operand = this.deeper(() => this.unary());
      if (this.commentsAtLastEnd !== commentsBefore) giveUp();
      return { kind: "unary", op: token.value, operand, line: this.line(token.start) };
    }
    return this.term();
  }

  /** A primary and its attribute, index and splat steps. */
  private term(): Expr {
    const first = this.peek();
    const line = this.line(first.start);
    const base = this.primary();
    const steps: Step[] = [];
    for (;;) {
      const step = this.step(true);
      if (!step) break;
      steps.push(step);
    }
    return steps.length ? { kind: "postfix", base, steps, line } : base;
  }

  /** One step after a term (`.name`, `.0`, `[key]`, `.*` / `[*]` with the steps they take), or null. */
  private step(splatAllowed: boolean): Step | null {
    const token = this.peek();
    if (token.kind !== "punct") return null;
    if (token.value === ".") {
      this.next();
      // `.0`: tree-sitter's legacy_index, digits right after the dot (whitespace is allowed in between).
      this.skipTrivia();
      const c = this.text.charCodeAt(this.pos);
      if (c >= 48 && c <= 57) {
        DIGITS.lastIndex = this.pos;
        const digits = DIGITS.exec(this.text)![0];
        this.pos += digits.length;
        this.commentsAtLastEnd = this.comments;
        return { kind: "index", key: { kind: "literal", value: Number(digits), line: this.line(token.start) } };
      }
      return { kind: "attr", name: this.expectIdent().value };
    }
    if (token.value === "[") {
      this.next();
      const key = this.expression();
      this.expect("]");
      return { kind: "index", key };
    }
    if (splatAllowed && (token.value === ".*" || token.value === "[*]")) {
      this.next();
      const steps: Step[] = [];
      for (;;) {
        const step = this.step(false);
        if (!step) break;
        steps.push(step);
      }
      return { kind: "splat", steps };
    }
    return null;
  }

  private primary(): Expr {
    const token = this.peek();
    const line = this.line(token.start);
    switch (token.kind) {
      case "number":
        this.next();
        return { kind: "literal", value: Number(token.value), line };
      case "string":
        return this.template();
      case "ident": {
        this.next();
        const name = token.value;
        if (name === "true" || name === "false") return { kind: "literal", value: name === "true", line };
        if (name === "null") return { kind: "literal", value: null, line };
        if (this.isPunct("(")) return this.call(name, line);
        return { kind: "variable", name, line };
      }
      case "punct":
        if (token.value === "(") {
          this.next();
          const inner = this.expression();
          this.expect(")");
          return inner;
        }
        if (token.value === "<" && this.text.charCodeAt(token.start + 1) === 60) return this.heredoc(token, line);
        if (token.value === "[") return this.tuple(line);
        if (token.value === "{") return this.object(line);
        return giveUp();
      default:
        return giveUp();
    }
  }

  private call(name: string, line: number): Expr {
    this.expect("(");
    const args: Expr[] = [];
    let expand = false;
    if (!this.isPunct(")"))
      for (;;) {
        args.push(this.expression());
        if (this.isPunct("...")) {
          this.next();
          expand = true;
          break;
        }
        if (!this.isPunct(",")) break;
        this.next();
        if (this.isPunct(")")) break;
      }
    this.expect(")");
    return { kind: "call", name, args, expand, line };
  }

  /** `for` right after `[` or `{` (followed by a name) starts a for expression, as in tree-sitter-hcl. */
  private startsFor(): boolean {
    const token = this.peek();
    return token.kind === "ident" && token.value === "for";
  }

  private tuple(line: number): Expr {
    this.expect("[");
    if (this.startsFor()) return this.forExpr(line, false);
    const items: Expr[] = [];
    while (!this.isPunct("]")) {
      items.push(this.expression());
      if (!this.isPunct(",")) break;
      this.next();
    }
    this.expect("]");
    return { kind: "tuple", items, line };
  }

  private object(line: number): Expr {
    this.expect("{");
    if (this.startsFor()) return this.forExpr(line, true);
    const items: { key: Expr; value: Expr }[] = [];
    while (!this.isPunct("}")) {
      const key = this.expression();
      const separator = this.next();
      if (separator.kind !== "punct" || (separator.value !== "=" && separator.value !== ":")) giveUp();
      const value = this.expression();
      // A bare name is a literal key (`{ a = 1 }`); anything else is evaluated.
      items.push({ key: key.kind === "variable" ? { kind: "literal", value: key.name, line: key.line } : key, value });
      if (this.isPunct(",")) this.next();
    }
    this.expect("}");
    return { kind: "object", items, line };
  }

  private forExpr(line: number, isObject: boolean): Expr {
    this.next(); // for
    const names = [this.expectIdent().value];
    if (this.isPunct(",")) {
      this.next();
      names.push(this.expectIdent().value);
    }
    const keyword = this.expectIdent();
    if (keyword.value !== "in") giveUp();
    const collection = this.expression();
    this.expect(":");
    const first = this.expression();
    let keyExpr: Expr | null = null;
    let valueExpr = first;
    let grouping = false;
    if (isObject) {
      this.expect("=>");
      keyExpr = first;
      valueExpr = this.expression();
      if (this.isPunct("...")) {
        this.next();
        grouping = true;
      }
    }
    let condition: Expr | null = null;
    const token = this.peek();
    if (token.kind === "ident" && token.value === "if") {
      this.next();
      condition = this.expression();
    }
    this.expect(isObject ? "}" : "]");
    return {
      kind: "for",
      keyVar: names.length > 1 ? names[0]! : null,
      valueVar: names.length > 1 ? names[1]! : names[0]!,
      collection,
      keyExpr,
      valueExpr,
      condition,
      grouping,
      line,
    };
  }

  // --- strings ------------------------------------------------------------------------------------------

  /**
   * A quoted string: literal runs (escapes resolved as the converter's unescapeQuoted does) and `${…}`
   * interpolations. Directives, strip markers, a line break or an escape other than \n \t \r \" \\ \uXXXX
   * \UXXXXXXXX go to tree-sitter.
   */
  private template(): Expr {
    const open = this.next();
    const line = this.line(open.start);
    const { parts, end } = this.templateParts(this.pos, -1);
    this.pos = end + 1;
    this.peeked = undefined;
    this.commentsAtLastEnd = this.comments;
    return templateExpr(parts, line);
  }

  /**
   * Template text from an offset: literal runs and `${…}` interpolations, up to the closing quote of a quoted
   * string (`heredocEnd` -1) or up to a heredoc's closing identifier. In a quoted string, escapes are
   * resolved as the converter's unescapeQuoted does, and a line break or an escape other than \n \t \r \"
   * \\ \uXXXX \UXXXXXXXX goes to tree-sitter; in a heredoc only `$${` and `%%{` are escapes and an
   * interpolation must end before the closing identifier. Directives and strip markers go to tree-sitter.
   * Returns the parts and where the text ends (the quote, or heredocEnd).
   */
  private templateParts(from: number, heredocEnd: number): { parts: (string | Expr)[]; end: number } {
    const quoted = heredocEnd < 0;
    const s = this.text;
    const parts: (string | Expr)[] = [];
    let run = "";
    let runStart = from;
    let i = from;
    const flush = (end: number) => {
      run += s.slice(runStart, end);
      if (run) {
        const last = parts[parts.length - 1];
        if (typeof last === "string") parts[parts.length - 1] = last + run;
        else parts.push(run);
      }
      run = "";
    };
    for (;;) {
      const c = s.charCodeAt(i);
      if (!quoted) {
        if (i >= heredocEnd) break;
      } else if (Number.isNaN(c) || c === 10 || c === 13) giveUp();
      else if (c === 34) break;
      if (c === 92 && quoted) {
        // An escape: resolved here so the run stays raw-free.
        run += s.slice(runStart, i);
        const e = s[i + 1];
        if (e === "n") run += "\n";
        else if (e === "t") run += "\t";
        else if (e === "r") run += "\r";
        else if (e === '"') run += '"';
        else if (e === "\\") run += "\\";
        else if (e === "u" || e === "U") {
          const length = e === "u" ? 4 : 8;
          const hex = s.slice(i + 2, i + 2 + length);
          if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) giveUp();
          const code = Number.parseInt(hex, 16);
          if (code > 0x10ffff) giveUp();
          run += String.fromCodePoint(code);
          i += length;
        } else giveUp();
        i += 2;
        runStart = i;
        continue;
      }
      if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === 123) {
        // `$${` and `%%{`: the literal text `${` / `%{`.
        run += s.slice(runStart, i) + (c === 36 ? "${" : "%{");
        i += 3;
        runStart = i;
        continue;
      }
      if ((c === 36 || c === 37) && s.charCodeAt(i + 1) === c) {
        // `$$` / `%%` before anything but `{`: a literal pair, as tree-sitter's scanner reads it (so
        // `$$${a}` is "$$" and then ${a}).
        i += 2;
        continue;
      }
      if (c === 37 && s.charCodeAt(i + 1) === 123) giveUp(); // a directive
      if (c === 36 && s.charCodeAt(i + 1) === 123) {
        flush(i);
        this.pos = i + 2;
        this.peeked = undefined;
        if (this.isPunct("}")) giveUp(); // an empty interpolation
        if (this.text.charCodeAt(this.pos) === 126) giveUp(); // a strip marker (after whitespace it is a lex error)
        this.inTemplate++;
        parts.push(this.expression());
        this.inTemplate--;
        const close = this.peek();
        if (close.kind !== "punct" || close.value !== "}" || (!quoted && close.end > heredocEnd)) giveUp();
        i = close.end;
        this.peeked = undefined;
        runStart = i;
        continue;
      }
      i++;
    }
    flush(i);
    return { parts, end: i };
  }

  // --- heredocs -----------------------------------------------------------------------------------------

  /**
   * `<<ID` / `<<-ID` … `ID`, read as tree-sitter-hcl's scanner (src/scanner.c) reads it: the identifier is
   * letters, digits, `_` and `-`; the heredoc ends at the first later line whose first non-blank text is the
   * identifier followed only by blanks. Its text is finished by finishHeredoc, as the tree-sitter path's is.
   * Left to tree-sitter: text after the opening identifier, a closing identifier at the end of the file,
   * whitespace other than space, tab, CR and LF, directives and strip markers, a heredoc inside an
   * interpolation.
   */
  private heredoc(open: Token, line: number): Expr {
    if (this.inTemplate > 0) giveUp();
    const s = this.text;
    const strip = s.charCodeAt(open.start + 2) === 45;
    const idStart = open.start + (strip ? 3 : 2);
    let idEnd = idStart;
    for (;;) {
      const c = s.charCodeAt(idEnd);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45) idEnd++;
      else break;
    }
    if (idEnd === idStart) giveUp();
    const id = s.slice(idStart, idEnd);
    const eol = s.indexOf("\n", idEnd);
    if (eol < 0) giveUp();
    for (let i = idEnd; i < eol; i++) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13) giveUp();
    }
    const close = this.heredocEnd(id, eol);
    // iswspace in the scanner counts more than these four; such text is tree-sitter's to read.
    if (UNUSUAL_WHITESPACE.test(s.slice(idEnd, close))) giveUp();
    const { parts } = this.templateParts(idEnd, close);
    this.pos = close + id.length;
    this.peeked = undefined;
    this.commentsAtLastEnd = this.comments;
    return finishHeredoc(templateExpr(parts, line), strip, id, line);
  }

  /** Where the closing identifier starts (see heredoc). */
  private heredocEnd(id: string, from: number): number {
    const s = this.text;
    let at = from;
    for (;;) {
      // `at` is on a line break: skip the blanks and line breaks after it, as the scanner does.
      for (;;) {
        const c = s.charCodeAt(at);
        if (c === 10 || c === 32 || c === 9 || c === 13) at++;
        else break;
      }
      if (at >= s.length) giveUp();
      if (s.startsWith(id, at)) {
        let after = at + id.length;
        while (s.charCodeAt(after) === 32 || s.charCodeAt(after) === 9 || s.charCodeAt(after) === 13) after++;
        const c = s.charCodeAt(after);
        if (c === 10) return at;
        // The identifier and more on its line is text, but the scanner takes the character after it into
        // that text: `EOF${x}` holds no interpolation there. Such a line is left to tree-sitter.
        if (c === 36 || c === 37 || Number.isNaN(c)) giveUp();
      }
      const next = s.indexOf("\n", at);
      if (next < 0) giveUp();
      at = next;
    }
  }
}
