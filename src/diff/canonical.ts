/**
 * Canonical comparison of evidence: what counts as a change between two reads of the same workspace.
 * Key order never does (objects are compared key-sorted), list order never does (lists are compared as
 * sets, matched by each element's identity — id, name, key, … — or by its canonical text), and volatile
 * values (read times, request counts, a cluster's running state, a token's last-used day) never do.
 *
 * `evidenceChanges` walks two evidence documents and returns every changed leaf as a path
 * (`databricks.workspaceConf.enableIpAccessLists`, `databricks.ipAccessLists[corp].enabled`) with its old
 * and new value as one line of text. Fact wrappers ({status, value, source}) are looked through: a path
 * names the setting, not the wrapper, and a fact that became unknown is reported as such.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Paths (dot-joined, list elements as `[]`) whose values are volatile: they change without anyone changing anything. */
const VOLATILE = [
  /^collection(\.|$)/,
  /\.clusters\[\]\.(state|startTime|lastRestartedTime)$/,
  /(^|\.|\])(startTime|lastRestartedTime|lastUsedDay)$/,
  /\.tokens\[\]\.lastUsedDay$/,
  /\.lastSignIns(\.|$)/,
  /\.notebookScan\.scanned$/,
];

/** Keys that name a list element, in order of preference. */
const IDENTITY_KEYS = [
  "id",
  "key",
  "name",
  "principal",
  "path",
  "label",
  "userName",
  "displayName",
  "category",
  "scope",
];

const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** JSON text with sorted keys and lists sorted by their canonical text: equal iff canonically equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalise(value as Json));
}

function canonicalise(value: Json): Json {
  if (Array.isArray(value)) {
    const items = value.map(canonicalise);
    return items
      .map((item) => [JSON.stringify(item), item] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, item]) => item);
  }
  if (isObject(value)) {
    // Object.fromEntries defines own properties, so a "__proto__" key from parsed JSON stays a key (an
    // assignment would set the prototype and drop it from the canonical text).
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => value[key] !== undefined)
        .map((key) => [key, canonicalise(value[key]!)]),
    );
  }
  return value;
}

/** The identity of a list element: `[id=…]`, or its canonical text when it has no identity key. */
function elementIdentity(item: Json): string {
  if (isObject(item)) {
    const unwrapped = isFact(item) && item.status === "known" ? item.value : item;
    if (isObject(unwrapped)) {
      for (const key of IDENTITY_KEYS) {
        const id = unwrapped[key];
        if (typeof id === "string" || typeof id === "number") return `${key}=${id}`;
      }
    }
  }
  return canonicalJson(item);
}

function isFact(value: Record<string, Json>): boolean {
  return (value.status === "known" && "value" in value) || (value.status === "unknown" && "reason" in value);
}

export interface FieldChange {
  /** e.g. databricks.workspaceConf.enableIpAccessLists, databricks.ipAccessLists[id=1].enabled */
  path: string;
  before: string | null;
  after: string | null;
}

const MAX_TEXT = 300;

/** Stands for an unknown fact while walking (a key no evidence object has). */
const UNKNOWN = "\u0000unknown";

function text(value: Json | undefined): string | null {
  if (value === undefined) return null;
  const out = typeof value === "string" ? value : canonicalJson(value);
  return out.length > MAX_TEXT ? `${out.slice(0, MAX_TEXT - 1)}…` : out;
}

/** The path with list identities replaced by [], to match VOLATILE. */
const shape = (path: string) => path.replace(/\[[^\]]*\]/g, "[]");

function walk(path: string, before: Json | undefined, after: Json | undefined, out: FieldChange[]): void {
  if (path && VOLATILE.some((pattern) => pattern.test(shape(path)))) return;
  // Look through fact wrappers: a known fact compares by value; unknown by its reason.
  if (isObject(before) && isFact(before))
    before = before.status === "known" ? before.value : { [UNKNOWN]: before.reason ?? "" };
  if (isObject(after) && isFact(after))
    after = after.status === "known" ? after.value : { [UNKNOWN]: after.reason ?? "" };
  if (before === undefined && after === undefined) return;
  if (isObject(before) && isObject(after)) {
    if (UNKNOWN in before !== UNKNOWN in after) {
      out.push({ path, before: describe(before), after: describe(after) });
      return;
    }
    // Own properties only: a key such as "constructor" on one side must not read Object.prototype's on the other.
    const own = (object: Record<string, Json>, key: string) => (Object.hasOwn(object, key) ? object[key] : undefined);
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort())
      walk(path ? `${path}.${key}` : key, own(before, key), own(after, key), out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const index = (items: Json[]) => {
      const map = new Map<string, Json>();
      for (const item of items) {
        let id = elementIdentity(item);
        while (map.has(id)) id = `${id}'`;
        map.set(id, item);
      }
      return map;
    };
    const b = index(before);
    const a = index(after);
    // Elements without an identity key are compared as a set of values: one change for the whole list.
    const keyed = [...b.keys(), ...a.keys()].every(
      (id) => !id.startsWith("{") && !id.startsWith("[") && id.includes("="),
    );
    if (!keyed) {
      const bt = canonicalJson(before);
      const at = canonicalJson(after);
      if (bt !== at) out.push({ path, before: text(before), after: text(after) });
      return;
    }
    for (const id of [...new Set([...b.keys(), ...a.keys()])].sort()) walk(`${path}[${id}]`, b.get(id), a.get(id), out);
    return;
  }
  if (
    canonicalJson(before ?? null) !== canonicalJson(after ?? null) ||
    (before === undefined) !== (after === undefined)
  )
    out.push({ path, before: describe(before), after: describe(after) });
}

function describe(value: Json | undefined): string | null {
  if (isObject(value) && UNKNOWN in value) return `unknown: ${value[UNKNOWN]}`;
  return text(value);
}

/** Every changed field between two evidence documents (or any two JSON values), free of noise. */
export function evidenceChanges(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  walk("", before as Json, after as Json, out);
  return out;
}
