/**
 * The generic webhook: the delivery as JSON (webhookBodySchema, published as
 * docs/schema/webhook.schema.json), signed with HMAC-SHA256 over the timestamp and the exact body bytes.
 *
 *   Lakeward-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
 *
 * The timestamp inside the signed text lets a receiver refuse replays (verifySignature allows 5 minutes
 * by default); the delivery id (Lakeward-Delivery, also in the body) lets it drop a retried delivery it
 * already processed. The scheme follows the common "t=…,v1=…" form so existing verifiers adapt easily.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Dispatcher } from "undici";
import { z } from "zod";
import { VERSION } from "../../version.ts";
import { postJson, type SendOutcome } from "../http.ts";
import { alertEventSchema } from "../model.ts";
import type { OutgoingMessage } from "../render.ts";

export const WEBHOOK_SCHEMA_VERSION = 1;
export const SIGNATURE_HEADER = "lakeward-signature";
export const DELIVERY_HEADER = "lakeward-delivery";
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export const webhookBodySchema = z
  .object({
    kind: z.literal("lakeward-alerts"),
    schemaVersion: z.literal(WEBHOOK_SCHEMA_VERSION).describe("changes only when a field changes meaning or goes"),
    deliveryId: z.string().describe("the same on every retry of this delivery: drop a delivery id you have seen"),
    attempt: z.number().int().min(1).describe("1 for the first attempt"),
    channel: z.string().describe("the channel's name in lakeward.yaml"),
    sentAt: z.string().datetime({ offset: true }),
    test: z.boolean().describe("true for `lakeward alerts test`"),
    digest: z
      .object({ schedule: z.string(), timezone: z.string() })
      .strict()
      .nullable()
      .describe("the schedule, when this delivery is a digest"),
    events: z.array(alertEventSchema).min(1),
  })
  .strict();
export type WebhookBody = z.infer<typeof webhookBodySchema>;

export function webhookBody(message: OutgoingMessage): WebhookBody {
  return {
    kind: "lakeward-alerts",
    schemaVersion: WEBHOOK_SCHEMA_VERSION,
    deliveryId: message.deliveryId,
    attempt: message.attempt,
    channel: message.channel,
    sentAt: message.sentAt,
    test: message.test,
    digest: message.digest,
    events: message.events,
  };
}

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * What a receiver does (docs/alerts.md shows the same in a few lines): recompute the HMAC over the raw
 * body, compare in constant time, and refuse a timestamp outside the tolerance.
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  rawBody: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): { ok: true } | { ok: false; reason: string } {
  if (!header) return { ok: false, reason: "no Lakeward-Signature header" };
  const parts = new Map(
    header.split(",").map((part) => {
      const eq = part.indexOf("=");
      return [part.slice(0, eq).trim(), part.slice(eq + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const v1 = parts.get("v1");
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1))
    return { ok: false, reason: "malformed signature header" };
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > (options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS))
    return { ok: false, reason: "timestamp outside the tolerance (a replay, or a clock off)" };
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1, "hex"))) return { ok: false, reason: "signature does not match" };
  return { ok: true };
}

export async function sendWebhook(
  target: {
    url: string;
    agent: Dispatcher;
    secret: string;
    timeoutMs: number;
    label: string;
    secrets: readonly string[];
  },
  message: OutgoingMessage,
  now: () => Date,
): Promise<SendOutcome> {
  const body = JSON.stringify(webhookBody(message));
  const [only] = message.events;
  return postJson({
    url: target.url,
    agent: target.agent,
    body,
    headers: {
      "user-agent": `lakeward/${VERSION}`,
      [SIGNATURE_HEADER]: signatureHeader(target.secret, body, Math.floor(now().getTime() / 1000)),
      [DELIVERY_HEADER]: message.deliveryId,
      "lakeward-event": message.digest || message.events.length > 1 || !only ? "digest" : only.kind,
    },
    timeoutMs: target.timeoutMs,
    secrets: target.secrets,
    label: target.label,
  });
}
