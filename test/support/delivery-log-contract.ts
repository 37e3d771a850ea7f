/**
 * The DeliveryLog contract as a test suite any implementation runs: the in-memory log here, the store's
 * embedded and PostgreSQL engines in the store's tests (`deliveryLogContract("postgres", () => store.deliveries)`).
 * What the dispatcher relies on is all here: dedupe on (channel, dedupe key), digests drained in chunks,
 * claims that respect due times and leases, attempts that update the record, paging newest first.
 */
import { describe, expect, it } from "vitest";
import type { AlertEvent, DeliveryLog } from "../../src/alerts/model.ts";

/** A valid posture event (serve's shape); `overrides` replace top-level fields. */
export function sampleEvent(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    schema: "lakeward/alert-event",
    schemaVersion: 1,
    id: "evt-new-failure-1",
    kind: "new_failure",
    at: "2026-12-01T10:00:00.000Z",
    severity: "high",
    title: "NET-03 IP access lists are not enforced",
    summary: "The workspace accepts connections from any address.",
    run: {
      id: "run-1",
      target: "prod",
      kind: "posture",
      startedAt: "2026-12-01T09:59:00.000Z",
      finishedAt: "2026-12-01T10:00:00.000Z",
      status: "succeeded",
    },
    workspace: {
      key: "ws-1",
      name: "prod",
      host: "adb-1.1.azuredatabricks.net",
      resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/prod",
      tags: { env: "prod" },
    },
    finding: {
      key: "ws-1|NET-03|workspace",
      checkId: "NET-03",
      title: "IP access lists are not enforced",
      resource: "workspace",
      state: "open",
      firstSeenAt: "2026-12-01T10:00:00.000Z",
      lastSeenAt: "2026-12-01T10:00:00.000Z",
      fixedAt: null,
      reopenCount: 0,
      dueAt: null,
      timeToFixSeconds: null,
      threats: [],
      controls: ["NS-2"],
    },
    ...overrides,
  };
}

const T0 = "2026-12-01T10:00:00.000Z";
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

const immediate = (channel: string) => ({
  channel,
  channelFingerprint: "sha256:cc",
  event: sampleEvent(),
  digest: null,
  now: T0,
});

