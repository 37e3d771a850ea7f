/**
 * The dispatcher against real receivers on loopback: signed webhooks checked against the published
 * schema, dedupe, retries and Retry-After, a dead channel that does not hold up the others, digests on a
 * cron schedule, restart from the log, and canary secrets searched in every log line, record and error.
 */
import { readFile } from "node:fs/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterEach, describe, expect, it } from "vitest";
import {
  type HttpReceiver,
  startConnectProxy,
  startHttpReceiver,
  startSmtpReceiver,
} from "../../test/support/alert-receivers.ts";
import { sampleEvent } from "../../test/support/delivery-log-contract.ts";
import { verifySignature } from "./channels/webhook.ts";
import { alertsConfigSchema } from "./config.ts";
import { type Alerting, type AlertLogger, createAlerting } from "./dispatcher.ts";
import { MemoryDeliveryLog } from "./memory-log.ts";
import type { AlertEvent, DeliveryLog } from "./model.ts";

const WEBHOOK_SECRET = "canary-webhook-secret-7f3a9c2e1d";
const SLACK_PATH = "/services/T0CANARY/B0CANARY/canarySlackToken9x8y7z";
const SMTP_PASSWORD = "canary-smtp-password-4b6d8f";

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function receiver(answer?: Parameters<typeof startHttpReceiver>[0]): Promise<HttpReceiver> {
  const r = await startHttpReceiver(answer);
  closers.push(() => r.close());
  return r;
}

function collectingLogger(): AlertLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

const FAST_RETRY = { maxAttempts: 4, maxTotalMinutes: 1, baseDelaySeconds: 0.05, maxDelaySeconds: 0.5 };

function alerting(
  alertsConfig: unknown,
  env: Record<string, string>,
  extra: { log?: DeliveryLog; logger?: AlertLogger; pollIntervalMs?: number } = {},
): Alerting {
  const a = createAlerting({
    config: alertsConfigSchema.parse(alertsConfig),
    env,
    pollIntervalMs: extra.pollIntervalMs ?? 200,
    ...(extra.log ? { log: extra.log } : {}),
    ...(extra.logger ? { logger: extra.logger } : {}),
  });
  closers.push(() => a.stop());
  return a;
}

const event = (n: number, overrides: Partial<AlertEvent> = {}): AlertEvent =>
  sampleEvent({ id: `new_failure|ws-1|NET-03|r${n}|run-1`, title: `NET-03 failure ${n}`, ...overrides });

/** One signed webhook channel that takes every event. */
const siemAlerting = (hook: HttpReceiver, extra: object = {}) =>
  alerting(
    {
      channels: { siem: { type: "webhook", url: hook.url(), secretEnv: "HOOK_SECRET" } },
      routes: [{ channels: ["siem"] }],
      ...extra,
    },
    { HOOK_SECRET: WEBHOOK_SECRET },
  );

