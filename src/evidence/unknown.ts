/**
 * Builds a section of evidence in which every fact is unknown with the same reason, for a source that
 * could not be read at all (ARM not configured, host unreachable, not declared in IaC). It walks the zod
 * schema, so a field added to the model is covered without touching this file.
 */
import { z } from "zod";
import { unknown } from "./fact.ts";

function isFactSchema(schema: z.ZodType): boolean {
  if (!(schema instanceof z.ZodDiscriminatedUnion)) return false;
  const options = (schema as z.ZodDiscriminatedUnion).options as z.ZodType[];
  return options.some(
    (option) => option instanceof z.ZodObject && "status" in option.shape && "reason" in option.shape,
  );
}

type Field =
  | { key: string; kind: "fact" }
  | { key: string; kind: "object"; schema: z.ZodObject }
  | { key: string; kind: "record" };

/** What each field of a schema is, worked out once per schema (evidence skeletons are built per workspace). */
const plans = new WeakMap<z.ZodObject, Field[]>();

function planOf(schema: z.ZodObject): Field[] {
  let plan = plans.get(schema);
  if (!plan) {
    plan = [];
    for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
      const inner = field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType) : field;
      if (isFactSchema(inner)) plan.push({ key, kind: "fact" });
      else if (inner instanceof z.ZodObject) plan.push({ key, kind: "object", schema: inner });
      else if (inner instanceof z.ZodRecord) plan.push({ key, kind: "record" });
    }
    plans.set(schema, plan);
  }
  return plan;
}

/**
 * Every fact of `schema` unknown. Records of facts (workspace-conf) get the keys in `recordKeys`; other
 * non-fact leaves are not expected in evidence sections and are left out.
 */
export function allUnknown<S extends z.ZodObject>(
  schema: S,
  reason: string,
  source: string,
  recordKeys: readonly string[] = [],
): z.infer<S> {
  const out: Record<string, unknown> = {};
  for (const field of planOf(schema)) {
    if (field.kind === "fact") out[field.key] = unknown(reason, source);
    else if (field.kind === "object") out[field.key] = allUnknown(field.schema, reason, source, recordKeys);
    else out[field.key] = Object.fromEntries(recordKeys.map((k) => [k, unknown(reason, source)]));
  }
  return out as z.infer<S>;
}
