/**
 * A DeliveryLog in memory: for tests, and for `serve --once` runs without a store (pending deliveries do
 * not survive the process there, which `drain` reports). It implements the same contract the store does,
 * including leases, so the dispatcher's tests exercise the real protocol. A JSON round trip on the way in
 * and out keeps callers from sharing mutable objects with the log, as a database would.
 */
import { randomUUID } from "node:crypto";
import type {
  DeliveryAttempt,
  DeliveryListQuery,
  DeliveryLog,
  DeliveryRecord,
  DeliveryState,
  NewDeliveryItem,
} from "./model.ts";

interface Item extends NewDeliveryItem {
  deliveryId: string | null;
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const ms = (iso: string) => Date.parse(iso);

export class MemoryDeliveryLog implements DeliveryLog {
  private readonly items = new Map<string, Item>();
  private readonly deliveries = new Map<string, DeliveryRecord>();
  private readonly attemptLog: DeliveryAttempt[] = [];

  async enqueue(item: NewDeliveryItem): Promise<"queued" | "duplicate"> {
    const key = `${item.channel}\0${item.event.id}`;
    if (this.items.has(key)) return "duplicate";
    const stored: Item = { ...copy(item), deliveryId: null };
    if (item.digest === null)
      stored.deliveryId = this.createDelivery(item.channel, item.channelFingerprint, null, [stored], item.now).id;
    this.items.set(key, stored);
    return "queued";
  }

  private createDelivery(
    channel: string,
    channelFingerprint: string,
    digest: string | null,
    items: Item[],
    now: string,
  ): DeliveryRecord {
    const record: DeliveryRecord = {
      id: randomUUID(),
      channel,
      channelFingerprint,
      digest,
      events: items.map((item) => copy(item.event)),
      state: "pending",
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
      deliveredAt: null,
      lastError: null,
      leaseOwner: null,
      leaseUntil: null,
    };
    this.deliveries.set(record.id, record);
    return record;
  }

  async closeDigest(channel: string, digest: string, now: string, limit: number): Promise<DeliveryRecord | null> {
    const waiting = [...this.items.values()]
      .filter((item) => item.channel === channel && item.digest === digest && item.deliveryId === null)
      .sort((a, b) => ms(a.now) - ms(b.now))
      .slice(0, limit);
    const first = waiting[0];
    if (!first) return null;
    const record = this.createDelivery(channel, first.channelFingerprint, digest, waiting, now);
    for (const item of waiting) item.deliveryId = record.id;
    return copy(record);
  }

  async waitingDigests(): Promise<{ channel: string; digest: string; oldest: string }[]> {
    const byKey = new Map<string, { channel: string; digest: string; oldest: string }>();
    for (const item of this.items.values()) {
      if (item.digest === null || item.deliveryId !== null) continue;
      const key = `${item.channel}\0${item.digest}`;
      const seen = byKey.get(key);
      if (!seen || ms(item.now) < ms(seen.oldest))
        byKey.set(key, { channel: item.channel, digest: item.digest, oldest: item.now });
    }
    return [...byKey.values()];
  }

  async claimDue(query: {
    channel: string;
    owner: string;
    now: string;
    leaseMs: number;
    limit: number;
  }): Promise<DeliveryRecord[]> {
    const now = ms(query.now);
    const due = [...this.deliveries.values()]
      .filter(
        (d) =>
          d.channel === query.channel &&
          d.state === "pending" &&
          d.nextAttemptAt !== null &&
          ms(d.nextAttemptAt) <= now &&
          (d.leaseUntil === null || ms(d.leaseUntil) <= now),
      )
      .sort((a, b) => ms(a.nextAttemptAt!) - ms(b.nextAttemptAt!) || ms(a.createdAt) - ms(b.createdAt))
      .slice(0, query.limit);
    for (const d of due) {
      d.leaseOwner = query.owner;
      d.leaseUntil = new Date(now + query.leaseMs).toISOString();
    }
    return due.map(copy);
  }

  async recordAttempt(
    attempt: DeliveryAttempt,
    next: { state: DeliveryState; nextAttemptAt: string | null },
  ): Promise<void> {
    const record = this.deliveries.get(attempt.deliveryId);
    if (!record) throw new Error(`no delivery ${attempt.deliveryId}`);
    this.attemptLog.push(copy(attempt));
    record.attempts = Math.max(record.attempts, attempt.attempt);
    record.state = next.state;
    record.nextAttemptAt = next.state === "pending" ? next.nextAttemptAt : null;
    record.lastError = attempt.error ?? null;
    if (next.state === "delivered") record.deliveredAt = attempt.at;
    record.leaseOwner = null;
    record.leaseUntil = null;
  }

  async nextDue(): Promise<string | null> {
    let earliest: number | null = null;
    for (const d of this.deliveries.values()) {
      if (d.state !== "pending" || d.nextAttemptAt === null) continue;
      const at = Math.max(ms(d.nextAttemptAt), d.leaseUntil ? ms(d.leaseUntil) : 0);
      if (earliest === null || at < earliest) earliest = at;
    }
    return earliest === null ? null : new Date(earliest).toISOString();
  }

  async pendingCounts(): Promise<Record<string, { pending: number; waiting: number }>> {
    const counts: Record<string, { pending: number; waiting: number }> = {};
    const entry = (channel: string) => {
      counts[channel] ??= { pending: 0, waiting: 0 };
      return counts[channel];
    };
    for (const d of this.deliveries.values()) if (d.state === "pending") entry(d.channel).pending++;
    for (const item of this.items.values())
      if (item.digest !== null && item.deliveryId === null) entry(item.channel).waiting++;
    return counts;
  }

  async list(query: DeliveryListQuery): Promise<DeliveryRecord[]> {
    return [...this.deliveries.values()]
      .filter(
        (d) =>
          (!query.channel || d.channel === query.channel) &&
          (!query.state || d.state === query.state) &&
          (!query.before || ms(d.createdAt) < ms(query.before)),
      )
      .sort((a, b) => ms(b.createdAt) - ms(a.createdAt))
      .slice(0, query.limit)
      .map(copy);
  }

  async attempts(deliveryId: string): Promise<DeliveryAttempt[]> {
    return this.attemptLog.filter((a) => a.deliveryId === deliveryId).map(copy);
  }
}
