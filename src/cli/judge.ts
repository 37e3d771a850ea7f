/** From evidence to a results document and an exit code: shared by scan and demo. */
import { CHECKS } from "../checks/registry.ts";
import { type Check, type Profile, SEVERITIES, type Severity } from "../checks/types.ts";
import type { LakewardConfig } from "../config/config.ts";
import { checksForProfile, evaluateWorkspace } from "../engine/evaluate.ts";
import { applyPolicy } from "../engine/policy.ts";
import { EXIT, InputError } from "../errors.ts";
import type { WorkspaceEvidence } from "../evidence/model.ts";
import { buildResultsDocument, type ResultsDocument } from "../reports/results-document.ts";
import { documentTime, isSuppressed } from "../reports/shared.ts";

export type FailOn = Severity | "none";
export const FAIL_ON_CHOICES = [...SEVERITIES, "none"] as const;

/**
 * Evaluates every workspace with `checks` (all of them unless a selection was given); the config's
 * thresholds, lists, suppressions and attestations apply.
 */
export function judge(
  evidence: readonly WorkspaceEvidence[],
  profile: Profile,
  now = new Date(),
  config: LakewardConfig = {},
  problems: NonNullable<ResultsDocument["problems"]> = [],
  checks: readonly Check[] = CHECKS,
): ResultsDocument {
  const options = {
    profile,
    now,
    ...(config.thresholds ? { thresholds: config.thresholds } : {}),
    ...(config.lists ? { lists: config.lists } : {}),
  };
  const workspaces = evidence.map((workspace) =>
    applyPolicy(evaluateWorkspace(workspace, checks, options), config, now),
  );
  return buildResultsDocument(workspaces, checksForProfile(checks, profile), profile, now, problems);
}

export function parseProfile(value: string): Profile {
  if (value === "standard" || value === "high") return value;
  throw new InputError(
    `unknown --profile ${value}`,
    "Profiles: standard (the guide's 'most deployments') and high ('highly-secure deployments').",
  );
}

/** True when a severity is at or above the --fail-on threshold ("none" never is). */
export function atOrAbove(severity: Severity, failOn: FailOn): boolean {
  return failOn !== "none" && SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}

/**
 * 3 when a workspace could not be read at all or nothing was judged, else 1 when an unsuppressed failure is at or above
 * `failOn`, else 0. A suppressed failure (reason and expiry in the config file) does not count until
 * its suppression expires; unknown results do not fail the gate but are reported loudly.
 */
export function exitCodeFor(document: ResultsDocument, failOn: FailOn): number {
  if (
    document.problems?.some((problem) => problem.fatal) ||
    document.workspaces.some((workspace) => workspace.collection.problems.some((problem) => problem.fatal))
  )
    return EXIT.incomplete;
  if (judgedNothing(document)) return EXIT.incomplete;
  const at = documentTime(document);
  const failing = document.workspaces.some((workspace) =>
    workspace.results.some(
      (result) => result.status === "fail" && atOrAbove(result.severity, failOn) && !isSuppressed(result, at),
    ),
  );
  return failing ? EXIT.findings : EXIT.ok;
}

/**
 * Workspaces were read but not one result passed or failed (every one unknown, manual or not applicable):
 * nothing was judged, so the run may not end 0 — a scan whose every call failed (credentials the SDK
 * refuses to combine, a proxy answering everything with HTML) must not look like a clean one.
 */
function judgedNothing(document: ResultsDocument): boolean {
  return (
    document.workspaces.length > 0 &&
    !document.workspaces.some((workspace) =>
      workspace.results.some((result) => result.status === "pass" || result.status === "fail"),
    )
  );
}

/** Why exitCodeFor gives the code it gives, in one line a pipeline log can show. */
export function exitReason(document: ResultsDocument, failOn: FailOn): string {
  const code = exitCodeFor(document, failOn);
  const unreadable = document.workspaces.filter((workspace) => workspace.collection.problems.some((p) => p.fatal));
  const runFailures = (document.problems ?? []).filter((problem) => problem.fatal);
  if (code === EXIT.incomplete) {
    const parts = [
      ...(unreadable.length
        ? [`${unreadable.length} workspace${unreadable.length === 1 ? "" : "s"} could not be read at all`]
        : []),
      ...(runFailures.length
        ? [
            `${runFailures.length} target${runFailures.length === 1 ? "" : "s"} or subscription${runFailures.length === 1 ? "" : "s"} could not be read`,
          ]
        : []),
      ...(judgedNothing(document) && !unreadable.length && !runFailures.length
        ? ["nothing could be judged: no result passed or failed (see the unknown results' reasons)"]
        : []),
    ];
    return `exit ${code}: incomplete — ${parts.join("; ")}`;
  }
  const at = documentTime(document);
  const results = document.workspaces.flatMap((workspace) => workspace.results);
  const unknown = results.filter((result) => result.status === "unknown").length;
  const unknownNote = unknown
    ? `; ${unknown} result${unknown === 1 ? " is" : "s are"} unknown (never counted as a pass)`
    : "";
  const threshold = failOn === "none" ? "--fail-on none" : `--fail-on ${failOn}`;
  if (code === EXIT.findings) {
    const failing = results.filter(
      (result) => result.status === "fail" && atOrAbove(result.severity, failOn) && !isSuppressed(result, at),
    );
    const bySeverity = SEVERITIES.map(
      (severity) => [severity, failing.filter((r) => r.severity === severity).length] as const,
    )
      .filter(([, count]) => count > 0)
      .map(([severity, count]) => `${count} ${severity}`);
    return `exit ${code}: ${failing.length} failed result${failing.length === 1 ? "" : "s"} at or above ${threshold} (${bySeverity.join(", ")})${unknownNote}`;
  }
  const failed = results.filter((result) => result.status === "fail").length;
  return `exit ${code}: ${failOn === "none" ? "--fail-on none never fails the run" : `no unsuppressed failure at or above ${threshold}`}${failed ? ` (${failed} below it or suppressed)` : ""}${unknownNote}`;
}
