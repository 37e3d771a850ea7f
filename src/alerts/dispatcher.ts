/**
 * The dispatcher: events in, deliveries out. `publish` matches routes and writes each (channel, event)
 * to the delivery log — deduplicated there on the event's dedupe key — and returns once the log has
 * them; sending happens in the background, so the scheduler never waits on a channel. A pump claims due
 * deliveries from the log (at most one in flight per channel, `concurrency` in all, so a slow or dead
 * channel holds one slot at most), sends them with a timeout, and records every attempt. Failed attempts
 * are retried with exponential backoff and jitter (Retry-After honoured, capped) until the attempts or
 * the time budget run out; then the delivery is `failed` and the channel reported.
 *
 * The log is the queue: at start every pending delivery is resumed, digests whose tick passed while the
 * server was down are sent, and deliveries for channels no longer configured are closed as failed.
 * Several servers may share one store: a claim is a lease, so each delivery is sent by one of them.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { Cron } from "croner";
import { scrubSecrets } from "../redact/fingerprint.ts";
import { type Channel, resolveChannels } from "./channels/index.ts";
import { type AlertsConfig, digestKey, parseDigestKey } from "./config.ts";
import type { SendOutcome } from "./http.ts";
import { MemoryDeliveryLog } from "./memory-log.ts";
import {
  type AlertEvent,
  alertEventSchema,
  type ChannelHealth,
  type DeliveryLog,
  type DeliveryRecord,
  type DeliveryState,
} from "./model.ts";
import type { OutgoingMessage } from "./render.ts";
import { targetsFor } from "./routes.ts";

export interface AlertLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: AlertLogger = { info() {}, warn() {}, error() {} };

export interface AlertingOptions {
  config: AlertsConfig;
  /** The store's log; a MemoryDeliveryLog when absent (pending deliveries then die with the process). */
  log?: DeliveryLog;
  /** Resolved from `config` and `env` when absent. */
  channels?: Map<string, Channel>;
  env?: NodeJS.ProcessEnv;
  logger?: AlertLogger;
  /** Names this process in leases; unique per process. */
  owner?: string;
  now?: () => Date;
  /** For the jitter; Math.random by default. */
  random?: () => number;
  /** How often the log is looked at when nothing is due (other servers' expired leases). Default 30 s. */
  pollIntervalMs?: number;
  /** More events than this for one channel in one publish are sent as one message. Default 10. */
  burstLimit?: number;
  /** Events per digest delivery; a larger digest is sent in several. Default 500. */
  digestChunk?: number;
}

export interface PublishResult {
  /** (channel, event) pairs written to the log. */
  queued: number;
  /** Pairs the log already had: the same transition reported again. */
  duplicates: number;
  /** Events that matched no route. */
  unrouted: number;
  /** Events that failed validation (a bug in the producer; logged). */
  invalid: number;
}

export interface Alerting {
  readonly log: DeliveryLog;
  start(): Promise<void>;
  publish(events: readonly AlertEvent[]): Promise<PublishResult>;
  health(): Promise<ChannelHealth[]>;
  /**
   * Waits until no delivery is pending or in flight, or the timeout; with `flushDigests` the waiting
   * digests are sent first (for `serve --once` without a store). Returns what is left.
   */
  drain(options: { timeoutMs: number; flushDigests?: boolean }): Promise<{ pending: number; waiting: number }>;
  stop(): Promise<void>;
}

interface HealthState {
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastError: string | null;
  gaveUpSinceSuccess: boolean;
  reportedFailing: boolean;
}

const BURST_PREFIX = "burst:";

export function createAlerting(options: AlertingOptions): Alerting {
  return new Dispatcher(options);
}

