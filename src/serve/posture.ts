/**
 * From one posture run's collected evidence and judged results to the store's RunRecord: the workspace
 * identities, the evidence split into its stable part (stored compressed and deduplicated) and its
 * volatile collection part, the results, and the drift against the previous run with who changed what.
 */

import { evidenceChanges, type FieldChange } from "../diff/canonical.ts";
import type { WorkspaceEvidence } from "../evidence/model.ts";
import type { LifecyclePolicy } from "../findings/lifecycle.ts";
import type { ResultsDocument } from "../reports/results-document.ts";
import { isSuppressed } from "../reports/shared.ts";
import type { Store } from "../store/index.ts";
import type {
  RecordedResult,
  RunRecord,
  SettingChangeRecord,
  WorkspaceIdentityRecord,
  WorkspaceRunRecord,
} from "../store/record.ts";
import { type AuditChangeEvent, attribute } from "./attribution.ts";

/** A workspace's stable identity across runs: its ARM resource id, else its host, else its name. */
export function workspaceKey(identity: { name: string; host: string | null; resourceId: string | null }): string {
  if (identity.resourceId) return `rid:${identity.resourceId.toLowerCase()}`;
  if (identity.host) return `host:${identity.host.toLowerCase().replace(/\/+$/, "")}`;
  return `name:${identity.name.toLowerCase()}`;
}

/** The evidence without its volatile collection times and counts (those change every read). */
export function stableEvidence(evidence: WorkspaceEvidence): { stable: unknown; collection: Record<string, unknown> } {
  const { startedAt, finishedAt, requests, retries, ...kept } = evidence.collection;
  return { stable: { ...evidence, collection: kept }, collection: { startedAt, finishedAt, requests, retries } };
}

function identityOf(evidence: WorkspaceEvidence): WorkspaceIdentityRecord {
  const w = evidence.workspace;
  const tags = evidence.azure.tags.status === "known" ? evidence.azure.tags.value : {};
  return {
    key: workspaceKey(w),
    name: w.name,
    host: w.host,
    resourceId: w.resourceId,
    workspaceId: w.workspaceId,
    location: w.location,
    tags,
  };
}

/** Setting names a result's evidence mentions, to relate a finding to the settings changed in its run. */
function relatedTo(result: ResultsDocument["workspaces"][number]["results"][number], change: FieldChange): boolean {
  const words = result.evidence.map((e) => `${e.label} ${e.source}`.toLowerCase()).join(" ");
  const parts = change.path.split(/[.[\]=]/).filter((p) => p.length > 3);
  const setting = parts.find((_, i) => i > 0 && parts[i - 1] === "workspaceConf") ?? parts[1] ?? "";
  return setting !== "" && words.includes(setting.toLowerCase().replace(/s$/, ""));
}

export interface PostureInput {
  runId: number;
  owner: string;
  target: string;
  startedAt: Date;
  finishedAt: Date;
  evidence: readonly WorkspaceEvidence[];
  document: ResultsDocument;
  /** Settings-changing audit events since the previous run (null: no audit source configured). */
  auditEvents: readonly AuditChangeEvent[] | null;
  policy: LifecyclePolicy;
  discoveryComplete: boolean;
}

export async function postureRecord(
  store: Store,
  input: PostureInput,
): Promise<{ record: RunRecord; related: (checkId: string, changes: SettingChangeRecord[]) => SettingChangeRecord[] }> {
  const at = input.document.generatedAt;
  const workspaces: WorkspaceRunRecord[] = [];
  const resultsByKey = new Map<string, ResultsDocument["workspaces"][number]>();
  input.evidence.forEach((evidence, index) => {
    const result = input.document.workspaces[index];
    if (result) resultsByKey.set(workspaceKey(evidence.workspace), result);
  });
  for (const [index, evidence] of input.evidence.entries()) {
    const identity = identityOf(evidence);
    const result = input.document.workspaces[index];
    if (!result) continue;
    const { stable, collection } = stableEvidence(evidence);
    const previous = await store.previousEvidence(identity.key);
    const fatal = evidence.collection.problems.some((p) => p.fatal);
    // No drift against nothing, nor from a workspace that could not be read at all (every field would "change").
    const changes = previous && !fatal ? evidenceChanges(previous.evidence, stable) : [];
    const attributed = attribute(changes, input.auditEvents ?? [], {
      workspaceId: identity.workspaceId,
      resourceId: identity.resourceId,
    });
    const at2 = new Date(at);
    const checkResults: RecordedResult[] = result.results.map((r) => ({
      checkId: r.checkId,
      title: r.title,
      severity: r.severity,
      status: r.status,
      message: r.message,
      resources: [...r.resources],
      threats: [...r.threats],
      controls: [...r.controls],
      suppressed: r.status === "fail" && isSuppressed(r, at2),
      ...(r.suppression ? { suppression: r.suppression } : {}),
    }));
    workspaces.push({
      identity,
      score: result.score,
      counts: result.counts,
      readAs: evidence.collection.readAs ?? null,
      problems: evidence.collection.problems,
      evidence: stable,
      collection,
      results: result,
      checkResults,
      settingChanges: attributed.map((c) => ({
        path: c.path,
        before: c.before,
        after: c.after,
        actor: c.actor,
        actorTime: c.actorTime,
        sourceIp: c.sourceIp,
        requestId: c.requestId,
        auditAction: c.auditAction,
      })),
    });
  }
  const fatalRun = (input.document.problems ?? []).some((p) => p.fatal);
  const unreadable = workspaces.filter((w) => w.problems.some((p) => p.fatal)).length;
  const status: RunRecord["status"] =
    workspaces.length === 0 ? "failed" : fatalRun || unreadable > 0 ? "partial" : "succeeded";
  const record: RunRecord = {
    runId: input.runId,
    owner: input.owner,
    target: input.target,
    kind: "posture",
    startedAt: input.startedAt.toISOString(),
    finishedAt: at,
    status,
    problems: input.document.problems ?? [],
    workspaces,
    discoveryComplete: input.discoveryComplete && !fatalRun,
    policy: input.policy,
    summary: {
      workspaces: workspaces.length,
      unreadable,
      counts: input.document.summary.counts,
      settingChanges: workspaces.reduce((n, w) => n + w.settingChanges.length, 0),
      auditSource: input.auditEvents === null ? null : "configured",
    },
  };
  const related = (checkId: string, changes: SettingChangeRecord[]) => {
    const result = [...resultsByKey.values()].flatMap((w) => w.results).find((r) => r.checkId === checkId);
    if (!result) return [];
    return changes.filter((change) => relatedTo(result, change)).slice(0, 20);
  };
  return { record, related };
}
