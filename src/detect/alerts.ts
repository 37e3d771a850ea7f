/**
 * The alerts document: what `lakeward detect` writes as JSON, and what every renderer (console, JSON
 * here; SARIF, JUnit, CSV, Markdown, HTML in `reports/`) reads. It is self-describing — each alert carries its
 * detection's title, severity, threats and controls — so a renderer needs nothing else.
 *
 * Secret safety: an alert only ever holds the normalised event columns, the request parameters its
 * detection allow-lists (never command texts, scripts or token values), and facts computed from those;
 * every string then passes `scrubValue`, which replaces anything that looks like a credential by a
 * fingerprint, as a second line of defence.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { SEVERITIES, THREATS } from "../checks/types.ts";
import { severityRank } from "../output/severity.ts";
import { fingerprint } from "../redact/fingerprint.ts";

const severity = z.enum(SEVERITIES);
const threat = z.enum(Object.keys(THREATS) as [keyof typeof THREATS, ...(keyof typeof THREATS)[]]);

export const evidenceEventSchema = z.object({
  time: z.string().describe("ISO 8601, UTC"),
  workspace: z.string().nullable(),
  service: z.string().nullable(),
  action: z.string().nullable(),
  principal: z.string().nullable(),
  sourceIp: z.string().nullable(),
  userAgent: z.string().nullable(),
  status: z.number().int().nullable(),
  requestId: z.string().nullable(),
  params: z.record(z.string(), z.string()).describe("only the request parameters the detection allow-lists"),
});
export type EvidenceEvent = z.infer<typeof evidenceEventSchema>;

export const alertSchema = z.object({
  id: z.string().describe("stable for the same detection and grouping key: DET-xx-<hash>"),
  detectionId: z.string(),
  title: z.string(),
  severity,
  threats: z.array(threat),
  controls: z.array(z.string()),
  summary: z.string(),
  principal: z.string().nullable(),
  sourceIp: z.string().nullable(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  eventCount: z.number().int().describe("events that make up the alert"),
  facts: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  events: z.array(evidenceEventSchema).describe("the first matching events, at most --max-events"),
});
export type Alert = z.infer<typeof alertSchema>;

export const detectionRunSchema = z.object({
  id: z.string(),
  title: z.string(),
  severity,
  thresholds: z.record(z.string(), z.number()),
  alerts: z.number().int(),
  status: z.enum(["ok", "failed"]),
  error: z.string().optional(),
});
export type DetectionRun = z.infer<typeof detectionRunSchema>;

export const inputProblemSchema = z.object({
  file: z.string(),
  line: z.number().int().optional(),
  message: z.string(),
  level: z.enum(["error", "warning"]),
});

export const alertsDocumentSchema = z.object({
  kind: z.literal("lakeward-alerts"),
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal("lakeward"), version: z.string() }),
  generatedAt: z.string(),
  source: z.union([
    z.object({
      mode: z.literal("local"),
      engine: z.literal("duckdb"),
      files: z.number().int(),
      events: z.number().int(),
      badLines: z.number().int(),
      problems: z.array(inputProblemSchema),
    }),
    z.object({
      mode: z.literal("warehouse"),
      engine: z.literal("databricks-sql"),
      host: z.string(),
      warehouseId: z.string(),
      table: z.string(),
    }),
  ]),
  window: z.object({ since: z.string().nullable(), until: z.string().nullable() }),
  incremental: z
    .object({
      sourceId: z.string().describe("the source's id in the watermark store"),
      newEvents: z.number().int().optional().describe("log events this run added to the cache (local runs)"),
      alreadyRaised: z.number().int().describe("alerts found again but raised by an earlier run, left out"),
      cache: z.object({ file: z.string(), events: z.number().int() }).optional(),
    })
    .optional()
    .describe("present when the run kept a watermark (--state): only new alerts are listed"),
  detections: z.array(detectionRunSchema),
  counts: z.record(severity, z.number().int()),
  alerts: z.array(alertSchema),
});
export type AlertsDocument = z.infer<typeof alertsDocumentSchema>;

/** Values that are credentials whatever their key: key=value secrets, PATs, JWTs, SAS signatures, keys. */
const SECRET_VALUE =
  /(password|passwd|pwd|secret|token|apikey|api_key|sharedaccesskey|accountkey)\s*["']?\s*[=:]|dapi[0-9a-f]{32}|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|[?&]sig=|-----BEGIN [A-Z ]*PRIVATE KEY/i;

const MAX_VALUE = 300;

/** A value as it may appear in an alert: credentials fingerprinted, very long values cut. */
export function scrubValue(value: string): string {
  if (SECRET_VALUE.test(value)) return `[redacted ${fingerprint(value)}]`;
  return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE - 1)}…` : value;
}

export function scrubNullable(value: string | null): string | null {
  return value === null ? null : scrubValue(value);
}

export function alertId(detectionId: string, key: string): string {
  return `${detectionId}-${createHash("sha256").update(`${detectionId}\0${key}`).digest("hex").slice(0, 12)}`;
}

/** Alerts in report order: most severe first, then oldest, then by detection and id. */
export function sortAlerts(alerts: Alert[]): Alert[] {
  return alerts.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      a.firstSeen.localeCompare(b.firstSeen) ||
      a.detectionId.localeCompare(b.detectionId) ||
      a.id.localeCompare(b.id),
  );
}
