/**
 * Finding lifecycle: pure functions over stored findings and one run's results, tested like checks.
 *
 * A finding is (workspace, check, resource): a failing check with resources [a, b] makes two findings; a
 * failing check that names no resource makes one, about the workspace itself (resource ""). States:
 *
 *   open        failing now                                  overdue   open past its due date (SLA)
 *   unknown     was open; its evidence became unreadable     suppressed  failing, a config suppression applies
 *   accepted    failing, waived (owner, reason, expiry)      fixed     no longer failing
 *
 * Unknown is never "fixed": a finding whose evidence could not be read stays unresolved until a run reads
 * it again. A waiver lapses by itself: at the first run after its expiry the finding is open again.
 */
import type { Severity, Status } from "../checks/types.ts";
import type { AlertEventKind, FindingState } from "../results/alert-event.ts";

export interface Waiver {
  owner: string;
  reason: string;
  /** ISO date or time; a date lasts to the end of that day (UTC). */
  expires: string;
  /** Who recorded it (the API token's name). */
  by: string;
  at: string;
}

export interface Finding {
  key: string;
  workspaceKey: string;
  checkId: string;
  resource: string;
  title: string;
  severity: Severity;
  state: FindingState;
  message: string;
  threats: string[];
  controls: string[];
  firstSeenAt: string;
  lastSeenAt: string;
  /** When the current open period began: first seen, or the last reopening. */
  openedAt: string;
  fixedAt: string | null;
  reopenCount: number;
  reopenedAt: string | null;
  dueAt: string | null;
  timeToFixSeconds: number | null;
  suppression: { reason: string; expires: string | null; scope: string } | null;
  acceptance: Waiver | null;
}

/** What one run says about one check of one workspace (a CheckResult, as far as the lifecycle reads it). */
export interface ObservedResult {
  checkId: string;
  title: string;
  severity: Severity;
  status: Status;
  message: string;
  resources: readonly string[];
  threats: readonly string[];
  controls: readonly string[];
  suppression?: { reason: string; expires: string | null; scope: string } | undefined;
}

export interface Observation {
  workspaceKey: string;
  /** The run's finish time: what every transition is dated. */
  at: string;
  /** The workspace could not be read at all: every open finding becomes unknown. */
  unreadable: boolean;
  results: readonly ObservedResult[];
}

export interface LifecyclePolicy {
  /** Days to fix, per severity; a finding open longer is overdue. */
  slaDays?: Partial<Record<Severity, number>>;
}

export interface Transition {
  finding: Finding;
  from: FindingState | null;
  to: FindingState;
  /** The alert event this transition raises, if any. */
  event: AlertEventKind | null;
  note: string | null;
}

const DAY_MS = 86_400_000;

/** A date-only expiry lasts to the end of that day (UTC). */
export function expiryTime(expires: string): number {
  const time = Date.parse(expires);
  return /^\d{4}-\d{2}-\d{2}$/.test(expires) ? time + DAY_MS - 1 : time;
}

function active(expires: string | null, at: string): boolean {
  if (expires === null) return true;
  const until = expiryTime(expires);
  return Number.isNaN(until) || Date.parse(at) <= until;
}

export function findingKey(workspaceKey: string, checkId: string, resource: string): string {
  return `${workspaceKey}|${checkId}|${resource}`;
}

function dueAt(openedAt: string, severity: Severity, policy: LifecyclePolicy): string | null {
  const days = policy.slaDays?.[severity];
  return days === undefined ? null : new Date(Date.parse(openedAt) + days * DAY_MS).toISOString();
}

/** The state a finding that is failing now should be in. */
function failingState(
  finding: Pick<Finding, "acceptance" | "dueAt">,
  suppression: ObservedResult["suppression"],
  at: string,
): FindingState {
  if (suppression && active(suppression.expires, at)) return "suppressed";
  if (finding.acceptance && active(finding.acceptance.expires, at)) return "accepted";
  if (finding.dueAt && Date.parse(finding.dueAt) <= Date.parse(at)) return "overdue";
  return "open";
}

const OPEN_STATES: readonly FindingState[] = ["open", "overdue"];

/** The failing resources of a result: its named resources, or the workspace itself (""). */
function failingResources(result: ObservedResult): string[] {
  return result.resources.length ? [...new Set(result.resources)] : [""];
}

/**
 * Moves the findings of one workspace forward by one run. Returns every finding of the workspace (updated
 * and new) and the transitions, each with the alert event it raises.
 */
