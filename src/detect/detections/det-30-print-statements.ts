/** DET-30 (opt-in): notebook commands that use print() — the SRA's example of a coding-standard policy. */
import { keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

const PRINT = "(^|[^A-Za-z0-9_])print[ ]*[(]";

export default defineDetection({
  meta: {
    id: "DET-30",
    title: "Notebook command using print() (opt-in policy example)",
    severity: "info",
    threats: ["IN"],
    controls: ["LT-1", "IR-3"],
    thresholds: {},
    optIn: true,
    rationale:
      "The SRA's example of monitoring a coding standard with verbose audit logs: some organisations forbid print() in production notebooks, where it leaks data into driver logs. It needs verbose audit logs (command texts), which are the bulk of the log volume, so it is not part of the default pack.",
    response: "Point the author to the standard; replace print() with logging or display().",
    logic:
      "Opt-in: runs only when named (`--only DET-30`). `runCommand` of service `notebook` whose `commandText` matches `print(`. The command text is matched in SQL and never shown: the alert names the notebook, the command language and how many commands matched. One alert per principal and clock hour.",
    references: ["Databricks SRA: use_of_print_statements"],
    evidenceParams: ["notebookId", "commandLanguage", "status"],
    facts: ["commands", "notebooks"],
  },
  scope: () => "service_name = 'notebook' AND action_name = 'runCommand'",
  sql({ d }) {
    const hour = `CAST(floor(${d.epochSeconds("event_time")} / 3600) AS BIGINT)`;
    return {
      ctes: [
        `pr AS (SELECT ${EVENT_COLUMNS}, ${hour} AS hr FROM events
WHERE service_name = 'notebook' AND action_name = 'runCommand' AND principal IS NOT NULL
  AND ${d.regexpLike("coalesce(request_params['commandText'], '')", PRINT)})`,
        `pr_totals AS (SELECT principal AS p, hr, count(*) AS n, ${d.distinctList("request_params['notebookId']")} AS notebooks
FROM pr GROUP BY principal, hr)`,
      ],
      matches: `SELECT ${EVENT_COLUMNS.split(", ")
        .map((c) => `pr.${c}`)
        .join(", ")}, ${keyOf("pr.principal", "pr.hr")} AS alert_key, pr.principal AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity, t.n AS f_commands, t.notebooks AS f_notebooks
FROM pr JOIN pr_totals t ON t.p = pr.principal AND t.hr = pr.hr`,
    };
  },
  summarize: ({ principal, facts }) =>
    `${principal} ran ${facts.commands} notebook command(s) using print() (notebooks ${facts.notebooks ?? "-"})`,
});
