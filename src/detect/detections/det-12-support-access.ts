/** DET-12: Databricks support staff ("genie") accessed the workspace. */
import { keyOf } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-12",
    title: "Databricks support access to the workspace",
    severity: "medium",
    threats: ["PC"],
    controls: ["PA-8", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "Databricks staff can be granted access to a workspace for a support case. The guide's threat model counts the provider among those who could be compromised: every such access should match an open ticket and an approval.",
    response:
      "Match the access (user, approver, reason, duration) with your support case. If there is no case, raise it with Databricks and review the workspace's support-access setting.",
    logic:
      "Service `genie`, action `databricksAccess`. One alert per support user, workspace and day, with the approver, reason and duration from `request_params`.",
    references: ["Databricks SRA: databricks_access_to_customer_workspaces"],
    evidenceParams: ["user", "approver", "duration", "reason", "authType"],
    facts: ["approver", "reason", "duration", "accesses"],
  },
  scope: () => "service_name = 'genie' AND action_name = 'databricksAccess'",
  sql({ d }) {
    const who = "lower(coalesce(nullif(request_params['user'], ''), principal))";
    const day = `CAST(floor(${d.epochSeconds("event_time")} / 86400) AS BIGINT)`;
    return {
      ctes: [
        `ga AS (SELECT ${EVENT_COLUMNS}, ${who} AS who, coalesce(workspace_id, '') AS ws, ${day} AS day
FROM events WHERE service_name = 'genie' AND action_name = 'databricksAccess')`,
        `ga_totals AS (SELECT who, ws, day, count(*) AS accesses, min(request_params['approver']) AS approver,
  min(request_params['reason']) AS reason, min(request_params['duration']) AS duration
FROM ga GROUP BY who, ws, day)`,
      ],
      matches: `SELECT ${EVENT_COLUMNS.split(", ")
        .map((c) => `ga.${c}`)
        .join(", ")}, ${keyOf("ga.who", "ga.ws", "ga.day")} AS alert_key, ga.who AS alert_principal,
  ga.source_ip AS alert_ip, CAST(NULL AS STRING) AS alert_severity,
  t.approver AS f_approver, t.reason AS f_reason, t.duration AS f_duration, t.accesses AS f_accesses
FROM ga JOIN ga_totals t ON t.who = ga.who AND t.ws = ga.ws AND t.day = ga.day`,
    };
  },
  summarize: ({ principal, facts }) =>
    `Databricks support user ${principal ?? "(unnamed)"} accessed the workspace ${facts.accesses} time(s), approved by ${facts.approver ?? "nobody recorded"} (reason: ${facts.reason ?? "none given"})`,
});
