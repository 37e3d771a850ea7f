/** DET-02: one user signed in from several IPs within minutes (simultaneous remote sessions). */
import { burstCtes, keyOf, LOGIN_USER, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS, LOGIN_ACTIONS } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-02",
    title: "Same user signed in from several IPs within minutes",
    severity: "high",
    threats: ["AT"],
    controls: ["IM-5", "LT-2", "IR-3"],
    thresholds: {
      distinctIps: { default: 3, unit: "IPs", description: "distinct source IPs of one user's successful sign-ins" },
      windowMinutes: { default: 15, unit: "minutes", description: "length of the sliding window" },
    },
    rationale:
      "A person works from one network at a time. Successful sign-ins of one account from several IP addresses within minutes mean the credentials (or a token) are used by someone else at the same time: a stolen session, a shared or leaked token.",
    response:
      "Ask the user which of the addresses are theirs. Revoke the user's tokens and sessions, reset the password, and review what the other addresses did (filter the audit log by `source_ip`).",
    logic:
      "Successful (status 200) sign-in actions of service `accounts`. Alert when one user's sign-ins come from at least `distinctIps` addresses within `windowMinutes`; one alert per user and day.",
    references: ["Databricks cybersec detection app: session_hijacking_multi_device (similar idea)"],
    evidenceParams: ["user", "authenticationMethod"],
    facts: ["sign_ins", "ips", "peak_ips"],
  },
  scope: (d) => `service_name = 'accounts' AND action_name IN (${d.list(LOGIN_ACTIONS)}) AND status_code = 200`,
  sql(ctx) {
    const { d, t } = ctx;
    return {
      ctes: burstCtes(ctx, {
        name: "mi",
        filter: `service_name = 'accounts' AND action_name IN (${d.list(LOGIN_ACTIONS)}) AND status_code = 200 AND source_ip IS NOT NULL AND source_ip <> ''`,
        key: LOGIN_USER,
        distinct: "source_ip",
        windowSeconds: t("windowMinutes") * 60,
        having: (_n, nd) => `${nd} >= ${t("distinctIps")}`,
      }),
      matches: `SELECT ${EVENT_COLUMNS}, ${keyOf("bk", "day")} AS alert_key, bk AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity,
  total AS f_sign_ins, distinct_values AS f_ips, peak_distinct AS f_peak_ips
FROM mi_hit`,
    };
  },
  summarize: ({ principal, facts }) =>
    `${principal} signed in from ${facts.peak_ips} IPs within minutes (${facts.ips})`,
});
