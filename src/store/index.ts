/**
 * The store: one interface over the embedded engine and PostgreSQL, used by `serve`, the API and
 * `lakeward history`. Writes go through RunQueue (schedules, claims) and recordRun (a finished run, in one
 * transaction); reads through queries.ts; alert deliveries through the DeliveryLog.
 */
import { type Kysely, sql } from "kysely";
import { type WatermarkStore, watermarkSchema } from "../detect/state.ts";
import { accept, type Waiver } from "../findings/lifecycle.ts";
import type { AlertEvent } from "../results/alert-event.ts";
import { StoreDeliveryLog } from "./deliveries.ts";
import { type OpenedDatabase, type OpenOptions, openDatabase, type StoreEngine } from "./engines.ts";
import * as queries from "./queries.ts";
import { type ChangeMatcher, failRun, type RunRecord, recordRun, rowToFinding } from "./record.ts";
import * as rollup from "./rollup.ts";
import { RunQueue } from "./runs.ts";
import type { Database } from "./schema.ts";
import { TokenStore } from "./tokens.ts";

export interface RetentionPolicy {
  /** Days full evidence is kept (default 400); results are kept forever unless resultsDays is set. */
  evidenceDays: number;
  resultsDays: number | null;
}

export const DEFAULT_RETENTION: RetentionPolicy = { evidenceDays: 400, resultsDays: null };

export class Store {
  readonly db: Kysely<Database>;
  readonly engine: StoreEngine;
  readonly location: string;
  readonly runs: RunQueue;
  readonly tokens: TokenStore;
  /** The alerts' DeliveryLog (src/alerts/model.ts) on this store. */
  readonly deliveries: StoreDeliveryLog;
  private readonly opened: OpenedDatabase;

  private constructor(opened: OpenedDatabase) {
    this.opened = opened;
    this.db = opened.db;
    this.engine = opened.engine;
    this.location = opened.location;
    this.runs = new RunQueue(opened.db);
    this.tokens = new TokenStore(opened.db);
    this.deliveries = new StoreDeliveryLog(opened.db);
  }

  static async open(options: OpenOptions): Promise<Store> {
    return new Store(await openDatabase(options));
  }

  close(): Promise<void> {
    return this.opened.close();
  }

  record(record: RunRecord, related: ChangeMatcher = () => []) {
    return recordRun(this.db, record, related);
  }

  fail(runId: number, owner: string, problems: { source: string; message: string; fatal?: boolean }[], at: Date) {
    return failRun(this.db, runId, owner, problems, at);
  }

  listWorkspaces(now?: Date) {
    return queries.listWorkspaces(this.db, now);
  }
  workspaceByKeyOrId(ref: string) {
    const id = /^\d+$/.test(ref) ? Number(ref) : -1;
    return this.db
      .selectFrom("workspaces")
      .selectAll()
      .where((eb) => eb.or([eb("id", "=", id), eb("key", "=", ref), eb("name", "=", ref)]))
      .orderBy("id")
      .executeTakeFirst();
  }
  scoreHistory(options: { workspaceId?: number; days: number; now?: Date }) {
    return queries.scoreHistory(this.db, options);
  }
  /** The estate's daily trend (rollup.ts): one point per day, each workspace's latest score carried forward. */
  estateTrend(options: { days: number; now?: Date }) {
    return rollup.estateTrend(this.db, options);
  }
  /** One workspace's days: the day's last score and counts, per day with a run. */
  workspaceTrend(options: { workspaceId: number; days: number; now?: Date }) {
    return rollup.dailyScores(this.db, options);
  }
  /** Every workspace's days (the raw rollup rows), optionally one workspace. */
  dailyScores(options: { days: number; now?: Date; workspaceId?: number }) {
    return rollup.dailyScores(this.db, options);
  }
  /** Every workspace's sparkline, bucketed (a day up to 92 days, a week beyond, unless bucketDays). */
  workspaceTrends(options: { days: number; now?: Date; bucketDays?: number }) {
    return rollup.workspaceTrends(this.db, options);
  }
  listRuns(filter?: Parameters<typeof queries.listRuns>[1]) {
    return queries.listRuns(this.db, filter);
  }
  getRun(id: number) {
    return queries.getRun(this.db, id);
  }
  runResults(runId: number, workspaceId?: number) {
    return queries.runResults(this.db, runId, workspaceId);
  }
  runEvidence(runId: number, workspaceId: number) {
    return queries.runEvidence(this.db, runId, workspaceId);
  }
  previousEvidence(workspaceKey: string) {
    return queries.previousEvidence(this.db, workspaceKey);
  }
  listFindings(filter?: queries.FindingFilter, now?: Date) {
    return queries.listFindings(this.db, filter, now);
  }
  findingHistory(id: number) {
    return queries.findingHistory(this.db, id);
  }
  runDrift(runId: number) {
    return queries.runDrift(this.db, runId);
  }
  settingHistory(workspaceId: number, path: string) {
    return queries.settingHistory(this.db, workspaceId, path);
  }
  listAlertEvents(filter?: Parameters<typeof queries.listAlertEvents>[1]) {
    return queries.listAlertEvents(this.db, filter) as Promise<AlertEvent[]>;
  }
  listDetectionAlerts(filter?: Parameters<typeof queries.listDetectionAlerts>[1]) {
    return queries.listDetectionAlerts(this.db, filter);
  }
  /**
   * A detect target's watermarks, as detect's WatermarkStore (src/detect/state.ts). `set` writes at once;
   * serve instead hands the mark to record() so it is written with the run's alerts.
   */
  watermarks(target: string): WatermarkStore {
    return {
      get: async (sourceId) => {
        const row = await this.db
          .selectFrom("detect_watermarks")
          .select("mark")
          .where("target", "=", target)
          .where("source_id", "=", sourceId)
          .executeTakeFirst();
        return row ? watermarkSchema.parse(row.mark) : undefined;
      },
      set: async (sourceId, mark) => {
        const value = JSON.stringify(watermarkSchema.parse(mark));
        await this.db
          .insertInto("detect_watermarks")
          .values({ target, source_id: sourceId, mark: value, run_id: null, updated_at: new Date() })
          .onConflict((oc) => oc.columns(["target", "source_id"]).doUpdateSet({ mark: value, run_id: null }))
          .execute();
      },
    };
  }
  currentResults() {
    return queries.currentResults(this.db);
  }

