/** DET-26: many Unity Catalog reads and writes in an hour, writing where it did not read. */
import { keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

const CREDENTIAL_ACTIONS = [
  "generateTemporaryTableCredential",
  "generateTemporaryPathCredential",
  "generateTemporaryVolumeCredential",
];
const SECURABLE =
  "coalesce(request_params['table_full_name'], request_params['volume_full_name'], request_params['url'], request_params['table_url'], request_params['table_id'], request_params['volume_id'], request_params['full_name_arg'])";
const OPERATION = `CASE WHEN upper(coalesce(request_params['operation'], '')) LIKE '%WRITE%' OR upper(coalesce(request_params['operation'], '')) LIKE '%CREATE%' THEN 'WRITE'
  WHEN upper(coalesce(request_params['operation'], '')) LIKE '%READ%' THEN 'READ' END`;

export default defineDetection({
  meta: {
    id: "DET-26",
    title: "Many Unity Catalog reads and writes, writing to other locations",
    severity: "medium",
    threats: ["EX"],
    controls: ["DP-2", "LT-1", "IR-3"],
    thresholds: {
      reads: {
        default: 21,
        unit: "securables",
        description: "distinct securables read in one hour (SRA: more than 20)",
      },
      writes: {
        default: 21,
        unit: "securables",
        description: "distinct securables written in the same hour (SRA: more than 20)",
      },
    },
    rationale:
      "Copying data out looks like reading many tables and writing many others — often to storage paths or volumes the principal never read from, such as an external location it controls. Lots of both in an hour, with writes elsewhere, is the shape of bulk exfiltration inside the platform.",
    response:
      "List the written locations (facts); check they are sanctioned. If not, revoke the principal's write grants and tokens, and check whether the written locations are reachable from outside.",
    logic:
      "Successful `generateTemporaryTableCredential`, `…PathCredential`, `…VolumeCredential`; `operation` containing WRITE or CREATE is a write, READ a read; the securable is the table, volume, path or id requested. Per principal and clock hour (UTC; the SRA query's 60-minute windows): at least `reads` distinct securables read, at least `writes` written, and at least one written that was not read. One alert per principal and hour.",
    references: ["Databricks SRA: high_number_of_read_writes"],
    evidenceParams: ["operation", "table_full_name", "volume_full_name", "url", "metastore_id"],
    facts: ["reads", "writes", "writes_elsewhere"],
  },
  scope: (d) => `action_name IN (${d.list(CREDENTIAL_ACTIONS)})`,
  sql({ d, t }) {
    const hour = `CAST(floor(${d.epochSeconds("event_time")} / 3600) AS BIGINT)`;
    return {
      ctes: [
        `rw AS (SELECT ${EVENT_COLUMNS}, ${OPERATION} AS op, ${SECURABLE} AS securable, ${hour} AS hr FROM events
WHERE action_name IN (${d.list(CREDENTIAL_ACTIONS)}) AND (status_code BETWEEN 200 AND 299 OR status_code IS NULL)
  AND principal IS NOT NULL)`,
        "rw_read AS (SELECT DISTINCT principal AS p, hr, securable FROM rw WHERE op = 'READ' AND securable IS NOT NULL)",
        "rw_write AS (SELECT DISTINCT principal AS p, hr, securable FROM rw WHERE op = 'WRITE' AND securable IS NOT NULL)",
        `rw_elsewhere AS (SELECT w.p, w.hr, count(*) AS n FROM rw_write w
LEFT JOIN rw_read r ON r.p = w.p AND r.hr = w.hr AND r.securable = w.securable WHERE r.p IS NULL GROUP BY w.p, w.hr)`,
        `rw_totals AS (SELECT p, hr, sum(CASE WHEN kind = 'r' THEN 1 ELSE 0 END) AS reads, sum(CASE WHEN kind = 'w' THEN 1 ELSE 0 END) AS writes
FROM (SELECT p, hr, 'r' AS kind FROM rw_read UNION ALL SELECT p, hr, 'w' AS kind FROM rw_write) x GROUP BY p, hr)`,
        `rw_hit AS (SELECT t.p, t.hr, t.reads, t.writes, e.n AS elsewhere FROM rw_totals t JOIN rw_elsewhere e ON e.p = t.p AND e.hr = t.hr
WHERE t.reads >= ${t("reads")} AND t.writes >= ${t("writes")} AND e.n > 0)`,
      ],
      matches: `SELECT ${EVENT_COLUMNS.split(", ")
        .map((c) => `rw.${c}`)
        .join(", ")}, ${keyOf("rw.principal", "rw.hr")} AS alert_key, rw.principal AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity, h.reads AS f_reads, h.writes AS f_writes, h.elsewhere AS f_writes_elsewhere
FROM rw JOIN rw_hit h ON h.p = rw.principal AND h.hr = rw.hr WHERE rw.op IS NOT NULL`,
    };
  },
  summarize: ({ principal, facts }) =>
    `${principal} read ${facts.reads} and wrote ${facts.writes} Unity Catalog securables in one hour, ${facts.writes_elsewhere} written where it did not read`,
});
