/**
 * The addresses that reached each workspace, from its audit logs: what an IP access list must allow first,
 * so enforcing it locks nobody out (NET-03, NET-04). Read from log files in any format `lakeward detect`
 * reads, on the embedded engine, through the detections' ingest — the query is the only thing written here.
 */
import { DUCKDB } from "../detect/dialect.ts";
import { ingest } from "../detect/ingest/ingest.ts";
import { LocalDatabase } from "../detect/local.ts";
import { InputError } from "../errors.ts";

/** The most addresses listed per workspace (by number of successful requests). */
export const MAX_EGRESS_IPS = 50;

/** Workspace key (numeric workspace id, or lower-cased ARM resource id) → addresses, busiest first. */
export async function egressIpsFromLogs(paths: readonly string[]): Promise<Map<string, string[]>> {
  const db = await LocalDatabase.open();
  try {
    // `keep` may only read the columns every row has (KEEP_COLUMNS); the address is filtered below.
    const report = await ingest(db, paths, { keep: "status_code = 200" });
    const failed = report.problems.filter((p) => p.level === "error");
    if (failed.length && report.events === 0)
      throw new InputError(
        `audit logs: ${failed.map((p) => `${p.file}: ${p.message}`).join("; ")}`,
        "Pass files in a format `lakeward detect` reads (see docs/detections.md), or leave --audit-logs out.",
      );
    const rows = await db.query(
      [
        `WITH events AS (${DUCKDB.eventsSource({})})`,
        "SELECT workspace_id, source_ip, count(*) AS n FROM events",
        "WHERE source_ip IS NOT NULL AND source_ip <> '' AND status_code = 200",
        "GROUP BY workspace_id, source_ip ORDER BY workspace_id, n DESC, source_ip",
      ].join("\n"),
    );
    const out = new Map<string, string[]>();
    for (const row of rows) {
      const workspace = (row.workspace_id ?? "").toLowerCase();
      const ip = row.source_ip;
      if (!workspace || !ip) continue;
      const list = out.get(workspace) ?? [];
      if (list.length < MAX_EGRESS_IPS) list.push(ip);
      out.set(workspace, list);
    }
    return out;
  } finally {
    db.close();
  }
}
