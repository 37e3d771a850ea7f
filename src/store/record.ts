/**
 * Writing one finished run into the store: one transaction, so a server killed halfway leaves nothing
 * half-written (the run stays `running` until its lease lapses, then it is marked interrupted). The write
 * only happens while this server still holds the run's claim; a run taken over by another server is not
 * recorded twice.
 */
import type { Kysely, Transaction } from "kysely";
import type { Severity } from "../checks/types.ts";
import type { Watermark } from "../detect/state.ts";
import { advance, type Finding, type LifecyclePolicy, type Transition } from "../findings/lifecycle.ts";
import { type AlertEvent, alertEventId, type RunStatus } from "../results/alert-event.ts";
import { encodeBlob } from "./blobs.ts";
import { type DailyScoreInput, rollUpRun, utcDay } from "./rollup.ts";
import type { Database, FindingRow } from "./schema.ts";

export interface WorkspaceIdentityRecord {
  key: string;
  name: string;
  host: string | null;
  resourceId: string | null;
  workspaceId: string | null;
  location: string | null;
  tags: Record<string, string>;
}

export interface RecordedResult {
  checkId: string;
  title: string;
  severity: Severity;
  status: "pass" | "fail" | "unknown" | "not_applicable" | "manual";
  message: string;
  resources: string[];
  threats: string[];
  controls: string[];
  suppressed: boolean;
  suppression?: { reason: string; expires: string | null; scope: string };
}

export interface SettingChangeRecord {
  path: string;
  before: string | null;
  after: string | null;
  actor: string | null;
  actorTime: string | null;
  sourceIp: string | null;
  requestId: string | null;
  auditAction: string | null;
}

export interface WorkspaceRunRecord {
  identity: WorkspaceIdentityRecord;
  score: number | null;
  counts: { pass: number; fail: number; unknown: number; not_applicable: number; manual: number };
  readAs: { name: string; workspaceAdmin: boolean; metastoreAdmin: boolean | null } | null;
  problems: { source: string; message: string; fatal?: boolean; hint?: string }[];
  /** The evidence without its volatile collection part, and that part. */
  evidence: unknown;
  collection: Record<string, unknown>;
  /** The results document entry of this workspace (stored compressed). */
  results: unknown;
  checkResults: RecordedResult[];
  settingChanges: SettingChangeRecord[];
}

export interface RunRecord {
  runId: number;
  owner: string;
  target: string;
  kind: "posture" | "detect";
  startedAt: string;
  finishedAt: string;
  status: Exclude<RunStatus, "queued" | "running" | "interrupted">;
  problems: { source: string; message: string; fatal?: boolean; hint?: string }[];
  workspaces: WorkspaceRunRecord[];
  /** Workspaces of this target that discovery no longer lists (only when discovery was complete). */
  discoveryComplete: boolean;
  policy: LifecyclePolicy;
  summary: Record<string, unknown>;
  /** Detection alerts of a detect run. */
  detections?: {
    alerts: {
      id: string;
      detectionId: string;
      severity: Severity;
      firstSeen: string;
      lastSeen: string;
      eventCount: number;
      workspace: string | null;
      payload: Record<string, unknown>;
    }[];
    /** Where the source's incremental detection now stands: written with the alerts, in one transaction. */
    watermark?: { sourceId: string; mark: Watermark };
  };
}

export class NotClaimed extends Error {}

export function rowToFinding(row: FindingRow, workspaceKey: string): Finding {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    key: row.key,
    workspaceKey,
    checkId: row.check_id,
    resource: row.resource,
    title: row.title,
    severity: row.severity as Severity,
    state: row.state as Finding["state"],
    message: row.message,
    threats: row.threats,
    controls: row.controls,
    firstSeenAt: row.first_seen_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    openedAt: row.opened_at.toISOString(),
    fixedAt: iso(row.fixed_at),
    reopenCount: row.reopen_count,
    reopenedAt: iso(row.reopened_at),
    dueAt: iso(row.due_at),
    timeToFixSeconds: row.time_to_fix_seconds,
    suppression: row.suppression,
    acceptance: row.acceptance,
  };
}

/** ISO text (the results model's) → the Date a time column takes; null stays null. */
const time = (iso: string) => new Date(iso);
const maybeTime = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

