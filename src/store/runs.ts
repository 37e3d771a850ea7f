/**
 * Targets, schedules and claiming runs. Every decision that two servers sharing one PostgreSQL could both
 * make is made by the database:
 *
 *  - a schedule slot becomes a run once: the target's next_run_at moves by compare-and-set, and
 *    runs(target, scheduled_for) is unique;
 *  - one run per target at a time: a partial unique index over the target's queued and running runs;
 *  - a queued run is claimed with FOR UPDATE SKIP LOCKED, under a lease the running server renews;
 *  - a run whose lease lapsed (its server was killed) is marked interrupted and a retry is queued, which
 *    any server then claims.
 */
import { Cron } from "croner";
import type { Kysely, Transaction } from "kysely";
import type { Database, RunRow } from "./schema.ts";

export interface TargetDefinition {
  name: string;
  kind: "posture" | "detect";
  /** A cron expression (croner syntax, 5 or 6 fields) or null: only on demand. */
  schedule: string | null;
  spec: Record<string, unknown>;
}

export type RunTrigger = RunRow["trigger"] | "retry";

/** The next slot of a schedule strictly after `after`, or null. */
export function nextSlot(schedule: string, after: Date): Date | null {
  return new Cron(schedule, { timezone: "UTC", paused: true }).nextRun(after);
}

/** The last slot at or before `at`, if any after `since`. */
function lastSlotBetween(schedule: string, since: Date, at: Date): Date | null {
  const cron = new Cron(schedule, { timezone: "UTC", paused: true });
  let slot = cron.nextRun(since);
  let last: Date | null = null;
  for (let i = 0; slot && slot.getTime() <= at.getTime() && i < 100_000; i++) {
    last = slot;
    slot = cron.nextRun(slot);
  }
  return last;
}

