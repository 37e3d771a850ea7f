/**
 * Terraform's built-in functions that configurations for Azure Databricks commonly use. An unknown
 * argument makes the result unknown (with the argument's reason); a function lakeward does not
 * implement is unknown with that said.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
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
} from "./value.ts";

type Fn = (args: Value[], moduleDir: string) => Value;

const list = (value: Value): Value[] | undefined =>
  Array.isArray(value) ? value : value === null ? undefined : undefined;

function strings(args: Value[]): string[] | Unresolved {
  const out: string[] = [];
  for (const arg of args) {
    const text = asString(arg);
    if (text === undefined)
      return new Unresolved(
        `expected a string, got ${arg === null ? "null" : Array.isArray(arg) ? "a list" : "an object"}`,
      );
    out.push(text);
  }
  return out;
}

function format(spec: string, args: Value[]): Value {
  let i = 0;
  let bad: string | undefined;
  const out = spec.replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[svdfqtbxXoeg])/g, (match, verb: string) => {
    if (verb === "%") return "%";
    const arg = args[i++];
    if (arg === undefined) {
      bad = "too few arguments";
      return match;
    }
    const kind = verb[verb.length - 1];
    if (kind === "q") return JSON.stringify(asString(arg) ?? "");
    if (kind === "d") return String(Math.trunc(asNumber(arg) ?? Number.NaN));
    if (kind === "v" && typeof arg === "object" && arg !== null) return JSON.stringify(toJson(arg));
    const precision = /\.(\d+)/.exec(verb)?.[1];
    if (kind === "f") return (asNumber(arg) ?? Number.NaN).toFixed(precision ? Number(precision) : 6);
    return asString(arg) ?? JSON.stringify(toJson(arg));
  });
  return bad ? new Unresolved(`format(): ${bad}`) : out;
}

const FUNCTIONS: Record<string, Fn> = {
  lower: ([s]) => asString(s ?? null)?.toLowerCase() ?? new Unresolved("lower() needs a string"),
  upper: ([s]) => asString(s ?? null)?.toUpperCase() ?? new Unresolved("upper() needs a string"),
  trimspace: ([s]) => asString(s ?? null)?.trim() ?? new Unresolved("trimspace() needs a string"),
  trimprefix: ([s, p]) => {
    const [text, prefix] = [asString(s ?? null), asString(p ?? null)];
    if (text === undefined || prefix === undefined) return new Unresolved("trimprefix() needs strings");
    return text.startsWith(prefix) ? text.slice(prefix.length) : text;
  },
  trimsuffix: ([s, p]) => {
    const [text, suffix] = [asString(s ?? null), asString(p ?? null)];
    if (text === undefined || suffix === undefined) return new Unresolved("trimsuffix() needs strings");
    return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
  },
  startswith: ([s, p]) => (asString(s ?? null) ?? "").startsWith(asString(p ?? null) ?? "\u0000"),
  endswith: ([s, p]) => (asString(s ?? null) ?? "").endsWith(asString(p ?? null) ?? "\u0000"),
  strcontains: ([s, p]) => (asString(s ?? null) ?? "").includes(asString(p ?? null) ?? "\u0000"),
  substr: ([s, o, l]) => {
    const text = asString(s ?? null);
    const offset = asNumber(o ?? null);
    const length = asNumber(l ?? null);
    if (text === undefined || offset === undefined || length === undefined)
      return new Unresolved("substr() needs a string and numbers");
    const chars = [...text];
    const start = offset < 0 ? chars.length + offset : offset;
    return chars.slice(start, length < 0 ? undefined : start + length).join("");
  },
  replace: ([s, f, r]) => {
    const parts = strings([s ?? null, f ?? null, r ?? null]);
    if (isUnresolved(parts)) return parts;
    const [text, find, by] = parts as [string, string, string];
    if (find.length > 1 && find.startsWith("/") && find.endsWith("/"))
      return text.replace(new RegExp(find.slice(1, -1), "g"), by.replace(/\$\{(\d+)\}/g, "$$$1"));
    return text.split(find).join(by);
  },
  split: ([sep, s]) => {
    const parts = strings([sep ?? null, s ?? null]);
    if (isUnresolved(parts)) return parts;
    return parts[1] === "" ? [""] : parts[1]!.split(parts[0]!);
  },
  join: ([sep, ...lists]) => {
    const separator = asString(sep ?? null);
    if (separator === undefined) return new Unresolved("join() needs a separator");
    const items = lists.flatMap((l) => list(l) ?? []);
    const parts = strings(items);
    return isUnresolved(parts) ? parts : parts.join(separator);
  },
  format: ([spec, ...args]) => {
    const text = asString(spec ?? null);
    return text === undefined ? new Unresolved("format() needs a format string") : format(text, args);
  },
  formatlist: ([spec, ...args]) => {
    const text = asString(spec ?? null);
    if (text === undefined) return new Unresolved("formatlist() needs a format string");
    const length = Math.max(0, ...args.map((a) => (Array.isArray(a) ? a.length : 0)));
    return Array.from({ length }, (_, i) =>
      format(
        text,
        args.map((a) => (Array.isArray(a) ? (a[i] ?? null) : a)),
      ),
    );
  },
  concat: (args) => args.flatMap((a) => list(a) ?? []),
  merge: (args) => {
    const out: ValueMap = {};
    for (const arg of args) if (isMap(arg)) Object.assign(out, arg);
    return out;
  },
  lookup: ([m, k, d]) => {
    const key = asString(k ?? null);
    if (!isMap(m ?? null) || key === undefined) return new Unresolved("lookup() needs a map and a key");
    const map = m as ValueMap;
    if (key in map) return map[key]!;
    return d === undefined ? new Unresolved(`lookup(): no key ${key}`) : d;
  },
  coalesce: (args) => args.find((a) => a !== null && a !== "") ?? new Unresolved("coalesce(): all arguments are null"),
  coalescelist: (args) => args.find((a) => Array.isArray(a) && a.length > 0) ?? [],
  compact: ([l]) => (list(l ?? null) ?? []).filter((x) => x !== null && x !== ""),
  distinct: ([l]) => {
    const out: Value[] = [];
    for (const item of list(l ?? null) ?? []) if (!out.some((x) => equalValues(x, item))) out.push(item);
    return out;
  },
  flatten: ([l]) => {
    const flat = (value: Value): Value[] => (Array.isArray(value) ? value.flatMap(flat) : [value]);
    return flat(l ?? []);
  },
  length: ([v]) => {
    if (typeof v === "string") return [...v].length;
    if (Array.isArray(v)) return v.length;
    if (isMap(v ?? null)) return Object.keys(v as ValueMap).length;
    return new Unresolved("length() needs a string or a collection");
  },
  element: ([l, i]) => {
    const items = list(l ?? null);
    const index = asNumber(i ?? null);
    if (!items || index === undefined || items.length === 0) return new Unresolved("element() needs a list and index");
    return items[index % items.length]!;
  },
  index: ([l, v]) => {
    const found = (list(l ?? null) ?? []).findIndex((x) => equalValues(x, v ?? null));
    return found < 0 ? new Unresolved("index(): value not in the list") : found;
  },
  contains: ([l, v]) => (list(l ?? null) ?? []).some((x) => equalValues(x, v ?? null)),
  keys: ([m]) => (isMap(m ?? null) ? Object.keys(m as ValueMap).sort() : new Unresolved("keys() needs a map")),
  values: ([m]) =>
    isMap(m ?? null)
      ? Object.keys(m as ValueMap)
          .sort()
          .map((k) => (m as ValueMap)[k]!)
      : new Unresolved("values() needs a map"),
  zipmap: ([k, v]) => {
    const ks = list(k ?? null) ?? [];
    const vs = list(v ?? null) ?? [];
    const out: ValueMap = {};
    ks.forEach((key, i) => {
      out[asString(key) ?? String(key)] = vs[i] ?? null;
    });
    return out;
  },
  one: ([l]) => {
    const items = list(l ?? null);
    if (l === null) return null;
    if (!items || items.length > 1) return new Unresolved("one() needs a list of at most one element");
    return items[0] ?? null;
  },
  range: (args) => {
    const nums = args.map((a) => asNumber(a));
    if (nums.some((n) => n === undefined)) return new Unresolved("range() needs numbers");
    const [a, b, c] = nums as number[];
    const [start, end, step] = b === undefined ? [0, a!, 1] : [a!, b, c ?? (a! <= b ? 1 : -1)];
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) {
      out.push(i);
      if (out.length > 10_000) break;
    }
    return out;
  },
  reverse: ([l]) => [...(list(l ?? null) ?? [])].reverse(),
  slice: ([l, a, b]) => (list(l ?? null) ?? []).slice(asNumber(a ?? null) ?? 0, asNumber(b ?? null)),
  sort: ([l]) => {
    const parts = strings(list(l ?? null) ?? []);
    return isUnresolved(parts) ? parts : [...parts].sort();
  },
  min: (args) => Math.min(...args.map((a) => asNumber(a) ?? Number.NaN)),
  max: (args) => Math.max(...args.map((a) => asNumber(a) ?? Number.NaN)),
  abs: ([n]) => Math.abs(asNumber(n ?? null) ?? Number.NaN),
  ceil: ([n]) => Math.ceil(asNumber(n ?? null) ?? Number.NaN),
  floor: ([n]) => Math.floor(asNumber(n ?? null) ?? Number.NaN),
  tostring: ([v]) => (v === null ? null : (asString(v ?? null) ?? new Unresolved("tostring() needs a primitive"))),
  tonumber: ([v]) => (v === null ? null : (asNumber(v ?? null) ?? new Unresolved("tonumber(): not a number"))),
  tobool: ([v]) => (v === null ? null : (asBool(v ?? null) ?? new Unresolved("tobool(): not a bool"))),
  tolist: ([v]) => (Array.isArray(v) ? v : v === null ? null : new Unresolved("tolist() needs a list or set")),
  // Terraform iterates a set of strings in lexical order and a set of numbers in numeric order.
  toset: ([v]) => {
    if (!Array.isArray(v)) return new Unresolved("toset() needs a list");
    const unique = FUNCTIONS.distinct!([v], "");
    if (!Array.isArray(unique)) return unique;
    if (unique.every((item) => typeof item === "string"))
      return [...unique].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (unique.every((item) => typeof item === "number")) return [...unique].sort((a, b) => a - b);
    return unique;
  },
  tomap: ([v]) => (isMap(v ?? null) ? (v as ValueMap) : new Unresolved("tomap() needs an object")),
  jsonencode: ([v]) => {
    const json = toJson(v ?? null);
    return json === undefined
      ? new Unresolved("jsonencode() of a value that is not fully known")
      : JSON.stringify(json);
  },
  jsondecode: ([s]) => {
    const text = asString(s ?? null);
    if (text === undefined) return new Unresolved("jsondecode() needs a string");
    try {
      return fromJson(JSON.parse(text));
    } catch {
      return new Unresolved("jsondecode(): not valid JSON");
    }
  },
  base64encode: ([s]) => Buffer.from(asString(s ?? null) ?? "").toString("base64"),
  base64decode: ([s]) => Buffer.from(asString(s ?? null) ?? "", "base64").toString("utf8"),
  file: ([p], moduleDir) => {
    const path = asString(p ?? null);
    if (path === undefined) return new Unresolved("file() needs a path");
    try {
      return readFileSync(isAbsolute(path) ? path : join(moduleDir, path), "utf8");
    } catch {
      return new Unresolved(`file("${path}"): the file is not there (paths resolve from the module directory)`);
    }
  },
  filebase64: (args, moduleDir) => {
    const text = FUNCTIONS.file!(args, moduleDir);
    return typeof text === "string" ? Buffer.from(text).toString("base64") : text;
  },
  sensitive: ([v]) => v ?? null,
  nonsensitive: ([v]) => v ?? null,
};

export function callFunction(name: string, args: Value[], moduleDir: string): Value {
  const fn = FUNCTIONS[name.replace(/^provider::[^:]+::/, "")];
  if (!fn) return new Unresolved(`the function ${name}() is not evaluated by lakeward`);
  // Most functions need fully known arguments; collection functions tolerate unknown elements.
  const tolerant = new Set(["concat", "merge", "flatten", "compact", "length", "coalesce", "element", "lookup", "one"]);
  if (!tolerant.has(name)) {
    for (const arg of args) {
      const unresolved = findUnresolved(arg);
      if (unresolved) return new Unresolved(unresolved.reason, unresolved.ref, unresolved.attr);
    }
  } else {
    for (const arg of args) if (isUnresolved(arg)) return arg;
  }
  try {
    return fn(args, moduleDir);
  } catch (error) {
    // Not the error's text: parsers quote their input (jsondecode of a string holding a credential).
    return new Unresolved(`${name}() failed on its arguments (${error instanceof Error ? error.name : "error"})`);
  }
}
