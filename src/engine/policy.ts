/**
 * What the config file adds to the verdicts: suppressions (an accepted risk, with a reason and an
 * expiry) and attestations (the answer to a manual check). A suppression keeps the status the check
 * found and only marks it; an expired one stops applying and the message says so. A valid attestation
 * turns a manual result into a pass that carries who attested, when and with what evidence.
 */
import type { LakewardConfig } from "../config/config.ts";
import type { CheckResult, WorkspaceResult } from "./evaluate.ts";
import { emptyCounts, score } from "./score.ts";

/** Case-insensitive match of a name against a glob whose only wildcard is `*`. */
export function globMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");
  return regex.test(value);
}

const expired = (expires: string | undefined, now: Date) =>
  expires !== undefined && Date.parse(`${expires}T23:59:59Z`) < now.getTime();

function applyToResult(result: CheckResult, workspace: string, config: LakewardConfig, now: Date): CheckResult {
  let next = result;
  const suppression = (config.suppressions ?? []).find(
    (s) => s.check === result.checkId && globMatches(s.scope, workspace),
  );
  if (suppression && (result.status === "fail" || result.status === "unknown")) {
    next = expired(suppression.expires, now)
      ? {
          ...next,
          message: `${next.message} (a suppression expired on ${suppression.expires} and no longer applies: ${suppression.reason})`,
        }
      : {
          ...next,
          suppression: { reason: suppression.reason, expires: suppression.expires ?? null, scope: suppression.scope },
        };
  }
  const attestation = (config.attestations ?? []).find(
    (a) => a.check === result.checkId && globMatches(a.scope, workspace),
  );
  if (attestation && result.status === "manual") {
    next = expired(attestation.expires, now)
      ? {
          ...next,
          message: `the attestation by ${attestation.by} expired on ${attestation.expires}; attest again. ${next.message}`,
        }
      : {
          ...next,
          status: "pass",
          message: `attested by ${attestation.by} on ${attestation.date}: ${attestation.evidence}`,
          attestation: {
            by: attestation.by,
            date: attestation.date,
            evidence: attestation.evidence,
            expires: attestation.expires ?? null,
          },
        };
  }
  return next;
}

export function applyPolicy(workspace: WorkspaceResult, config: LakewardConfig, now: Date): WorkspaceResult {
  if (!config.suppressions?.length && !config.attestations?.length) return workspace;
  const results = workspace.results.map((result) => applyToResult(result, workspace.workspace.name, config, now));
  const counts = emptyCounts();
  for (const result of results) counts[result.status]++;
  return { ...workspace, results, counts, score: score(results) };
}
