/**
 * SQL building blocks several detections share: sliding-window bursts and the baseline split. Written
 * once here so that the window and baseline semantics are the same for every detection (and documented
 * once in docs/detections.md).
 */
import { EVENT_COLUMNS, type SqlContext } from "./types.ts";

export interface BurstSpec {
  /** CTE name prefix, unique within the detection. */
  name: string;
  /** WHERE condition on `events` selecting the events that count. */
  filter: string;
  /** Who or what the burst is grouped by (an expression over `events`; NULL rows are ignored). */
  key: string;
  /** What is counted distinctly within the window (IPs, users, actions …). */
  distinct: string;
  windowSeconds: number;
  /** Condition on `n` (events in the window) and `nd` (distinct values in the window). */
  having: (n: string, nd: string) => string;
}

/**
 * A sliding-window burst. For every counted event (the anchor), the events with the same key in the
 * `windowSeconds` before it (inclusive) are counted; an anchor whose window meets `having` qualifies.
 * Qualifying anchors of one key on one UTC day form one alert, whose evidence is every counted event from
 * `windowSeconds` before the first qualifying anchor to the last one.
 *
 * Produces CTEs `<name>_src`, `<name>_pairs`, `<name>_anchor`, `<name>_alert`, `<name>_span`, `<name>_totals`, `<name>_hit`. `<name>_hit` has the event
 * columns plus `bk` (key), `bx` (distinct value), `day`, `peak` (most events in one window), `peak_distinct`,
 * `total` (events in the alert), `distinct_values` (sorted, comma-joined).
 */
export function burstCtes(ctx: SqlContext, spec: BurstSpec): string[] {
  const { d } = ctx;
  const w = Math.max(1, Math.trunc(spec.windowSeconds));
  const n = spec.name;
  return [
    // rid only tells an anchor from the other events of its key: materialized, so that the four reads of
    // _src see the same numbers.
    d.materializedCte(
      `${n}_src`,
      `SELECT *, CAST(floor(ts / ${w}) AS BIGINT) AS bkt FROM (
  SELECT ${EVENT_COLUMNS}, ${spec.key} AS bk, ${spec.distinct} AS bx, ${d.epochSeconds("event_time")} AS ts,
    ${d.rowIdentity("event_time, request_id, action_name, source_ip, principal")} AS rid
  FROM events WHERE (${spec.filter}) AND (${spec.key}) IS NOT NULL) s`,
    ),
    // Events within a window before an anchor lie in the anchor's window-sized bucket or the one before:
    // two equi-joins on (key, bucket) instead of one join on the key alone, which grows with its square.
    `${n}_pairs AS (
  SELECT a.rid, a.bk, a.ts, b.bx FROM ${n}_src a JOIN ${n}_src b
    ON b.bk = a.bk AND b.bkt = a.bkt AND b.ts BETWEEN a.ts - ${w} AND a.ts
  UNION ALL
  SELECT a.rid, a.bk, a.ts, b.bx FROM ${n}_src a JOIN ${n}_src b
    ON b.bk = a.bk AND b.bkt = a.bkt - 1 AND b.ts BETWEEN a.ts - ${w} AND a.ts)`,
    `${n}_anchor AS (SELECT rid, bk, ts, count(*) AS n, count(DISTINCT bx) AS nd
FROM ${n}_pairs
GROUP BY rid, bk, ts
HAVING ${spec.having("count(*)", "count(DISTINCT bx)")})`,
    `${n}_alert AS (SELECT bk, CAST(floor(ts / 86400) AS BIGINT) AS day, min(ts) - ${w} AS span_start, max(ts) AS span_end,
  max(n) AS peak, max(nd) AS peak_distinct
FROM ${n}_anchor GROUP BY bk, CAST(floor(ts / 86400) AS BIGINT))`,
    `${n}_span AS (SELECT s.*, al.day, al.peak, al.peak_distinct
FROM ${n}_src s JOIN ${n}_alert al ON s.bk = al.bk AND s.ts BETWEEN al.span_start AND al.span_end)`,
    `${n}_totals AS (SELECT bk, day, count(*) AS total, ${d.distinctList("bx")} AS distinct_values
FROM ${n}_span GROUP BY bk, day)`,
    `${n}_hit AS (SELECT sp.*, tt.total, tt.distinct_values
FROM ${n}_span sp JOIN ${n}_totals tt ON sp.bk = tt.bk AND sp.day = tt.day)`,
  ];
}

