/**
 * Every difference between DuckDB SQL (local detection) and Databricks SQL (pushdown to a warehouse) lives
 * here. Detections write their SQL through a `Dialect` and otherwise stick to what both engines read the
 * same way: CTEs, joins, CASE, `request_params['key']` map access, struct-free columns of the normalised
 * schema, `IN`/`LIKE`, `coalesce`, `lower`, `least`/`greatest`, `count(DISTINCT …)`, window functions with
 * ORDER BY.
 *
 * Rules that keep one SQL text valid in both:
 * - string literals come from code and never hold a quote or a backslash (Spark SQL reads `\` as an escape
 *   and `''` as two adjacent literals; DuckDB does neither) — `str()` enforces it, so do regex patterns
 *   (write `[0-9]` and `[.]`, not `\d` and `\.`);
 * - times leave the database as epoch milliseconds (BIGINT), never as formatted text, so no engine's
 *   session time zone or format patterns are involved;
 * - integer division is written `CAST(floor(a / b) AS BIGINT)`.
 */
import { AUDIT_COLUMN_NAMES } from "./schema.ts";

export interface TimeWindow {
  /** Inclusive lower bound, epoch ms. */
  sinceMs?: number;
  /** Exclusive upper bound, epoch ms. */
  untilMs?: number;
}

export interface Dialect {
  readonly name: "duckdb" | "databricks";
  /** A string literal. Throws on quotes and backslashes, which the two engines escape differently. */
  str(value: string): string;
  /** `IN (…)` list of string literals. */
  list(values: readonly string[]): string;
  /** Whole seconds since the epoch, BIGINT. */
  epochSeconds(expression: string): string;
  /** Milliseconds since the epoch, BIGINT. */
  epochMillis(expression: string): string;
  /** Hour of day in UTC, 0–23. */
  hourUtc(expression: string): string;
  /** A timestamp literal for epoch milliseconds. */
  timestampFromMillis(ms: number): string;
  /** True when the text matches the (RE2/Java-compatible, backslash-free) pattern. */
  regexpLike(expression: string, pattern: string): string;
  /** Aggregate: the distinct non-null values, sorted, joined with ",". */
  distinctList(expression: string): string;
  /** The body of the `events` CTE: the normalised columns, within the time window. */
  eventsSource(window: TimeWindow): string;
  /**
   * `name AS (body)`, computed once however often the query reads it (DuckDB: `MATERIALIZED`; Spark SQL
   * has no such keyword and decides itself).
   */
  materializedCte(name: string, body: string): string;
  /**
   * `name AS (body)`, expanded at every read (DuckDB: `NOT MATERIALIZED`; Spark SQL inlines CTEs).
   */
  inlinedCte(name: string, body: string): string;
  /**
   * A number telling apart the rows of a CTE written with `materializedCte`, by the given order where the
   * engine needs one. DuckDB numbers the stored rows as they come, without sorting them (a window
   * without PARTITION BY runs on one thread: a global sort there cost most of DET-02's time); the number is
   * read only as an identity, never as an order, so its values do not change an alert.
   */
  rowIdentity(order: string): string;
}

function checkedLiteral(value: string): string {
  if (/['\\]/.test(value)) throw new Error(`SQL literal ${JSON.stringify(value)} must not contain ' or \\`);
  return `'${value}'`;
}

function windowClause(d: Pick<Dialect, "timestampFromMillis">, window: TimeWindow): string {
  const parts: string[] = [];
  if (window.sinceMs !== undefined) parts.push(`event_time >= ${d.timestampFromMillis(window.sinceMs)}`);
  if (window.untilMs !== undefined) parts.push(`event_time < ${d.timestampFromMillis(window.untilMs)}`);
  return parts.length ? `WHERE ${parts.join(" AND ")}` : "";
}

const checkPattern = (pattern: string): string => {
  if (/['\\]/.test(pattern)) throw new Error(`regex ${JSON.stringify(pattern)} must not contain ' or \\`);
  return pattern;
};

/** The name of the local table that ingest fills. */
export const LOCAL_AUDIT_TABLE = "audit";

export const DUCKDB: Dialect = {
  name: "duckdb",
  str: checkedLiteral,
  list: (values) => values.map(checkedLiteral).join(", "),
  epochSeconds: (e) => `CAST(floor(epoch(${e})) AS BIGINT)`,
  epochMillis: (e) => `epoch_ms(${e})`,
  hourUtc: (e) => `hour(${e})`,
  timestampFromMillis: (ms) => `epoch_ms(CAST(${Math.trunc(ms)} AS BIGINT))`,
  regexpLike: (e, p) => `regexp_matches(${e}, '${checkPattern(p)}')`,
  distinctList: (e) => `string_agg(DISTINCT ${e}, ',' ORDER BY ${e})`,
  eventsSource(window) {
    return `SELECT ${AUDIT_COLUMN_NAMES.join(", ")} FROM ${LOCAL_AUDIT_TABLE} ${windowClause(this, window)}`;
  },
  materializedCte: (name, body) => `${name} AS MATERIALIZED (${body})`,
  inlinedCte: (name, body) => `${name} AS NOT MATERIALIZED (${body})`,
  rowIdentity: () => "row_number() OVER ()",
};

/** The system table the pushdown path reads. */
export const SYSTEM_AUDIT_TABLE = "system.access.audit";

export const DATABRICKS: Dialect = {
  name: "databricks",
  str: checkedLiteral,
  list: (values) => values.map(checkedLiteral).join(", "),
  epochSeconds: (e) => `unix_timestamp(${e})`,
  epochMillis: (e) => `unix_millis(${e})`,
  // hour() renders in the session time zone; convert so that a warehouse set to another zone agrees.
  hourUtc: (e) => `hour(to_utc_timestamp(${e}, current_timezone()))`,
  timestampFromMillis: (ms) => `timestamp_millis(${Math.trunc(ms)})`,
  regexpLike: (e, p) => `regexp_like(${e}, '${checkPattern(p)}')`,
  distinctList: (e) => `array_join(array_sort(collect_set(${e})), ',')`,
  eventsSource(window) {
    // The same columns as the local table, built from system.access.audit (apis.md §5b).
    const ip = "source_ip_address";
    return [
      "SELECT event_time,",
      "  CAST(workspace_id AS STRING) AS workspace_id,",
      "  audit_level, service_name, action_name,",
      "  lower(user_identity.email) AS principal,",
      `  CASE WHEN ${this.regexpLike(ip, "^[0-9.]+:[0-9]+$")} THEN regexp_extract(${ip}, '^([0-9.]+):', 1) ELSE ${ip} END AS source_ip,`,
      "  user_agent, session_id, request_id, request_params,",
      "  CAST(response.status_code AS INT) AS status_code,",
      "  response.error_message AS error_message,",
      "  CAST(response.result AS STRING) AS response_result",
      `FROM ${SYSTEM_AUDIT_TABLE} ${windowClause(this, window)}`,
    ].join("\n");
  },
  materializedCte: (name, body) => `${name} AS (${body})`,
  inlinedCte: (name, body) => `${name} AS (${body})`,
  // Spark may compute a CTE once per read: only a total order gives every read the same numbers.
  rowIdentity: (order) => `row_number() OVER (ORDER BY ${order})`,
};