class Dispatcher implements Alerting {
  readonly log: DeliveryLog;
  private readonly config: AlertsConfig;
  private readonly channels: Map<string, Channel>;
  private readonly ownsChannels: boolean;
  private readonly logger: AlertLogger;
  private readonly owner: string;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly pollIntervalMs: number;
  private readonly burstLimit: number;
  private readonly digestChunk: number;
  private readonly leaseMs: number;
  private readonly allSecrets: string[];
  private readonly healthStates = new Map<string, HealthState>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly crons: Cron[] = [];
  private timer: NodeJS.Timeout | undefined;
  private pumping = false;
  private pumpAgain = false;
  private rotation = 0;
  private started = false;
  private stopped = false;

  constructor(options: AlertingOptions) {
    this.config = options.config;
    this.log = options.log ?? new MemoryDeliveryLog();
    this.now = options.now ?? (() => new Date());
    this.ownsChannels = !options.channels;
    this.channels = options.channels ?? resolveChannels(options.config, options.env ?? process.env, this.now);
    this.logger = options.logger ?? silentLogger;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.random = options.random ?? Math.random;
    this.pollIntervalMs = options.pollIntervalMs ?? 30_000;
    this.burstLimit = options.burstLimit ?? 10;
    this.digestChunk = options.digestChunk ?? 500;
    const longestTimeout = Math.max(10, ...Object.values(this.config.channels).map((c) => c.timeoutSeconds));
    // E-mail's overall deadline is four steps; a lease outlives the longest attempt with room to record it.
    this.leaseMs = (longestTimeout * 4 + 60) * 1000;
    this.allSecrets = [...this.channels.values()].flatMap((channel) => channel.secrets);
    for (const name of this.channels.keys()) this.healthStates.set(name, emptyHealth());
  }

  private scrub(text: string): string {
    return scrubSecrets(text, this.allSecrets);
  }

  private say(level: keyof AlertLogger, message: string): void {
    this.logger[level](this.scrub(`alerts: ${message}`));
  }

  private iso(): string {
    return this.now().toISOString();
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.closeOrphans();
    await this.catchUpDigests();
    const schedules = new Map<string, Set<string>>();
    for (const route of this.config.routes) {
      if (!route.digest) continue;
      const key = digestKey(route.digest);
      const set = schedules.get(key) ?? new Set<string>();
      for (const channel of route.channels) set.add(channel);
      schedules.set(key, set);
    }
    for (const [key, channels] of schedules) {
      const { schedule, timezone } = parseDigestKey(key);
      const cron = new Cron(schedule, { timezone, protect: true, unref: true, catch: true }, async () => {
        for (const channel of channels) await this.flushDigest(channel, key);
      });
      this.crons.push(cron);
    }
    this.kick();
  }

  /** Deliveries for channels that are no longer configured are closed, so they do not wait forever. */
  private async closeOrphans(): Promise<void> {
    for (const waiting of await this.log.waitingDigests())
      if (!this.channels.has(waiting.channel))
        while (await this.log.closeDigest(waiting.channel, waiting.digest, this.iso(), this.digestChunk));
    const counts = await this.log.pendingCounts();
    for (const channel of Object.keys(counts)) {
      if (this.channels.has(channel) || !counts[channel]?.pending) continue;
      for (;;) {
        const records = await this.log.claimDue({
          channel,
          owner: this.owner,
          now: "9999-01-01T00:00:00.000Z",
          leaseMs: this.leaseMs,
          limit: 100,
        });
        if (records.length === 0) break;
        for (const record of records)
          await this.log.recordAttempt(
            {
              deliveryId: record.id,
              attempt: record.attempts + 1,
              at: this.iso(),
              durationMs: 0,
              outcome: "failed",
              error: `channel "${channel}" is no longer configured`,
            },
            { state: "failed", nextAttemptAt: null },
          );
      }
      this.say("warn", `closed the pending deliveries of channel "${channel}", which is no longer configured`);
    }
  }

