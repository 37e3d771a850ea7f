/**
 * A small, position-carrying syntax tree for HCL (Terraform and .tfvars), built from the tree-sitter
 * concrete syntax tree (see parse.ts). Only what lakeward evaluates is modelled; every expression keeps
 * its line so that facts can point at file:line.
 */

export type Step = { kind: "attr"; name: string } | { kind: "index"; key: Expr } | { kind: "splat"; steps: Step[] };

export type Expr =
  | { kind: "literal"; value: string | number | boolean | null; line: number }
  | { kind: "template"; parts: (string | Expr)[]; line: number }
  | { kind: "variable"; name: string; line: number }
  | { kind: "postfix"; base: Expr; steps: Step[]; line: number }
  | { kind: "call"; name: string; args: Expr[]; expand: boolean; line: number }
  | { kind: "tuple"; items: Expr[]; line: number }
  | { kind: "object"; items: { key: Expr; value: Expr }[]; line: number }
  | { kind: "unary"; op: string; operand: Expr; line: number }
  | { kind: "binary"; op: string; left: Expr; right: Expr; line: number }
  | { kind: "conditional"; condition: Expr; whenTrue: Expr; otherwise: Expr; line: number }
  | {
      kind: "for";
      keyVar: string | null;
      valueVar: string;
      collection: Expr;
      keyExpr: Expr | null;
      valueExpr: Expr;
      condition: Expr | null;
      grouping: boolean;
      line: number;
    }
  | { kind: "unsupported"; text: string; why: string; line: number };

export interface Attribute {
  name: string;
  expr: Expr;
  line: number;
  /** Set when the attribute comes from another file than its block (a Terraform override file). */
  file?: string;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
  endLine: number;
  /** Set when the block comes from another file than its parent (a Terraform override file). */
  file?: string;
}

export interface Body {
  attributes: Map<string, Attribute>;
  blocks: Block[];
}

export interface HclFile {
  file: string;
  text: string;
  body: Body;
}

export const emptyBody = (): Body => ({ attributes: new Map(), blocks: [] });

/** The blocks of a body with the given type (e.g. every `resource`). */
export function blocksOf(body: Body, type: string): Block[] {
  return body.blocks.filter((block) => block.type === type);
}

/**
 * Renders an expression back to (approximate) HCL: references, calls and literals as written. For
 * matching references and provider names; a message must use exprSummary, which hides string values.
 */
export function exprText(expr: Expr): string {
  return render(expr, false);
}

/**
 * An expression for a message ("iterates over var.x, which is unknown"): string values are shown as
 * "…", because a configuration can hold a credential in any string and messages reach every report.
 * Object keys and index keys stay (they name settings and instances, not secrets).
 */
export function exprSummary(expr: Expr): string {
  return render(expr, true);
}

function render(expr: Expr, hideStrings: boolean): string {
  const r = (inner: Expr) => render(inner, hideStrings);
  switch (expr.kind) {
    case "literal":
      if (typeof expr.value !== "string") return String(expr.value);
      return hideStrings ? '"…"' : JSON.stringify(expr.value);
    case "template":
      return `"${expr.parts.map((part) => (typeof part === "string" ? (hideStrings ? "…" : part) : `\${${r(part)}}`)).join("")}"`;
    case "variable":
      return expr.name;
    case "postfix":
      return `${r(expr.base)}${stepsText(expr.steps)}`;
    case "call":
      return `${expr.name}(${expr.args.map(r).join(", ")}${expr.expand ? "..." : ""})`;
    case "tuple":
      return `[${expr.items.map(r).join(", ")}]`;
    case "object":
      return `{ ${expr.items.map((item) => `${exprText(item.key)} = ${r(item.value)}`).join(", ")} }`;
    case "unary":
      return `${expr.op}${r(expr.operand)}`;
    case "binary":
      return `${r(expr.left)} ${expr.op} ${r(expr.right)}`;
    case "conditional":
      return `${r(expr.condition)} ? ${r(expr.whenTrue)} : ${r(expr.otherwise)}`;
    case "for":
      return `[for ${expr.keyVar ? `${expr.keyVar}, ` : ""}${expr.valueVar} in ${r(expr.collection)} : …]`;
    case "unsupported":
      return hideStrings ? "(an expression lakeward does not evaluate)" : expr.text;
  }
}

function stepsText(steps: readonly Step[]): string {
  return steps
    .map((step) =>
      step.kind === "attr"
        ? `.${step.name}`
        : step.kind === "index"
          ? `[${exprText(step.key)}]`
          : `[*]${stepsText(step.steps)}`,
    )
    .join("");
}
