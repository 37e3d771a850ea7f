/** DET-24: a burst of destructive actions (deletes, trash) by one principal in a day. */
import { keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

const DESTRUCTIVE = "(lower(action_name) LIKE '%delete%' OR lower(action_name) LIKE '%trash%')";

export default defineDetection({
  meta: {
    id: "DET-24",
    title: "Burst of destructive actions by one principal",
    severity: "high",
    threats: ["IN", "AT"],
    controls: ["BR-1", "LT-1", "IR-3"],
    thresholds: {
      deletes: {
        default: 50,
        unit: "actions",
        description: "delete and trash actions by one principal in one UTC day (SRA: 50)",
      },
    },
    rationale:
      "Mass deletion of jobs, clusters, notebooks, tables or secrets is sabotage or ransom in progress — or a clean-up script run against the wrong workspace. Either way it needs a person to look before the trash is emptied.",
    response:
      "Stop the principal (disable the user or revoke the service principal's secrets and tokens) if the deletions are not expected, and restore what can be restored: notebooks from the trash, tables with `UNDROP` or time travel, jobs and clusters from Terraform.",
    logic:
      "Every action whose name contains `delete` or `trash` (`delete`, `deleteJob`, `permanentDelete`, `deleteTable`, `moveToTrash` …), whatever the outcome, by one principal on one UTC day; `System-User` is excluded. Alert at `deletes` or more; one alert per principal and day.",
    references: ["Databricks SRA: destructive_activities"],
    evidenceParams: ["cluster_id", "job_id", "path", "full_name_arg", "name", "scope"],
    facts: ["deletes", "actions", "services"],
  },
  scope: () => DESTRUCTIVE,
  sql({ d, t }) {
    const day = `CAST(floor(${d.epochSeconds("event_time")} / 86400) AS BIGINT)`;
    return {
      ctes: [
        `dx AS (SELECT ${EVENT_COLUMNS}, ${day} AS day FROM events
WHERE ${DESTRUCTIVE} AND principal IS NOT NULL AND lower(principal) <> 'system-user')`,
        `dx_totals AS (SELECT principal AS p, day, count(*) AS deletes, ${d.distinctList("action_name")} AS actions,
  ${d.distinctList("service_name")} AS services
FROM dx GROUP BY principal, day HAVING count(*) >= ${t("deletes")})`,
      ],
      matches: `SELECT ${EVENT_COLUMNS.split(", ")
        .map((c) => `dx.${c}`)
        .join(", ")}, ${keyOf("dx.principal", "dx.day")} AS alert_key, dx.principal AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity,
  t.deletes AS f_deletes, t.actions AS f_actions, t.services AS f_services
FROM dx JOIN dx_totals t ON t.p = dx.principal AND t.day = dx.day`,
    };
  },
  summarize: ({ principal, facts }) =>
    `${principal} made ${facts.deletes} destructive actions in one day: ${facts.actions} (${facts.services})`,
});