  /** A digest whose tick passed since its oldest waiting item (the server was down) is sent now. */
  private async catchUpDigests(): Promise<void> {
    const configured = new Set(
      this.config.routes.flatMap((route) =>
        route.digest ? route.channels.map((c) => `${c}\0${digestKey(route.digest!)}`) : [],
      ),
    );
    for (const waiting of await this.log.waitingDigests()) {
      const isConfigured = configured.has(`${waiting.channel}\0${waiting.digest}`);
      if (!this.channels.has(waiting.channel)) continue;
      let due = !isConfigured;
      if (isConfigured) {
        const { schedule, timezone } = parseDigestKey(waiting.digest);
        const tick = new Cron(schedule, { timezone, paused: true }).nextRun(new Date(waiting.oldest));
        due = tick !== null && tick.getTime() <= this.now().getTime();
      }
      if (due) await this.flushDigest(waiting.channel, waiting.digest);
    }
  }

  private async flushDigest(channel: string, digest: string): Promise<void> {
    if (this.stopped) return;
    try {
      let closed = 0;
      for (;;) {
        const record = await this.log.closeDigest(channel, digest, this.iso(), this.digestChunk);
        if (!record) break;
        closed += record.events.length;
      }
      if (closed)
        this.say(
          "info",
          `${digest.startsWith(BURST_PREFIX) ? "grouped" : "digest"}: ${closed} alert${closed === 1 ? "" : "s"} for channel "${channel}"`,
        );
      this.kick();
    } catch (error) {
      this.say("error", `could not close the digest of channel "${channel}": ${describe(error)}`);
    }
  }

  async publish(events: readonly AlertEvent[]): Promise<PublishResult> {
    const result: PublishResult = { queued: 0, duplicates: 0, unrouted: 0, invalid: 0 };
    const now = this.iso();
    const immediate = new Map<string, AlertEvent[]>();
    const digested: { channel: string; event: AlertEvent; digest: string }[] = [];
    for (const candidate of events) {
      const parsed = alertEventSchema.safeParse(candidate);
      if (!parsed.success) {
        result.invalid++;
        this.say(
          "error",
          `dropped an invalid event (${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message})`,
        );
        continue;
      }
      const event = parsed.data;
      const targets = targetsFor(this.config, event).filter((t) => this.channels.has(t.channel));
      if (targets.length === 0) result.unrouted++;
      for (const target of targets) {
        if (target.digest === null) immediate.set(target.channel, [...(immediate.get(target.channel) ?? []), event]);
        else digested.push({ channel: target.channel, event, digest: target.digest });
      }
    }
    const enqueue = async (channel: string, event: AlertEvent, digest: string | null) => {
      const fingerprint = this.channels.get(channel)!.fingerprint;
      const outcome = await this.log.enqueue({ channel, channelFingerprint: fingerprint, event, digest, now });
      if (outcome === "queued") result.queued++;
      else result.duplicates++;
    };
    for (const item of digested) await enqueue(item.channel, item.event, item.digest);
    for (const [channel, list] of immediate) {
      if (list.length <= this.burstLimit) {
        for (const event of list) await enqueue(channel, event, null);
        continue;
      }
      // A burst (the first run of a new workspace, a mass change) becomes one message, not a flood.
      const burst = `${BURST_PREFIX}${randomUUID()}`;
      for (const event of list) await enqueue(channel, event, burst);
      await this.flushDigest(channel, burst);
    }
    this.kick();
    return result;
  }

  /** Starts a pump soon; never awaited by callers. */
  private kick(): void {
    if (!this.started || this.stopped) return;
    setImmediate(() => void this.pump());
  }

