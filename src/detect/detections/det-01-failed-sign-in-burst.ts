/** DET-01: a burst of failed sign-ins against one user, or from one IP against several users (spraying). */
import { burstCtes, keyOf, LOGIN_USER, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS, LOGIN_ACTIONS } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-01",
    title: "Burst of failed sign-ins for one user or from one IP",
    severity: "medium",
    threats: ["AT"],
    controls: ["IM-5", "LT-2", "IR-3"],
    thresholds: {
      failuresPerUser: { default: 5, unit: "failures", description: "failed sign-ins for one user within the window" },
      failuresPerIp: { default: 10, unit: "failures", description: "failed sign-ins from one IP within the window" },
      usersPerIp: {
        default: 3,
        unit: "users",
        description: "distinct users those failures from one IP must target (password spraying)",
      },
      windowMinutes: { default: 10, unit: "minutes", description: "length of the sliding window" },
    },
    rationale:
      "Repeated failed sign-ins are how passwords and tokens are guessed. One user failing many times in minutes points at a brute-force attempt on that account; one IP failing against several users points at password spraying. Either means someone holds or is hunting for credentials.",
    response:
      "Check with the user whether the attempts were theirs. If not, reset the credentials, revoke the user's tokens (token management API), and block the source IP in the workspace IP access list. Look for a later successful sign-in from the same IP (DET-03).",
    logic:
      "Sign-in actions of service `accounts` with status 401 or 403; the user is `request_params.user` (failed sign-ins often carry no identity), else the identity. Alert when one user has at least `failuresPerUser` failures within `windowMinutes`, or one IP has at least `failuresPerIp` failures against at least `usersPerIp` users.",
    references: [
      "Databricks SRA: repeated_failed_login_attempts",
      "Sentinel (Databricks solution): multiple failed logins from a single IP",
    ],
    evidenceParams: ["user", "authenticationMethod"],
    facts: ["kind", "failures", "peak", "values"],
  },
  scope: (d) => `service_name = 'accounts' AND action_name IN (${d.list(LOGIN_ACTIONS)}) AND status_code IN (401, 403)`,
  sql(ctx) {
    const { d, t } = ctx;
    const failed = `service_name = 'accounts' AND action_name IN (${d.list(LOGIN_ACTIONS)}) AND status_code IN (401, 403)`;
    const window = t("windowMinutes") * 60;
    const perUser = burstCtes(ctx, {
      name: "fu",
      filter: failed,
      key: LOGIN_USER,
      distinct: "source_ip",
      windowSeconds: window,
      having: (n) => `${n} >= ${t("failuresPerUser")}`,
    });
    const perIp = burstCtes(ctx, {
      name: "fi",
      filter: failed,
      key: "source_ip",
      distinct: LOGIN_USER,
      windowSeconds: window,
      having: (n, nd) => `${n} >= ${t("failuresPerIp")} AND ${nd} >= ${t("usersPerIp")}`,
    });
    return {
      ctes: [...perUser, ...perIp],
      matches: `SELECT ${EVENT_COLUMNS}, ${keyOf("'user'", "bk", "day")} AS alert_key, bk AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity,
  'user' AS f_kind, total AS f_failures, peak AS f_peak, distinct_values AS f_values
FROM fu_hit
UNION ALL
SELECT ${EVENT_COLUMNS}, ${keyOf("'ip'", "bk", "day")} AS alert_key, ${NULL_TEXT} AS alert_principal,
  bk AS alert_ip, ${NULL_TEXT} AS alert_severity,
  'ip' AS f_kind, total AS f_failures, peak AS f_peak, distinct_values AS f_values
FROM fi_hit`,
    };
  },
  summarize: ({ principal, sourceIp, facts }) =>
    facts.kind === "ip"
      ? `${facts.failures} failed sign-ins from ${sourceIp} against users ${facts.values} (up to ${facts.peak} within the window)`
      : `${facts.failures} failed sign-ins for ${principal} (up to ${facts.peak} within the window) from ${facts.values}`,
});