export class RunQueue {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  /** Records the config's targets; a target that left the config is marked removed (its history stays). */
  async syncTargets(targets: readonly TargetDefinition[], now: Date): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const target of targets) {
        const existing = await tx.selectFrom("targets").selectAll().where("name", "=", target.name).executeTakeFirst();
        const first = target.schedule ? nextSlot(target.schedule, now) : null;
        if (!existing) {
          await tx
            .insertInto("targets")
            .values({
              name: target.name,
              kind: target.kind,
              schedule: target.schedule,
              spec: JSON.stringify(target.spec),
              next_run_at: first,
              created_at: now,
              updated_at: now,
            })
            .onConflict((oc) => oc.column("name").doNothing())
            .execute();
        } else {
          const scheduleChanged = existing.schedule !== target.schedule;
          await tx
            .updateTable("targets")
            .set({
              kind: target.kind,
              schedule: target.schedule,
              spec: JSON.stringify(target.spec),
              updated_at: now,
              removed_at: null,
              ...(scheduleChanged ? { next_run_at: first } : {}),
            })
            .where("name", "=", target.name)
            .execute();
        }
      }
      const names = targets.map((t) => t.name);
      let gone = tx.updateTable("targets").set({ removed_at: now }).where("removed_at", "is", null);
      if (names.length) gone = gone.where("name", "not in", names);
      await gone.execute();
    });
  }

  /**
   * Turns due schedule slots into queued runs. A slot missed while no server was running becomes one run
   * (trigger "missed"), however many slots were missed. Returns the runs queued by this call.
   */
  async enqueueDue(now: Date): Promise<number[]> {
    const due = await this.db
      .selectFrom("targets")
      .select(["name", "kind", "schedule", "next_run_at"])
      .where("removed_at", "is", null)
      .where("schedule", "is not", null)
      .where("next_run_at", "<=", now)
      .execute();
    const queued: number[] = [];
    for (const target of due) {
      if (!target.schedule || !target.next_run_at) continue;
      const slot =
        lastSlotBetween(target.schedule, new Date(target.next_run_at.getTime() - 1), now) ?? target.next_run_at;
      const missed = slot.getTime() !== target.next_run_at.getTime() || now.getTime() - slot.getTime() > 60_000;
      const next = nextSlot(target.schedule, now);
      const id = await this.db.transaction().execute(async (tx) => {
        // Compare-and-set: only the server that moves next_run_at queues the slot.
        const moved = await tx
          .updateTable("targets")
          .set({ next_run_at: next })
          .where("name", "=", target.name)
          .where("next_run_at", "=", target.next_run_at)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return null;
        return this.insertRun(tx, target.name, target.kind, missed ? "missed" : "schedule", slot, null, now);
      });
      if (id !== null) queued.push(id);
    }
    return queued;
  }

  /** Queues a run now (the API's POST, `serve --once`); the run already queued or running when there is one. */
  async enqueueNow(
    target: string,
    trigger: "api" | "once",
    requestedBy: string | null,
    now: Date,
  ): Promise<{ id: number; created: boolean } | null> {
    const row = await this.db
      .selectFrom("targets")
      .select(["name", "kind"])
      .where("name", "=", target)
      .executeTakeFirst();
    if (!row) return null;
    const id = await this.db
      .transaction()
      .execute((tx) => this.insertRun(tx, row.name, row.kind, trigger, null, requestedBy, now));
    if (id !== null) return { id, created: true };
    const active = await this.db
      .selectFrom("runs")
      .select("id")
      .where("target", "=", target)
      .where("status", "in", ["queued", "running"])
      .executeTakeFirst();
    return active ? { id: active.id, created: false } : null;
  }

  private async insertRun(
    tx: Transaction<Database>,
    target: string,
    kind: "posture" | "detect",
    trigger: RunTrigger,
    slot: Date | null,
    requestedBy: string | null,
    now: Date,
  ): Promise<number | null> {
    // ON CONFLICT DO NOTHING covers both unique keys: the slot, and one active run per target.
    const inserted = await tx
      .insertInto("runs")
      .values({
        target,
        kind,
        trigger: trigger === "retry" ? "missed" : trigger,
        scheduled_for: slot,
        status: "queued",
        requested_by: requestedBy,
        queued_at: now,
        problems: "[]",
      })
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .executeTakeFirst();
    return inserted?.id ?? null;
  }

  /** Claims the oldest queued run for `owner` under a lease; null when none is queued. */
  async claim(owner: string, leaseMs: number, now: Date): Promise<RunRow | null> {
    return this.db.transaction().execute(async (tx) => {
      const next = await tx
        .selectFrom("runs")
        .select("id")
        .where("status", "=", "queued")
        .orderBy("queued_at")
        .orderBy("id")
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!next) return null;
      return (
        (await tx
          .updateTable("runs")
          .set({
            status: "running",
            claimed_by: owner,
            lease_until: new Date(now.getTime() + leaseMs),
            started_at: now,
          })
          .where("id", "=", next.id)
          .where("status", "=", "queued")
          .returningAll()
          .executeTakeFirst()) ?? null
      );
    });
  }

  /** Extends the lease of a run this owner holds; false when it no longer holds it (taken over). */
  async renew(runId: number, owner: string, leaseMs: number, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable("runs")
      .set({ lease_until: new Date(now.getTime() + leaseMs) })
      .where("id", "=", runId)
      .where("claimed_by", "=", owner)
      .where("status", "=", "running")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Marks runs whose lease lapsed (or, with `all`, every running run: the embedded store is opened by one
   * process, so at its start nothing can still be running) as interrupted, and queues a retry of each.
   */
  async reapLapsed(now: Date, options: { all?: boolean } = {}): Promise<RunRow[]> {
    return this.db.transaction().execute(async (tx) => {
      let query = tx.selectFrom("runs").selectAll().where("status", "=", "running");
      if (!options.all) query = query.where("lease_until", "<", now);
      const lapsed = await query.forUpdate().skipLocked().execute();
      for (const run of lapsed) {
        const problem = {
          source: "lakeward serve",
          message: `interrupted: the server running it (${run.claimed_by ?? "?"}) stopped before it finished; the target runs again (a retry is queued unless a run of it already is)`,
          fatal: true,
        };
        await tx
          .updateTable("runs")
          .set({
            status: "interrupted",
            finished_at: now,
            lease_until: null,
            problems: JSON.stringify([...(run.problems ?? []), problem]),
          })
          .where("id", "=", run.id)
          .execute();
        await this.insertRun(tx, run.target, run.kind, "retry", null, `retry of run ${run.id}`, now);
      }
      return lapsed;
    });
  }

  /** When the next run of each target is due, for the API and `history`. */
  async schedules(): Promise<{ name: string; kind: string; schedule: string | null; nextRunAt: Date | null }[]> {
    const rows = await this.db
      .selectFrom("targets")
      .select(["name", "kind", "schedule", "next_run_at"])
      .where("removed_at", "is", null)
      .orderBy("name")
      .execute();
    return rows.map((r) => ({ name: r.name, kind: r.kind, schedule: r.schedule, nextRunAt: r.next_run_at }));
  }
}