describe("webhook channel", () => {
  it("delivers a signed body that verifies and validates against the published JSON Schema", async () => {
    const hook = await receiver();
    const a = siemAlerting(hook);
    await a.start();
    const result = await a.publish([event(1, { link: "http://127.0.0.1:8080/findings/1" })]);
    expect(result).toEqual({ queued: 1, duplicates: 0, unrouted: 0, invalid: 0 });
    const [request] = await hook.waitFor(1);
    expect(request!.method).toBe("POST");
    expect(request!.headers["content-type"]).toContain("application/json");
    expect(request!.headers.authorization).toBeUndefined();
    const signature = String(request!.headers["lakeward-signature"]);
    expect(verifySignature(WEBHOOK_SECRET, signature, request!.body)).toEqual({ ok: true });
    expect(verifySignature("another-secret-of-some-length", signature, request!.body).ok).toBe(false);
    expect(verifySignature(WEBHOOK_SECRET, signature, `${request!.body} `).ok).toBe(false);
    // A replay an hour later is refused even with a valid MAC.
    expect(verifySignature(WEBHOOK_SECRET, signature, request!.body, { now: new Date(Date.now() + 3600_000) })).toEqual(
      {
        ok: false,
        reason: "timestamp outside the tolerance (a replay, or a clock off)",
      },
    );
    const schema = JSON.parse(await readFile("docs/schema/webhook.schema.json", "utf8"));
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const body = JSON.parse(request!.body);
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(body).toMatchObject({ kind: "lakeward-alerts", schemaVersion: 1, attempt: 1, test: false, digest: null });
    expect(body.events).toEqual([event(1, { link: "http://127.0.0.1:8080/findings/1" })]);
    expect(request!.headers["lakeward-delivery"]).toBe(body.deliveryId);
    expect(request!.headers["lakeward-event"]).toBe("new_failure");
    const [record] = await a.log.list({ limit: 5 });
    expect(record).toMatchObject({ state: "delivered", attempts: 1, channel: "siem" });
    expect(record!.channelFingerprint).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it("delivers each transition once per channel: the same event again, or via two routes, is a duplicate", async () => {
    const hook = await receiver();
    const a = siemAlerting(hook, {
      routes: [{ channels: ["siem"] }, { when: { minSeverity: "high" }, channels: ["siem"] }],
    });
    await a.start();
    expect(await a.publish([event(1)])).toMatchObject({ queued: 1, duplicates: 0 });
    expect(await a.publish([event(1), event(1, { at: "2026-12-01T11:00:00.000Z" })])).toMatchObject({
      queued: 0,
      duplicates: 2,
    });
    expect(await a.publish([event(2)])).toMatchObject({ queued: 1 });
    expect(await a.drain({ timeoutMs: 5000 })).toEqual({ pending: 0, waiting: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(hook.requests).toHaveLength(2);
    const titles = hook.requests.map((r) => JSON.parse(r.body).events[0].title).sort();
    expect(titles).toEqual(["NET-03 failure 1", "NET-03 failure 2"]);
  });
});

describe("retries", () => {
  it("retries a receiver that fails twice, then succeeds; every attempt is recorded", async () => {
    const hook = await receiver((n) => (n <= 2 ? { status: 503, body: "busy" } : { status: 200 }));
    const a = siemAlerting(hook, { retry: { ...FAST_RETRY, baseDelaySeconds: 0.2 } });
    await a.start();
    expect((await a.health())[0]).toMatchObject({ status: "unknown", pending: 0 });
    await a.publish([event(1)]);
    await hook.waitFor(1);
    const deadline = Date.now() + 2000;
    while ((await a.health())[0]!.status === "unknown" && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    // Between the first failure (recorded) and the retry 150–250 ms later:
    expect((await a.health())[0]).toMatchObject({ status: "degraded", consecutiveFailures: 1, pending: 1 });
    expect(await a.drain({ timeoutMs: 10_000 })).toEqual({ pending: 0, waiting: 0 });
    expect(hook.requests).toHaveLength(3);
    const bodies = hook.requests.map((r) => JSON.parse(r.body));
    expect(new Set(bodies.map((b) => b.deliveryId)).size).toBe(1);
    expect(bodies.map((b) => b.attempt)).toEqual([1, 2, 3]);
    const [record] = await a.log.list({ limit: 1 });
    expect(record).toMatchObject({ state: "delivered", attempts: 3, lastError: null });
    const attempts = await a.log.attempts(record!.id);
    expect(attempts.map((x) => [x.attempt, x.outcome, x.httpStatus])).toEqual([
      [1, "retry", 503],
      [2, "retry", 503],
      [3, "delivered", 200],
    ]);
    expect(attempts[0]!.error).toBe('webhook channel "siem": HTTP 503 (busy)');
    // Backoff: 200 ms, then 400 ms, each ±25%.
    const gaps = [hook.requests[1]!.at - hook.requests[0]!.at, hook.requests[2]!.at - hook.requests[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(150);
    expect(gaps[1]).toBeGreaterThanOrEqual(300);
    expect((await a.health())[0]).toMatchObject({ status: "healthy", consecutiveFailures: 0 });
  });

  it("honours a 429's Retry-After, capped by maxDelaySeconds", async () => {
    const hook = await receiver((n) =>
      n === 1
        ? { status: 429, headers: { "retry-after": "0.4" } }
        : n === 2
          ? { status: 429, headers: { "retry-after": "3600" } }
          : { status: 200 },
    );
    const a = siemAlerting(hook, { retry: { ...FAST_RETRY, baseDelaySeconds: 0.01, maxDelaySeconds: 0.8 } });
    await a.start();
    await a.publish([event(1)]);
    expect(await a.drain({ timeoutMs: 10_000 })).toEqual({ pending: 0, waiting: 0 });
    expect(hook.requests).toHaveLength(3);
    const first = hook.requests[1]!.at - hook.requests[0]!.at;
    const second = hook.requests[2]!.at - hook.requests[1]!.at;
    expect(first).toBeGreaterThanOrEqual(380); // asked 400 ms, far above the 10 ms backoff
    expect(second).toBeGreaterThanOrEqual(780); // asked an hour, capped at 800 ms
    expect(second).toBeLessThan(3000);
  });

  it("gives up after maxAttempts, records why, reports the channel failing and never blocks the others", async () => {
    const dead = await receiver(() => ({ status: 500, delayMs: 1500 })); // slow and failing: times out
    const fine = await receiver();
    const logger = collectingLogger();
    const a = alerting(
      {
        channels: {
          dead: { type: "webhook", url: dead.url(), secretEnv: "HOOK_SECRET", timeoutSeconds: 0.3 },
          fine: { type: "webhook", url: fine.url(), secretEnv: "HOOK_SECRET" },
        },
        routes: [{ channels: ["dead", "fine"] }],
        retry: { ...FAST_RETRY, maxAttempts: 3 },
        concurrency: 2,
        failingAfter: 2,
      },
      { HOOK_SECRET: WEBHOOK_SECRET },
      { logger },
    );
    await a.start();
    const started = Date.now();
    await a.publish([event(1), event(2), event(3)]);
    // The healthy channel gets all three while the dead one is still timing out its first.
    await fine.waitFor(3, 5000);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await a.drain({ timeoutMs: 15_000 })).toEqual({ pending: 0, waiting: 0 });
    const deadRecords = await a.log.list({ channel: "dead", limit: 10 });
    expect(deadRecords.map((r) => r.state)).toEqual(["failed", "failed", "failed"]);
    expect(deadRecords[0]!.attempts).toBe(3);
    expect(deadRecords[0]!.lastError).toBe(
      'webhook channel "dead": no answer within the timeout — gave up after 3 attempts',
    );
    const health = Object.fromEntries((await a.health()).map((h) => [h.channel, h]));
    expect(health.dead).toMatchObject({ status: "failing", pending: 0, lastSuccessAt: null });
    expect(health.dead!.consecutiveFailures).toBe(9);
    expect(health.fine).toMatchObject({ status: "healthy", consecutiveFailures: 0 });
    expect(logger.lines.filter((l) => l.includes('"dead"') && l.includes("is failing"))).toHaveLength(1);
  });

  it("does not retry a permanent refusal (404)", async () => {
    const hook = await receiver(() => ({ status: 404, body: "no_service" }));
    const a = alerting(
      {
        channels: { slack: { type: "slack", urlEnv: "SLACK_URL" } },
        routes: [{ channels: ["slack"] }],
        retry: FAST_RETRY,
      },
      { SLACK_URL: hook.url(SLACK_PATH) },
    );
    await a.start();
    await a.publish([event(1)]);
    expect(await a.drain({ timeoutMs: 5000 })).toEqual({ pending: 0, waiting: 0 });
    expect(hook.requests).toHaveLength(1);
    const [record] = await a.log.list({ limit: 1 });
    expect(record).toMatchObject({
      state: "failed",
      attempts: 1,
      lastError: 'slack channel "slack": HTTP 404 (no_service)',
    });
    expect((await a.health())[0]!.status).toBe("failing");
  });
});

describe("digests and restarts", () => {
  it("collects digest events and sends them together on the cron schedule, immediate routes unaffected", async () => {
    const hook = await receiver();
    const now = await receiver();
    const a = alerting(
      {
        channels: {
          daily: { type: "webhook", url: hook.url(), secretEnv: "HOOK_SECRET" },
          pager: { type: "webhook", url: now.url(), secretEnv: "HOOK_SECRET" },
        },
        routes: [
          { name: "digest", channels: ["daily"], digest: { schedule: "* * * * * *", timezone: "UTC" } },
          { name: "critical", when: { minSeverity: "critical" }, channels: ["pager"] },
        ],
      },
      { HOOK_SECRET: WEBHOOK_SECRET },
    );
    await a.start();
    await a.publish([event(1), event(2, { severity: "critical" }), event(3, { severity: "low" })]);
    expect((await a.health()).find((h) => h.channel === "daily")!.waiting).toBe(3);
    await now.waitFor(1);
    const [digest] = await hook.waitFor(1, 3000);
    const body = JSON.parse(digest!.body);
    expect(body.digest).toEqual({ schedule: "* * * * * *", timezone: "UTC" });
    expect(body.events.map((e: AlertEvent) => e.title).sort()).toEqual([
      "NET-03 failure 1",
      "NET-03 failure 2",
      "NET-03 failure 3",
    ]);
    expect(digest!.headers["lakeward-event"]).toBe("digest");
    expect(JSON.parse(now.requests[0]!.body).events.map((e: AlertEvent) => e.title)).toEqual(["NET-03 failure 2"]);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(hook.requests).toHaveLength(1); // an empty digest sends nothing
  });

  it("resumes pending deliveries after a restart and sends a digest whose tick passed while down", async () => {
    const log = new MemoryDeliveryLog();
    const config = {
      channels: {
        hook: { type: "webhook", url: "", secretEnv: "HOOK_SECRET" },
        mail: { type: "webhook", url: "", secretEnv: "HOOK_SECRET" },
      },
      routes: [
        { channels: ["hook"] },
        { channels: ["mail"], digest: { schedule: "0 8 * * *", timezone: "Europe/Berlin" } },
      ],
      retry: FAST_RETRY,
    };
    // First life: the receiver is down; the delivery stays pending and the digest item waits.
    const down = await receiver(() => ({ status: 503 }));
    const first = alerting(
      {
        ...config,
        channels: {
          hook: { ...config.channels.hook, url: down.url() },
          mail: { ...config.channels.mail, url: down.url() },
        },
      },
      { HOOK_SECRET: WEBHOOK_SECRET },
      { log },
    );
    await first.start();
    await first.publish([event(1, { severity: "critical" })]);
    await down.waitFor(1);
    await first.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [pending] = await log.list({ limit: 1 });
    expect(pending).toMatchObject({ state: "pending", attempts: 1 });
    // A digest item the first life wrote two days ago: its 08:00 tick has passed since.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await log.enqueue({
      channel: "mail",
      channelFingerprint: "sha256:00",
      event: event(9),
      digest: "0 8 * * *@Europe/Berlin",
      now: twoDaysAgo,
    });
    expect(await log.waitingDigests()).toEqual([
      { channel: "mail", digest: "0 8 * * *@Europe/Berlin", oldest: twoDaysAgo },
    ]);
    // Second life: the receiver is up; start() resumes the pending delivery and sends the missed digest.
    const up = await receiver();
    const second = alerting(
      {
        ...config,
        channels: {
          hook: { ...config.channels.hook, url: up.url() },
          mail: { ...config.channels.mail, url: up.url("/digest") },
        },
      },
      { HOOK_SECRET: WEBHOOK_SECRET },
      { log },
    );
    await second.start();
    expect(await second.drain({ timeoutMs: 10_000 })).toEqual({ pending: 0, waiting: 0 });
    expect(up.requests.map((r) => r.path).sort()).toEqual(["/digest", "/hook"]);
    const resumed = JSON.parse(up.requests.find((r) => r.path === "/hook")!.body);
    expect(resumed).toMatchObject({ deliveryId: pending!.id, attempt: 2 });
  });

  it("drain with flushDigests sends waiting digests now (serve --once without a store)", async () => {
    const hook = await receiver();
    const a = siemAlerting(hook, { routes: [{ channels: ["siem"], digest: { schedule: "0 8 1 1 *" } }] });
    await a.start();
    await a.publish([event(1), event(2)]);
    expect(await a.drain({ timeoutMs: 1000 })).toEqual({ pending: 0, waiting: 2 });
    expect(hook.requests).toHaveLength(0);
    expect(await a.drain({ timeoutMs: 5000, flushDigests: true })).toEqual({ pending: 0, waiting: 0 });
    expect(JSON.parse(hook.requests[0]!.body).events).toHaveLength(2);
  });

  it("closes, at start, the pending deliveries of a channel that is no longer configured", async () => {
    const log = new MemoryDeliveryLog();
    const now = new Date().toISOString();
    await log.enqueue({ channel: "gone", channelFingerprint: "sha256:00", event: event(1), digest: null, now });
    await log.enqueue({
      channel: "gone",
      channelFingerprint: "sha256:00",
      event: event(2),
      digest: "0 8 * * *@UTC",
      now,
    });
    const hook = await receiver();
    const logger = collectingLogger();
    const a = alerting(
      {
        channels: { siem: { type: "webhook", url: hook.url(), secretEnv: "HOOK_SECRET" } },
        routes: [{ channels: ["siem"] }],
      },
      { HOOK_SECRET: WEBHOOK_SECRET },
      { log, logger },
    );
    await a.start();
    const records = await log.list({ channel: "gone", limit: 5 });
    expect(records.map((r) => [r.state, r.lastError])).toEqual([
      ["failed", 'channel "gone" is no longer configured'],
      ["failed", 'channel "gone" is no longer configured'],
    ]);
    expect(await log.waitingDigests()).toEqual([]);
    expect(logger.lines.some((l) => l.includes('channel "gone", which is no longer configured'))).toBe(true);
  });

  it("sends a burst of events to one channel as one message", async () => {
    const hook = await receiver();
    const a = siemAlerting(hook);
    await a.start();
    await a.publish(Array.from({ length: 25 }, (_, i) => event(i)));
    expect(await a.drain({ timeoutMs: 5000 })).toEqual({ pending: 0, waiting: 0 });
    expect(hook.requests).toHaveLength(1);
    const body = JSON.parse(hook.requests[0]!.body);
    expect(body.events).toHaveLength(25);
    expect(body.digest).toBeNull();
    expect(await a.publish([event(3)])).toMatchObject({ duplicates: 1 });
  });
});

describe("e-mail channel", () => {
  it("sends over STARTTLS to a real SMTP server with a self-signed certificate, authenticated", async () => {
    const smtp = await startSmtpReceiver({ user: "lakeward", password: SMTP_PASSWORD });
    closers.push(() => smtp.close());
    const dir = await import("node:fs/promises").then((fs) =>
      fs.mkdtemp(`${(process.env.TMPDIR ?? "/tmp").replace(/\/$/, "")}/lakeward-ca-`),
    );
    const caFile = `${dir}/ca.pem`;
    await import("node:fs/promises").then((fs) => fs.writeFile(caFile, smtp.cert));
    const a = alerting(
      {
        channels: {
          mail: {
            type: "email",
            smtp: {
              host: "127.0.0.1",
              port: smtp.port,
              user: "lakeward",
              passwordEnv: "SMTP_PASSWORD",
              tls: { caFile, servername: "localhost" },
            },
            from: "lakeward <lakeward@example.com>",
            to: ["secops@example.com", "oncall@example.com"],
          },
        },
        routes: [{ channels: ["mail"] }],
      },
      { SMTP_PASSWORD },
    );
    await a.start();
    await a.publish([
      event(1, {
        workspace: { key: "ws", name: "prod <script>alert(1)</script>", host: null, resourceId: null, tags: {} },
        link: "http://127.0.0.1:8080/findings/1",
        changes: [
          {
            path: "databricks.workspaceConf.enableIpAccessLists",
            before: "true",
            after: "false",
            actor: "mallory@example.com",
            actorTime: "2026-12-01T09:58:00.000Z",
            sourceIp: "203.0.113.9",
            requestId: "req-1",
          },
        ],
      }),
    ]);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.secure).toBe(true);
    expect(mail!.user).toBe("lakeward");
    expect(mail!.envelope).toEqual({ from: "lakeward@example.com", to: ["secops@example.com", "oncall@example.com"] });
    expect(mail!.parsed.subject).toBe(
      "[lakeward] HIGH · New failure: NET-03 failure 1 — prod <script>alert(1)</script>",
    );
    expect(mail!.parsed.text).toContain(
      "Changed: databricks.workspaceConf.enableIpAccessLists: true → false by mallory@example.com at 2026-12-01T09:58:00.000Z from 203.0.113.9",
    );
    expect(mail!.parsed.text).toContain("Open: http://127.0.0.1:8080/findings/1");
    expect(mail!.parsed.html).toContain("prod &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail!.parsed.html).not.toContain("<script>");
    expect(await a.drain({ timeoutMs: 5000 })).toEqual({ pending: 0, waiting: 0 });
    const delivery = (await a.log.list({ limit: 1 }))[0]!;
    expect(mail!.parsed.headers.find((h) => h.key === "x-lakeward-delivery")?.value).toBe(delivery.id);
    expect(delivery.state).toBe("delivered");
  });

  it("does not retry a refused password; retries a 451 until accepted", async () => {
    const smtp = await startSmtpReceiver({
      user: "lakeward",
      password: SMTP_PASSWORD,
      reject: (n) => (n === 1 ? 451 : undefined),
    });
    closers.push(() => smtp.close());
    const fs = await import("node:fs/promises");
    const dir = await fs.mkdtemp(`${(process.env.TMPDIR ?? "/tmp").replace(/\/$/, "")}/lakeward-ca-`);
    await fs.writeFile(`${dir}/ca.pem`, smtp.cert);
    const mailChannel = (passwordEnv: string) => ({
      type: "email",
      smtp: {
        host: "127.0.0.1",
        port: smtp.port,
        user: "lakeward",
        passwordEnv,
        tls: { caFile: `${dir}/ca.pem`, servername: "localhost" },
      },
      from: "lakeward@example.com",
      to: ["secops@example.com"],
    });
    const logger = collectingLogger();
    const a = alerting(
      {
        channels: { good: mailChannel("GOOD"), bad: mailChannel("BAD") },
        routes: [{ channels: ["good", "bad"] }],
        retry: FAST_RETRY,
      },
      { GOOD: SMTP_PASSWORD, BAD: `${SMTP_PASSWORD}-wrong` },
      { logger },
    );
    await a.start();
    await a.publish([event(1)]);
    expect(await a.drain({ timeoutMs: 15_000 })).toEqual({ pending: 0, waiting: 0 });
    const good = (await a.log.list({ channel: "good", limit: 1 }))[0]!;
    const bad = (await a.log.list({ channel: "bad", limit: 1 }))[0]!;
    expect(good).toMatchObject({ state: "delivered", attempts: 2 });
    expect((await a.log.attempts(good.id))[0]).toMatchObject({ outcome: "retry", smtpCode: 451 });
    expect(bad).toMatchObject({ state: "failed", attempts: 1 });
    expect(bad.lastError).toMatch(/^email channel "bad": authentication refused \(SMTP 535/);
    expect(smtp.messages).toHaveLength(1);
    expect(logger.lines.join("\n")).not.toContain(SMTP_PASSWORD);
  });
});

describe("proxy", () => {
  it("goes through HTTPS_PROXY / HTTP_PROXY when set; the proxy's password reaches no error", async () => {
    const proxy = await startConnectProxy();
    closers.push(() => proxy.close());
    const hook = await receiver((n) => (n === 1 ? { status: 500 } : { status: 200 }));
    const logger = collectingLogger();
    const proxyUrl = proxy.url("lakeward:canaryProxyPassword42");
    const a = alerting(
      {
        channels: { slack: { type: "slack", urlEnv: "SLACK_URL" } },
        routes: [{ channels: ["slack"] }],
        retry: FAST_RETRY,
      },
      { SLACK_URL: hook.url(SLACK_PATH), HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, NO_PROXY: "" },
      { logger },
    );
    await a.start();
    await a.publish([event(1)]);
    expect(await a.drain({ timeoutMs: 5000 })).toEqual({ pending: 0, waiting: 0 });
    expect(hook.requests).toHaveLength(2);
    expect(proxy.seen.length).toBeGreaterThanOrEqual(1);
    expect(proxy.seen[0]!.target).toBe(new URL(hook.url()).host);
    expect(proxy.seen[0]!.authorization).toBe(
      `Basic ${Buffer.from("lakeward:canaryProxyPassword42").toString("base64")}`,
    );
    const records = JSON.stringify(await a.log.list({ limit: 5 }));
    expect(`${logger.lines.join("\n")}${records}`).not.toContain("canaryProxyPassword42");
  });
});

describe("secret safety", () => {
  it("never lets the webhook secret, the SMTP password or the Slack URL into a log, record, attempt or error", async () => {
    const slack = await receiver((n) =>
      n === 1 ? { status: 500, body: `echo ${SLACK_PATH} ${WEBHOOK_SECRET}` } : { status: 200, body: "ok" },
    );
    const hook = await receiver(() => ({ status: 400, body: `bad signature for secret ${WEBHOOK_SECRET}` }));
    const logger = collectingLogger();
    const a = alerting(
      {
        channels: {
          slack: { type: "slack", urlEnv: "SLACK_URL" },
          hook: { type: "webhook", urlEnv: "HOOK_URL", secretEnv: "HOOK_SECRET" },
          mail: {
            type: "email",
            smtp: { host: "127.0.0.1", port: 1, user: "u", passwordEnv: "SMTP_PASSWORD", security: "tls" },
            from: "lakeward@example.com",
            to: ["x@example.com"],
            timeoutSeconds: 1,
          },
        },
        routes: [{ channels: ["slack", "hook", "mail"] }],
        retry: { ...FAST_RETRY, maxAttempts: 2 },
      },
      {
        SLACK_URL: slack.url(SLACK_PATH),
        HOOK_URL: hook.url("/in?token=canaryQueryToken123"),
        HOOK_SECRET: WEBHOOK_SECRET,
        SMTP_PASSWORD,
      },
      { logger },
    );
    await a.start();
    await a.publish([event(1)]);
    expect(await a.drain({ timeoutMs: 15_000 })).toEqual({ pending: 0, waiting: 0 });
    const records = await a.log.list({ limit: 10 });
    const attempts = (await Promise.all(records.map((r) => a.log.attempts(r.id)))).flat();
    expect(attempts.length).toBeGreaterThanOrEqual(4);
    const everything = [
      ...logger.lines,
      JSON.stringify(records),
      JSON.stringify(attempts),
      JSON.stringify(await a.health()),
      ...hook.requests.map((r) => r.body),
    ].join("\n");
    for (const canary of [WEBHOOK_SECRET, SMTP_PASSWORD, SLACK_PATH, "canarySlackToken9x8y7z", "canaryQueryToken123"])
      expect(everything, canary).not.toContain(canary);
    expect(everything).toContain("[redacted sha256:"); // the echoed secrets were there, and were scrubbed
  });
});
