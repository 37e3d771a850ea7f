/**
 * The Databricks SQL Statement Execution API (apis.md §6), emulated over an embedded DuckDB that holds a
 * `system.access.audit` table, so the pushdown path of `lakeward detect --warehouse` runs end to end over
 * HTTP through the real SDK client.
 *
 *   POST /api/2.0/sql/statements                          submit (wait_timeout 0s or 5s–50s, on_wait_timeout)
 *   GET  /api/2.0/sql/statements/{id}                     poll: PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED
 *   GET  /api/2.0/sql/statements/{id}/result/chunks/{n}   further result chunks
 *   POST /api/2.0/sql/statements/{id}/cancel              cancel
 *
 * INLINE + JSON_ARRAY only (what INLINE allows); every cell a string or null; `manifest` with the schema,
 * chunk list and counts; `next_chunk_index` on every chunk but the last. A statement the engine rejects
 * ends FAILED with `status.error {error_code, message}` and HTTP 200, as the real service answers; a
 * malformed request is HTTP 400 with `{error_code, message}`.
 *
 * Databricks SQL is run on DuckDB by mapping the three-part table name and defining, as DuckDB macros,
 * the Databricks functions lakeward's SQL uses (dialect.ts) — enough for lakeward, not a general
 * translator.
 */
import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { sql } from "@databricks/sdk-experimental";
import type { Context, Hono } from "hono";
import { generateAll } from "../detect/generator/generate.ts";
import type { AuditEvent } from "../detect/generator/model.ts";
import { ACCOUNT_ID, systemTableRecord } from "../detect/generator/writers.ts";
import { ingest } from "../detect/ingest/ingest.ts";
import { LocalDatabase } from "../detect/local.ts";
import { personaSignIns } from "./persona-audit.ts";
import type { PersonaWorkspace } from "./personas.ts";
import type { EmulatorState } from "./server.ts";

/** The one SQL warehouse every emulated workspace has. */
export const EMULATOR_WAREHOUSE_ID = "e5a1b2c3d4f60789";

export interface AuditLogOptions {
  /** Events to load (from lakeward's generator). */
  events?: readonly AuditEvent[];
  /** Log files or directories in any format `lakeward detect --logs` reads. */
  path?: string | readonly string[];
  /** Rows per result chunk (small values exercise chunk paging). Default 10000. */
  chunkRows?: number;
  /** Each statement stays PENDING/RUNNING at least this long, ms (exercises polling). Default 0. */
  minRunMs?: number;
}

/** Default data when no events or path are given: a small generated month ending today. */
function defaultEvents(): readonly AuditEvent[] {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const start = new Date(today.getTime() - 5 * 86_400_000).toISOString();
  return generateAll({ users: 16, days: 6, seed: "emulator", start }).events;
}

/** Databricks SQL functions lakeward uses, as DuckDB macros (skipped where DuckDB has the same function). */
const COMPAT_MACROS = [
  "CREATE OR REPLACE MACRO unix_timestamp(ts) AS CAST(floor(epoch(ts)) AS BIGINT)",
  "CREATE OR REPLACE MACRO unix_millis(ts) AS epoch_ms(ts)",
  "CREATE OR REPLACE MACRO timestamp_millis(ms) AS epoch_ms(CAST(ms AS BIGINT))",
  "CREATE OR REPLACE MACRO current_timezone() AS 'UTC'",
  "CREATE OR REPLACE MACRO to_utc_timestamp(ts, tz) AS ts",
  "CREATE OR REPLACE MACRO regexp_like(s, p) AS regexp_matches(s, p)",
  "CREATE OR REPLACE MACRO array_join(l, sep) AS array_to_string(l, sep)",
  "CREATE OR REPLACE MACRO collect_set(x) AS list(DISTINCT x) FILTER (WHERE x IS NOT NULL)",
];

const SYSTEM_TABLE = "lw_system_access.audit";

interface Engine {
  db: LocalDatabase;
  /** Serialises statements on the one connection. */
  queue: Promise<unknown>;
}

/**
 * sql.ResultData and sql.StatementResponse as the wire carries them: a SQL NULL is JSON `null` in
 * `data_array` (the Statement Execution API reference, JSON_ARRAY format), which the SDK models' string
 * arrays cannot say (the Go SDK's `DataArray [][]string` reads it as "").
 */
type ResultDataWire = Omit<sql.ResultData, "data_array"> & { data_array?: (string | null)[][] };
type StatementResponseWire = Omit<sql.StatementResponse, "result"> & { result?: ResultDataWire };

interface ResultSet {
  columns: (sql.ColumnInfo & {
    name: string;
    type_text: string;
    type_name: sql.ColumnInfoTypeName;
    position: number;
  })[];
  rows: (string | null)[][];
  truncated: boolean;
}