export function deliveryLogContract(name: string, makeLog: () => Promise<DeliveryLog> | DeliveryLog): void {
  describe(`DeliveryLog contract: ${name}`, () => {
    it("dedupes on (channel, dedupe key) and creates one pending delivery per immediate item", async () => {
      const log = await makeLog();
      const item = { channel: "slack", channelFingerprint: "sha256:aa", event: sampleEvent(), digest: null, now: T0 };
      expect(await log.enqueue(item)).toBe("queued");
      expect(await log.enqueue(item)).toBe("duplicate");
      expect(await log.enqueue({ ...item, channel: "mail" })).toBe("queued");
      const pending = await log.list({ state: "pending", limit: 10 });
      expect(pending.map((d) => d.channel).sort()).toEqual(["mail", "slack"]);
      expect(pending[0]!.events).toHaveLength(1);
      expect(pending[0]!.events[0]).toEqual(sampleEvent());
      expect(await log.pendingCounts()).toEqual({
        slack: { pending: 1, waiting: 0 },
        mail: { pending: 1, waiting: 0 },
      });
    });

    it("keeps digest items waiting until closeDigest, which drains them oldest first in chunks", async () => {
      const log = await makeLog();
      for (let i = 0; i < 5; i++)
        await log.enqueue({
          channel: "mail",
          channelFingerprint: "sha256:bb",
          event: sampleEvent({ id: `k${i}`, title: `t${i}` }),
          digest: "0 8 * * *@UTC",
          now: at(10 - i),
        });
      expect(await log.list({ limit: 10 })).toEqual([]);
      expect(await log.waitingDigests()).toEqual([{ channel: "mail", digest: "0 8 * * *@UTC", oldest: at(6) }]);
      expect(await log.pendingCounts()).toEqual({ mail: { pending: 0, waiting: 5 } });
      const first = await log.closeDigest("mail", "0 8 * * *@UTC", at(20), 3);
      expect(first!.events.map((e) => e.title)).toEqual(["t4", "t3", "t2"]);
      expect(first!.digest).toBe("0 8 * * *@UTC");
      const second = await log.closeDigest("mail", "0 8 * * *@UTC", at(20), 3);
      expect(second!.events.map((e) => e.title)).toEqual(["t1", "t0"]);
      expect(await log.closeDigest("mail", "0 8 * * *@UTC", at(20), 3)).toBeNull();
      expect(await log.waitingDigests()).toEqual([]);
      // A digested item is still deduplicated.
      expect(
        await log.enqueue({
          channel: "mail",
          channelFingerprint: "sha256:bb",
          event: sampleEvent({ id: "k0" }),
          digest: "0 8 * * *@UTC",
          now: at(30),
        }),
      ).toBe("duplicate");
    });

    it("claims only due, unleased deliveries of the channel, and lets an expired lease be taken over", async () => {
      const log = await makeLog();
      await log.enqueue(immediate("hook"));
      await log.enqueue(immediate("other"));
      const claimed = await log.claimDue({ channel: "hook", owner: "a", now: at(1), leaseMs: 60_000, limit: 5 });
      expect(claimed).toHaveLength(1);
      expect(claimed[0]!.leaseOwner).toBe("a");
      expect(await log.claimDue({ channel: "hook", owner: "b", now: at(2), leaseMs: 60_000, limit: 5 })).toEqual([]);
      expect(await log.nextDue()).toBe(at(0));
      const takenOver = await log.claimDue({ channel: "hook", owner: "b", now: at(61), leaseMs: 60_000, limit: 5 });
      expect(takenOver.map((d) => [d.id, d.leaseOwner])).toEqual([[claimed[0]!.id, "b"]]);
    });

    it("records attempts: a retry sets the next due time, delivery ends the record, attempts are kept in order", async () => {
      const log = await makeLog();
      await log.enqueue(immediate("hook"));
      const [d] = await log.claimDue({ channel: "hook", owner: "a", now: T0, leaseMs: 60_000, limit: 1 });
      await log.recordAttempt(
        {
          deliveryId: d!.id,
          attempt: 1,
          at: at(1),
          durationMs: 12,
          outcome: "retry",
          httpStatus: 503,
          error: "HTTP 503",
        },
        { state: "pending", nextAttemptAt: at(5) },
      );
      expect(await log.claimDue({ channel: "hook", owner: "a", now: at(4), leaseMs: 60_000, limit: 1 })).toEqual([]);
      expect(await log.nextDue()).toBe(at(5));
      const [again] = await log.claimDue({ channel: "hook", owner: "a", now: at(5), leaseMs: 60_000, limit: 1 });
      expect(again!.attempts).toBe(1);
      expect(again!.lastError).toBe("HTTP 503");
      await log.recordAttempt(
        { deliveryId: d!.id, attempt: 2, at: at(6), durationMs: 9, outcome: "delivered", httpStatus: 200 },
        { state: "delivered", nextAttemptAt: null },
      );
      const [done] = await log.list({ limit: 1 });
      expect(done).toMatchObject({
        state: "delivered",
        attempts: 2,
        deliveredAt: at(6),
        lastError: null,
        leaseOwner: null,
      });
      expect(await log.nextDue()).toBeNull();
      expect((await log.attempts(d!.id)).map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([
        [1, "retry", 503],
        [2, "delivered", 200],
      ]);
      expect(await log.pendingCounts()).toEqual({});
    });

    it("lists newest first, filtered by channel and state, paged with before", async () => {
      const log = await makeLog();
      for (let i = 0; i < 4; i++)
        await log.enqueue({
          channel: i % 2 ? "a" : "b",
          channelFingerprint: "sha256:ee",
          event: sampleEvent({ id: `k${i}` }),
          digest: null,
          now: at(i),
        });
      expect((await log.list({ limit: 10 })).map((d) => d.events[0]!.id)).toEqual(["k3", "k2", "k1", "k0"]);
      expect((await log.list({ channel: "a", limit: 10 })).map((d) => d.events[0]!.id)).toEqual(["k3", "k1"]);
      expect((await log.list({ limit: 10, before: at(2) })).map((d) => d.events[0]!.id)).toEqual(["k1", "k0"]);
      expect(await log.list({ state: "failed", limit: 10 })).toEqual([]);
    });
  });
}
