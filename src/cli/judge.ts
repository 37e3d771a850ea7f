/** From evidence to a results document and an exit code: shared by scan and demo. */
import { CHECKS } from "../checks/registry.ts";
import { type Profile, SEVERITIES, type Severity } from "../checks/types.ts";
import { checksForProfile, evaluateWorkspace } from "../engine/evaluate.ts";
import { EXIT, InputError } from "../errors.ts";
import type { WorkspaceEvidence } from "../evidence/model.ts";
import { buildResultsDocument, type ResultsDocument } from "../reports/results-document.ts";

export type FailOn = Severity | "none";
export const FAIL_ON_CHOICES = [...SEVERITIES, "none"] as const;

export function judge(evidence: readonly WorkspaceEvidence[], profile: Profile, now = new Date()): ResultsDocument {
  const workspaces = evidence.map((workspace) => evaluateWorkspace(workspace, CHECKS, { profile, now }));
  return buildResultsDocument(workspaces, checksForProfile(CHECKS, profile), profile, now);
}

export function parseProfile(value: string): Profile {
  if (value === "standard" || value === "high") return value;
  throw new InputError(
    `unknown --profile ${value}`,
    "Profiles: standard (the guide's 'most deployments') and high ('highly-secure deployments').",
  );
}

/** 3 when a workspace could not be read at all, else 1 when a failure is at or above `failOn`, else 0. */
export function exitCodeFor(document: ResultsDocument, failOn: FailOn): number {
  if (document.workspaces.some((workspace) => workspace.collection.problems.some((problem) => problem.fatal)))
    return EXIT.incomplete;
  if (failOn === "none") return EXIT.ok;
  const threshold = SEVERITIES.indexOf(failOn);
  const failing = document.workspaces.some((workspace) =>
    workspace.results.some((result) => result.status === "fail" && SEVERITIES.indexOf(result.severity) <= threshold),
  );
  return failing ? EXIT.findings : EXIT.ok;
}
