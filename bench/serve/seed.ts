/**
 * A year of daily scans of a generated estate, written straight into a store (bench:serve): the store's
 * own tables, migrations and rollup (backfillRollup, what migration 0004 runs on an existing store), but
 * the rows inserted in batches rather than one recordRun transaction per run — recordRun writes row by row
 * and would take hours for 73,000 workspace runs of ~100 checks each. What the rows hold follows recordRun
 * (src/store/record.ts) and the finding lifecycle (src/findings/lifecycle.ts): a check that starts failing
 * opens a finding (or reopens a fixed one) with its events and alert event; one that passes again fixes it;
 * drift comes from setting changes with an actor; evidence and results are stored by content hash, so a
 * day with no drift stores no new blob.
 *
 * Deterministic (a seeded generator): every run of the bench seeds the same estate.
 */
import { type Kysely, sql } from "kysely";
import { CHECKS } from "../../src/checks/registry.ts";
import type { Severity, Status } from "../../src/checks/types.ts";
import { score } from "../../src/engine/score.ts";
import { findingKey } from "../../src/findings/lifecycle.ts";
import { encodeBlob } from "../../src/store/blobs.ts";
import type { Store } from "../../src/store/index.ts";
import { backfillRollup } from "../../src/store/rollup.ts";
import type { Database } from "../../src/store/schema.ts";

const DAY = 86_400_000;

export interface SeedOptions {
  workspaces: number;
  days: number;
  /** The seeded year ends the day before this (UTC midnight); runs are at 06:00 UTC each day. */
  today: Date;
  progress?: (line: string) => void;
}

export interface SeedResult {
  ms: { generate: number; insert: number; rollup: number };
  rows: Record<string, number>;
  blobBytes: number;
}

/** mulberry32: small, fast and deterministic. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TARGETS = ["sub-prod", "sub-nonprod", "sub-data-platform", "sub-sandbox"];
const TEAMS = ["finance", "risk", "marketing", "ml", "bi", "ops", "hr", "supply", "claims", "fraud"];
const ENVS = ["prod", "uat", "dev"];
const ACTORS = ["alice@contoso.com", "bob@contoso.com", "platform-sp@contoso.com", "carol@contoso.com", null];
const SETTINGS = [
  "enableIpAccessLists",
  "enableTokensConfig",
  "enableExportNotebook",
  "enableResultsDownloading",
  "enableNotebookTableClipboard",
  "enableDbfsFileBrowser",
  "enableWebTerminal",
  "enableVerboseAuditLogs",
  "maxTokenLifetimeDays",
  "enableDeprecatedGlobalInitScripts",
];
const SLA_DAYS: Partial<Record<Severity, number>> = { critical: 7, high: 30, medium: 90, low: 180 };

/** Inserts rows in batches small enough for both engines' bound-parameter limits. */
async function insertAll(db: Kysely<Database>, table: keyof Database, rows: Record<string, unknown>[]) {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor(30_000 / columns));
  for (let i = 0; i < rows.length; i += size)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
}

interface WorkspaceState {
  id: number;
  key: string;
  name: string;
  target: string;
  /** First and last day (index into the year) it exists; gone after `lastDay` when below the year's end. */
  firstDay: number;
  lastDay: number;
  statuses: Status[];
  version: number;
  evidenceHash: string;
  resultsHash: string;
  /** Open (or fixed, reopenable) finding per check index. */
  findings: Map<number, FindingState>;
}

interface FindingState {
  row: Record<string, unknown> & { id: number; state: string };
}

