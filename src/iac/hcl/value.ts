/**
 * Values of evaluated HCL expressions. A value lakeward cannot know before `terraform apply` (a
 * resource id, a data source, a variable without a value) is `Unresolved` with the reason in words,
 * and, when it stands for a resource or one of its attributes, the resource's address (`ref`) so
 * that references between resources can still be followed.
 */
export class Unresolved {
  readonly reason: string;
  /** The address of the resource, data source or module the value comes from, e.g. "azurerm_subnet.public". */
  readonly ref: string | null;
  /** The attribute of `ref`, e.g. "id". */
  readonly attr: string | null;
  constructor(reason: string, ref: string | null = null, attr: string | null = null) {
    this.reason = reason;
    this.ref = ref;
    this.attr = attr;
  }
}

export type Value = null | boolean | number | string | Value[] | ValueMap | Unresolved;
export interface ValueMap {
  [key: string]: Value;
}

export const isUnresolved = (value: unknown): value is Unresolved => value instanceof Unresolved;

export function isMap(value: Value | undefined): value is ValueMap {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Unresolved);
}

/** The first unresolved value inside (deeply), if any. */
export function findUnresolved(value: Value): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnresolved(item);
      if (found) return found;
    }
  } else if (isMap(value)) {
    for (const item of Object.values(value)) {
      const found = findUnresolved(item);
      if (found) return found;
    }
  }
  return undefined;
}

export function typeName(value: Value): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  if (value instanceof Unresolved) return "unknown";
  return typeof value === "object" ? "object" : typeof value;
}

/** Terraform's string conversion of a primitive; undefined for collections. */
export function asString(value: Value): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  return undefined;
}

/** Terraform's bool conversion ("true"/"false" strings convert). */
export function asBool(value: Value): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

export function asNumber(value: Value): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function equalValues(a: Value, b: Value): boolean {
  if (a instanceof Unresolved || b instanceof Unresolved) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equalValues(x, b[i]!));
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && equalValues(a[k]!, b[k]!));
  }
  return a === b;
}

/** Plain JSON of a fully resolved value (jsonencode); undefined when something is unresolved. */
export function toJson(value: Value): unknown {
  if (findUnresolved(value)) return undefined;
  return value;
}

/** A value from parsed JSON (tfvars.json, jsondecode, plan files). */
export function fromJson(json: unknown): Value {
  if (json === null || typeof json === "boolean" || typeof json === "number" || typeof json === "string") return json;
  if (Array.isArray(json)) return json.map(fromJson);
  if (typeof json === "object") {
    const out: ValueMap = {};
    for (const [key, item] of Object.entries(json as Record<string, unknown>)) out[key] = fromJson(item);
    return out;
  }
  return null;
}
