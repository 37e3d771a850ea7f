/**
 * What every report format needs besides the results document: the check metadata (rationale, fixes,
 * mappings) joined from the registry, how a result is displayed (a suppressed failure is still a
 * failure, shown apart), and small text helpers. Renderers read metadata from here, never from a list of
 * check ids of their own.
 */
import { findCheck } from "../checks/registry.ts";
import type { Category, Profile, Severity, Status, Threat } from "../checks/types.ts";
import { severityRank } from "../output/severity.ts";
import type { ResultsDocument } from "./results-document.ts";

export type WorkspaceReport = ResultsDocument["workspaces"][number];
export type ResultEntry = WorkspaceReport["results"][number];

/** A check as the reports describe it: the document's summary plus the registry's text, when known. */
export interface CheckInfo {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  profile: Profile;
  threats: Threat[];
  controls: string[];
  cis: string[];
  sat: string[];
  guide: string[];
  /** Null when the check is not in this lakeward's registry (a results file from another version). */
  rationale: string | null;
  remediation: { ui: string; terraform: string } | null;
}

/** The checks a document ran, by id, with rationale and fixes from the registry. */
export function checkCatalogue(document: ResultsDocument): Map<string, CheckInfo> {
  const catalogue = new Map<string, CheckInfo>();
  for (const summary of document.checks) {
    const meta = findCheck(summary.id)?.meta;
    catalogue.set(summary.id, {
      id: summary.id,
      title: summary.title,
      category: summary.category,
      severity: summary.severity,
      profile: summary.profile,
      threats: [...summary.threats],
      controls: [...summary.controls],
      cis: [...summary.cis],
      sat: [...(meta?.sat ?? [])],
      guide: [...summary.guide],
      rationale: meta?.rationale ?? null,
      remediation: meta ? { ...meta.remediation } : null,
    });
  }
  // Results of a check the document does not list (hand-edited or merged files) still get an entry.
  for (const workspace of document.workspaces) {
    for (const result of workspace.results) {
      if (catalogue.has(result.checkId)) continue;
      const meta = findCheck(result.checkId)?.meta;
      catalogue.set(result.checkId, {
        id: result.checkId,
        title: result.title,
        category: result.category,
        severity: result.severity,
        profile: result.profile,
        threats: [...result.threats],
        controls: [...result.controls],
        cis: [...(meta?.cis ?? [])],
        sat: [...(meta?.sat ?? [])],
        guide: [...(meta?.guide ?? [])],
        rationale: meta?.rationale ?? null,
        remediation: meta ? { ...meta.remediation } : null,
      });
    }
  }
  return catalogue;
}

/** A date-only expiry ("2026-12-31") lasts to the end of that day (UTC). */
function expiryTime(expires: string): number {
  const time = Date.parse(expires);
  return /^\d{4}-\d{2}-\d{2}$/.test(expires) ? time + 86_400_000 - 1 : time;
}

/**
 * True when a suppression applies to the result at `at`: present and not expired. A suppressed result
 * keeps the status the check found; it only stops counting towards --fail-on and is shown apart.
 */
export function isSuppressed(result: Pick<ResultEntry, "suppression">, at: Date): boolean {
  const suppression = result.suppression;
  if (!suppression) return false;
  if (suppression.expires === null) return true;
  const until = expiryTime(suppression.expires);
  return Number.isNaN(until) || at.getTime() <= until;
}

/** How a result is shown: its status, with suppressed failures and attested manual checks apart. */
export type DisplayStatus = "fail" | "unknown" | "suppressed" | "manual" | "attested" | "pass" | "not_applicable";

export const DISPLAY_ORDER: readonly DisplayStatus[] = [
  "fail",
  "unknown",
  "suppressed",
  "manual",
  "attested",
  "pass",
  "not_applicable",
];

export const DISPLAY_LABEL: Record<DisplayStatus, string> = {
  fail: "fail",
  unknown: "unknown",
  suppressed: "fail (suppressed)",
  manual: "manual (no attestation)",
  attested: "manual (attested)",
  pass: "pass",
  not_applicable: "n/a",
};

export function displayStatus(result: ResultEntry, at: Date): DisplayStatus {
  if (result.status === "fail" && isSuppressed(result, at)) return "suppressed";
  if (result.status === "manual") return result.attestation ? "attested" : "manual";
  return result.status;
}

export const STATUS_LABEL: Record<Status, string> = {
  pass: "pass",
  fail: "fail",
  unknown: "unknown",
  not_applicable: "n/a",
  manual: "manual",
};

export { severityRank };

/** Results in reading order: failures first, then unknown, …; within a status by severity, then id. */
export function compareResults(a: ResultEntry, b: ResultEntry, at: Date): number {
  return (
    DISPLAY_ORDER.indexOf(displayStatus(a, at)) - DISPLAY_ORDER.indexOf(displayStatus(b, at)) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    a.checkId.localeCompare(b.checkId, "en", { numeric: true })
  );
}

/** When the document was generated (the reference time for suppression expiry); now if unreadable. */
export function documentTime(document: Pick<ResultsDocument, "generatedAt">): Date {
  const time = Date.parse(document.generatedAt);
  return Number.isNaN(time) ? new Date() : new Date(time);
}

/** An evidence value as one line of text, cut to `max` characters. */
export function formatValue(value: unknown, max = 400): string {
  let text: string;
  if (value === undefined) text = "(absent)";
  else if (typeof value === "string") text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** True when a workspace could not be read at all. */
export function isUnreadable(workspace: WorkspaceReport): boolean {
  return workspace.collection.problems.some((problem) => problem.fatal);
}

/** Where a run-level problem (a subscription or config target not read) shows in per-workspace tables. */
export const RUN_PROBLEM_SCOPE = "(run)";

/** Every collection problem of a document: the run's own first, then each workspace's. */
export function documentProblems(
  document: ResultsDocument,
): (WorkspaceReport["collection"]["problems"][number] & { workspace: string })[] {
  return [
    ...(document.problems ?? []).map((problem) => ({ workspace: RUN_PROBLEM_SCOPE, ...problem })),
    ...document.workspaces.flatMap((workspace) =>
      workspace.collection.problems.map((problem) => ({ workspace: workspace.workspace.name, ...problem })),
    ),
  ];
}

/** The run-level problems that make the run incomplete (e.g. a subscription whose workspaces were not listed). */
export function runFailures(document: ResultsDocument): NonNullable<ResultsDocument["problems"]> {
  return (document.problems ?? []).filter((problem) => problem.fatal);
}
