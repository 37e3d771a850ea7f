/**
 * `lakeward alerts test`: one test alert to each channel, straight through the channel (no route, no
 * dedupe, no log), one attempt each with the channel's timeout, so first-run setup sees at once which
 * channel works and why another does not.
 */
import { randomUUID } from "node:crypto";
import { scrubSecrets } from "../redact/fingerprint.ts";
import type { Channel } from "./channels/index.ts";
import type { AlertEvent } from "./model.ts";

export interface TestOutcome {
  channel: string;
  type: Channel["type"];
  fingerprint: string;
  ok: boolean;
  durationMs: number;
  error?: string;
}

export function testEvent(now: Date): AlertEvent {
  const at = now.toISOString();
  return {
    schema: "lakeward/alert-event",
    schemaVersion: 1,
    id: `test-${randomUUID()}`,
    kind: "new_failure",
    at,
    severity: "info",
    title: "lakeward test alert",
    summary: "Sent by `lakeward alerts test` to check that this channel is set up. It is not a finding.",
    run: {
      id: "test",
      target: "lakeward alerts test",
      kind: "posture",
      startedAt: at,
      finishedAt: at,
      status: "succeeded",
    },
    workspace: null,
  };
}

export async function sendTestAlerts(
  channels: readonly Channel[],
  now: () => Date = () => new Date(),
): Promise<TestOutcome[]> {
  const secrets = channels.flatMap((channel) => channel.secrets);
  return Promise.all(
    channels.map(async (channel) => {
      const started = Date.now();
      const at = now();
      const outcome = await channel
        .send({
          deliveryId: `test-${randomUUID()}`,
          channel: channel.name,
          attempt: 1,
          events: [testEvent(at)],
          digest: null,
          test: true,
          sentAt: at.toISOString(),
        })
        .catch((error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }));
      return {
        channel: channel.name,
        type: channel.type,
        fingerprint: channel.fingerprint,
        ok: outcome.ok,
        durationMs: Date.now() - started,
        ...(outcome.error ? { error: scrubSecrets(outcome.error, secrets) } : {}),
      };
    }),
  );
}
