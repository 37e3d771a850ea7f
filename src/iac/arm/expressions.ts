/**
 * ARM template expressions (`"[concat(parameters('a'), '-x')]"`): a parser and an evaluator for the
 * template functions configurations use. Values only Azure knows at deployment (reference(),
 * resourceGroup().id, uniqueString of those, newGuid()) are `Unresolved` with the reason.
 */
import { InputProblem, isInputProblem } from "../hcl/budget.ts";
import {
  asBool,
  asNumber,
  asString,
  equalValues,
  findUnresolved,
  fromJson,
  isMap,
  isUnresolved,
  toJson,
  Unresolved,
  type Value,
  type ValueMap,
} from "../hcl/value.ts";
import { LIMITS } from "../limits.ts";

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
}

const get = (map: Value, key: string): Value | undefined => {
  if (!isMap(map)) return undefined;
  const found = Object.keys(map).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : map[found];
};

export function placeholder(what: string): Unresolved {
  return new Unresolved(`${what} is known only at deployment`);
}

function resourceId(args: Value[], scope: "rg" | "subscription" | "tenant"): Value {
  const strings = args.map((a) => asString(a));
  if (strings.some((s) => s === undefined))
    return findUnresolved(args.find(isUnresolved) ?? null) ?? new Unresolved("resourceId() of unknown names");
  let parts = strings as string[];
  let prefix =
    scope === "rg"
      ? "/subscriptions/{subscription}/resourceGroups/{resourceGroup}"
      : scope === "subscription"
        ? "/subscriptions/{subscription}"
        : "";
  // resourceId([subscriptionId], [resourceGroupName], type, names...)
  const typeIndex = parts.findIndex((p) => p.includes("/"));
  if (typeIndex > 0 && scope === "rg") {
    const [sub, rg] = typeIndex === 2 ? parts : [undefined, parts[0]];
    prefix = `/subscriptions/${sub ?? "{subscription}"}/resourceGroups/${rg}`;
    parts = parts.slice(typeIndex);
  }
  const [type = "", ...names] = parts;
  const [namespace, ...types] = type.split("/");
  const segments = types.map((t, idx) => `${t}/${names[idx] ?? ""}`).join("/");
  return `${prefix}/providers/${namespace}/${segments}`;
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
      return call(node.name, node.args, scope);
  }
}

