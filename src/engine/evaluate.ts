/** Runs the checks of a profile over one workspace's evidence and collects the results. */
import { combineParts } from "../checks/combined/define.ts";
import { createContext, type EvidenceUses, MissingEvidence } from "../checks/evidence-access.ts";
import type { Category, Check, EvidenceUse, Profile, ResultPaths, Severity, Status, Threat } from "../checks/types.ts";
import type { SourceLocation } from "../evidence/fact.ts";
import type { WorkspaceEvidence, WorkspaceIdentity } from "../evidence/model.ts";
import { emptyCounts, type StatusCounts, score } from "./score.ts";

export interface CheckResult {
  checkId: string;
  title: string;
  category: Category;
  severity: Severity;
  profile: Profile;
  threats: Threat[];
  controls: string[];
  status: Status;
  message: string;
  resources: string[];
  evidence: EvidenceUse[];
  /**
   * Set when a suppression from the config file applies. The status stays what the check found; a
   * suppressed failure does not count towards --fail-on and reports show it apart, with the reason.
   */
  suppression?: Suppression;
  /** For `manual` checks: the attestation from the config file that answers it. */
  attestation?: Attestation;
  /** For IaC scans: where the judged configuration is declared. */
  locations?: SourceLocation[];
  /** The permission paths the finding names (IAM-20…22), for the path graph view. */
  paths?: ResultPaths;
}

export interface Suppression {
  reason: string;
  /** ISO date after which the suppression stops applying; null for none. */
  expires: string | null;
  /** What it was scoped to, e.g. a workspace name, or "*". */
  scope: string;
}

export interface Attestation {
  by: string;
  date: string;
  evidence: string;
  expires: string | null;
}

export interface WorkspaceResult {
  workspace: WorkspaceIdentity;
  collection: WorkspaceEvidence["collection"];
  score: number | null;
  counts: StatusCounts;
  results: CheckResult[];
}

export interface EvaluateOptions {
  profile: Profile;
  /** Overrides of check thresholds, keyed `CHECK-ID.name` (e.g. `IAM-02.maxAdmins`). */
  thresholds?: Record<string, number>;
  /** Overrides of check lists, keyed `CHECK-ID.name` (e.g. `GOV-07.requiredTags`). */
  lists?: Record<string, readonly string[]>;
  now?: Date;
}

export function checksForProfile(checks: readonly Check[], profile: Profile): Check[] {
  return checks.filter((check) => profile === "high" || check.meta.profile === "standard");
}

/**
 * What every result of a check carries from its metadata, made once per check: an IaC scan of thousands of
 * stacks holds over 100,000 results, and two fresh arrays in each were about 10 MiB (bench:iac). The arrays
 * are frozen, so a consumer that tried to change one would fail loudly rather than change them all.
 */
const baseOf = new WeakMap<
  Check,
  Pick<CheckResult, "checkId" | "title" | "category" | "severity" | "profile" | "threats" | "controls">
>();

function resultBase(check: Check) {
  let base = baseOf.get(check);
  if (!base) {
    base = {
      checkId: check.meta.id,
      title: check.meta.title,
      category: check.meta.category,
      severity: check.meta.severity,
      profile: check.meta.profile,
      threats: Object.freeze([...check.meta.threats]) as Threat[],
      controls: Object.freeze([...check.meta.controls]) as string[],
    };
    baseOf.set(check, base);
  }
  return base;
}

/** A check's thresholds and lists with the options' overrides, once per options object and check. */
const settingsOf = new WeakMap<
  EvaluateOptions,
  Map<Check, { thresholds: Record<string, number>; lists: Record<string, readonly string[]> }>
>();

function settings(check: Check, options: EvaluateOptions) {
  let byCheck = settingsOf.get(options);
  if (!byCheck) {
    byCheck = new Map();
    settingsOf.set(options, byCheck);
  }
  let found = byCheck.get(check);
  if (!found) {
    found = {
      thresholds: Object.fromEntries(
        Object.entries(check.meta.thresholds ?? {}).map(([name, spec]) => [
          name,
          options.thresholds?.[`${check.meta.id}.${name}`] ?? spec.default,
        ]),
      ),
      lists: Object.fromEntries(
        Object.entries(check.meta.lists ?? {}).map(([name, spec]) => [
          name,
          options.lists?.[`${check.meta.id}.${name}`] ?? spec.default,
        ]),
      ),
    };
    byCheck.set(check, found);
  }
  return found;
}

