/**
 * ARM template expressions (`"[concat(parameters('a'), '-x')]"`): a parser and an evaluator for the
 * template functions configurations use. Values only Azure knows at deployment (reference(),
 * resourceGroup().id, uniqueString of those, newGuid()) are `Unresolved` with the reason.
 */
import { InputProblem, isInputProblem } from "../hcl/budget.ts";
import { asNumber, asString, fromJson, isUnresolved, Unresolved, type Value, type ValueMap } from "../hcl/value.ts";
import { LIMITS } from "../limits.ts";
import { callArmFunction, get } from "./functions.ts";

export type ArmNode = Node;

type Node =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "call"; name: string; args: Node[] }
  | { kind: "member"; target: Node; name: string }
  | { kind: "index"; target: Node; key: Node };

export class ArmExpressionError extends Error {}

/** An expression past a limit (nesting, length): an input error, not just an unknown value. */
class ArmLimitError extends ArmExpressionError {}

/** Sticky patterns, matched at a position without copying the rest of the text (linear parsing). */
const NUMBER = /-?\d+(\.\d+)?/y;
const FUNCTION_NAME = /[A-Za-z_][\w.]*/y;
const PROPERTY_NAME = /[A-Za-z_$][\w$]*/y;

function matchAt(pattern: RegExp, text: string, at: number): string | null {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0] ?? null;
}

function parse(text: string): Node {
  let i = 0;
  let depth = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const expr = (): Node => {
    if (++depth > LIMITS.armExpressionDepth)
      throw new ArmLimitError(
        `a template expression nested deeper than ${LIMITS.armExpressionDepth} levels (lakeward's limit)`,
      );
    try {
      return term();
    } finally {
      depth--;
    }
  };
  const term = (): Node => {
    ws();
    let node: Node;
    const c = text[i];
    if (c === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw new ArmExpressionError("unterminated string");
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      node = { kind: "string", value };
    } else if (c !== undefined && /[-\d]/.test(c)) {
      const match = matchAt(NUMBER, text, i);
      if (!match) throw new ArmExpressionError(`bad number at ${i}`);
      i += match.length;
      node = { kind: "number", value: Number(match) };
    } else {
      const match = matchAt(FUNCTION_NAME, text, i);
      if (!match) throw new ArmExpressionError(`unexpected character at position ${i + 1}`);
      i += match.length;
      ws();
      if (text[i] !== "(") throw new ArmExpressionError(`expected ( after ${match}`);
      i++;
      const args: Node[] = [];
      ws();
      if (text[i] === ")") i++;
      else
        for (;;) {
          args.push(expr());
          ws();
          if (text[i] === ",") {
            i++;
            continue;
          }
          if (text[i] === ")") {
            i++;
            break;
          }
          throw new ArmExpressionError(`expected , or ) at ${i}`);
        }
      node = { kind: "call", name: match.toLowerCase(), args };
    }
    for (;;) {
      ws();
      if (text[i] === ".") {
        i++;
        const match = matchAt(PROPERTY_NAME, text, i);
        if (!match) throw new ArmExpressionError("expected a property name after .");
        i += match.length;
        node = { kind: "member", target: node, name: match };
      } else if (text[i] === "[") {
        i++;
        const key = expr();
        ws();
        if (text[i] !== "]") throw new ArmExpressionError("expected ]");
        i++;
        node = { kind: "index", target: node, key };
      } else break;
    }
    return node;
  };
  const node = expr();
  ws();
  if (i !== text.length) throw new ArmExpressionError(`unexpected text at position ${i + 1}`);
  return node;
}

export interface ArmScope {
  parameter(name: string): Value;
  variable(name: string): Value;
  /** copyIndex() of the resource (or property) loop being expanded, when there is one. */
  copyIndex?: number;
  /** Records an input error (a limit crossed) at a JSON path of the template. */
  report?(at: readonly (string | number)[], problem: InputProblem): void;
  /** The variables of the lambda() being evaluated (lambdaVariables('x')). */
  lambdas?: ReadonlyMap<string, Value>;
}

export function evaluateArm(text: string, scope: ArmScope): Value {
  if (!text.startsWith("[") || !text.endsWith("]") || text.startsWith("[[")) {
    return text.startsWith("[[") ? text.slice(1) : text;
  }
  if (text.length > LIMITS.armExpressionChars)
    return new InputProblem(
      `a template expression of ${text.length.toLocaleString("en")} characters, more than lakeward's limit of ${LIMITS.armExpressionChars.toLocaleString("en")}`,
    );
  let node: Node;
  try {
    node = parse(text.slice(1, -1).trim());
  } catch (error) {
    if (error instanceof ArmLimitError) return new InputProblem(error.message);
    // The expression is not quoted: its string literals can be credentials.
    return new Unresolved(`a template expression does not parse (${(error as Error).message})`);
  }
  try {
    const value = evalNode(node, scope);
    if (typeof value === "string" && value.length > LIMITS.stringValueChars)
      return new InputProblem(
        `a template expression produces a string of more than ${LIMITS.stringValueChars / 1024 / 1024} MiB (lakeward's limit for one string)`,
      );
    return value;
  } catch (error) {
    // A function given values it cannot take (a string too long to build): unknown, never a crash.
    return new Unresolved(`a template expression could not be evaluated (${(error as Error).name})`);
  }
}

function evalNode(node: Node, scope: ArmScope): Value {
  switch (node.kind) {
    case "string":
      return node.value;
    case "number":
      return node.value;
    case "member": {
      const target = evalNode(node.target, scope);
      if (isUnresolved(target)) return target;
      const value = get(target, node.name);
      return value === undefined ? new Unresolved(`property ${node.name} does not exist`) : value;
    }
    case "index": {
      const target = evalNode(node.target, scope);
      const key = evalNode(node.key, scope);
      if (isUnresolved(target)) return target;
      if (isUnresolved(key)) return key;
      if (Array.isArray(target)) return target[asNumber(key) ?? -1] ?? new Unresolved("index out of range");
      const value = get(target, asString(key) ?? "");
      return value === undefined ? new Unresolved(`property ${String(key)} does not exist`) : value;
    }
    case "call":
      return callArmFunction(node.name, node.args, scope, evalNode);
  }
}

/**
 * Evaluates every string of a JSON value that is an expression. `at` is the value's JSON path in the
 * template: an expression past a limit is reported there (scope.report) and is unknown.
 */
export function evaluateDeep(value: unknown, scope: ArmScope, at: readonly (string | number)[] = []): Value {
  if (typeof value === "string") {
    const result = evaluateArm(value, scope);
    if (isInputProblem(result) && !result.reported) {
      result.reported = true;
      scope.report?.(at, result);
    }
    return result;
  }
  if (Array.isArray(value)) return value.map((item, i) => evaluateDeep(item, scope, [...at, i]));
  if (value && typeof value === "object") {
    const out: ValueMap = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const k = typeof key === "string" && key.startsWith("[") ? asString(evaluateArm(key, scope)) : key;
      if (k !== undefined) out[k] = evaluateDeep(item, scope, [...at, key]);
    }
    return out;
  }
  return fromJson(value ?? null);
}
