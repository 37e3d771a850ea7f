/**
 * How the permission-graph checks (IAM-20…23, DATA-33) read their evidence: the graph is built once per
 * evidence (src/graph/build.ts), and every fact the query's answer rests on is read through a partial reader,
 * so an unread fact — or a part of a known one that was not read, such as a job's ACL past `--max-acls` — can
 * still let a found path fail the check but never lets it pass.
 */
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import { type GraphTopic, type WorkspaceGraph, workspaceGraph } from "../../graph/build.ts";
import { describePath, type Path } from "../../graph/queries.ts";
import { type PartialReader, partialReader } from "../data/partial.ts";
import { listSome } from "../define.ts";
import type { EvaluationContext, ResultPaths, Threshold } from "../types.ts";

export function readGraph(
  evidence: WorkspaceEvidence,
  context: EvaluationContext,
  topics: readonly GraphTopic[],
): { wg: WorkspaceGraph; reader: PartialReader } {
  const wg = workspaceGraph(evidence);
  const reader = partialReader(context);
  const wanted = new Set(topics);
  for (const input of wg.inputs) if (wanted.has(input.topic)) reader.read(input.label, input.fact);
  for (const gap of wg.gaps)
    if (wanted.has(gap.topic))
      reader.defer(gap.label, gap.reason, () => {
        context.get(gap.label, { status: "unknown", reason: gap.reason, source: gap.source });
      });
  return { wg, reader };
}

/** "ola@… → platform-team → admins → workspace admin" paths for a message, the first `max` of them. */
export function namePaths(paths: readonly Path[], total: number, max = 3): string {
  const shown = paths.slice(0, max).map(describePath);
  return `${shown.join("; ")}${total > shown.length ? `; and ${total - shown.length} more` : ""}`;
}

/** "; could not also judge (so there may be more): 3 parts — job x ACL (not read), …" or "". */
export function gapNote(reader: PartialReader): string {
  const missing = reader.missing;
  if (!missing.length) return "";
  const named = missing.slice(0, 3).map((m) => `${m.label} (${m.reason})`);
  return `; could not also judge (so there may be more): ${missing.length} part(s) — ${named.join("; ")}${missing.length > 3 ? " …" : ""}`;
}

/** The perPrincipal threshold of the path checks (IAM-20, IAM-21, IAM-22): routes spelt out per principal. */
export const PER_PRINCIPAL: Threshold = {
  default: 3,
  description: "routes spelt out per principal in the results (its shortest included; 1: the shortest only)",
  unit: "routes",
};

/** A check's perPrincipal threshold, as configured. */
export const perPrincipalOf = (context: EvaluationContext): number =>
  context.thresholds.perPrincipal ?? PER_PRINCIPAL.default;

/** How many paths a finding carries into the results for the path graph (the view draws fewer). */
export const RESULT_PATH_LIMIT = 50;

/**
 * The first RESULT_PATH_LIMIT paths, without graph ids, for the results document and the path graph; each with
 * the other routes its query spelt out.
 */
export function resultPaths(paths: readonly Path[], total = paths.length): ResultPaths {
  const node = (n: { kind: string; label: string }) => ({ kind: n.kind, label: n.label });
  return {
    total,
    items: paths.slice(0, RESULT_PATH_LIMIT).map((p) => {
      const steps = (list: Path["steps"]) =>
        list.map((s) => ({ from: node(s.from), to: node(s.to), kind: s.kind, detail: s.detail }));
      return {
        principal: node(p.principal),
        kind: p.kind,
        steps: steps(p.steps),
        // The principal's other routes, as many as the query spelt out (the check's perPrincipal threshold).
        ...(p.otherRoutes?.length
          ? { otherRoutes: p.otherRoutes.map((r) => ({ kind: r.kind, steps: steps(r.steps) })) }
          : {}),
        ...(p.routesCutOff ? { routesCutOff: p.routesCutOff } : {}),
      };
    }),
  };
}

export const principalsOf = (paths: readonly Path[]): string[] => paths.map((p) => p.principal.label);

export { listSome };
