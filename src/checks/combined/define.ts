/**
 * Combined findings: a severity no single check carries, because it takes several weaknesses holding at
 * once — an internet-reachable workspace, no IP access list, and a credential that never stops working.
 * Each part is a check of its own (and keeps its own severity); the combination fails only when every part
 * fails, and it is explained by the parts' messages. The rubric: docs/scoring.md.
 *
 *   every part fails                        → fail (the combined severity, usually critical)
 *   some part passes                        → pass: that part breaks the chain (named)
 *   else some part does not apply           → not applicable
 *   else some part is unknown (none passes) → unknown: the chain may hold
 *
 * Hand-written, as the combination is lakeward's own rule; the parts are ordinary checks.
 */
import type { Check, CheckMeta, Status } from "../types.ts";

export function defineCombined(spec: {
  meta: Omit<CheckMeta, "category" | "combines">;
  parts: readonly Check[];
}): Check {
  if (spec.parts.length < 2) throw new Error(`${spec.meta.id}: a combined finding needs at least two parts`);
  return {
    meta: { ...spec.meta, category: "combined", combines: spec.parts.map((part) => part.meta.id) },
    parts: spec.parts,
    evaluate() {
      throw new Error(`${spec.meta.id} is a combined finding: the engine evaluates it from its parts`);
    },
  };
}

export interface PartOutcome {
  id: string;
  title: string;
  status: Status;
  message: string;
}

/** The combined verdict from the parts' results (pure; the engine supplies the results). */
export function combineParts(parts: readonly PartOutcome[]): { status: Status; message: string } {
  const says = (p: PartOutcome) => `${p.id} ${p.status}: ${p.message}`;
  const passing = parts.filter((p) => p.status === "pass");
  if (passing.length)
    return {
      status: "pass",
      message: `the combination does not hold: ${passing.map((p) => `${p.id} (${p.title}) passes`).join("; ")}`,
    };
  const notApplicable = parts.filter((p) => p.status === "not_applicable");
  if (notApplicable.length)
    return { status: "not_applicable", message: `does not apply: ${notApplicable.map(says).join("; ")}` };
  // A manual part (an attestation no API shows) cannot break the chain for the engine either.
  const unknown = parts.filter((p) => p.status === "unknown" || p.status === "manual");
  if (unknown.length)
    return {
      status: "unknown",
      message: `may hold: ${unknown.map(says).join("; ")}${
        unknown.length < parts.length
          ? `; and ${parts
              .filter((p) => p.status === "fail")
              .map((p) => p.id)
              .join(", ")} fail`
          : ""
      }`,
    };
  return { status: "fail", message: `all hold together — ${parts.map((p) => `${p.id}: ${p.message}`).join(" · ")}` };
}