  private async pump(): Promise<void> {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        const names = [...this.channels.keys()];
        this.rotation = (this.rotation + 1) % Math.max(1, names.length);
        const ordered = [...names.slice(this.rotation), ...names.slice(0, this.rotation)];
        for (const name of ordered) {
          if (this.stopped || this.inFlight.size >= this.config.concurrency) break;
          if (this.inFlight.has(name)) continue;
          const [record] = await this.log.claimDue({
            channel: name,
            owner: this.owner,
            now: this.iso(),
            leaseMs: this.leaseMs,
            limit: 1,
          });
          if (!record) continue;
          const running = this.deliver(record).finally(() => {
            this.inFlight.delete(name);
            this.kick();
          });
          this.inFlight.set(name, running);
        }
      } while (this.pumpAgain && !this.stopped);
      await this.scheduleWake();
    } catch (error) {
      this.say("error", `the delivery log failed: ${describe(error)}; trying again in ${this.pollIntervalMs / 1000} s`);
      this.setWake(this.pollIntervalMs);
    } finally {
      this.pumping = false;
    }
  }

  private async scheduleWake(): Promise<void> {
    const next = await this.log.nextDue();
    const wait = next === null ? this.pollIntervalMs : Date.parse(next) - this.now().getTime();
    // Due already but not claimed: its channel is busy or all slots are; a finishing delivery kicks the pump.
    this.setWake(wait <= 0 ? this.pollIntervalMs : Math.min(wait, this.pollIntervalMs));
  }

  private setWake(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.pump(), Math.max(1, ms));
    this.timer.unref();
  }

  private async deliver(record: DeliveryRecord): Promise<void> {
    const channel = this.channels.get(record.channel)!;
    const attempt = record.attempts + 1;
    const started = this.now();
    const digest = record.digest && !record.digest.startsWith(BURST_PREFIX) ? parseDigestKey(record.digest) : null;
    const message: OutgoingMessage = {
      deliveryId: record.id,
      channel: record.channel,
      attempt,
      events: record.events,
      digest,
      test: false,
      sentAt: started.toISOString(),
    };
    let outcome: SendOutcome;
    try {
      outcome = await channel.send(message);
    } catch (error) {
      outcome = { ok: false, retryable: true, error: `${channel.type} channel "${channel.name}": ${describe(error)}` };
    }
    const finished = this.now();
    const error = outcome.error ? this.scrub(outcome.error) : undefined;
    let state: DeliveryState = "delivered";
    let nextAttemptAt: string | null = null;
    let recordedError = error;
    if (!outcome.ok) {
      const retry = this.config.retry;
      const deadline = Date.parse(record.createdAt) + retry.maxTotalMinutes * 60_000;
      const wait = this.retryDelayMs(attempt, outcome.retryAfterMs);
      if (!outcome.retryable) {
        state = "failed";
      } else if (attempt >= retry.maxAttempts || finished.getTime() + wait > deadline) {
        state = "failed";
        recordedError = `${error} — gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}`;
      } else {
        state = "pending";
        nextAttemptAt = new Date(finished.getTime() + wait).toISOString();
      }
    }
    try {
      await this.log.recordAttempt(
        {
          deliveryId: record.id,
          attempt,
          at: finished.toISOString(),
          durationMs: finished.getTime() - started.getTime(),
          outcome: state === "delivered" ? "delivered" : state === "pending" ? "retry" : "failed",
          ...(outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}),
          ...(outcome.smtpCode !== undefined ? { smtpCode: outcome.smtpCode } : {}),
          ...(recordedError ? { error: recordedError } : {}),
        },
        { state, nextAttemptAt },
      );
    } catch (logError) {
      // The lease runs out and the delivery is tried again: at least once, never lost.
      this.say("error", `could not record an attempt of delivery ${record.id}: ${describe(logError)}`);
    }
    this.noteHealth(channel, state, recordedError ?? null, finished.toISOString());
    const what = `${record.events.length} alert${record.events.length === 1 ? "" : "s"} to ${channel.type} channel "${channel.name}" (${channel.fingerprint})`;
    if (state === "delivered")
      this.say("info", `delivered ${what} in ${finished.getTime() - started.getTime()} ms (attempt ${attempt})`);
    else if (state === "pending")
      this.say("warn", `${recordedError}; retrying at ${nextAttemptAt} (attempt ${attempt})`);
    else this.say("error", `could not deliver ${what}: ${recordedError}`);
  }

  /** Exponential backoff with ±25% jitter; a Retry-After is honoured up to maxDelaySeconds. */
  private retryDelayMs(attempt: number, retryAfterMs: number | undefined): number {
    const { baseDelaySeconds, maxDelaySeconds } = this.config.retry;
    const cap = maxDelaySeconds * 1000;
    if (retryAfterMs !== undefined) return Math.min(cap, Math.max(0, retryAfterMs));
    const backoff = baseDelaySeconds * 1000 * 2 ** (attempt - 1) * (0.75 + this.random() * 0.5);
    return Math.min(cap, backoff);
  }

  private noteHealth(channel: Channel, state: DeliveryState, error: string | null, at: string): void {
    const health = this.healthStates.get(channel.name) ?? emptyHealth();
    if (state === "delivered") {
      if (health.reportedFailing) this.say("info", `${channel.type} channel "${channel.name}" delivers again`);
      Object.assign(health, emptyHealth(), { lastSuccessAt: at, lastFailureAt: health.lastFailureAt });
    } else {
      health.consecutiveFailures++;
      health.lastFailureAt = at;
      health.lastError = error;
      if (state === "failed") health.gaveUpSinceSuccess = true;
      if (!health.reportedFailing && statusOf(health, this.config.failingAfter) === "failing") {
        health.reportedFailing = true;
        this.say(
          "error",
          `${channel.type} channel "${channel.name}" (${channel.fingerprint}) is failing: ${health.consecutiveFailures} failed attempt${health.consecutiveFailures === 1 ? "" : "s"} in a row; last: ${error}`,
        );
      }
    }
    this.healthStates.set(channel.name, health);
  }

  async health(): Promise<ChannelHealth[]> {
    const counts = await this.log.pendingCounts();
    return [...this.channels.values()].map((channel) => {
      const health = this.healthStates.get(channel.name) ?? emptyHealth();
      return {
        channel: channel.name,
        type: channel.type,
        fingerprint: channel.fingerprint,
        status: statusOf(health, this.config.failingAfter),
        consecutiveFailures: health.consecutiveFailures,
        lastSuccessAt: health.lastSuccessAt,
        lastFailureAt: health.lastFailureAt,
        lastError: health.lastError,
        pending: counts[channel.name]?.pending ?? 0,
        waiting: counts[channel.name]?.waiting ?? 0,
      };
    });
  }

  async drain(options: { timeoutMs: number; flushDigests?: boolean }): Promise<{ pending: number; waiting: number }> {
    if (!this.started) await this.start();
    if (options.flushDigests)
      for (const waiting of await this.log.waitingDigests()) await this.flushDigest(waiting.channel, waiting.digest);
    const deadline = Date.now() + options.timeoutMs;
    const left = async () => {
      const counts = Object.values(await this.log.pendingCounts());
      return {
        pending: counts.reduce((sum, c) => sum + c.pending, 0),
        waiting: counts.reduce((sum, c) => sum + c.waiting, 0),
      };
    };
    for (;;) {
      const now = await left();
      if ((now.pending === 0 && this.inFlight.size === 0) || Date.now() >= deadline) return now;
      const next = await this.log.nextDue();
      const until = next ? Date.parse(next) - this.now().getTime() : 50;
      if (until <= 0 && this.inFlight.size === 0) this.kick();
      await sleep(Math.max(20, Math.min(until, 200, deadline - Date.now())));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const cron of this.crons) cron.stop();
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
    if (this.ownsChannels) await Promise.allSettled([...this.channels.values()].map((channel) => channel.close()));
  }
}

function emptyHealth(): HealthState {
  return {
    consecutiveFailures: 0,
    lastSuccessAt: null,
    lastFailureAt: null,
    lastError: null,
    gaveUpSinceSuccess: false,
    reportedFailing: false,
  };
}

function statusOf(health: HealthState, failingAfter: number): ChannelHealth["status"] {
  if (health.consecutiveFailures === 0) return health.lastSuccessAt ? "healthy" : "unknown";
  if (health.gaveUpSinceSuccess || health.consecutiveFailures >= failingAfter) return "failing";
  return "degraded";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
