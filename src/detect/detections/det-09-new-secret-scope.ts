/** DET-09: secrets read from a scope the principal never read before, or from many keys at once. */
import { baselineCtes, burstCtes, keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-09",
    title: "Secrets read by a principal that never read that scope before",
    severity: "medium",
    threats: ["EX"],
    controls: ["DP-3", "IM-7", "LT-1", "IR-3"],
    thresholds: {
      baselineDays: {
        default: 7,
        unit: "days",
        description: "length of the baseline at the start of the data (at most half of the span the data covers)",
      },
      distinctKeys: {
        default: 10,
        unit: "keys",
        description: "distinct secret keys one principal reads within the window (harvesting)",
      },
      windowMinutes: { default: 60, unit: "minutes", description: "window of the distinct-keys rule" },
    },
    baseline: true,
    rationale:
      "Secret scopes hold the credentials of databases, storage and APIs. A principal reading a scope it never used before — or sweeping through many keys — is collecting credentials to move beyond the workspace.",
    response:
      "Check whether the principal has a reason to read that scope (a new job, a team change). If not, rotate the secrets it read (the evidence names scope and key, never the value), review the scope's ACLs, and investigate the principal.",
    logic:
      "Successful `getSecret` of service `secrets`. After the baseline (the first `baselineDays` days of the data, at most half of its span; see _Baselines_), the first reads of a scope that the principal did not read during the baseline in that workspace are a `new-scope` alert (one per principal, workspace and scope). Independently, at least `distinctKeys` distinct scope/key pairs read within `windowMinutes` are a `many-keys` alert (one per principal and day).",
    references: [
      "Databricks SRA: repeated_access_to_secrets",
      "Sentinel hunting query: secret reads outside 07–19 UTC",
    ],
    evidenceParams: ["scope", "key"],
    facts: ["kind", "scope", "reads", "keys"],
  },
  scope: () => "service_name = 'secrets' AND action_name = 'getSecret'",
  sql(ctx) {
    const { d, t } = ctx;
    const reads =
      "service_name = 'secrets' AND action_name = 'getSecret' AND (status_code = 200 OR status_code IS NULL) AND principal IS NOT NULL AND request_params['scope'] IS NOT NULL";
    return {
      ctes: [
        ...baselineCtes(ctx, t("baselineDays")),
        `sr AS (SELECT ${EVENT_COLUMNS}, coalesce(workspace_id, '') AS ws, request_params['scope'] AS scope,
  ${d.epochSeconds("event_time")} AS ts FROM events WHERE ${reads})`,
        "sr_base AS (SELECT DISTINCT sr.ws, sr.principal AS p, sr.scope FROM sr CROSS JOIN lw_split s WHERE sr.ts < s.split)",
        `sr_new AS (SELECT r.* FROM sr r CROSS JOIN lw_split s
LEFT JOIN sr_base b ON b.ws = r.ws AND b.p = r.principal AND b.scope = r.scope
WHERE r.ts >= s.split AND b.p IS NULL)`,
        `sr_new_totals AS (SELECT ws, principal AS p, scope, count(*) AS reads, ${d.distinctList("request_params['key']")} AS keys
FROM sr_new GROUP BY ws, principal, scope)`,
        ...burstCtes(ctx, {
          name: "mk",
          filter: reads,
          key: "principal",
          distinct: "request_params['scope'] || '/' || coalesce(request_params['key'], '')",
          windowSeconds: t("windowMinutes") * 60,
          having: (_n, nd) => `${nd} >= ${t("distinctKeys")}`,
        }),
      ],
      matches: `SELECT ${EVENT_COLUMNS.split(", ")
        .map((c) => `n.${c}`)
        .join(
          ", ",
        )}, ${keyOf("'scope'", "n.ws", "n.principal", "n.scope")} AS alert_key, n.principal AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity,
  'new-scope' AS f_kind, n.scope AS f_scope, nt.reads AS f_reads, nt.keys AS f_keys
FROM sr_new n JOIN sr_new_totals nt ON nt.ws = n.ws AND nt.p = n.principal AND nt.scope = n.scope
UNION ALL
SELECT ${EVENT_COLUMNS}, ${keyOf("'keys'", "bk", "day")} AS alert_key, bk AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity,
  'many-keys' AS f_kind, ${NULL_TEXT} AS f_scope, total AS f_reads, distinct_values AS f_keys
FROM mk_hit`,
    };
  },
  summarize: ({ principal, facts }) =>
    facts.kind === "new-scope"
      ? `${principal} read scope ${facts.scope} for the first time (${facts.reads} read(s), keys ${facts.keys})`
      : `${principal} read ${facts.reads} secrets across many keys: ${facts.keys}`,
});