/** IaC results point at where the facts they used are declared (distinct file:line, in order of use). */
function locationsOf(used: readonly EvidenceUse[]): { locations?: SourceLocation[] } {
  const locations: SourceLocation[] = [];
  for (const use of used) {
    const at = use.location;
    if (at && !locations.some((l) => l.file === at.file && l.line === at.line)) locations.push(at);
  }
  return locations.length ? { locations } : {};
}

/** A combined finding: its parts evaluated as on their own, then combined (checks/combined/define.ts). */
function evaluateCombined(
  check: Check,
  parts: readonly Check[],
  evidence: WorkspaceEvidence,
  options: EvaluateOptions,
  uses?: EvidenceUses,
): CheckResult {
  const results = parts.map((part) => evaluateCheck(part, evidence, options, uses));
  const verdict = combineParts(
    results.map((r) => ({ id: r.checkId, title: r.title, status: r.status, message: r.message })),
  );
  const used: EvidenceUse[] = [];
  for (const use of results.flatMap((r) => r.evidence))
    if (!used.some((u) => u.label === use.label && u.source === use.source)) used.push(use);
  return {
    ...resultBase(check),
    status: verdict.status,
    message: verdict.message,
    // One finding about the workspace: the parts' own findings name the resources.
    resources: [],
    evidence: used,
    ...locationsOf(used),
  };
}

export function evaluateCheck(
  check: Check,
  evidence: WorkspaceEvidence,
  options: EvaluateOptions,
  uses?: EvidenceUses,
): CheckResult {
  if (check.parts) return evaluateCombined(check, check.parts, evidence, options, uses);
  const { thresholds, lists } = settings(check, options);
  const { context, used } = createContext(thresholds, options.now ?? new Date(), lists, uses);
  const base = resultBase(check);
  try {
    const verdict = check.evaluate(evidence, context);
    // A list that may be incomplete can show a failure, never its absence: no pass (nor "does not apply")
    // rests on it.
    const incomplete = used.find((use) => use.partial);
    if (incomplete && (verdict.status === "pass" || verdict.status === "not_applicable")) {
      return {
        ...base,
        status: "unknown",
        message: `${incomplete.label} may be incomplete (${incomplete.partial}), so this cannot be shown to ${verdict.status === "pass" ? "pass" : "not apply"}; on what was visible: ${verdict.message}`,
        resources: verdict.resources ?? [],
        evidence: used,
        ...locationsOf(used),
        ...(verdict.paths ? { paths: verdict.paths } : {}),
      };
    }
    return {
      ...base,
      status: verdict.status,
      message: verdict.message,
      resources: verdict.resources ?? [],
      evidence: used,
      ...locationsOf(used),
      ...(verdict.paths ? { paths: verdict.paths } : {}),
    };
  } catch (error) {
    if (error instanceof MissingEvidence) {
      return {
        ...base,
        status: "unknown",
        // A setting that was read but decides nothing is not "could not read".
        message: `${error.read ? "cannot judge" : "could not read"} ${error.label}: ${error.reason}`,
        resources: [],
        evidence: used,
        ...locationsOf(used),
      };
    }
    // A bug in a check must not turn into a pass, nor stop the other checks.
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      status: "unknown",
      message: `check failed to evaluate (a lakeward bug, please report it): ${message}`,
      resources: [],
      evidence: used,
    };
  }
}

export function evaluateWorkspace(
  evidence: WorkspaceEvidence,
  checks: readonly Check[],
  options: EvaluateOptions,
): WorkspaceResult {
  // One workspace's results share the evidence uses of the facts they read (one object per fact and label).
  const uses: EvidenceUses = new WeakMap();
  const results = checksForProfile(checks, options.profile).map((check) =>
    evaluateCheck(check, evidence, options, uses),
  );
  const counts = emptyCounts();
  for (const result of results) counts[result.status]++;
  return { workspace: evidence.workspace, collection: evidence.collection, score: score(results), counts, results };
}
