/**
 * Last sign-in per user and workspace, from the audit logs — the only place it is recorded (IAM-13,
 * dormant users). Read from log files on the embedded engine, or pushed down to `system.access.audit`
 * on a SQL warehouse; both through the detections' executors, so the query is written once.
 */

import { LOGIN_ACTIONS } from "../../detect/detections/types.ts";
import { type Dialect, DUCKDB } from "../../detect/dialect.ts";
import type { Executor } from "../../detect/engine.ts";
import { ingest } from "../../detect/ingest/ingest.ts";
import { LocalDatabase } from "../../detect/local.ts";
import { WarehouseExecutor, type WarehouseOptions } from "../../detect/warehouse.ts";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { WorkspaceIdentity } from "../../evidence/model.ts";

export interface SignInIndex {
  /** Workspace key (numeric workspace id, or lower-cased ARM resource id) → user → last sign-in (ISO). */
  byWorkspace: Map<string, Map<string, string>>;
  /** The time the logs cover. */
  from: string | null;
  to: string | null;
  source: string;
}

function signInQuery(dialect: Dialect): string {
  return [
    `WITH events AS (${dialect.eventsSource({})})`,
    `SELECT workspace_id, principal, ${dialect.epochMillis("max(event_time)")} AS last_ms FROM events`,
    `WHERE service_name = 'accounts' AND action_name IN (${dialect.list(LOGIN_ACTIONS)}) AND status_code = 200 AND principal IS NOT NULL`,
    "GROUP BY workspace_id, principal",
  ].join("\n");
}

function spanQuery(dialect: Dialect): string {
  return `WITH events AS (${dialect.eventsSource({})}) SELECT ${dialect.epochMillis("min(event_time)")} AS from_ms, ${dialect.epochMillis("max(event_time)")} AS to_ms FROM events`;
}

const iso = (ms: string | null | undefined) => (ms ? new Date(Number(ms)).toISOString() : null);

export async function readSignIns(executor: Executor, source: string): Promise<SignInIndex> {
  const [rows, span] = await Promise.all([
    executor.query(signInQuery(executor.dialect), "last sign-ins"),
    executor.query(spanQuery(executor.dialect), "audit span"),
  ]);
  const byWorkspace = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const workspace = (row.workspace_id ?? "").toLowerCase();
    const when = iso(row.last_ms);
    if (!workspace || !row.principal || !when) continue;
    const users = byWorkspace.get(workspace) ?? new Map<string, string>();
    users.set(row.principal.toLowerCase(), when);
    byWorkspace.set(workspace, users);
  }
  return { byWorkspace, from: iso(span[0]?.from_ms), to: iso(span[0]?.to_ms), source };
}

/** Sign-ins from log files in any format `lakeward detect --logs` reads. */
export async function signInsFromLogs(paths: readonly string[]): Promise<SignInIndex> {
  const db = await LocalDatabase.open();
  try {
    await ingest(db, paths, { keep: `service_name = 'accounts' AND action_name IN (${DUCKDB.list(LOGIN_ACTIONS)})` });
    return await readSignIns({ dialect: DUCKDB, query: (sql) => db.query(sql) }, `audit logs ${paths.join(", ")}`);
  } finally {
    db.close();
  }
}

/** Sign-ins from `system.access.audit`, through a SQL warehouse (the only POST: the statement submit). */
export async function signInsFromWarehouse(options: WarehouseOptions): Promise<SignInIndex> {
  return readSignIns(new WarehouseExecutor(options), `system.access.audit on warehouse ${options.warehouseId}`);
}

/** The lastSignIns fact of one workspace. */
export function signInsFact(index: SignInIndex, workspace: WorkspaceIdentity): Fact<Record<string, string>> {
  const keys = [workspace.workspaceId, workspace.resourceId?.toLowerCase()].filter((k): k is string => Boolean(k));
  const users = keys.map((key) => index.byWorkspace.get(key)).find(Boolean);
  const span =
    index.from && index.to
      ? `the logs cover ${index.from.slice(0, 10)} to ${index.to.slice(0, 10)}`
      : "the logs hold no events";
  if (!users)
    return unknown(`no sign-in of this workspace in ${index.source} (${span}); they may not be its logs`, index.source);
  return known(Object.fromEntries(users), index.source, {
    note: `${span}; a user absent here did not sign in within that time`,
  });
}
