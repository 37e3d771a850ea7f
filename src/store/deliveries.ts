/**
 * The alerts' DeliveryLog (src/alerts/model.ts) on the store's tables, the same SQL on both engines. The
 * log is the queue: pending deliveries and waiting digest items survive a restart. Deduplication is the
 * unique (channel, event id) key of delivery_items, so two servers enqueueing the same transition send
 * it once; claiming uses FOR UPDATE SKIP LOCKED under a lease.
 */
import { type Kysely, sql } from "kysely";
import type {
  DeliveryAttempt,
  DeliveryListQuery,
  DeliveryLog,
  DeliveryRecord,
  DeliveryState,
  NewDeliveryItem,
} from "../alerts/model.ts";
import type { AlertEvent } from "../results/alert-event.ts";
import { greatest } from "./dialect.ts";
import type { Database } from "./schema.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type DeliveryRow = {
  id: number;
  channel: string;
  channel_fingerprint: string;
  digest: string | null;
  state: string;
  attempts: number;
  created_at: Date;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  last_error: string | null;
  lease_owner: string | null;
  lease_until: Date | null;
};

export class StoreDeliveryLog implements DeliveryLog {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  private async records(rows: DeliveryRow[]): Promise<DeliveryRecord[]> {
    if (!rows.length) return [];
    const items = await this.db
      .selectFrom("delivery_items")
      .select(["delivery_id", "event"])
      .where(
        "delivery_id",
        "in",
        rows.map((r) => r.id),
      )
      .orderBy("enqueued_at")
      .orderBy("id")
      .execute();
    return rows.map((r) => ({
      id: String(r.id),
      channel: r.channel,
      channelFingerprint: r.channel_fingerprint,
      digest: r.digest,
      events: items.filter((i) => i.delivery_id === r.id).map((i) => i.event as unknown as AlertEvent),
      state: r.state as DeliveryState,
      attempts: r.attempts,
      createdAt: r.created_at.toISOString(),
      nextAttemptAt: iso(r.next_attempt_at),
      deliveredAt: iso(r.delivered_at),
      lastError: r.last_error,
      leaseOwner: r.lease_owner,
      leaseUntil: iso(r.lease_until),
    }));
  }