  /** Waives a finding (admin): accepted until the expiry, then it opens again by itself. Null: no such finding. */
  async acceptFinding(id: number, waiver: Waiver): Promise<{ ok: boolean; state: string } | null> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom("findings as f")
        .innerJoin("workspaces as w", "w.id", "f.workspace_id")
        .selectAll("f")
        .select("w.key as workspace_key")
        .where("f.id", "=", id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return null;
      const { finding, transition } = accept(rowToFinding(row, row.workspace_key), waiver);
      if (!transition) return { ok: false, state: finding.state };
      await tx
        .updateTable("findings")
        .set({ state: finding.state, acceptance: JSON.stringify(finding.acceptance), updated_at: new Date(waiver.at) })
        .where("id", "=", id)
        .execute();
      await tx
        .insertInto("finding_events")
        .values({
          finding_id: id,
          run_id: null,
          at: new Date(waiver.at),
          from_state: transition.from,
          to_state: transition.to,
          note: `${transition.note}: ${waiver.reason} (owner ${waiver.owner}, until ${waiver.expires})`,
        })
        .execute();
      return { ok: true, state: finding.state };
    });
  }

  /**
   * Retention: drops full evidence older than evidenceDays (the run, its scores and results stay), then
   * results older than resultsDays when set, then every blob nothing refers to. Returns what was dropped.
   */
  async applyRetention(
    policy: RetentionPolicy,
    now: Date,
  ): Promise<{ evidenceDropped: number; resultsDropped: number; blobsDeleted: number }> {
    const evidenceCutoff = new Date(now.getTime() - policy.evidenceDays * 86_400_000);
    const evidence = await this.db
      .updateTable("workspace_runs")
      .set({ evidence_hash: null })
      .where("at", "<", evidenceCutoff)
      .where("evidence_hash", "is not", null)
      .executeTakeFirst();
    let resultsDropped = 0;
    if (policy.resultsDays !== null) {
      const cutoff = new Date(now.getTime() - policy.resultsDays * 86_400_000);
      const results = await this.db
        .updateTable("workspace_runs")
        .set({ results_hash: null })
        .where("at", "<", cutoff)
        .where("results_hash", "is not", null)
        .executeTakeFirst();
      resultsDropped = Number(results.numUpdatedRows);
    }
    const deleted =
      await sql`DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM workspace_runs r WHERE r.evidence_hash = blobs.hash)
      AND NOT EXISTS (SELECT 1 FROM workspace_runs r WHERE r.results_hash = blobs.hash)`.execute(this.db);
    return {
      evidenceDropped: Number(evidence.numUpdatedRows),
      resultsDropped,
      blobsDeleted: Number(deleted.numAffectedRows ?? 0),
    };
  }

  /** Sizes, for `history` and docs: rows per table and stored bytes of blobs. */
  async stats(): Promise<{
    runs: number;
    workspaces: number;
    findings: number;
    blobs: number;
    blobBytes: number;
    rawBytes: number;
  }> {
    const count = async (table: "runs" | "workspaces" | "findings") =>
      Number(
        (
          await this.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const blobs = await sql<{
      n: number;
      stored: number;
      raw: number;
    }>`SELECT CAST(count(*) AS integer) AS n, coalesce(sum(stored_size), 0) AS stored, coalesce(sum(size), 0) AS raw FROM blobs`.execute(
      this.db,
    );
    const b = blobs.rows[0]!;
    return {
      runs: await count("runs"),
      workspaces: await count("workspaces"),
      findings: await count("findings"),
      blobs: Number(b.n),
      blobBytes: Number(b.stored),
      rawBytes: Number(b.raw),
    };
  }
}

export type { StoreEngine } from "./engines.ts";
export type { RunRecord, WorkspaceRunRecord } from "./record.ts";
