/**
 * Terraform's built-in functions that configurations for Azure Databricks commonly use. An unknown
 * argument makes the result unknown (with the argument's reason); a function lakeward does not
 * implement is unknown with that said. Every function is bounded (docs/iac.md, limits): collections it
 * builds, strings it produces, regular expressions (RE2, regex.ts), files it reads (confined, files.ts).
 */
import { createHash } from "node:crypto";
import { globSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { LIMITS } from "../limits.ts";
import { InputProblem, tooMany } from "./budget.ts";
import { confine, existsConfined, type FileRoots, readConfined } from "./files.ts";
import { regexAll, regexFirst, regexReplace } from "./regex.ts";
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

/** What a function call may use besides its arguments. */
export interface FunctionContext {
  /** The calling module's directory (`path.module`): relative paths resolve from it. */
  moduleDir: string;
  /** Where file functions may read. */
  roots: FileRoots;
  /** Renders a template file's text with the given variables (templatefile()). */
  renderTemplate(file: string, text: string, vars: ValueMap): Value;
}

type Fn = (args: Value[], ctx: FunctionContext) => Value;

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
    // A substring wrapped in slashes is a regular expression (RE2 syntax, as Terraform's).
    if (find.length > 1 && find.startsWith("/") && find.endsWith("/")) return regexReplace(text, find.slice(1, -1), by);
    const pieces = text.split(find);
    const length = text.length + (pieces.length - 1) * (by.length - find.length);
    if (length > LIMITS.stringValueChars) return tooLong("replace()", length);
    return pieces.join(by);
  },
  regex: ([p, s]) => {
    const parts = strings([p ?? null, s ?? null]);
    return isUnresolved(parts) ? parts : regexFirst(parts[0]!, parts[1]!);
  },
  regexall: ([p, s]) => {
    const parts = strings([p ?? null, s ?? null]);
    return isUnresolved(parts) ? parts : regexAll(parts[0]!, parts[1]!);
  },
  split: ([sep, s]) => {
    const parts = strings([sep ?? null, s ?? null]);
    if (isUnresolved(parts)) return parts;
    if (parts[1] === "") return [""];
    const pieces = parts[1]!.split(parts[0]!, LIMITS.collectionItems + 1);
    return pieces.length > LIMITS.collectionItems ? tooMany("split()", pieces.length, LIMITS.collectionItems) : pieces;
  },
  join: ([sep, ...lists]) => {
    const separator = asString(sep ?? null);
    if (separator === undefined) return new Unresolved("join() needs a separator");
    const items = lists.flatMap((l) => list(l) ?? []);
    const parts = strings(items);
    if (isUnresolved(parts)) return parts;
    const length = parts.reduce((sum, part) => sum + part.length + separator.length, 0);
    return length > LIMITS.stringValueChars ? tooLong("join()", length) : parts.join(separator);
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
  distinct: ([l]) => distinct(list(l ?? null) ?? []),
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
    if (nums.length === 0 || nums.length > 3 || nums.some((n) => n === undefined || !Number.isFinite(n)))
      return new Unresolved("range() needs one to three finite numbers");
    const [a, b, c] = nums as number[];
    const [start, end, step] = b === undefined ? [0, a!, 1] : [a!, b, c ?? (a! <= b ? 1 : -1)];
    if (step === 0 || (step > 0 && start > end) || (step < 0 && start < end))
      return step === 0 ? new Unresolved("range(): the step is 0") : [];
    const count = Math.ceil((end - start) / step);
    // Known before building it: range(0, 1000000) is refused, not built (and then not judged either).
    if (count > LIMITS.collectionItems) return tooMany("range()", count, LIMITS.collectionItems);
    return Array.from({ length: count }, (_, i) => start + i * step);
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
    const unique = distinct(v);
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
  file: ([p], ctx) => withPath("file", p, (path) => readConfined("file", path, ctx.moduleDir, ctx.roots)),
  filebase64: ([p], ctx) =>
    withPath("filebase64", p, (path) =>
      mapText(readConfined("filebase64", path, ctx.moduleDir, ctx.roots), (t) => Buffer.from(t).toString("base64")),
    ),
  fileexists: ([p], ctx) => withPath("fileexists", p, (path) => existsConfined(path, ctx.moduleDir, ctx.roots)),
  fileset: ([p, pattern], ctx) => {
    const [dir, glob] = [asString(p ?? null), asString(pattern ?? null)];
    if (dir === undefined || glob === undefined) return new Unresolved("fileset() needs a path and a pattern");
    return fileset(dir, glob, ctx);
  },
  templatefile: ([p, vars], ctx) =>
    withPath("templatefile", p, (path) => {
      if (vars !== undefined && !isMap(vars)) return new Unresolved("templatefile() needs a map of variables");
      return mapText(readConfined("templatefile", path, ctx.moduleDir, ctx.roots), (text) =>
        ctx.renderTemplate(path, text, (vars as ValueMap | undefined) ?? {}),
      );
    }),
  filemd5: fileHash("filemd5", "md5", "hex"),
  filesha1: fileHash("filesha1", "sha1", "hex"),
  filesha256: fileHash("filesha256", "sha256", "hex"),
  filesha512: fileHash("filesha512", "sha512", "hex"),
  filebase64sha256: fileHash("filebase64sha256", "sha256", "base64"),
  filebase64sha512: fileHash("filebase64sha512", "sha512", "base64"),
  // The scanner's home directory is not the configuration's: not evaluated (and so never read below).
  pathexpand: () => new Unresolved("pathexpand() depends on the home directory of whoever runs Terraform"),
  md5: ([s]) => hash("md5", "hex", s),
  sha1: ([s]) => hash("sha1", "hex", s),
  sha256: ([s]) => hash("sha256", "hex", s),
  sha512: ([s]) => hash("sha512", "hex", s),
  base64sha256: ([s]) => hash("sha256", "base64", s),
  base64sha512: ([s]) => hash("sha512", "base64", s),
  sensitive: ([v]) => v ?? null,
  nonsensitive: ([v]) => v ?? null,
};