function findingColumns(finding: Finding, workspaceId: number, runId: number, now: Date) {
  return {
    key: finding.key,
    workspace_id: workspaceId,
    check_id: finding.checkId,
    resource: finding.resource,
    title: finding.title,
    severity: finding.severity,
    state: finding.state,
    message: finding.message,
    threats: JSON.stringify(finding.threats),
    controls: JSON.stringify(finding.controls),
    first_seen_at: time(finding.firstSeenAt),
    last_seen_at: time(finding.lastSeenAt),
    opened_at: time(finding.openedAt),
    fixed_at: maybeTime(finding.fixedAt),
    reopen_count: finding.reopenCount,
    reopened_at: maybeTime(finding.reopenedAt),
    due_at: maybeTime(finding.dueAt),
    time_to_fix_seconds: finding.timeToFixSeconds,
    suppression: finding.suppression ? JSON.stringify(finding.suppression) : null,
    acceptance: finding.acceptance ? JSON.stringify(finding.acceptance) : null,
    last_run_id: runId,
    updated_at: now,
  };
}

export async function upsertWorkspace(
  tx: Transaction<Database>,
  identity: WorkspaceIdentityRecord,
  target: string,
  at: Date,
): Promise<number> {
  const row = await tx
    .insertInto("workspaces")
    .values({
      key: identity.key,
      name: identity.name,
      host: identity.host,
      resource_id: identity.resourceId,
      workspace_id: identity.workspaceId,
      location: identity.location,
      target,
      tags: JSON.stringify(identity.tags),
      first_seen_at: at,
      last_seen_at: at,
    })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        name: identity.name,
        host: identity.host,
        resource_id: identity.resourceId,
        workspace_id: identity.workspaceId,
        location: identity.location,
        target,
        tags: JSON.stringify(identity.tags),
        last_seen_at: at,
        gone_at: null,
      }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RecordOutcome {
  events: AlertEvent[];
  transitions: number;
}

function findingEvent(
  transition: Transition,
  record: RunRecord,
  workspace: WorkspaceIdentityRecord,
  changes: SettingChangeRecord[],
): AlertEvent | null {
  if (!transition.event) return null;
  const f = transition.finding;
  const kindText: Record<string, string> = {
    new_failure: "New failure",
    reopened: "Reopened",
    resolved: "Resolved",
    overdue: "Overdue",
    evidence_unreadable: "Evidence unreadable",
  };
  const at = record.finishedAt;
  return {
    schema: "lakeward/alert-event",
    schemaVersion: 1,
    id: alertEventId(transition.event, f.key, at),
    kind: transition.event,
    at,
    severity: f.severity,
    title: `${kindText[transition.event] ?? transition.event}: ${f.checkId} ${f.title} — ${workspace.name}${f.resource ? ` (${f.resource})` : ""}`,
    summary: transition.note ? `${f.message} (${transition.note})` : f.message,
    run: {
      id: String(record.runId),
      target: record.target,
      kind: record.kind,
      startedAt: record.startedAt,
      finishedAt: record.finishedAt,
      status: record.status,
    },
    workspace: {
      key: workspace.key,
      name: workspace.name,
      host: workspace.host,
      resourceId: workspace.resourceId,
      tags: workspace.tags,
    },
    finding: {
      key: f.key,
      checkId: f.checkId,
      title: f.title,
      resource: f.resource,
      state: f.state,
      firstSeenAt: f.firstSeenAt,
      lastSeenAt: f.lastSeenAt,
      fixedAt: f.fixedAt,
      reopenCount: f.reopenCount,
      dueAt: f.dueAt,
      timeToFixSeconds: f.timeToFixSeconds,
      threats: f.threats,
      controls: f.controls,
    },
    ...(changes.length
      ? {
          changes: changes.map((c) => ({
            path: c.path,
            before: c.before,
            after: c.after,
            actor: c.actor,
            actorTime: c.actorTime,
            sourceIp: c.sourceIp,
            requestId: c.requestId,
          })),
        }
      : {}),
  };
}

/** The setting changes a finding's check plausibly read: those under the paths its evidence names. */
export type ChangeMatcher = (checkId: string, changes: SettingChangeRecord[]) => SettingChangeRecord[];

