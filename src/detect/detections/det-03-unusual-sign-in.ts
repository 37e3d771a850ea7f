/** DET-03: a sign-in at an unusual hour or from an IP never seen for that user, against a baseline. */
import { baselineCtes, keyOf, LOGIN_USER, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS, LOGIN_ACTIONS } from "./types.ts";

/** RFC 1918 ranges: cluster and control-plane traffic, not a user's network. */
const PRIVATE_IP = "^(10[.]|192[.]168[.]|172[.](1[6-9]|2[0-9]|3[01])[.]|127[.])";

export default defineDetection({
  meta: {
    id: "DET-03",
    title: "Sign-in at an unusual hour or from an IP never seen for that user",
    severity: "medium",
    threats: ["AT"],
    controls: ["IM-5", "LT-2", "IR-3"],
    thresholds: {
      baselineDays: {
        default: 7,
        unit: "days",
        description: "length of the baseline at the start of the data (at most half of the span the data covers)",
      },
      minBaselineSignIns: {
        default: 5,
        unit: "sign-ins",
        description: "successful sign-ins a user needs in the baseline to be judged at all",
      },
      hourSlack: {
        default: 2,
        unit: "hours",
        description: "how far outside the baseline's range of sign-in hours (UTC) a sign-in may fall",
      },
      ignorePrivateIps: {
        default: 1,
        unit: "0/1",
        description: "1: addresses in private ranges (clusters, control plane) never count as new",
      },
    },
    baseline: true,
    rationale:
      "Stolen credentials are used from the attacker's network and often at the attacker's working hours. A sign-in from an address the user never used, or far outside the hours the user usually signs in, is the classic sign of account takeover that passes every password check.",
    response:
      "Confirm with the user (travel, new VPN, on-call work). If it was not them, revoke their tokens and sessions and reset the credentials; review what the session did after the sign-in.",
    logic:
      "Successful sign-ins of service `accounts`. The baseline is the first `baselineDays` days of the data, at most half of the span it covers (see _Baselines_); users with fewer than `minBaselineSignIns` baseline sign-ins are not judged. After the baseline, a sign-in from an address the user never signed in from during the baseline is a `new-ip` alert (one per user and address); a sign-in whose UTC hour lies more than `hourSlack` hours outside the range of the user's baseline sign-in hours is an `unusual-hour` alert (one per user and day). Addresses in private ranges (cluster and control-plane traffic) never count as new unless `ignorePrivateIps` is 0. Users whose baseline covers the whole day, such as round-the-clock automation, never get an hour alert.",
    references: [
      "Sentinel hunting query: user activity from an IP not seen in the previous 14 days",
      "Sentinel hunting query: secret reads outside 07–19 UTC (hour idea)",
    ],
    evidenceParams: ["user", "authenticationMethod"],
    facts: ["kind", "usual_hours", "baseline_ips", "unusual"],
  },
  scope: (d) => `service_name = 'accounts' AND action_name IN (${d.list(LOGIN_ACTIONS)}) AND status_code = 200`,
  sql(ctx) {
    const { d, t } = ctx;
    const slack = t("hourSlack");
    const privateFilter = t("ignorePrivateIps") >= 1 ? `AND NOT ${d.regexpLike("r.source_ip", PRIVATE_IP)}` : "";
    return {
      ctes: [
        ...baselineCtes(ctx, t("baselineDays")),
        `si AS (SELECT ${EVENT_COLUMNS}, ${LOGIN_USER} AS u, ${d.epochSeconds("event_time")} AS ts, ${d.hourUtc("event_time")} AS hr
FROM events WHERE service_name = 'accounts' AND action_name IN (${d.list(LOGIN_ACTIONS)}) AND status_code = 200 AND ${LOGIN_USER} IS NOT NULL)`,
        "si_base AS (SELECT si.* FROM si CROSS JOIN lw_split s WHERE si.ts < s.split)",
        "si_recent AS (SELECT si.* FROM si CROSS JOIN lw_split s WHERE si.ts >= s.split)",
        `si_users AS (SELECT u, min(hr) AS h_min, max(hr) AS h_max, count(DISTINCT source_ip) AS n_ips
FROM si_base GROUP BY u HAVING count(*) >= ${t("minBaselineSignIns")})`,
        "si_ips AS (SELECT DISTINCT u, source_ip FROM si_base WHERE source_ip IS NOT NULL)",
        // NOT EXISTS rather than a LEFT JOIN … IS NULL: the same rows (si_ips is distinct), but DuckDB
        // built the join's hash table over every recent sign-in instead of the few baseline addresses.
        `si_new_ip AS (SELECT r.*, bu.h_min, bu.h_max, bu.n_ips FROM si_recent r JOIN si_users bu ON r.u = bu.u
WHERE r.source_ip IS NOT NULL AND r.source_ip <> '' ${privateFilter}
  AND NOT EXISTS (SELECT 1 FROM si_ips bi WHERE bi.u = r.u AND bi.source_ip = r.source_ip))`,
        `si_odd AS (SELECT r.*, bu.h_min, bu.h_max, bu.n_ips, CAST(floor(r.ts / 86400) AS BIGINT) AS day
FROM si_recent r JOIN si_users bu ON r.u = bu.u
WHERE r.hr < bu.h_min - ${slack} OR r.hr > bu.h_max + ${slack})`,
        `si_odd_hours AS (SELECT u, day, ${d.distinctList("CAST(hr AS STRING)")} AS hours FROM si_odd GROUP BY u, day)`,
      ],
      matches: `SELECT ${EVENT_COLUMNS}, ${keyOf("'ip'", "u", "source_ip")} AS alert_key, u AS alert_principal,
  source_ip AS alert_ip, ${NULL_TEXT} AS alert_severity,
  'new-ip' AS f_kind, CAST(h_min AS STRING) || '-' || CAST(h_max AS STRING) AS f_usual_hours, n_ips AS f_baseline_ips,
  source_ip AS f_unusual
FROM si_new_ip
UNION ALL
SELECT ${EVENT_COLUMNS.split(", ")
        .map((c) => `o.${c}`)
        .join(", ")}, ${keyOf("'hour'", "o.u", "o.day")} AS alert_key, o.u AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity,
  'unusual-hour' AS f_kind, CAST(o.h_min AS STRING) || '-' || CAST(o.h_max AS STRING) AS f_usual_hours, o.n_ips AS f_baseline_ips,
  oh.hours AS f_unusual
FROM si_odd o JOIN si_odd_hours oh ON o.u = oh.u AND o.day = oh.day`,
    };
  },
  summarize: ({ principal, facts }) =>
    facts.kind === "new-ip"
      ? `${principal} signed in from ${facts.unusual}, an address not seen in the baseline (${facts.baseline_ips} known)`
      : `${principal} signed in at ${facts.unusual}h UTC, outside the usual ${facts.usual_hours}h`,
});