export function callFunction(name: string, args: Value[], ctx: FunctionContext): Value {
  const bare = name.replace(/^provider::[^:]+::/, "");
  const fn = FUNCTIONS[bare];
  if (!fn) return new Unresolved(`the function ${name}() is not evaluated by lakeward`);
  // Most functions need fully known arguments; collection functions tolerate unknown elements.
  if (!TOLERANT.has(bare)) {
    for (const arg of args) {
      const unresolved = findUnresolved(arg);
      if (unresolved) return unresolved instanceof InputProblem ? unresolved : relay(unresolved);
    }
  } else {
    for (const arg of args) if (isUnresolved(arg)) return arg;
  }
  let result: Value;
  try {
    result = fn(args, ctx);
  } catch (error) {
    // Not the error's text: parsers quote their input (jsondecode of a string holding a credential).
    return new Unresolved(`${name}() failed on its arguments (${error instanceof Error ? error.name : "error"})`);
  }
  if (Array.isArray(result) && result.length > LIMITS.collectionItems)
    return tooMany(`${name}()`, result.length, LIMITS.collectionItems);
  if (typeof result === "string" && result.length > LIMITS.stringValueChars) return tooLong(`${name}()`, result.length);
  return result;
}

const TOLERANT = new Set(["concat", "merge", "flatten", "compact", "length", "coalesce", "element", "lookup", "one"]);

const relay = (u: Unresolved) => new Unresolved(u.reason, u.ref, u.attr);

function tooLong(what: string, length: number): InputProblem {
  return new InputProblem(
    `${what} would produce a string of ${(length / 1024 / 1024).toFixed(1)} MiB, more than lakeward's limit of ${LIMITS.stringValueChars / 1024 / 1024} MiB for one string`,
  );
}

/** A stable key for a fully known value (maps with sorted keys), for distinct() and toset() in linear time. */
function canonical(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isMap(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k]!)}`)
      .join(",")}}`;
  if (isUnresolved(value)) return "?";
  return `${typeof value}:${JSON.stringify(value)}`;
}

function distinct(items: readonly Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const item of items) {
    // An unknown element is kept: whether it equals another is not known.
    if (findUnresolved(item)) {
      out.push(item);
      continue;
    }
    const key = canonical(item);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

function withPath(fn: string, value: Value | undefined, read: (path: string) => Value): Value {
  const path = asString(value ?? null);
  return path === undefined ? new Unresolved(`${fn}() needs a path`) : read(path);
}

function mapText(text: string | Unresolved, fn: (text: string) => Value): Value {
  return typeof text === "string" ? fn(text) : text;
}

function hash(algorithm: string, encoding: "hex" | "base64", value: Value | undefined): Value {
  const text = asString(value ?? null);
  if (text === undefined) return new Unresolved(`${algorithm}() needs a string`);
  return createHash(algorithm).update(text).digest(encoding);
}

function fileHash(fn: string, algorithm: string, encoding: "hex" | "base64"): Fn {
  return ([p], ctx) =>
    withPath(fn, p, (path) =>
      mapText(readConfined(fn, path, ctx.moduleDir, ctx.roots), (t) => hash(algorithm, encoding, t)),
    );
}

/** fileset(path, pattern): the regular files below `path` matching the glob, relative to it, sorted. */
function fileset(dir: string, pattern: string, ctx: FunctionContext): Value {
  const where = confine("fileset", dir, ctx.moduleDir, ctx.roots);
  if (where instanceof Unresolved) return where;
  if (where.real === null) return [];
  if (pattern.includes(".."))
    return new InputProblem(`fileset(): the pattern ${JSON.stringify(pattern)} leaves the directory`);
  const found: string[] = [];
  for (const entry of globSync(pattern, { cwd: where.real, withFileTypes: true })) {
    const full = resolve(entry.parentPath, entry.name);
    // A symlink is followed only when it stays inside the configuration.
    const inside = confine("fileset", full, where.real, ctx.roots);
    if (inside instanceof Unresolved || inside.real === null) continue;
    if (!entry.isFile() && !(entry.isSymbolicLink() && existsConfined(full, where.real, ctx.roots) === true)) continue;
    found.push(relative(where.real, full).split(sep).join("/"));
    if (found.length > LIMITS.collectionItems) return tooMany("fileset()", found.length, LIMITS.collectionItems);
  }
  return found.sort();
}