export async function recordRun(
  db: Kysely<Database>,
  record: RunRecord,
  relatedChanges: ChangeMatcher,
): Promise<RecordOutcome> {
  return db.transaction().execute(async (tx) => {
    const claimed = await tx
      .selectFrom("runs")
      .select(["id"])
      .where("id", "=", record.runId)
      .where("claimed_by", "=", record.owner)
      .where("status", "=", "running")
      .forUpdate()
      .executeTakeFirst();
    if (!claimed) throw new NotClaimed(`run ${record.runId} is no longer claimed by ${record.owner}`);
    const events: AlertEvent[] = [];
    let transitions = 0;
    const atIso = record.finishedAt;
    const at = time(atIso);
    const seenIds: number[] = [];
    const daily: DailyScoreInput[] = [];
    for (const ws of record.workspaces) {
      const workspaceId = await upsertWorkspace(tx, ws.identity, record.target, at);
      seenIds.push(workspaceId);
      const evidence = encodeBlob(ws.evidence);
      const results = encodeBlob(ws.results);
      for (const [blob, kind] of [
        [evidence, "evidence"],
        [results, "results"],
      ] as const) {
        await tx
          .insertInto("blobs")
          .values({
            hash: blob.hash,
            kind,
            size: blob.size,
            stored_size: blob.data.length,
            data: blob.data,
            created_at: at,
          })
          .onConflict((oc) => oc.column("hash").doNothing())
          .execute();
      }
      await tx
        .insertInto("workspace_runs")
        .values({
          run_id: record.runId,
          workspace_id: workspaceId,
          at,
          score: ws.score,
          ...ws.counts,
          read_as: ws.readAs ? JSON.stringify(ws.readAs) : null,
          problems: JSON.stringify(ws.problems),
          evidence_hash: evidence.hash,
          results_hash: results.hash,
          collection: JSON.stringify(ws.collection),
        })
        .execute();
      daily.push({ workspaceId, runId: record.runId, at, score: ws.score, ...ws.counts });

      // Current results (the heat map) and status changes (a check over time).
      const current = await tx
        .selectFrom("current_results")
        .select(["check_id", "status"])
        .where("workspace_id", "=", workspaceId)
        .execute();
      const before = new Map(current.map((r) => [r.check_id, r.status]));
      for (const result of ws.checkResults) {
        const previous = before.get(result.checkId) ?? null;
        if (previous !== result.status)
          await tx
            .insertInto("result_changes")
            .values({
              workspace_id: workspaceId,
              check_id: result.checkId,
              run_id: record.runId,
              at,
              before: previous,
              after: result.status,
            })
            .execute();
        await tx
          .insertInto("current_results")
          .values({
            workspace_id: workspaceId,
            check_id: result.checkId,
            status: result.status,
            severity: result.severity,
            suppressed: result.suppressed,
            title: result.title,
            message: result.message,
            run_id: record.runId,
            since: at,
          })
          .onConflict((oc) =>
            oc.columns(["workspace_id", "check_id"]).doUpdateSet((eb) => ({
              status: result.status,
              severity: result.severity,
              suppressed: result.suppressed,
              title: result.title,
              message: result.message,
              run_id: record.runId,
              since: previous === result.status ? eb.ref("current_results.since") : at,
            })),
          )
          .execute();
      }

      for (const change of ws.settingChanges) {
        await tx
          .insertInto("setting_changes")
          .values({
            workspace_id: workspaceId,
            run_id: record.runId,
            at,
            path: change.path,
            before: change.before,
            after: change.after,
            actor: change.actor,
            actor_time: maybeTime(change.actorTime),
            source_ip: change.sourceIp,
            request_id: change.requestId,
            audit_action: change.auditAction,
          })
          .execute();
      }

      // The finding lifecycle.
      const previousRows = await tx
        .selectFrom("findings")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .forUpdate()
        .execute();
      const unreadable = ws.problems.some((p) => p.fatal);
      const advanced = advance(
        previousRows.map((row) => rowToFinding(row, ws.identity.key)),
        { workspaceKey: ws.identity.key, at: atIso, unreadable, results: ws.checkResults },
        record.policy,
      );
      const ids = new Map(previousRows.map((row) => [row.key, row.id]));
      const changed = new Set(advanced.transitions.map((t) => t.finding.key));
      for (const finding of advanced.findings) {
        const values = findingColumns(finding, workspaceId, record.runId, at);
        const id = ids.get(finding.key);
        if (id === undefined) {
          const inserted = await tx.insertInto("findings").values(values).returning("id").executeTakeFirstOrThrow();
          ids.set(finding.key, inserted.id);
        } else if (changed.has(finding.key) || finding.state !== "fixed") {
          await tx.updateTable("findings").set(values).where("id", "=", id).execute();
        }
      }
      for (const transition of advanced.transitions) {
        transitions++;
        await tx
          .insertInto("finding_events")
          .values({
            finding_id: ids.get(transition.finding.key)!,
            run_id: record.runId,
            at,
            from_state: transition.from,
            to_state: transition.to,
            note: transition.note,
          })
          .execute();
        const event = findingEvent(
          transition,
          record,
          ws.identity,
          relatedChanges(transition.finding.checkId, ws.settingChanges),
        );
        if (event) {
          events.push(event);
          await insertEvent(tx, event, record.runId, workspaceId, transition.finding.key);
        }
      }
    }

    if (record.discoveryComplete) {
      let gone = tx
        .updateTable("workspaces")
        .set({ gone_at: at })
        .where("target", "=", record.target)
        .where("gone_at", "is", null);
      if (seenIds.length) gone = gone.where("id", "not in", seenIds);
      await gone.execute();
    }

    for (const alert of record.detections?.alerts ?? []) {
      const existing = await tx
        .selectFrom("detection_alerts")
        .select(["id"])
        .where("id", "=", alert.id)
        .executeTakeFirst();
      await tx
        .insertInto("detection_alerts")
        .values({
          id: alert.id,
          detection_id: alert.detectionId,
          severity: alert.severity,
          workspace: alert.workspace,
          first_seen_at: time(alert.firstSeen),
          last_seen_at: time(alert.lastSeen),
          first_run_id: record.runId,
          last_run_id: record.runId,
          event_count: alert.eventCount,
          payload: JSON.stringify(alert.payload),
        })
        .onConflict((oc) =>
          oc.column("id").doUpdateSet({
            last_seen_at: time(alert.lastSeen),
            last_run_id: record.runId,
            event_count: alert.eventCount,
            payload: JSON.stringify(alert.payload),
          }),
        )
        .execute();
      if (!existing) {
        const event: AlertEvent = {
          schema: "lakeward/alert-event",
          schemaVersion: 1,
          id: alertEventId("detection_alert", alert.id, alert.firstSeen),
          kind: "detection_alert",
          at: atIso,
          severity: alert.severity,
          title: `Detection: ${String(alert.payload.title ?? alert.detectionId)}`,
          summary: String(alert.payload.summary ?? ""),
          run: {
            id: String(record.runId),
            target: record.target,
            kind: record.kind,
            startedAt: record.startedAt,
            finishedAt: atIso,
            status: record.status,
          },
          workspace: null,
          detection: alert.payload as AlertEvent["detection"],
        };
        events.push(event);
        await insertEvent(tx, event, record.runId, null, alert.id);
      }
    }

    const watermark = record.detections?.watermark;
    if (watermark)
      await tx
        .insertInto("detect_watermarks")
        .values({
          target: record.target,
          source_id: watermark.sourceId,
          mark: JSON.stringify(watermark.mark),
          run_id: record.runId,
          updated_at: at,
        })
        .onConflict((oc) =>
          oc
            .columns(["target", "source_id"])
            .doUpdateSet({ mark: JSON.stringify(watermark.mark), run_id: record.runId, updated_at: at }),
        )
        .execute();

    if (record.status === "failed" || record.problems.some((p) => p.fatal)) {
      const event: AlertEvent = {
        schema: "lakeward/alert-event",
        schemaVersion: 1,
        id: alertEventId("run_failed", record.target, atIso),
        kind: "run_failed",
        at: atIso,
        severity: "high",
        title: `Run ${record.status === "failed" ? "failed" : "incomplete"}: ${record.target}`,
        summary: record.problems.map((p) => `${p.source}: ${p.message}`).join("; ") || "the run failed",
        run: {
          id: String(record.runId),
          target: record.target,
          kind: record.kind,
          startedAt: record.startedAt,
          finishedAt: atIso,
          status: record.status,
        },
        workspace: null,
        problems: record.problems.map((p) => ({ source: p.source, message: p.message })),
      };
      events.push(event);
      await insertEvent(tx, event, record.runId, null, record.target);
    }

    // The trends' rollup, in the same transaction: it never disagrees with the runs.
    if (daily.length || record.discoveryComplete) await rollUpRun(tx, daily, utcDay(at));

    await tx
      .updateTable("runs")
      .set({
        status: record.status,
        finished_at: at,
        lease_until: null,
        problems: JSON.stringify(record.problems),
        summary: JSON.stringify(record.summary),
      })
      .where("id", "=", record.runId)
      .execute();
    return { events, transitions };
  });
}

export async function insertEvent(
  tx: Transaction<Database>,
  event: AlertEvent,
  runId: number | null,
  workspaceId: number | null,
  subject: string | null,
): Promise<void> {
  await tx
    .insertInto("alert_events")
    .values({
      id: event.id,
      kind: event.kind,
      at: time(event.at),
      severity: event.severity,
      run_id: runId,
      workspace_id: workspaceId,
      subject,
      payload: JSON.stringify(event),
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
}

/** Marks a run that could not even start recording (a crash in lakeward itself) as failed. */
export async function failRun(
  db: Kysely<Database>,
  runId: number,
  owner: string,
  problems: { source: string; message: string; fatal?: boolean }[],
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("runs")
    .set({ status: "failed", finished_at: at, lease_until: null, problems: JSON.stringify(problems) })
    .where("id", "=", runId)
    .where("claimed_by", "=", owner)
    .where("status", "=", "running")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
