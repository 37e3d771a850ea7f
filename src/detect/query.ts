/**
 * Turns a detection into one SQL statement for a dialect: the `events` CTE (normalised columns, time
 * window), the detection's CTEs and matches, then per alert a count, first and last time, and at most
 * `maxEvents` evidence events with the allow-listed request parameters. The result has the same columns
 * in both engines, so the rows can be turned into alerts by one function (engine.ts).
 */

import type { Detection, SqlContext } from "./detections/types.ts";
import type { Dialect, TimeWindow } from "./dialect.ts";

export interface QueryOptions {
  dialect: Dialect;
  window: TimeWindow;
  thresholds: (detection: Detection) => SqlContext["t"];
  maxEvents: number;
}

/** Column aliases of the evidence parameters: p0, p1, … in the order of `meta.evidenceParams`. */
export const paramAlias = (index: number): string => `p${index}`;

export function detectionQuery(detection: Detection, options: QueryOptions): string {
  const d = options.dialect;
  const { ctes, matches } = detection.sql({ d, t: options.thresholds(detection) });
  const facts = detection.meta.facts.map((fact) => `f_${fact}`);
  const params = detection.meta.evidenceParams.map(
    (key, index) => `request_params[${d.str(key)}] AS ${paramAlias(index)}`,
  );
  const maxEvents = Math.max(1, Math.trunc(options.maxEvents));
  const order = "event_time, request_id, action_name, source_ip, principal, user_agent";
  return [
    "WITH",
    [
      // Inlined: a filtered scan of the table at each read costs less than storing every column of the
      // scoped events once (DuckDB materialized it for DET-03, which reads it twice: most of its time).
      d.inlinedCte("events", `SELECT * FROM (${d.eventsSource(options.window)}) scoped WHERE ${detection.scope(d)}`),
      ...ctes,
      `matches AS (${matches})`,
      `ranked AS (SELECT m.*,
  row_number() OVER (PARTITION BY alert_key ORDER BY ${order}) AS lw_rn,
  count(*) OVER (PARTITION BY alert_key) AS lw_count,
  min(event_time) OVER (PARTITION BY alert_key) AS lw_first,
  max(event_time) OVER (PARTITION BY alert_key) AS lw_last
FROM matches m)`,
    ].join(",\n"),
    `SELECT alert_key, alert_principal, alert_ip, alert_severity,
  lw_count AS event_count, ${d.epochMillis("lw_first")} AS first_ms, ${d.epochMillis("lw_last")} AS last_ms,
  ${[...facts, ""].join(", ")}${d.epochMillis("event_time")} AS e_ms, workspace_id AS e_workspace, service_name AS e_service,
  action_name AS e_action, principal AS e_principal, source_ip AS e_ip, user_agent AS e_user_agent,
  status_code AS e_status, request_id AS e_request_id${params.length ? `,\n  ${params.join(", ")}` : ""}
FROM ranked
WHERE lw_rn <= ${maxEvents}
ORDER BY alert_key, lw_rn`,
  ].join("\n");
}
