/**
 * The `alerts:` section of lakeward.yaml: channels (where alerts go) and routes (which events go where,
 * now or as a digest on a cron schedule). Secrets never sit in the file: a webhook's signing secret, the
 * SMTP password and the Slack and Teams webhook URLs (which are credentials themselves: whoever has one
 * can post to the channel) are named by environment variable and read at start.
 */
import { Cron } from "croner";
import { z } from "zod";
import { CHECKS } from "../checks/registry.ts";
import { SEVERITIES } from "../checks/types.ts";
import { DETECTIONS } from "../detect/detections/registry.ts";
import { globMatches } from "../engine/policy.ts";
import { ALERT_EVENT_KINDS } from "./model.ts";

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected the name of an environment variable, such as LAKEWARD_SLACK_URL")
  .describe("the name of an environment variable that holds the value (never the value itself)");

const timeoutSeconds = z
  .number()
  .positive()
  .max(120)
  .default(10)
  .describe("per request: connect, send and read the answer (default 10)");

/** `url` may not appear where the URL is a credential; this explains what to do instead. */
const noInlineUrl = (what: string) =>
  z
    .never({ error: `${what} webhook URLs are secrets: put it in an environment variable and name it with urlEnv` })
    .optional();

const webhookChannel = z
  .object({
    type: z.literal("webhook"),
    url: z.string().url().optional().describe("the receiver's URL (https, or http on loopback)"),
    urlEnv: envName.optional().describe("or: the environment variable holding the URL, when it carries a token"),
    secretEnv: envName.describe("the environment variable holding the HMAC-SHA256 signing secret (≥ 16 characters)"),
    timeoutSeconds,
  })
  .strict()
  .describe("generic webhook: signed JSON (docs/alerts.md#webhook)");

const slackChannel = z
  .object({
    type: z.literal("slack"),
    url: noInlineUrl("Slack"),
    urlEnv: envName.describe("the environment variable holding the Slack incoming-webhook URL"),
    timeoutSeconds,
  })
  .strict()
  .describe("Slack incoming webhook (Block Kit message)");

const teamsChannel = z
  .object({
    type: z.literal("teams"),
    url: noInlineUrl("Teams"),
    urlEnv: envName.describe("the environment variable holding the Teams Workflows webhook URL"),
    timeoutSeconds,
  })
  .strict()
  .describe(
    'Microsoft Teams Workflows webhook ("Post to a channel when a webhook request is received"; Adaptive Card)',
  );

const emailChannel = z
  .object({
    type: z.literal("email"),
    smtp: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).optional().describe("default 587 (starttls), 465 (tls), 25 (none)"),
        security: z
          .enum(["starttls", "tls", "none"])
          .default("starttls")
          .describe(
            "starttls: STARTTLS required (default) · tls: TLS from the first byte (port 465) · none: plain SMTP, only to a relay on loopback",
          ),
        user: z.string().optional(),
        passwordEnv: envName.optional().describe("the environment variable holding the SMTP password"),
        tls: z
          .object({
            caFile: z.string().optional().describe("PEM file of the CA that signed the server's certificate"),
            servername: z.string().optional().describe("the name to verify the certificate against (default: host)"),
            minVersion: z.enum(["TLSv1.2", "TLSv1.3"]).default("TLSv1.2"),
          })
          .strict()
          .optional(),
      })
      .strict(),
    from: z.string().min(3).describe('the sender, e.g. "lakeward <lakeward@example.com>"'),
    to: z.array(z.string().min(3)).min(1).describe("recipients"),
    subjectPrefix: z.string().max(40).default("[lakeward]"),
    timeoutSeconds: timeoutSeconds.describe("per step of the SMTP conversation (default 10)"),
  })
  .strict()
  .describe("e-mail over SMTP");

