/**
 * The ARM template functions lakeward evaluates (parameters, variables, string, array, object, logical,
 * numeric, resource-id functions; the lambda functions map/filter/reduce/toObject/mapValues/sort; Bicep's
 * shallowMerge and tryGet). Anything only Azure knows at deployment — reference(), list*(), newGuid(),
 * utcNow(), resourceGroup() and subscription() properties — is unknown with that reason.
 */
import { InputProblem, tooMany } from "../hcl/budget.ts";
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
import type { ArmNode, ArmScope } from "./expressions.ts";

type Evaluate = (node: ArmNode, scope: ArmScope) => Value;

export const get = (map: Value, key: string): Value | undefined => {
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

/** ARM's object union: nested objects merged, anything else replaced by the later value. */
function deepMerge(a: ValueMap, b: ValueMap): ValueMap {
  const out: ValueMap = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const before = out[key];
    out[key] = isMap(before ?? null) && isMap(value) ? deepMerge(before as ValueMap, value) : value;
  }
  return out;
}

const LAMBDA_FUNCTIONS = new Set(["map", "filter", "reduce", "sort", "toobject", "mapvalues"]);

/** `lambda('x', 'y', body)`: its variable names and body, or null when the node is not a lambda. */
function lambdaOf(
  node: ArmNode | undefined,
  scope: ArmScope,
  evalNode: Evaluate,
): { names: string[]; body: ArmNode } | null {
  if (node?.kind !== "call" || node.name !== "lambda" || node.args.length < 2) return null;
  const names = node.args.slice(0, -1).map((arg) => asString(evalNode(arg, scope)) ?? "");
  return { names, body: node.args[node.args.length - 1]! };
}

function withLambda(scope: ArmScope, names: readonly string[], values: readonly Value[]): ArmScope {
  const lambdas = new Map(scope.lambdas ?? []);
  names.forEach((name, i) => {
    lambdas.set(name, values[i] ?? null);
  });
  return {
    parameter: (n) => scope.parameter(n),
    variable: (n) => scope.variable(n),
    ...(scope.copyIndex !== undefined ? { copyIndex: scope.copyIndex } : {}),
    ...(scope.report ? { report: (at, problem) => scope.report?.(at, problem) } : {}),
    lambdas,
  };
}

/** map, filter, reduce, sort, toObject, mapValues: the lambda is evaluated once per element. */
function lambdaFunction(name: string, argNodes: ArmNode[], scope: ArmScope, evalNode: Evaluate): Value {
  const input = argNodes[0] ? evalNode(argNodes[0], scope) : null;
  if (isUnresolved(input)) return input;
  const items: Value[] | undefined = Array.isArray(input)
    ? input
    : name === "mapvalues" && isMap(input)
      ? Object.values(input)
      : undefined;
  if (!items) return new Unresolved(`${name}() needs an array`);
  const lambda = lambdaOf(argNodes[name === "reduce" ? 2 : 1], scope, evalNode);
  if (!lambda) return new Unresolved(`${name}() needs a lambda()`);
  const apply = (...values: Value[]) => evalNode(lambda.body, withLambda(scope, lambda.names, values));
  switch (name) {
    case "map":
      return items.map((item, i) => apply(item, i));
    case "filter": {
      const out: Value[] = [];
      for (const [i, item] of items.entries()) {
        const keep = apply(item, i);
        if (isUnresolved(keep)) return keep;
        if (asBool(keep)) out.push(item);
      }
      return out;
    }
    case "reduce": {
      let accumulated = argNodes[1] ? evalNode(argNodes[1], scope) : null;
      for (const [i, item] of items.entries()) accumulated = apply(accumulated, item, i);
      return accumulated;
    }
    case "sort": {
      const out = [...items];
      let problem: Unresolved | undefined;
      out.sort((a, b) => {
        const before = apply(a, b);
        if (isUnresolved(before)) problem ??= before;
        return asBool(before) ? -1 : 1;
      });
      return problem ?? out;
    }
    case "toobject": {
      const values = lambdaOf(argNodes[2], scope, evalNode);
      const out: ValueMap = {};
      for (const item of items) {
        const key = apply(item);
        if (isUnresolved(key)) return key;
        out[asString(key) ?? JSON.stringify(key)] = values
          ? evalNode(values.body, withLambda(scope, values.names, [item]))
          : item;
      }
      return out;
    }
    default: {
      // mapValues(object, lambda): the same keys, each value mapped.
      const out: ValueMap = {};
      for (const [key, value] of Object.entries(input as ValueMap)) out[key] = apply(value);
      return out;
    }
  }
}

/**
 * Calls template function `name` on its argument nodes. `evalNode` evaluates a node (passed in, so this
 * library and the parser stay in separate files). Lazy functions (if, the lambda functions) evaluate only
 * what they need; the others evaluate every argument first.
 */
