/** DET-05: a personal access token created without expiry or with a lifetime above the limit. */
import { keyOf } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-05",
    title: "Token created without expiry or above the lifetime limit",
    severity: "medium",
    threats: ["AT"],
    controls: ["IM-7", "LT-2", "IR-3"],
    thresholds: {
      maxLifetimeDays: { default: 90, unit: "days", description: "longest acceptable token lifetime" },
    },
    rationale:
      "A personal access token is a password that works from anywhere the network allows, without MFA. One that never expires, or lives for months, stays valid long after it leaked into a notebook, a CI log or a laptop. Attackers who got in create such a token to keep their access.",
    response:
      "Ask the owner why the token needs that lifetime; revoke it (token management API) and have it recreated with a short lifetime, or move the automation to a service principal with OAuth. Set the workspace's maximum token lifetime (IAM-06).",
    logic:
      "Successful `generateDbToken`. `request_params.tokenExpirationTime` is the expiry in epoch milliseconds; a missing, empty, zero or negative value means no expiry (severity high), an expiry more than `maxLifetimeDays` after creation is above the limit (medium); the lifetime is compared and shown in days to the millisecond's precision (3 decimals), never rounded down. The SRA's alert uses 72 hours: `--threshold DET-05.maxLifetimeDays=3` matches it. One alert per token.",
    references: [
      "Databricks SRA: long_lifetime_token_generation",
      "Sentinel (Databricks solution): PAT created with long or no expiry",
    ],
    evidenceParams: ["tokenExpirationTime", "tokenHash"],
    facts: ["kind", "lifetime_days"],
  },
  scope: () => "action_name = 'generateDbToken'",
  sql({ d, t }) {
    const expiry = "TRY_CAST(request_params['tokenExpirationTime'] AS BIGINT)";
    // Exact, not rounded down: a token valid for 364.996 days is shown and judged as such, not as 364.
    const lifetimeDays = `CAST((${expiry} - ${d.epochMillis("event_time")}) / 86400000.0 AS DECIMAL(18, 3))`;
    return {
      ctes: [
        `tk AS (SELECT ${EVENT_COLUMNS},
  CASE WHEN ${expiry} IS NULL OR ${expiry} <= 0 THEN 'no-expiry' ELSE 'long' END AS kind,
  CASE WHEN ${expiry} IS NULL OR ${expiry} <= 0 THEN NULL ELSE ${lifetimeDays} END AS lifetime_days
FROM events
WHERE action_name = 'generateDbToken' AND (status_code = 200 OR status_code IS NULL))`,
      ],
      matches: `SELECT ${EVENT_COLUMNS},
  ${keyOf("principal", d.epochMillis("event_time"), "coalesce(request_params['tokenHash'], request_id)")} AS alert_key,
  principal AS alert_principal, source_ip AS alert_ip,
  CASE WHEN kind = 'no-expiry' THEN 'high' ELSE 'medium' END AS alert_severity,
  kind AS f_kind, lifetime_days AS f_lifetime_days
FROM tk WHERE kind = 'no-expiry' OR lifetime_days > ${t("maxLifetimeDays")}`,
    };
  },
  summarize: ({ principal, facts }) =>
    facts.kind === "no-expiry"
      ? `${principal} created a token that never expires`
      : `${principal} created a token valid for ${facts.lifetime_days} days`,
});