interface Statement {
  id: string;
  submittedAt: number;
  readyAt: number;
  settled: boolean;
  canceled: boolean;
  result?: ResultSet;
  error?: sql.ServiceError & { message: string };
  done: Promise<void>;
}

const engines = new WeakMap<EmulatorState, Promise<Engine>>();
const statementsOf = new WeakMap<EmulatorState, Map<string, Statement>>();

/** Audit events written by the control endpoint (control-routes.ts), per emulator: they join every reload. */
const appendedEvents = new WeakMap<EmulatorState, AuditEvent[]>();

/**
 * Adds events to the emulated system.access.audit, as the real service logs a change: the engine is
 * reloaded at the next statement with them (control-routes.ts calls this when it changes a setting).
 */
export async function appendAuditEvents(state: EmulatorState, events: readonly AuditEvent[]): Promise<void> {
  appendedEvents.set(state, [...(appendedEvents.get(state) ?? []), ...events]);
  await closeStatementEngine(state);
}

async function loadEngine(
  options: AuditLogOptions | undefined,
  extra: readonly AuditEvent[],
  appended: readonly AuditEvent[] = [],
): Promise<Engine> {
  const db = await LocalDatabase.open({ threads: 2 });
  const paths =
    options?.path === undefined ? [] : typeof options.path === "string" ? [options.path] : [...options.path];
  const temp = join(tmpdir(), `lakeward-emulator-audit-${process.pid}-${randomUUID()}.json`);
  try {
    if (paths.length === 0) {
      // The personas' own sign-ins join the generated traffic (unless the caller gave events of its own).
      const events = [...(options?.events ?? [...defaultEvents(), ...extra]), ...appended];
      await writeFile(temp, `${events.map((event) => JSON.stringify(systemTableRecord(event))).join("\n")}\n`);
      paths.push(temp);
    }
    await ingest(db, paths);
  } finally {
    await rm(temp, { force: true });
  }
  await db.run("CREATE SCHEMA lw_system_access");
  await db.run(`CREATE TABLE ${SYSTEM_TABLE} AS SELECT
  '${ACCOUNT_ID}' AS account_id, workspace_id, '2.0' AS version, event_time, CAST(event_time AS DATE) AS event_date,
  source_ip AS source_ip_address, user_agent, session_id,
  {'email': principal, 'subject_name': CAST(NULL AS VARCHAR)} AS user_identity,
  service_name, action_name, request_id, request_params,
  {'status_code': status_code, 'error_message': error_message, 'result': response_result} AS response,
  audit_level, request_id AS event_id
FROM audit ORDER BY event_time`);
  await db.run("DROP TABLE audit");
  for (const macro of COMPAT_MACROS) await db.run(macro);
  return { db, queue: Promise.resolve() };
}

const TYPE_NAMES: [RegExp, sql.ColumnInfoTypeName, string][] = [
  [/^BIGINT$|^HUGEINT$|^UBIGINT$/, "LONG", "BIGINT"],
  [/^INTEGER$|^UINTEGER$/, "INT", "INT"],
  [/^SMALLINT$|^TINYINT$|^USMALLINT$|^UTINYINT$/, "SHORT", "SMALLINT"],
  [/^DOUBLE$/, "DOUBLE", "DOUBLE"],
  [/^FLOAT$/, "FLOAT", "FLOAT"],
  [/^DECIMAL/, "DECIMAL", "DECIMAL"],
  [/^BOOLEAN$/, "BOOLEAN", "BOOLEAN"],
  [/^TIMESTAMP/, "TIMESTAMP", "TIMESTAMP"],
  [/^DATE$/, "DATE", "DATE"],
  [/^STRUCT/, "STRUCT", "STRUCT"],
  [/^MAP/, "MAP", "MAP"],
  [/\[\]$/, "ARRAY", "ARRAY"],
];

function databricksType(duckType: string): { type_name: sql.ColumnInfoTypeName; type_text: string } {
  for (const [pattern, name, text] of TYPE_NAMES)
    if (pattern.test(duckType)) return { type_name: name, type_text: text };
  return { type_name: "STRING", type_text: "STRING" };
}

/** Databricks SQL → DuckDB: the system table's name; parameters as typed literals. */
function translate(statement: string, parameters: { name: string; value?: string | null; type?: string }[]): string {
  let text = statement.replace(/\bsystem\.access\.audit\b/gi, SYSTEM_TABLE);
  for (const parameter of parameters) {
    const type = (parameter.type ?? "STRING").toUpperCase();
    const value = parameter.value;
    const literal =
      value === null || value === undefined
        ? "NULL"
        : /^(INT|BIGINT|SMALLINT|TINYINT|DOUBLE|FLOAT|DECIMAL)/.test(type)
          ? String(Number(value))
          : type === "BOOLEAN"
            ? value.toLowerCase() === "true"
              ? "TRUE"
              : "FALSE"
            : `${type === "TIMESTAMP" ? "TIMESTAMP " : type === "DATE" ? "DATE " : ""}'${value.replaceAll("'", "''")}'`;
    text = text.replace(new RegExp(`:${parameter.name}\\b`, "g"), literal);
  }
  return text;
}

