/** DET-28: enhanced security monitoring — ClamAV found infected files on a cluster host. */
import { keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

export const CLAMAV_SERVICE = "clamAVScanService-dataplane";

export default defineDetection({
  meta: {
    id: "DET-28",
    title: "Enhanced security monitoring: ClamAV found infected files",
    severity: "high",
    threats: ["RA", "PC", "EX"],
    controls: ["ES-2", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "With enhanced security monitoring, ClamAV scans the cluster hosts. An infected file there is malware inside the data plane — brought in by a library, an init script or a compromised user — with the cluster's access to data and credentials.",
    response:
      "Terminate the cluster named by the instance, find how the file got there (libraries, init scripts, notebook downloads), rotate the credentials the cluster used, and open a case with Databricks security.",
    logic:
      "Service `clamAVScanService-dataplane` (present only with enhanced security monitoring), from `response.result`: kind `found` for each `<path>: <signature> FOUND` line (one alert per host, file and signature); kind `scan-summary` for a finished scan with `Infected files: N`, N above 0 (one alert per host and scan). Path and signature are facts; nothing else of the result is shown.",
    references: ["Databricks SRA: clam_av_infected_files_found, clam_av_infected_files_detected"],
    evidenceParams: ["instanceId"],
    facts: ["kind", "infected", "signature", "file", "instance"],
  },
  scope: (d) => `service_name = ${d.str(CLAMAV_SERVICE)}`,
  sql({ d }) {
    const result = "coalesce(response_result, '')";
    const infected = `TRY_CAST(regexp_extract(${result}, 'Infected files: ([0-9]+)', 1) AS BIGINT)`;
    return {
      ctes: [
        `cv AS (SELECT ${EVENT_COLUMNS}, request_params['instanceId'] AS instance,
  CASE WHEN ${result} LIKE '%FOUND%' THEN 'found' WHEN ${result} LIKE 'Infected files:%' THEN 'scan-summary' END AS kind,
  ${infected} AS infected,
  nullif(regexp_extract(${result}, ': (.*) FOUND', 1), '') AS signature,
  nullif(regexp_extract(${result}, '^([^:]*):', 1), '') AS file
FROM events WHERE service_name = ${d.str(CLAMAV_SERVICE)})`,
      ],
      matches: `SELECT ${EVENT_COLUMNS},
  CASE WHEN kind = 'found' THEN ${keyOf("'found'", "workspace_id", "instance", "file", "signature")}
    ELSE ${keyOf("'scan'", "workspace_id", "instance", d.epochMillis("event_time"), "request_id")} END AS alert_key,
  principal AS alert_principal, ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity,
  kind AS f_kind, infected AS f_infected, CASE WHEN kind = 'found' THEN signature END AS f_signature,
  CASE WHEN kind = 'found' THEN file END AS f_file, instance AS f_instance
FROM cv WHERE kind = 'found' OR (kind = 'scan-summary' AND infected > 0)`,
    };
  },
  summarize: ({ facts }) =>
    facts.kind === "found"
      ? `ClamAV found ${facts.signature ?? "malware"} in ${facts.file ?? "a file"} on host ${facts.instance ?? "(unknown instance)"}`
      : `ClamAV scan on host ${facts.instance ?? "(unknown instance)"} finished with ${facts.infected} infected file(s)`,
});