export const channelConfigSchema = z.discriminatedUnion("type", [
  webhookChannel,
  slackChannel,
  teamsChannel,
  emailChannel,
]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;

const tagValue = z.union([z.string(), z.array(z.string()).min(1)]);

export const routeConfigSchema = z
  .object({
    name: z.string().min(1).optional().describe("shown in logs and the API (default: route-N)"),
    when: z
      .object({
        kinds: z.array(z.enum(ALERT_EVENT_KINDS)).min(1).optional().describe("event kinds (default: all)"),
        minSeverity: z.enum(SEVERITIES).optional().describe("lowest severity that matches (default: all)"),
        ids: z
          .array(z.string().min(1))
          .min(1)
          .optional()
          .describe("check or detection ids, globs with * allowed: [NET-03, IAM-*, DET-07]"),
        workspaces: z.array(z.string().min(1)).min(1).optional().describe("workspace names, globs with * allowed"),
        tags: z
          .record(z.string(), tagValue)
          .optional()
          .describe("workspace tags that must all match: {env: prod} or {env: [prod, staging]}"),
      })
      .strict()
      .default({})
      .describe("every condition given must hold; none given matches every event"),
    channels: z.array(z.string().min(1)).min(1).describe("names of channels under alerts.channels"),
    digest: z
      .object({
        schedule: z.string().describe('cron pattern, e.g. "0 8 * * *" for 08:00 every day'),
        timezone: z.string().default("UTC").describe("IANA time zone of the schedule, e.g. Europe/Berlin"),
      })
      .strict()
      .optional()
      .describe("collect the matching events and send them together on this schedule (default: send each now)"),
  })
  .strict();
export type RouteConfig = z.infer<typeof routeConfigSchema>;

export const alertsConfigSchema = z
  .object({
    channels: z
      .record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "channel names: letters, digits, _ . -"),
        channelConfigSchema,
      )
      .describe("name → channel"),
    routes: z.array(routeConfigSchema).default([]).describe("which events go to which channels, in order"),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(50).default(8),
        maxTotalMinutes: z
          .number()
          .positive()
          .max(7 * 24 * 60)
          .default(60)
          .describe("give up after this long"),
        baseDelaySeconds: z.number().positive().max(600).default(2).describe("first wait; doubles each time, ±25%"),
        maxDelaySeconds: z
          .number()
          .positive()
          .max(3600)
          .default(300)
          .describe("longest single wait, including what a 429's Retry-After asks"),
      })
      .strict()
      .default({ maxAttempts: 8, maxTotalMinutes: 60, baseDelaySeconds: 2, maxDelaySeconds: 300 }),
    concurrency: z.number().int().min(1).max(32).default(4).describe("deliveries in flight at once, all channels"),
    failingAfter: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(3)
      .describe("consecutive failed attempts after which a channel is reported failing"),
  })
  .strict()
  .superRefine((config, ctx) => {
    const names = new Set(Object.keys(config.channels));
    const ids = [...CHECKS.map((c) => c.meta.id), ...DETECTIONS.map((d) => d.meta.id)];
    config.routes.forEach((route, r) => {
      route.channels.forEach((channel, c) => {
        if (!names.has(channel))
          ctx.addIssue({
            code: "custom",
            path: ["routes", r, "channels", c],
            message: `no channel "${channel}" under alerts.channels${names.size ? ` (there are: ${[...names].join(", ")})` : ""}`,
          });
      });
      route.when.ids?.forEach((pattern, i) => {
        if (!ids.some((id) => globMatches(pattern, id)))
          ctx.addIssue({
            code: "custom",
            path: ["routes", r, "when", "ids", i],
            message: `"${pattern}" matches no check or detection id (\`lakeward checks list\`, docs/detections.md)`,
          });
      });
      if (route.digest) {
        const problem = cronProblem(route.digest.schedule, route.digest.timezone);
        if (problem) ctx.addIssue({ code: "custom", path: ["routes", r, "digest"], message: problem });
      }
    });
    for (const [name, channel] of Object.entries(config.channels)) {
      if (channel.type === "webhook" && (channel.url === undefined) === (channel.urlEnv === undefined))
        ctx.addIssue({ code: "custom", path: ["channels", name], message: "give exactly one of url and urlEnv" });
      if (channel.type === "email" && channel.smtp.security === "none") {
        if (!isLoopbackHost(channel.smtp.host))
          ctx.addIssue({
            code: "custom",
            path: ["channels", name, "smtp", "security"],
            message: "plain SMTP (security: none) is only allowed to a relay on loopback; use starttls or tls",
          });
        if (channel.smtp.passwordEnv)
          ctx.addIssue({
            code: "custom",
            path: ["channels", name, "smtp", "passwordEnv"],
            message: "a password is never sent without TLS; use security: starttls or tls",
          });
      }
    }
  });
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;

/** Why a digest schedule is unusable, or null. */
export function cronProblem(schedule: string, timezone: string): string | null {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    return `unknown time zone "${timezone}" (an IANA name such as Europe/Berlin)`;
  }
  try {
    const next = new Cron(schedule, { timezone, paused: true }).nextRun();
    if (!next) return `the schedule "${schedule}" never runs`;
  } catch (error) {
    return `invalid cron pattern "${schedule}": ${(error as Error).message}`;
  }
  return null;
}

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** The digest key of a route: the channel's waiting items are grouped by it. */
export function digestKey(digest: { schedule: string; timezone: string }): string {
  return `${digest.schedule}@${digest.timezone}`;
}

export function parseDigestKey(key: string): { schedule: string; timezone: string } {
  const at = key.lastIndexOf("@");
  return { schedule: key.slice(0, at), timezone: key.slice(at + 1) };
}
