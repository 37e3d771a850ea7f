/**
 * Recording a posture run through the store the way serve does (queue, claim, judge, postureRecord,
 * record), for the store tests. The audit source (optional) says mallory turned IP access lists off a
 * minute before the run.
 */
import { expect } from "vitest";
import { judge } from "../../src/cli/judge.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { postureRecord } from "../../src/serve/posture.ts";
import type { Store } from "../../src/store/index.ts";

export async function recordTestRun(
  store: Store,
  evidence: WorkspaceEvidence[],
  when: Date,
  options: { owner?: string; target?: string; withAudit?: boolean } = {},
) {
  const { owner = "test", target = "estate", withAudit = true } = options;
  await store.runs.syncTargets([{ name: target, kind: "posture", schedule: null, spec: {} }], when);
  const queued = await store.runs.enqueueNow(target, "api", "test", when);
  const run = await store.runs.claim(owner, 60_000, when);
  expect(run?.id).toBe(queued?.id);
  const document = judge(evidence, "standard", when);
  const { record, related } = await postureRecord(store, {
    runId: run!.id,
    owner,
    target,
    startedAt: when,
    finishedAt: when,
    evidence,
    document,
    auditEvents: withAudit
      ? [
          {
            time: new Date(when.getTime() - 60_000).toISOString(),
            workspace: evidence[0]!.workspace.workspaceId,
            service: "workspace",
            action: "workspaceConfEdit",
            principal: "mallory@example.com",
            sourceIp: "198.51.100.7",
            requestId: `req-${when.getTime()}`,
            params: { workspaceConfKeys: "enableIpAccessLists", workspaceConfValues: "false" },
          },
        ]
      : null,
    policy: { slaDays: { high: 30 } },
    discoveryComplete: true,
  });
  const outcome = await store.record(record, related);
  return { runId: run!.id, outcome };
}