  async enqueue(item: NewDeliveryItem): Promise<"queued" | "duplicate"> {
    return this.db.transaction().execute(async (tx) => {
      const inserted = await tx
        .insertInto("delivery_items")
        .values({
          channel: item.channel,
          channel_fingerprint: item.channelFingerprint,
          event_id: item.event.id,
          event: JSON.stringify(item.event),
          digest: item.digest,
          enqueued_at: new Date(item.now),
        })
        .onConflict((oc) => oc.columns(["channel", "event_id"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) return "duplicate";
      if (item.digest === null) {
        const delivery = await tx
          .insertInto("deliveries")
          .values({
            channel: item.channel,
            channel_fingerprint: item.channelFingerprint,
            digest: null,
            state: "pending",
            created_at: new Date(item.now),
            next_attempt_at: new Date(item.now),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await tx
          .updateTable("delivery_items")
          .set({ delivery_id: delivery.id })
          .where("id", "=", inserted.id)
          .execute();
      }
      return "queued";
    });
  }

  async closeDigest(channel: string, digest: string, now: string, limit: number): Promise<DeliveryRecord | null> {
    const id = await this.db.transaction().execute(async (tx) => {
      const waiting = await tx
        .selectFrom("delivery_items")
        .select(["id", "channel_fingerprint"])
        .where("channel", "=", channel)
        .where("digest", "=", digest)
        .where("delivery_id", "is", null)
        .orderBy("enqueued_at")
        .orderBy("id")
        .limit(Math.max(1, limit))
        .forUpdate()
        .skipLocked()
        .execute();
      if (!waiting.length) return null;
      const delivery = await tx
        .insertInto("deliveries")
        .values({
          channel,
          channel_fingerprint: waiting[0]!.channel_fingerprint,
          digest,
          state: "pending",
          created_at: new Date(now),
          next_attempt_at: new Date(now),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx
        .updateTable("delivery_items")
        .set({ delivery_id: delivery.id })
        .where(
          "id",
          "in",
          waiting.map((w) => w.id),
        )
        .execute();
      return delivery.id;
    });
    if (id === null) return null;
    const row = await this.db.selectFrom("deliveries").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    return (await this.records([row]))[0] ?? null;
  }

  async waitingDigests(): Promise<{ channel: string; digest: string; oldest: string }[]> {
    const rows = await this.db
      .selectFrom("delivery_items")
      .select(["channel", "digest", (eb) => eb.fn.min("enqueued_at").as("oldest")])
      .where("delivery_id", "is", null)
      .where("digest", "is not", null)
      .groupBy(["channel", "digest"])
      .execute();
    return rows.map((r) => ({
      channel: r.channel,
      digest: r.digest!,
      oldest: new Date(r.oldest as unknown as Date).toISOString(),
    }));
  }

  async claimDue(query: {
    channel: string;
    owner: string;
    now: string;
    leaseMs: number;
    limit: number;
  }): Promise<DeliveryRecord[]> {
    const now = new Date(query.now);
    const rows = await this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom("deliveries")
        .select("id")
        .where("channel", "=", query.channel)
        .where("state", "=", "pending")
        .where("next_attempt_at", "<=", now)
        .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<=", now)]))
        .orderBy("next_attempt_at")
        .orderBy("created_at")
        .orderBy("id")
        .limit(Math.max(1, query.limit))
        .forUpdate()
        .skipLocked()
        .execute();
      if (!due.length) return [];
      return tx
        .updateTable("deliveries")
        .set({ lease_owner: query.owner, lease_until: new Date(now.getTime() + query.leaseMs) })
        .where(
          "id",
          "in",
          due.map((d) => d.id),
        )
        .returningAll()
        .execute();
    });
    rows.sort(
      (a, b) =>
        (a.next_attempt_at?.getTime() ?? 0) - (b.next_attempt_at?.getTime() ?? 0) ||
        a.created_at.getTime() - b.created_at.getTime() ||
        a.id - b.id,
    );
    return this.records(rows);
  }

  async recordAttempt(
    attempt: DeliveryAttempt,
    next: { state: DeliveryState; nextAttemptAt: string | null },
  ): Promise<void> {
    const id = Number(attempt.deliveryId);
    await this.db.transaction().execute(async (tx) => {
      const found = await tx.selectFrom("deliveries").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
      if (!found) throw new Error(`no delivery ${attempt.deliveryId}`);
      await tx
        .insertInto("delivery_attempts")
        .values({
          delivery_id: id,
          attempt: attempt.attempt,
          at: new Date(attempt.at),
          duration_ms: Math.round(attempt.durationMs),
          outcome: attempt.outcome,
          http_status: attempt.httpStatus ?? null,
          smtp_code: attempt.smtpCode ?? null,
          error: attempt.error ?? null,
        })
        .execute();
      await tx
        .updateTable("deliveries")
        .set({
          attempts: sql<number>`${greatest(tx, sql.ref("attempts"), sql`${attempt.attempt}`)}`,
          state: next.state,
          next_attempt_at: next.state === "pending" && next.nextAttemptAt ? new Date(next.nextAttemptAt) : null,
          last_error: attempt.error ?? null,
          ...(next.state === "delivered" ? { delivered_at: new Date(attempt.at) } : {}),
          lease_owner: null,
          lease_until: null,
        })
        .where("id", "=", id)
        .execute();
    });
  }

  async nextDue(): Promise<string | null> {
    const row = await sql<{
      at: Date | string | null;
    }>`SELECT min(${greatest(this.db, sql.ref("next_attempt_at"), sql`coalesce(lease_until, next_attempt_at)`)}) AS at
      FROM deliveries WHERE state = 'pending' AND next_attempt_at IS NOT NULL`.execute(this.db);
    const at = row.rows[0]?.at;
    return at ? new Date(at).toISOString() : null;
  }

  async pendingCounts(): Promise<Record<string, { pending: number; waiting: number }>> {
    const pending = await this.db
      .selectFrom("deliveries")
      .select(["channel", (eb) => eb.fn.countAll<number>().as("n")])
      .where("state", "=", "pending")
      .groupBy("channel")
      .execute();
    const waiting = await this.db
      .selectFrom("delivery_items")
      .select(["channel", (eb) => eb.fn.countAll<number>().as("n")])
      .where("delivery_id", "is", null)
      .where("digest", "is not", null)
      .groupBy("channel")
      .execute();
    const counts: Record<string, { pending: number; waiting: number }> = {};
    for (const r of pending) counts[r.channel] = { pending: Number(r.n), waiting: 0 };
    for (const r of waiting) counts[r.channel] = { pending: counts[r.channel]?.pending ?? 0, waiting: Number(r.n) };
    return counts;
  }

  async list(query: DeliveryListQuery): Promise<DeliveryRecord[]> {
    let q = this.db
      .selectFrom("deliveries")
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(Math.min(Math.max(1, query.limit), 1000));
    if (query.channel) q = q.where("channel", "=", query.channel);
    if (query.state) q = q.where("state", "=", query.state);
    if (query.before) q = q.where("created_at", "<", new Date(query.before));
    return this.records(await q.execute());
  }

  async attempts(deliveryId: string): Promise<DeliveryAttempt[]> {
    if (!/^\d+$/.test(deliveryId)) return [];
    const rows = await this.db
      .selectFrom("delivery_attempts")
      .selectAll()
      .where("delivery_id", "=", Number(deliveryId))
      .orderBy("id")
      .execute();
    return rows.map((r) => ({
      deliveryId: String(r.delivery_id),
      attempt: r.attempt,
      at: r.at.toISOString(),
      durationMs: r.duration_ms,
      outcome: r.outcome as DeliveryAttempt["outcome"],
      ...(r.http_status !== null ? { httpStatus: r.http_status } : {}),
      ...(r.smtp_code !== null ? { smtpCode: r.smtp_code } : {}),
      ...(r.error !== null ? { error: r.error } : {}),
    }));
  }
}