function call(name: string, argNodes: Node[], scope: ArmScope): Value {
  // Lazy functions first: if() evaluates only the branch it takes.
  if (name === "if") {
    const condition = evalNode(argNodes[0]!, scope);
    if (isUnresolved(condition)) {
      const a = evalNode(argNodes[1]!, scope);
      const b = evalNode(argNodes[2]!, scope);
      return equalValues(a, b) ? a : new Unresolved(`depends on a condition that is unknown (${condition.reason})`);
    }
    return evalNode(asBool(condition) ? argNodes[1]! : argNodes[2]!, scope);
  }
  const args = argNodes.map((arg) => evalNode(arg, scope));
  const strict = (): Unresolved | undefined => {
    for (const arg of args) {
      const u = findUnresolved(arg);
      if (u) return u;
    }
    return undefined;
  };
  const s = (i: number) => asString(args[i] ?? null) ?? "";
  switch (name) {
    case "parameters":
      return isUnresolved(args[0]) ? args[0] : scope.parameter(s(0));
    case "variables":
      return isUnresolved(args[0]) ? args[0] : scope.variable(s(0));
    case "concat": {
      const u = strict();
      if (args.every((a) => Array.isArray(a))) return (args as Value[][]).flat();
      if (u) return u;
      return args.map((a) => asString(a) ?? JSON.stringify(toJson(a))).join("");
    }
    case "format": {
      const u = strict();
      if (u) return u;
      return s(0).replace(/\{(\d+)(?::[^}]*)?\}/g, (_, n: string) => asString(args[Number(n) + 1] ?? null) ?? "");
    }
    case "equals": {
      const u = strict();
      if (u) return u;
      const [a, b] = args;
      return typeof a === "string" && typeof b === "string" ? a === b : equalValues(a ?? null, b ?? null);
    }
    case "not": {
      if (isUnresolved(args[0])) return args[0];
      return !asBool(args[0] ?? null);
    }
    case "and":
      if (args.some((a) => asBool(a) === false)) return false;
      return strict() ?? args.every((a) => asBool(a) === true);
    case "or":
      if (args.some((a) => asBool(a) === true)) return true;
      return strict() ?? false;
    case "bool":
      return strict() ?? asBool(args[0] ?? null) ?? s(0).toLowerCase() === "true";
    case "int":
      return strict() ?? Math.trunc(asNumber(args[0] ?? null) ?? Number.NaN);
    case "string":
      return strict() ?? asString(args[0] ?? null) ?? JSON.stringify(toJson(args[0] ?? null));
    case "tolower":
      return strict() ?? s(0).toLowerCase();
    case "toupper":
      return strict() ?? s(0).toUpperCase();
    case "trim":
      return strict() ?? s(0).trim();
    case "replace": {
      const u = strict();
      if (u) return u;
      const pieces = s(0).split(s(1));
      if (s(0).length + (pieces.length - 1) * (s(2).length - s(1).length) > LIMITS.stringValueChars)
        return new InputProblem("replace() would produce a string longer than lakeward's limit for one string");
      return pieces.join(s(2));
    }
    case "split":
      return strict() ?? s(0).split(s(1));
    case "substring":
      return strict() ?? s(0).substr(asNumber(args[1] ?? 0) ?? 0, asNumber(args[2] ?? null) ?? undefined);
    case "startswith":
      return strict() ?? s(0).toLowerCase().startsWith(s(1).toLowerCase());
    case "endswith":
      return strict() ?? s(0).toLowerCase().endsWith(s(1).toLowerCase());
    case "length": {
      const u = strict();
      if (u) return u;
      const a = args[0] ?? null;
      return typeof a === "string" ? a.length : Array.isArray(a) ? a.length : isMap(a) ? Object.keys(a).length : 0;
    }
    case "empty": {
      const a = args[0] ?? null;
      if (isUnresolved(a)) return a;
      return (
        a === null || a === "" || (Array.isArray(a) && a.length === 0) || (isMap(a) && Object.keys(a).length === 0)
      );
    }
    case "contains": {
      const u = strict();
      if (u) return u;
      const [c, v] = args;
      if (typeof c === "string") return c.toLowerCase().includes((asString(v ?? null) ?? "").toLowerCase());
      if (Array.isArray(c)) return c.some((x) => equalValues(x, v ?? null));
      return isMap(c ?? null) ? get(c!, asString(v ?? null) ?? "") !== undefined : false;
    }
    case "coalesce":
      return args.find((a) => a !== null) ?? null;
    case "first":
      return Array.isArray(args[0]) ? (args[0][0] ?? null) : (strict() ?? s(0).slice(0, 1));
    case "last":
      return Array.isArray(args[0]) ? (args[0][args[0].length - 1] ?? null) : (strict() ?? s(0).slice(-1));
    case "union": {
      const u = strict();
      if (u) return u;
      if (args.every(Array.isArray)) {
        const out: Value[] = [];
        for (const item of (args as Value[][]).flat()) if (!out.some((x) => equalValues(x, item))) out.push(item);
        return out;
      }
      return Object.assign({}, ...args.filter(isMap));
    }
    case "createobject": {
      const out: ValueMap = {};
      for (let i = 0; i + 1 < args.length; i += 2) out[s(i)] = args[i + 1]!;
      return out;
    }
    case "createarray":
    case "array":
      return name === "array" && Array.isArray(args[0]) ? args[0] : args;
    case "json": {
      const u = strict();
      if (u) return u;
      try {
        return fromJson(JSON.parse(s(0)));
      } catch {
        return new Unresolved("json(): not valid JSON");
      }
    }
    case "greater":
    case "less":
    case "greaterorequals":
    case "lessorequals": {
      const u = strict();
      if (u) return u;
      const [a, b] = [asNumber(args[0] ?? null) ?? s(0), asNumber(args[1] ?? null) ?? s(1)];
      return name === "greater" ? a > b : name === "less" ? a < b : name === "greaterorequals" ? a >= b : a <= b;
    }
    case "add":
    case "sub":
    case "mul":
    case "div":
    case "mod": {
      const u = strict();
      if (u) return u;
      const [a, b] = [asNumber(args[0] ?? null) ?? 0, asNumber(args[1] ?? null) ?? 0];
      return name === "add"
        ? a + b
        : name === "sub"
          ? a - b
          : name === "mul"
            ? a * b
            : name === "div"
              ? Math.trunc(a / b)
              : a % b;
    }
    case "min":
    case "max": {
      const u = strict();
      if (u) return u;
      const nums = args.flatMap((a) => (Array.isArray(a) ? a : [a])).map((a) => asNumber(a) ?? Number.NaN);
      return name === "min" ? Math.min(...nums) : Math.max(...nums);
    }
    case "take":
    case "skip": {
      const u = strict();
      if (u) return u;
      const n = asNumber(args[1] ?? null) ?? 0;
      const a = args[0] ?? null;
      const items = Array.isArray(a) ? a : s(0);
      return (name === "take" ? items.slice(0, n) : items.slice(n)) as Value;
    }
    case "uri": {
      const u = strict();
      if (u) return u;
      try {
        return new URL(s(1), s(0)).toString();
      } catch {
        return `${s(0).replace(/\/$/, "")}/${s(1).replace(/^\//, "")}`;
      }
    }
    case "resourceid":
      return resourceId(args, "rg");
    case "subscriptionresourceid":
      return resourceId(args, "subscription");
    case "tenantresourceid":
    case "extensionresourceid":
      return strict() ?? resourceId(name === "extensionresourceid" ? args.slice(1) : args, "tenant");
    case "resourcegroup":
      return {
        id: placeholder("resourceGroup().id"),
        name: placeholder("resourceGroup().name"),
        location: placeholder("resourceGroup().location"),
      };
    case "subscription":
      return {
        id: placeholder("subscription().id"),
        subscriptionId: placeholder("subscription().subscriptionId"),
        tenantId: placeholder("subscription().tenantId"),
      };
    case "tenant":
      return { tenantId: placeholder("tenant().tenantId") };
    case "environment":
      return { name: "AzureCloud", suffixes: { keyvaultDns: ".vault.azure.net", storage: "core.windows.net" } };
    case "copyindex": {
      if (scope.copyIndex === undefined) return new Unresolved("copyIndex() outside a copy loop");
      return scope.copyIndex + (asNumber(args[args.length === 2 ? 1 : 0] ?? 0) ?? 0);
    }
    case "uniquestring":
      return strict() ?? `u${hash(args.map((a) => s(args.indexOf(a))).join("|"))}`;
    case "reference":
    case "list":
    case "listkeys":
    case "listsecrets":
    case "newguid":
    case "utcnow":
    case "deployment":
    case "guid":
    case "pickzones":
      return new Unresolved(`${name}() is known only at deployment`);
    default:
      return new Unresolved(`the template function ${name}() is not evaluated by lakeward`);
  }
}

function hash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
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