/**
 * The baseline split for detections that compare with "before": the data's first `baselineDays` days, but
 * never more than half of the span the data covers, so that some recent part is always left to judge.
 * CTE `lw_split` has one row, one column `split` (epoch seconds): earlier events are the baseline, events
 * at or after it are judged.
 */
export function baselineCtes(ctx: SqlContext, baselineDays: number): string[] {
  const { d } = ctx;
  const seconds = Math.max(0, Math.trunc(baselineDays * 86_400));
  return [
    `lw_bounds AS (SELECT min(${d.epochSeconds("event_time")}) AS t0, max(${d.epochSeconds("event_time")}) AS t1 FROM events)`,
    `lw_split AS (SELECT t0 + least(${seconds}, CAST(floor((t1 - t0) / 2) AS BIGINT)) AS split FROM lw_bounds)`,
  ];
}

/** `a:b:c` alert keys from parts (each part an SQL expression; NULLs become "-"). */
export function keyOf(...parts: string[]): string {
  return parts.map((part) => `coalesce(CAST(${part} AS STRING), '-')`).join(" || ':' || ");
}

/** The user a sign-in event is about: `request_params.user` (failed sign-ins), else the identity. */
export const LOGIN_USER = "lower(coalesce(nullif(request_params['user'], ''), principal))";

/** NULL typed as text, for facts a branch of a UNION ALL does not have. */
export const NULL_TEXT = "CAST(NULL AS STRING)";

/** The status of a successful response, or none logged (some sources omit it). */
export const SUCCEEDED = "(status_code BETWEEN 200 AND 299 OR status_code IS NULL)";

/** `succeeded` or `refused (403)` — how an attempt ended, as a fact. */
export const OUTCOME = `CASE WHEN status_code IS NULL OR status_code BETWEEN 200 AND 299 THEN 'succeeded' ELSE 'refused (' || CAST(status_code AS STRING) || ')' END`;

/** The workspace an event names in its parameters (account-level events), else the event's own. */
export const WORKSPACE_OF = "coalesce(nullif(request_params['workspace_id'], ''), workspace_id)";

export interface EventAlertSpec {
  /** WHERE condition on `events`. */
  where: string;
  /** SQL for `alert_severity` (NULL: the detection's severity). */
  severity?: string;
  /** Fact name → SQL expression over `events`. */
  facts: Record<string, string>;
  /** Extra parts of the alert key beyond principal, time, request id and action. */
  keyParts?: readonly string[];
}

/**
 * The matches of a detection whose every matching event is an alert of its own (a change, a grant, an
 * agent's finding): keyed by principal, time, request id and action, so two changes in one second stay two.
 */
export function eventAlerts(ctx: SqlContext, spec: EventAlertSpec): { ctes: string[]; matches: string } {
  const facts = Object.entries(spec.facts)
    .map(([name, expression]) => `${expression} AS f_${name}`)
    .join(", ");
  return {
    ctes: [],
    matches: `SELECT ${EVENT_COLUMNS},
  ${keyOf("principal", ctx.d.epochMillis("event_time"), "request_id", "action_name", ...(spec.keyParts ?? []))} AS alert_key,
  principal AS alert_principal, source_ip AS alert_ip, ${spec.severity ?? NULL_TEXT} AS alert_severity${facts ? `,\n  ${facts}` : ""}
FROM events WHERE ${spec.where}`,
  };
}