export async function seedEstate(store: Store, options: SeedOptions): Promise<SeedResult> {
  const log = options.progress ?? (() => {});
  const rnd = random(20261202);
  const t0 = performance.now();
  const start = options.today.getTime() - options.days * DAY;
  const dayAt = (d: number, minutes = 0) => new Date(start + d * DAY + 6 * 3_600_000 + minutes * 60_000);
  const checks = CHECKS.map((c) => c.meta);
  // Estate-wide facts: some checks never apply (no Unity Catalog here, no serving endpoints there…).
  const notApplicable = checks.map(() => rnd() < 0.08);

  const rows = {
    runs: [] as Record<string, unknown>[],
    workspaces: [] as Record<string, unknown>[],
    blobs: [] as Record<string, unknown>[],
    workspace_runs: [] as Record<string, unknown>[],
    current_results: [] as Record<string, unknown>[],
    result_changes: [] as Record<string, unknown>[],
    findings: [] as Record<string, unknown>[],
    finding_events: [] as Record<string, unknown>[],
    setting_changes: [] as Record<string, unknown>[],
    alert_events: [] as Record<string, unknown>[],
  };
  const blobHashes = new Set<string>();
  let blobBytes = 0;
  const addBlob = (kind: "evidence" | "results", value: unknown, at: Date) => {
    const blob = encodeBlob(value);
    if (!blobHashes.has(blob.hash)) {
      blobHashes.add(blob.hash);
      blobBytes += blob.data.length;
      rows.blobs.push({
        hash: blob.hash,
        kind,
        size: blob.size,
        stored_size: blob.data.length,
        data: blob.data,
        created_at: at,
      });
    }
    return blob.hash;
  };
  const ids = { finding: 0, event: 0, setting: 0, change: 0, workspaceRun: 0 };

  const evidenceOf = (ws: WorkspaceState) => ({
    workspace: { key: ws.key, name: ws.name, version: ws.version },
    workspaceConf: Object.fromEntries(SETTINGS.map((s, i) => [s, ws.statuses[i % ws.statuses.length] === "pass"])),
    clusters: Array.from({ length: 24 }, (_, i) => ({
      cluster_id: `0101-${String(ws.id).padStart(6, "0")}-c${i}`,
      cluster_name: `${ws.name}-job-${i}`,
      spark_version: "15.4.x-scala2.12",
      data_security_mode: i % 5 === 0 ? "NONE" : "USER_ISOLATION",
      autotermination_minutes: i % 7 === 0 ? 0 : 60,
      custom_tags: { team: ws.name.split("-")[1], cost_center: `cc-${ws.id % 17}` },
    })),
  });
  const resultsOf = (ws: WorkspaceState) =>
    checks.map((c, i) => ({ id: c.id, status: ws.statuses[i], severity: c.severity, title: c.title }));

  // The estate: most workspaces there all year, a few added during it, a few decommissioned.
  const estate: WorkspaceState[] = [];
  for (let w = 1; w <= options.workspaces; w++) {
    const target = TARGETS[(w - 1) % TARGETS.length]!;
    const name = `adb-${TEAMS[w % TEAMS.length]}-${ENVS[w % ENVS.length]}-${String(w).padStart(3, "0")}`;
    const late = rnd() < 0.05;
    const gone = !late && rnd() < 0.02;
    const firstDay = late ? Math.floor(rnd() * options.days * 0.8) : 0;
    const lastDay = gone ? firstDay + Math.floor(rnd() * (options.days - firstDay)) : options.days - 1;
    const quality = 0.6 + rnd() * 0.35;
    const statuses: Status[] = checks.map((c, i) =>
      notApplicable[i]
        ? "not_applicable"
        : c.category === "manual"
          ? "manual"
          : rnd() < quality
            ? "pass"
            : rnd() < 0.85
              ? "fail"
              : "unknown",
    );
    const key = `rid:/subscriptions/00000000-0000-0000-0000-${String(TARGETS.indexOf(target)).padStart(12, "0")}/resourcegroups/rg-${name}/providers/microsoft.databricks/workspaces/${name}`;
    estate.push({
      id: w,
      key,
      name,
      target,
      firstDay,
      lastDay,
      statuses,
      version: 0,
      evidenceHash: "",
      resultsHash: "",
      findings: new Map(),
    });
    rows.workspaces.push({
      id: w,
      key,
      name,
      host: `adb-${1000000000000000 + w}.${w % 10}.azuredatabricks.net`,
      resource_id: key.slice(4),
      workspace_id: String(1000000000000000 + w),
      location: ["westeurope", "northeurope", "eastus2"][w % 3],
      target,
      tags: JSON.stringify({ env: ENVS[w % ENVS.length]!, team: TEAMS[w % TEAMS.length]! }),
      first_seen_at: dayAt(firstDay, 5),
      last_seen_at: dayAt(lastDay, 5),
      gone_at: lastDay < options.days - 1 ? dayAt(lastDay + 1, 5) : null,
    });
  }

  const alertEvent = (
    kind: string,
    at: Date,
    runId: number,
    ws: WorkspaceState,
    checkIndex: number,
    finding: Record<string, unknown>,
    change: Record<string, unknown> | null,
  ) => {
    const c = checks[checkIndex]!;
    const id = `${kind}:${finding.key}:${at.toISOString()}`;
    rows.alert_events.push({
      id,
      kind,
      at,
      severity: c.severity,
      run_id: runId,
      workspace_id: ws.id,
      subject: finding.key,
      payload: JSON.stringify({
        schema: "lakeward/alert-event",
        schemaVersion: 1,
        id,
        kind,
        at: at.toISOString(),
        severity: c.severity,
        title: `${kind === "resolved" ? "Resolved" : kind === "reopened" ? "Reopened" : "New failure"}: ${c.id} ${c.title} — ${ws.name}`,
        summary: `${c.title}: ${kind === "resolved" ? "passes again" : "fails"}`,
        run: { id: String(runId), target: ws.target, kind: "posture", status: "succeeded" },
        workspace: { key: ws.key, name: ws.name, host: null, resourceId: ws.key.slice(4), tags: {} },
        finding: { key: finding.key, checkId: c.id, title: c.title, resource: "", state: finding.state },
        ...(change ? { changes: [change] } : {}),
      }),
    });
  };

  const open = (ws: WorkspaceState, i: number, at: Date, runId: number, change: Record<string, unknown> | null) => {
    const c = checks[i]!;
    const unknown = ws.statuses[i] === "unknown";
    const existing = ws.findings.get(i);
    const sla = SLA_DAYS[c.severity];
    const due = sla === undefined ? null : new Date(at.getTime() + sla * DAY);
    const state = unknown ? "unknown" : "open";
    if (existing) {
      const from = existing.row.state;
      Object.assign(existing.row, {
        state,
        opened_at: at,
        fixed_at: null,
        time_to_fix_seconds: null,
        reopen_count: (existing.row.reopen_count as number) + 1,
        reopened_at: at,
        due_at: due,
        last_seen_at: at,
        last_run_id: runId,
        updated_at: at,
      });
      rows.finding_events.push({
        id: ++ids.event,
        finding_id: existing.row.id,
        run_id: runId,
        at,
        from_state: from,
        to_state: state,
        note: "failing again",
      });
      alertEvent("reopened", at, runId, ws, i, existing.row, change);
      return;
    }
    const row = {
      id: ++ids.finding,
      key: findingKey(ws.key, c.id, ""),
      workspace_id: ws.id,
      check_id: c.id,
      resource: "",
      title: c.title,
      severity: c.severity,
      state,
      message: unknown ? `${c.id} could not read its evidence (403 Forbidden)` : `${c.title}: not met`,
      threats: JSON.stringify(c.threats),
      controls: JSON.stringify(c.controls),
      first_seen_at: at,
      last_seen_at: at,
      opened_at: at,
      fixed_at: null,
      reopen_count: 0,
      reopened_at: null,
      due_at: due,
      time_to_fix_seconds: null,
      suppression: null,
      acceptance: null,
      last_run_id: runId,
      updated_at: at,
    };
    ws.findings.set(i, { row });
    rows.finding_events.push({
      id: ++ids.event,
      finding_id: row.id,
      run_id: runId,
      at,
      from_state: null,
      to_state: state,
      note: null,
    });
    if (!unknown) alertEvent("new_failure", at, runId, ws, i, row, change);
  };
  const fix = (ws: WorkspaceState, i: number, at: Date, runId: number, change: Record<string, unknown> | null) => {
    const finding = ws.findings.get(i);
    if (!finding || finding.row.state === "fixed") return;
    const from = finding.row.state;
    Object.assign(finding.row, {
      state: "fixed",
      fixed_at: at,
      time_to_fix_seconds: Math.round((at.getTime() - (finding.row.opened_at as Date).getTime()) / 1000),
      last_run_id: runId,
      updated_at: at,
    });
    rows.finding_events.push({
      id: ++ids.event,
      finding_id: finding.row.id,
      run_id: runId,
      at,
      from_state: from,
      to_state: "fixed",
      note: null,
    });
    alertEvent("resolved", at, runId, ws, i, finding.row, change);
  };

  const current = new Map<string, Record<string, unknown>>();
  let runId = 0;
  for (let d = 0; d < options.days; d++) {
    for (const [t, target] of TARGETS.entries()) {
      const members = estate.filter((ws) => ws.target === target && d >= ws.firstDay && d <= ws.lastDay);
      const gone = estate.some((ws) => ws.target === target && ws.lastDay === d - 1 && d > 0);
      if (!members.length && !gone) continue;
      const id = ++runId;
      const finishedAt = dayAt(d, 4 + t * 3 + Math.floor(rnd() * 3));
      let partial = false;
      for (const ws of members) {
        const at = finishedAt;
        // Drift: now and then a setting is changed by someone (mostly turned off), or a failure is fixed.
        const changes: Record<string, unknown>[] = [];
        const flips: number[] = [];
        if (d > ws.firstDay && rnd() < 0.07) {
          const judged = ws.statuses.map((s, i) => (s === "pass" || s === "fail" ? i : -1)).filter((i) => i >= 0);
          const i = judged[Math.floor(rnd() * judged.length)];
          if (i !== undefined) {
            flips.push(i);
            const setting = SETTINGS[i % SETTINGS.length]!;
            const nowPass = ws.statuses[i] === "fail";
            const actor = ACTORS[Math.floor(rnd() * ACTORS.length)] ?? null;
            changes.push({
              path: `databricks.workspaceConf.${setting}`,
              before: JSON.stringify(!nowPass),
              after: JSON.stringify(nowPass),
              actor,
              actorTime: actor ? new Date(at.getTime() - Math.floor(rnd() * 20) * 3_600_000).toISOString() : null,
              sourceIp: actor ? `198.51.100.${Math.floor(rnd() * 250)}` : null,
              requestId: actor ? `req-${id}-${ws.id}` : null,
            });
          }
        }
        // Now and then a workspace cannot be read at all (a token expired, a network rule): no score that day.
        const unreadable = d > ws.firstDay && rnd() < 0.003;
        if (unreadable) partial = true;
        for (const i of flips) ws.statuses[i] = ws.statuses[i] === "pass" ? "fail" : "pass";
        const first = d === ws.firstDay;
        if (first || flips.length) {
          ws.version++;
          ws.evidenceHash = addBlob("evidence", evidenceOf(ws), at);
          ws.resultsHash = addBlob("results", resultsOf(ws), at);
        }
        const counts = { pass: 0, fail: 0, unknown: 0, not_applicable: 0, manual: 0 };
        for (const s of ws.statuses) counts[s]++;
        const results = checks.map((c, i) => ({ status: ws.statuses[i]!, severity: c.severity }));
        rows.workspace_runs.push({
          id: ++ids.workspaceRun,
          run_id: id,
          workspace_id: ws.id,
          at,
          score: unreadable ? null : score(results),
          ...(unreadable
            ? { ...counts, pass: 0, fail: 0, unknown: counts.pass + counts.fail + counts.unknown }
            : counts),
          read_as: JSON.stringify({ name: "lakeward-reader", workspaceAdmin: true, metastoreAdmin: false }),
          problems: JSON.stringify(
            unreadable ? [{ source: "databricks", message: "401 Unauthorized: token expired", fatal: true }] : [],
          ),
          evidence_hash: ws.evidenceHash,
          results_hash: ws.resultsHash,
          collection: JSON.stringify({ durationMs: 2000 + Math.floor(rnd() * 8000), requests: 180 + (ws.id % 40) }),
        });
        for (const change of changes)
          rows.setting_changes.push({
            id: ++ids.setting,
            workspace_id: ws.id,
            run_id: id,
            at,
            path: change.path,
            before: change.before,
            after: change.after,
            actor: change.actor,
            actor_time: change.actorTime ? new Date(change.actorTime as string) : null,
            source_ip: change.sourceIp,
            request_id: change.requestId,
            audit_action: change.actor ? "workspaceConfEdit" : null,
          });
        const touched = first ? ws.statuses.map((_, i) => i) : flips;
        for (const i of touched) {
          const c = checks[i]!;
          const status = ws.statuses[i]!;
          const key = `${ws.id}:${c.id}`;
          const before = (current.get(key)?.status as string | undefined) ?? null;
          rows.result_changes.push({
            id: ++ids.change,
            workspace_id: ws.id,
            check_id: c.id,
            run_id: id,
            at,
            before,
            after: status,
          });
          current.set(key, {
            workspace_id: ws.id,
            check_id: c.id,
            status,
            severity: c.severity,
            suppressed: false,
            title: c.title,
            message: status === "pass" ? `${c.title}: met` : `${c.title}: not met`,
            run_id: id,
            since: at,
          });
          const change = changes[0] ?? null;
          if (status === "fail" || status === "unknown") open(ws, i, at, id, change);
          else if (status === "pass") fix(ws, i, at, id, change);
        }
        for (const f of ws.findings.values())
          if (f.row.state !== "fixed") Object.assign(f.row, { last_seen_at: at, last_run_id: id });
      }
      rows.runs.push({
        id,
        target,
        kind: "posture",
        trigger: "schedule",
        scheduled_for: dayAt(d),
        status: partial ? "partial" : "succeeded",
        requested_by: null,
        claimed_by: "bench",
        lease_until: null,
        queued_at: dayAt(d),
        started_at: dayAt(d),
        finished_at: finishedAt,
        problems: JSON.stringify(
          partial ? [{ source: "databricks", message: "a workspace could not be read", fatal: false }] : [],
        ),
        summary: JSON.stringify({ workspaces: members.length }),
      });
    }
  }
  // The end of the year: open findings past their due date are overdue; a few are accepted (waived).
  const end = options.today;
  for (const ws of estate)
    for (const f of ws.findings.values()) {
      if (f.row.state === "open" && f.row.due_at && (f.row.due_at as Date).getTime() < end.getTime())
        f.row.state = "overdue";
      if ((f.row.state === "open" || f.row.state === "overdue") && rnd() < 0.03) {
        f.row.state = "accepted";
        f.row.acceptance = JSON.stringify({
          owner: "risk-office@contoso.com",
          reason: "compensating control: private link only, reviewed quarterly",
          expires: new Date(end.getTime() + 90 * DAY).toISOString().slice(0, 10),
          by: "admin",
          at: new Date(end.getTime() - 10 * DAY).toISOString(),
        });
      }
      rows.findings.push(f.row);
    }
  rows.current_results.push(...current.values());
  const generate = performance.now() - t0;
  log(
    `generated ${rows.workspace_runs.length} workspace runs, ${rows.findings.length} findings, ${rows.blobs.length} blobs in ${(generate / 1000).toFixed(1)} s`,
  );

  const t1 = performance.now();
  await store.runs.syncTargets(
    TARGETS.map((name) => ({
      name,
      kind: "posture" as const,
      schedule: "0 6 * * *",
      spec: { subscription: name },
    })),
    new Date(start),
  );
  const db = store.db;
  await db.transaction().execute(async (tx) => {
    for (const table of Object.keys(rows) as (keyof typeof rows)[]) {
      const t = performance.now();
      await insertAll(tx, table, rows[table]);
      log(`  ${table}: ${rows[table].length} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  });
  if (store.engine === "postgres")
    for (const table of [
      "runs",
      "workspaces",
      "workspace_runs",
      "result_changes",
      "findings",
      "finding_events",
      "setting_changes",
    ])
      await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT max(id) FROM ${sql.table(table)}))`.execute(
        db,
      );
  const insert = performance.now() - t1;
  const t2 = performance.now();
  await db.transaction().execute((tx) => backfillRollup(tx));
  const rollup = performance.now() - t2;
  await sql`ANALYZE`.execute(db);
  return {
    ms: { generate, insert, rollup },
    rows: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length])),
    blobBytes,
  };
}
