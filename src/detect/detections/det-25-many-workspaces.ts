/** DET-25: one principal signed in to many workspaces in a day. */
import { keyOf, LOGIN_USER, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS, LOGIN_ACTIONS } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-25",
    title: "One principal active in many workspaces",
    severity: "medium",
    threats: ["AT", "EX"],
    controls: ["IM-5", "LT-1", "IR-3"],
    thresholds: {
      workspaces: {
        default: 5,
        unit: "workspaces",
        description: "distinct workspaces one principal signs in to on one UTC day (SRA: 5)",
      },
    },
    rationale:
      "People work in one or two workspaces. One identity appearing in many of them on one day is lateral movement — a stolen account-level token or an intruder testing where a compromised identity reaches — and widens what a compromise can touch.",
    response:
      "Confirm with the principal's owner. If unexplained, revoke its tokens and secrets account-wide and review its actions in each workspace listed.",
    logic:
      "Successful sign-ins (service `accounts`): a workspace counts as accessed by a principal when it signed in there. Alert when one principal signs in to at least `workspaces` distinct workspaces on one UTC day; `System-User` and `unknown` are excluded. One alert per principal and day.",
    references: ["Databricks SRA: access_to_multiple_workspaces"],
    evidenceParams: ["user", "authenticationMethod"],
    facts: ["workspaces", "workspace_ids"],
  },
  scope: (d) => `service_name = 'accounts' AND action_name IN (${d.list(LOGIN_ACTIONS)}) AND status_code = 200`,
  sql({ d, t }) {
    const day = `CAST(floor(${d.epochSeconds("event_time")} / 86400) AS BIGINT)`;
    return {
      ctes: [
        `mw AS (SELECT ${EVENT_COLUMNS}, ${LOGIN_USER} AS u, ${day} AS day FROM events
WHERE service_name = 'accounts' AND action_name IN (${d.list(LOGIN_ACTIONS)}) AND status_code = 200
  AND workspace_id IS NOT NULL AND ${LOGIN_USER} IS NOT NULL AND ${LOGIN_USER} NOT IN ('system-user', 'unknown'))`,
        // Each (principal, day, workspace) once before counting: distinct aggregates over every sign-in
        // were most of this detection's time; the counts and lists are the same.
        "mw_seen AS (SELECT DISTINCT u, day, workspace_id FROM mw)",
        `mw_totals AS (SELECT u, day, count(*) AS n, ${d.distinctList("workspace_id")} AS ids
FROM mw_seen GROUP BY u, day HAVING count(*) >= ${t("workspaces")})`,
      ],
      matches: `SELECT ${EVENT_COLUMNS.split(", ")
        .map((c) => `mw.${c}`)
        .join(", ")}, ${keyOf("mw.u", "mw.day")} AS alert_key, mw.u AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity, t.n AS f_workspaces, t.ids AS f_workspace_ids
FROM mw JOIN mw_totals t ON t.u = mw.u AND t.day = mw.day`,
    };
  },
  summarize: ({ principal, facts }) => `${principal} signed in to ${facts.workspaces} workspaces in one day`,
});
