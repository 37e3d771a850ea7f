/**
 * The `serve:` section of lakeward.yaml (targets keep their place under `targets:`, each with an optional
 * `schedule`): the default schedule, detect sources with theirs, the audit source used to say who changed
 * a setting, SLA days per severity, retention, and where the server listens. Validated with zod like the
 * rest of the config file (config.ts reports errors with their line).
 */
import { z } from "zod";
import { SEVERITIES } from "../checks/types.ts";

const cron = z
  .string()
  .min(9)
  .describe('a cron expression, 5 fields (minute hour day month weekday) or 6 with seconds, UTC; e.g. "0 6 * * *"');

const auditSource = z
  .union([
    z
      .object({
        logs: z.array(z.string()).min(1).describe("audit log files or folders (any format `lakeward detect` reads)"),
      })
      .strict(),
    z
      .object({
        warehouse: z.string().describe("a SQL warehouse id: system.access.audit is read through it"),
        host: z.string().url().optional().describe("the warehouse's workspace (default: the target's --host)"),
      })
      .strict(),
  ])
  .describe("where audit events are read from");

export const serveConfigSchema = z
  .object({
    schedule: cron.optional().describe("the posture schedule of targets that name none (default: daily at 06:00 UTC)"),
    detect: z
      .array(
        z
          .object({
            name: z.string().min(1),
            schedule: cron.optional(),
            source: auditSource,
            since: z
              .string()
              .optional()
              .describe(
                'how far back the first run over a warehouse looks, e.g. "24h" or "7d" (default 24h); a log folder\'s first run reads every file',
              ),
          })
          .strict(),
      )
      .optional()
      .describe(
        "audit-log detections (DET-01..30), each source a target of its own with its schedule; incremental: each run judges only new rows or files and raises an alert once",
      ),
    audit: auditSource
      .optional()
      .describe("joins each changed setting to the audit event that made it (actor, time, source IP)"),
    sla: z
      .partialRecord(z.enum(SEVERITIES), z.number().positive())
      .optional()
      .describe("days to fix a finding, per severity; a finding open longer is overdue"),
    retention: z
      .object({
        evidenceDays: z.number().int().positive().default(400).describe("full evidence of each run (default 400)"),
        resultsDays: z.number().int().positive().optional().describe("results, scores and findings (default: forever)"),
      })
      .strict()
      .optional(),
    bind: z.string().optional().describe("address the API listens on (default 127.0.0.1)"),
    port: z.number().int().min(0).max(65535).optional().describe("port (default 8765; 0 picks a free one)"),
  })
  .strict();

export type ServeConfig = z.infer<typeof serveConfigSchema>;

export const DEFAULT_SCHEDULE = "0 6 * * *";
export const DEFAULT_PORT = 8765;