function errorBody(c: Context, status: 400 | 404, errorCode: string, message: string) {
  return c.json({ error_code: errorCode, message }, status);
}

function view(statement: Statement, chunkRows: number, now = Date.now()): StatementResponseWire {
  const base = { statement_id: statement.id };
  if (statement.canceled) return { ...base, status: { state: "CANCELED" } };
  if (!statement.settled || now < statement.readyAt) {
    const running = now - statement.submittedAt >= (statement.readyAt - statement.submittedAt) / 2;
    return { ...base, status: { state: running ? "RUNNING" : "PENDING" } };
  }
  if (statement.error) return { ...base, status: { state: "FAILED", error: statement.error } };
  const result = statement.result!;
  const chunks = Math.max(1, Math.ceil(result.rows.length / chunkRows));
  return {
    ...base,
    status: { state: "SUCCEEDED" },
    manifest: {
      format: "JSON_ARRAY",
      schema: { column_count: result.columns.length, columns: result.columns },
      total_chunk_count: chunks,
      total_row_count: result.rows.length,
      chunks: Array.from({ length: chunks }, (_, i) => ({
        chunk_index: i,
        row_offset: i * chunkRows,
        row_count: Math.min(chunkRows, result.rows.length - i * chunkRows),
      })),
      truncated: result.truncated,
    },
    result: chunk(result, 0, chunkRows, statement.id),
  };
}

function chunk(result: ResultSet, index: number, chunkRows: number, id: string): ResultDataWire {
  const chunks = Math.max(1, Math.ceil(result.rows.length / chunkRows));
  const rows = result.rows.slice(index * chunkRows, (index + 1) * chunkRows);
  return {
    chunk_index: index,
    row_offset: index * chunkRows,
    row_count: rows.length,
    ...(rows.length ? { data_array: rows } : {}),
    ...(index + 1 < chunks
      ? {
          next_chunk_index: index + 1,
          next_chunk_internal_link: `/api/2.0/sql/statements/${id}/result/chunks/${index + 1}`,
        }
      : {}),
  };
}

