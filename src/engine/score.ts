/**
 * Scoring. A result weighs by its severity; the score is the weight of passing results over the weight
 * of every result that could be judged or should have been: pass + fail + unknown. Unknown therefore
 * lowers the score like a failure (it can hide one) and is never counted as a pass. not_applicable and
 * manual results are left out. See docs/scoring.md.
 */
import type { Severity, Status } from "../checks/types.ts";

export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 10, high: 6, medium: 3, low: 1, info: 0 };

export type StatusCounts = Record<Status, number>;

export function emptyCounts(): StatusCounts {
  return { pass: 0, fail: 0, unknown: 0, not_applicable: 0, manual: 0 };
}

/**
 * Null when nothing was decided: no result passed or failed (all unknown, n/a or manual). A workspace that
 * could not be read gets no score rather than a 0 that reads like a verdict.
 */
export function score(results: readonly { status: Status; severity: Severity }[]): number | null {
  let passed = 0;
  let judged = 0;
  let decided = false;
  for (const result of results) {
    if (result.status !== "pass" && result.status !== "fail" && result.status !== "unknown") continue;
    const weight = SEVERITY_WEIGHT[result.severity];
    judged += weight;
    if (result.status === "pass") passed += weight;
    if (result.status !== "unknown") decided = true;
  }
  return judged === 0 || !decided ? null : Math.round((100 * passed) / judged);
}