export function advance(
  previous: readonly Finding[],
  observation: Observation,
  policy: LifecyclePolicy = {},
): { findings: Finding[]; transitions: Transition[] } {
  const { at } = observation;
  const byCheck = new Map(observation.results.map((result) => [result.checkId, result]));
  const transitions: Transition[] = [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const move = (before: Finding, after: Finding, event: AlertEventKind | null, note: string | null = null) => {
    findings.push(after);
    if (before.state !== after.state)
      transitions.push({ finding: after, from: before.state, to: after.state, event, note });
  };

  for (const finding of previous) {
    seen.add(finding.key);
    const result = byCheck.get(finding.checkId);
    if (observation.unreadable || result?.status === "unknown") {
      const reason = observation.unreadable ? "the workspace could not be read" : result!.message;
      if (OPEN_STATES.includes(finding.state))
        move(finding, { ...finding, state: "unknown", message: reason }, "evidence_unreadable", reason);
      else findings.push(finding);
      continue;
    }
    // Not judged this run (another profile, a manual check): nothing is known to have changed.
    if (!result || result.status === "manual") {
      findings.push(finding);
      continue;
    }
    const failing = result.status === "fail" && failingResources(result).includes(finding.resource);
    if (!failing) {
      if (finding.state === "fixed") findings.push(finding);
      else
        move(
          finding,
          {
            ...finding,
            state: "fixed",
            fixedAt: at,
            timeToFixSeconds: Math.max(0, Math.round((Date.parse(at) - Date.parse(finding.openedAt)) / 1000)),
            acceptance: null,
          },
          "resolved",
        );
      continue;
    }
    const base: Finding = {
      ...finding,
      title: result.title,
      severity: result.severity,
      message: result.message,
      threats: [...result.threats],
      controls: [...result.controls],
      lastSeenAt: at,
      suppression: result.suppression ?? null,
    };
    if (finding.state === "fixed") {
      const reopened: Finding = {
        ...base,
        openedAt: at,
        fixedAt: null,
        reopenCount: finding.reopenCount + 1,
        reopenedAt: at,
        timeToFixSeconds: null,
        acceptance: null,
        dueAt: dueAt(at, result.severity, policy),
      };
      const state = failingState(reopened, result.suppression, at);
      move(finding, { ...reopened, state }, OPEN_STATES.includes(state) ? "reopened" : null);
      continue;
    }
    const waiverLapsed = finding.acceptance !== null && !active(finding.acceptance.expires, at);
    const current: Finding = { ...base, acceptance: waiverLapsed ? null : finding.acceptance };
    const state = failingState(current, result.suppression, at);
    const next: Finding = { ...current, state };
    let event: AlertEventKind | null = null;
    let note: string | null = null;
    if (state === "overdue" && finding.state !== "overdue") event = "overdue";
    if (OPEN_STATES.includes(state) && finding.state === "accepted") {
      event = "reopened";
      note = "the waiver expired";
    }
    if (OPEN_STATES.includes(state) && finding.state === "suppressed") {
      event = "new_failure";
      note = "the suppression no longer applies";
    }
    move(finding, next, event, note);
  }

  for (const result of observation.results) {
    if (observation.unreadable || result.status !== "fail") continue;
    for (const resource of failingResources(result)) {
      const key = findingKey(observation.workspaceKey, result.checkId, resource);
      if (seen.has(key)) continue;
      seen.add(key);
      const created: Finding = {
        key,
        workspaceKey: observation.workspaceKey,
        checkId: result.checkId,
        resource,
        title: result.title,
        severity: result.severity,
        state: "open",
        message: result.message,
        threats: [...result.threats],
        controls: [...result.controls],
        firstSeenAt: at,
        lastSeenAt: at,
        openedAt: at,
        fixedAt: null,
        reopenCount: 0,
        reopenedAt: null,
        dueAt: dueAt(at, result.severity, policy),
        timeToFixSeconds: null,
        suppression: result.suppression ?? null,
        acceptance: null,
      };
      const state = failingState(created, result.suppression, at);
      const finding = { ...created, state };
      findings.push(finding);
      transitions.push({
        finding,
        from: null,
        to: state,
        event: OPEN_STATES.includes(state) ? "new_failure" : null,
        note: null,
      });
    }
  }
  return { findings, transitions };
}

/** An admin's waiver: the finding is accepted until the expiry, then opens again by itself. */
export function accept(finding: Finding, waiver: Waiver): { finding: Finding; transition: Transition | null } {
  if (finding.state === "fixed") return { finding, transition: null };
  if (!active(waiver.expires, waiver.at)) return { finding, transition: null };
  const next: Finding = { ...finding, state: "accepted", acceptance: { ...waiver } };
  return {
    finding: next,
    transition: { finding: next, from: finding.state, to: "accepted", event: null, note: `accepted by ${waiver.by}` },
  };
}
