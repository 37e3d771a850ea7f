/**
 * The alert event: what `lakeward serve` produces from finding transitions, detection alerts and failed
 * runs, stores (GET /api/v1/alerts) and hands to the alerts dispatcher (src/alerts), which routes it to
 * channels. It is self-describing — a channel renders it without reading anything else — and holds no
 * secret: evidence values are fingerprinted upstream, and nothing here comes from a credential.
 *
 * `id` is the deduplication key: one per transition. The same transition computed twice (a retried run,
 * a second server on the same store) yields the same id, so the delivery log sends it once.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { SEVERITIES } from "../checks/types.ts";
import { alertSchema } from "../detect/alerts.ts";

export const ALERT_EVENT_KINDS = [
  "new_failure",
  "reopened",
  "resolved",
  "overdue",
  "detection_alert",
  "run_failed",
  "evidence_unreadable",
] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

export const RUN_STATUSES = ["queued", "running", "succeeded", "partial", "failed", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const FINDING_STATES = ["open", "overdue", "unknown", "suppressed", "accepted", "fixed"] as const;
export type FindingState = (typeof FINDING_STATES)[number];

export const settingChangeSchema = z.object({
  path: z.string().describe("the evidence field, e.g. databricks.workspaceConf.enableIpAccessLists"),
  before: z.string().nullable().describe("one-line text; null: the field did not exist"),
  after: z.string().nullable(),
  actor: z.string().nullable().describe("who made the change, from the audit event; null when not found"),
  actorTime: z.string().nullable(),
  sourceIp: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type SettingChangeRef = z.infer<typeof settingChangeSchema>;

export const alertEventSchema = z.object({
  schema: z.literal("lakeward/alert-event"),
  schemaVersion: z.literal(1),
  id: z.string().describe("stable per transition: the deduplication key"),
  kind: z.enum(ALERT_EVENT_KINDS),
  at: z.string().describe("ISO time of the transition (the run's finish time)"),
  severity: z.enum(SEVERITIES),
  title: z.string().describe("one line for people"),
  summary: z.string(),
  run: z.object({
    id: z.string(),
    target: z.string(),
    kind: z.enum(["posture", "detect"]),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    status: z.enum(RUN_STATUSES),
  }),
  workspace: z
    .object({
      key: z.string(),
      name: z.string(),
      host: z.string().nullable(),
      resourceId: z.string().nullable(),
      tags: z.record(z.string(), z.string()),
    })
    .nullable(),
  finding: z
    .object({
      key: z.string(),
      checkId: z.string(),
      title: z.string(),
      resource: z.string(),
      state: z.enum(FINDING_STATES),
      firstSeenAt: z.string(),
      lastSeenAt: z.string(),
      fixedAt: z.string().nullable(),
      reopenCount: z.number().int(),
      dueAt: z.string().nullable(),
      timeToFixSeconds: z.number().nullable(),
      threats: z.array(z.string()),
      controls: z.array(z.string()),
    })
    .optional(),
  detection: alertSchema.optional(),
  changes: z.array(settingChangeSchema).optional().describe("settings changed in that run that the finding read"),
  problems: z.array(z.object({ source: z.string(), message: z.string() })).optional(),
  link: z.string().url().optional().describe("where to look: the dashboard or the API"),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

/** The deduplication id of a transition: kind, subject and time. */
export function alertEventId(kind: AlertEventKind, subject: string, at: string): string {
  return `evt-${createHash("sha256").update(`${kind}\0${subject}\0${at}`).digest("hex").slice(0, 24)}`;
}