export function callArmFunction(name: string, argNodes: ArmNode[], scope: ArmScope, evalNode: Evaluate): Value {
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
  if (LAMBDA_FUNCTIONS.has(name)) return lambdaFunction(name, argNodes, scope, evalNode);
  if (name === "lambdavariables") {
    const variable = argNodes[0] ? evalNode(argNodes[0], scope) : null;
    const bound = scope.lambdas?.get(asString(variable ?? null) ?? "");
    return bound === undefined ? new Unresolved("lambdaVariables() outside a lambda") : bound;
  }
  const args = argNodes.map((arg) => evalNode(arg, scope));
  const strict = (): Unresolved | undefined => {
    for (const arg of args) {
      const u = findUnresolved(arg);
      if (u) return u;
    }
    return undefined;
  };
  // Functions that build or take apart collections tolerate unknown elements (they stay unknown in the
  // result, where a check may never read them); only an argument that is itself unknown stops them.
  const shallow = (): Unresolved | undefined => args.find(isUnresolved);
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
      const u = shallow();
      if (u) return u;
      if (args.every(Array.isArray)) {
        const out: Value[] = [];
        for (const item of (args as Value[][]).flat()) if (!out.some((x) => equalValues(x, item))) out.push(item);
        return out;
      }
      // Objects: ARM merges nested objects too (the last value wins for anything else).
      if (!args.every(isMap)) return new Unresolved("union() of an object and something else");
      return (args as ValueMap[]).reduce<ValueMap>((acc, arg) => deepMerge(acc, arg), {});
    }
    case "shallowmerge": {
      // Bicep's spread operator compiles to shallowMerge(createArray(…)): top-level keys, the last wins.
      const u = shallow();
      if (u) return u;
      const list = args[0];
      if (!Array.isArray(list)) return new Unresolved("shallowMerge() needs an array of objects");
      const unknownPart = list.find(isUnresolved);
      if (unknownPart) return unknownPart;
      if (!list.every(isMap)) return new Unresolved("shallowMerge() needs an array of objects");
      return Object.assign({}, ...(list as ValueMap[]));
    }
    case "items": {
      const u = shallow();
      if (u) return u;
      const object = args[0];
      if (!isMap(object ?? null)) return new Unresolved("items() needs an object");
      return Object.keys(object as ValueMap)
        .sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }))
        .map((key) => ({ key, value: (object as ValueMap)[key]! }));
    }
    case "objectkeys": {
      const u = shallow();
      if (u) return u;
      return isMap(args[0] ?? null) ? Object.keys(args[0] as ValueMap) : new Unresolved("objectKeys() needs an object");
    }
    case "tryget": {
      // tryGet(object, key…): null where a key is absent (Bicep's safe dereference a.?b).
      let current: Value = args[0] ?? null;
      for (const key of args.slice(1)) {
        if (isUnresolved(current)) return current;
        if (isUnresolved(key)) return key;
        if (current === null) return null;
        if (Array.isArray(current)) current = current[asNumber(key) ?? -1] ?? null;
        else if (isMap(current)) current = get(current, asString(key) ?? "") ?? null;
        else return null;
      }
      return current;
    }
    case "null":
      return null;
    case "true":
      return true;
    case "false":
      return false;
    case "join": {
      const u = strict();
      if (u) return u;
      return Array.isArray(args[0])
        ? args[0].map((x) => asString(x) ?? "").join(s(1))
        : new Unresolved("join() needs an array");
    }
    case "indexof":
    case "lastindexof": {
      const u = strict();
      if (u) return u;
      const [target, item] = args;
      if (Array.isArray(target)) {
        const indices = target.map((x, i) => (equalValues(x, item ?? null) ? i : -1)).filter((i) => i >= 0);
        return (name === "indexof" ? indices[0] : indices[indices.length - 1]) ?? -1;
      }
      const text = s(0).toLowerCase();
      const find = s(1).toLowerCase();
      return name === "indexof" ? text.indexOf(find) : text.lastIndexOf(find);
    }
    case "range": {
      const u = strict();
      if (u) return u;
      const start = asNumber(args[0] ?? null) ?? 0;
      const count = asNumber(args[1] ?? null) ?? 0;
      if (!Number.isInteger(count) || count < 0) return new Unresolved("range() needs a count of 0 or more");
      if (count > LIMITS.collectionItems) return tooMany("range()", count, LIMITS.collectionItems);
      return Array.from({ length: count }, (_, i) => start + i);
    }
    case "base64": {
      const u = strict();
      return u ?? Buffer.from(s(0)).toString("base64");
    }
    case "padleft": {
      const u = strict();
      if (u) return u;
      const width = Math.min(asNumber(args[1] ?? null) ?? 0, LIMITS.stringValueChars);
      return s(0).padStart(width, s(2) || " ");
    }
    case "createobject": {
      const out: ValueMap = {};
      for (let i = 0; i + 1 < args.length; i += 2) {
        if (isUnresolved(args[i])) return args[i]!;
        out[s(i)] = args[i + 1]!;
      }
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