/** Registers the Statement Execution API on one workspace's app. */
export function registerStatementRoutes(app: Hono, state: EmulatorState, _ws: PersonaWorkspace): void {
  const options = state.auditLog;
  const chunkRows = Math.max(1, options?.chunkRows ?? 10_000);
  const minRunMs = Math.max(0, options?.minRunMs ?? 0);
  const statements = statementsOf.get(state) ?? new Map<string, Statement>();
  statementsOf.set(state, statements);
  const engine = () => {
    let loading = engines.get(state);
    if (!loading) {
      loading = loadEngine(options, personaSignIns(state.workspaces.map((w) => w.data)), appendedEvents.get(state));
      engines.set(state, loading);
    }
    return loading;
  };

  app.post("/api/2.0/sql/statements", async (c) => {
    let body: Record<string, unknown>;
    try {
      body = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return errorBody(c, 400, "MALFORMED_REQUEST", "Could not parse request object: expected a JSON object");
    }
    const statementText = body.statement;
    if (typeof statementText !== "string" || statementText.trim() === "")
      return errorBody(c, 400, "INVALID_PARAMETER_VALUE", "statement is required");
    if (typeof body.warehouse_id !== "string" || body.warehouse_id === "")
      return errorBody(c, 400, "INVALID_PARAMETER_VALUE", "warehouse_id is required");
    if (body.warehouse_id !== EMULATOR_WAREHOUSE_ID)
      return errorBody(c, 404, "RESOURCE_DOES_NOT_EXIST", `Warehouse ${body.warehouse_id} does not exist.`);
    const wait = typeof body.wait_timeout === "string" ? body.wait_timeout : "10s";
    const waitMatch = /^(\d+)s$/.exec(wait);
    const waitSeconds = waitMatch ? Number(waitMatch[1]) : Number.NaN;
    if (!(waitSeconds === 0 || (waitSeconds >= 5 && waitSeconds <= 50)))
      return errorBody(
        c,
        400,
        "INVALID_PARAMETER_VALUE",
        `wait_timeout must be 0s or between 5s and 50s, got ${JSON.stringify(wait)}`,
      );
    const onWaitTimeout = body.on_wait_timeout ?? "CONTINUE";
    if (onWaitTimeout !== "CONTINUE" && onWaitTimeout !== "CANCEL")
      return errorBody(c, 400, "INVALID_PARAMETER_VALUE", "on_wait_timeout must be CONTINUE or CANCEL");
    const disposition = body.disposition ?? "INLINE";
    const format = body.format ?? "JSON_ARRAY";
    if (disposition !== "INLINE")
      return errorBody(c, 400, "INVALID_PARAMETER_VALUE", "The emulator serves INLINE results only");
    if (format !== "JSON_ARRAY")
      return errorBody(c, 400, "INVALID_PARAMETER_VALUE", "INLINE disposition only supports JSON_ARRAY format");
    const rowLimit = typeof body.row_limit === "number" && body.row_limit > 0 ? body.row_limit : undefined;
    const parameters = Array.isArray(body.parameters)
      ? (body.parameters as { name: string; value?: string | null; type?: string }[])
      : [];

    const now = Date.now();
    const statement: Statement = {
      id: `01ef${randomUUID().slice(4)}`,
      submittedAt: now,
      readyAt: now + minRunMs,
      settled: false,
      canceled: false,
      done: Promise.resolve(),
    };
    statement.done = (async () => {
      try {
        const current = await engine();
        const run = current.queue.then(() => current.db.table(translate(statementText, parameters)));
        current.queue = run.catch(() => undefined);
        const table = await run;
        const rows = rowLimit ? table.rows.slice(0, rowLimit) : table.rows;
        const timestamp = table.types.map((type) => type.startsWith("TIMESTAMP"));
        statement.result = {
          columns: table.columns.map((name, position) => ({
            name,
            position,
            ...databricksType(table.types[position] ?? ""),
          })),
          rows: rows.map((row) =>
            row.map((cell, i) => (cell !== null && timestamp[i] ? `${cell.replace(" ", "T")}Z` : cell)),
          ),
          truncated: rowLimit !== undefined && table.rows.length > rowLimit,
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        statement.error = { error_code: "BAD_REQUEST", message: message.split("\n")[0] ?? message };
      } finally {
        statement.settled = true;
      }
    })();
    statements.set(statement.id, statement);

    const deadline = now + waitSeconds * 1000;
    while (Date.now() < deadline && !(statement.settled && Date.now() >= statement.readyAt)) {
      await Promise.race([statement.done, new Promise((resolve) => setTimeout(resolve, 20))]);
    }
    if (!(statement.settled && Date.now() >= statement.readyAt) && waitSeconds > 0 && onWaitTimeout === "CANCEL")
      statement.canceled = true;
    return c.json(view(statement, chunkRows));
  });

  app.get("/api/2.0/sql/statements/:id", (c) => {
    const statement = statements.get(c.req.param("id"));
    if (!statement)
      return errorBody(c, 404, "RESOURCE_DOES_NOT_EXIST", `Statement ${c.req.param("id")} does not exist.`);
    return c.json(view(statement, chunkRows));
  });

  app.get("/api/2.0/sql/statements/:id/result/chunks/:index", (c) => {
    const statement = statements.get(c.req.param("id"));
    if (!statement)
      return errorBody(c, 404, "RESOURCE_DOES_NOT_EXIST", `Statement ${c.req.param("id")} does not exist.`);
    const current = view(statement, chunkRows);
    if (current.status?.state !== "SUCCEEDED" || !statement.result)
      return errorBody(
        c,
        400,
        "INVALID_PARAMETER_VALUE",
        `Statement ${statement.id} is ${current.status?.state}; no result`,
      );
    const index = Number(c.req.param("index"));
    const chunks = Math.max(1, Math.ceil(statement.result.rows.length / chunkRows));
    if (!Number.isInteger(index) || index < 0 || index >= chunks)
      return errorBody(
        c,
        400,
        "INVALID_PARAMETER_VALUE",
        `Chunk index ${c.req.param("index")} is out of range (0-${chunks - 1})`,
      );
    return c.json(chunk(statement.result, index, chunkRows, statement.id));
  });

  app.post("/api/2.0/sql/statements/:id/cancel", (c) => {
    const statement = statements.get(c.req.param("id"));
    if (!statement)
      return errorBody(c, 404, "RESOURCE_DOES_NOT_EXIST", `Statement ${c.req.param("id")} does not exist.`);
    if (!statement.settled || Date.now() < statement.readyAt) statement.canceled = true;
    return c.json({});
  });
}

/** Closes the DuckDB engine of an emulator (called when the emulator stops). */
export async function closeStatementEngine(state: EmulatorState): Promise<void> {
  const loading = engines.get(state);
  engines.delete(state);
  const engine = await loading?.catch(() => undefined);
  if (!engine) return;
  // A statement may still be running on the connection: closing under it crashes DuckDB (SIGSEGV).
  await engine.queue.catch(() => undefined);
  engine.db.close();
}
