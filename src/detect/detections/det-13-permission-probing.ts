/** DET-13: repeated permission-denied responses for one principal (probing). */
import { burstCtes, keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS, LOGIN_ACTIONS } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-13",
    title: "Repeated permission-denied responses for one principal (probing)",
    severity: "medium",
    threats: ["AT", "EX"],
    controls: ["IM-5", "LT-2", "IR-3"],
    thresholds: {
      denials: { default: 15, unit: "responses", description: "permission-denied responses within the window" },
      distinctActions: { default: 2, unit: "actions", description: "distinct actions among them" },
      windowMinutes: { default: 60, unit: "minutes", description: "length of the sliding window" },
    },
    rationale:
      "A newly compromised identity is used to find out what it can reach: it lists and reads clusters, jobs, secrets and tables, and is refused again and again. A run of 401/403 responses across different actions is that probing (or a badly broken job, which is worth fixing too).",
    response:
      "Look at what was tried (the evidence lists actions and targets). If it is not a misconfigured job, treat the identity as compromised: revoke its tokens and review its successful actions in the same period.",
    logic:
      "Responses 401 and 403 of any action except sign-ins (DET-01), IP access list refusals (DET-04) and Unity Catalog requests (DET-19). Alert when one principal has at least `denials` of them, across at least `distinctActions` actions, within `windowMinutes`; one alert per principal and day.",
    references: ["Databricks SRA: repeated_unauthorized_uc_requests (similar, Unity Catalog only)"],
    evidenceParams: ["cluster_id", "job_id", "scope", "key", "path", "full_name_arg", "securable_full_name"],
    facts: ["denials", "peak", "actions"],
  },
  scope: () => "status_code IN (401, 403)",
  sql(ctx) {
    const { d, t } = ctx;
    return {
      ctes: burstCtes(ctx, {
        name: "pd",
        filter: `status_code IN (401, 403) AND principal IS NOT NULL
  AND NOT (service_name = 'accounts' AND action_name IN (${d.list(LOGIN_ACTIONS)}))
  AND action_name NOT IN ('IpAccessDenied', 'accountIpAclsValidationFailed')
  AND service_name <> 'unityCatalog'`,
        key: "principal",
        distinct: "service_name || '/' || action_name",
        windowSeconds: t("windowMinutes") * 60,
        having: (n, nd) => `${n} >= ${t("denials")} AND ${nd} >= ${t("distinctActions")}`,
      }),
      matches: `SELECT ${EVENT_COLUMNS}, ${keyOf("bk", "day")} AS alert_key, bk AS alert_principal,
  ${NULL_TEXT} AS alert_ip, ${NULL_TEXT} AS alert_severity,
  total AS f_denials, peak AS f_peak, distinct_values AS f_actions
FROM pd_hit`,
    };
  },
  summarize: ({ principal, facts }) =>
    `${principal} was refused ${facts.denials} times (up to ${facts.peak} within the window) on ${facts.actions}`,
});
