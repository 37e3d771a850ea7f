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
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
  endLine: number;
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

/** Renders an expression back to (approximate) HCL, for messages such as "references var.x". */
export function exprText(expr: Expr): string {
  switch (expr.kind) {
    case "literal":
      return typeof expr.value === "string" ? JSON.stringify(expr.value) : String(expr.value);
    case "template":
      return `"${expr.parts.map((part) => (typeof part === "string" ? part : `\${${exprText(part)}}`)).join("")}"`;
    case "variable":
      return expr.name;
    case "postfix":
      return `${exprText(expr.base)}${stepsText(expr.steps)}`;
    case "call":
      return `${expr.name}(${expr.args.map(exprText).join(", ")}${expr.expand ? "..." : ""})`;
    case "tuple":
      return `[${expr.items.map(exprText).join(", ")}]`;
    case "object":
      return `{ ${expr.items.map((item) => `${exprText(item.key)} = ${exprText(item.value)}`).join(", ")} }`;
    case "unary":
      return `${expr.op}${exprText(expr.operand)}`;
    case "binary":
      return `${exprText(expr.left)} ${expr.op} ${exprText(expr.right)}`;
    case "conditional":
      return `${exprText(expr.condition)} ? ${exprText(expr.whenTrue)} : ${exprText(expr.otherwise)}`;
    case "for":
      return `[for ${expr.keyVar ? `${expr.keyVar}, ` : ""}${expr.valueVar} in ${exprText(expr.collection)} : …]`;
    case "unsupported":
      return expr.text;
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
