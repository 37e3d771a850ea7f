/** DET-04: a request refused by the IP access list — someone outside the allowed networks holds credentials. */
import { keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

/** User agents of Databricks' own services, whose refusals are noise (cybersec detection app's list, narrowed). */
const SERVICE_AGENTS =
  "Databricks-Service/driver|Databricks-Runtime|Delta-Sharing-SparkStructuredStreaming|RawDBHttpClient|mlflow-python|obsSDK-scala|wsfs/|feature-store";
const SERVICE_PATHS = "telemetry|delta-commit|health";
const UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

export default defineDetection({
  meta: {
    id: "DET-04",
    title: "Sign-in denied by the IP access list",
    severity: "medium",
    threats: ["AT"],
    controls: ["IM-5", "IM-6", "LT-2", "IR-3"],
    thresholds: {
      minDenials: {
        default: 1,
        unit: "requests",
        description: "refused requests per user, IP and day before alerting",
      },
      ignoreServicePrincipals: {
        default: 1,
        unit: "0/1",
        description: "1: skip identities that are application ids (service principals' token traffic)",
      },
    },
    rationale:
      "The IP access list refused a request that carried valid credentials from outside the allowed networks. The list did its job, but someone out there holds a working password or token: a leaked token in a repository, a laptop at home without VPN, or an attacker.",
    response:
      "Find out whose credentials were used and from where. If the address is unknown, revoke the user's tokens and reset the password; if it is a legitimate new office or VPN range, add it to the IP access list deliberately.",
    logic:
      "`IpAccessDenied` and `accountIpAclsValidationFailed` of service `accounts`, except requests from Databricks' own service agents (user agent `Databricks-Runtime`, `RawDBHttpClient`, `wsfs/` …), telemetry/health/delta-commit paths, and — unless `ignoreServicePrincipals` is 0 — identities that are application ids. One alert per user, IP and day with at least `minDenials` refusals.",
    references: [
      "Databricks SRA: ip_access_list_failures",
      "Panther: Databricks.Audit.AttemptedLogonFromDeniedIP (corpus test cases)",
    ],
    evidenceParams: ["path", "user"],
    facts: ["denials"],
  },
  scope: () => "service_name = 'accounts' AND action_name IN ('IpAccessDenied', 'accountIpAclsValidationFailed')",
  sql({ d, t }) {
    const who = "lower(coalesce(nullif(principal, ''), request_params['user']))";
    const spFilter = t("ignoreServicePrincipals") >= 1 ? `AND NOT ${d.regexpLike(`coalesce(${who}, '')`, UUID)}` : "";
    return {
      ctes: [
        `dn AS (SELECT ${EVENT_COLUMNS}, ${who} AS who, CAST(floor(${d.epochSeconds("event_time")} / 86400) AS BIGINT) AS day
FROM events
WHERE service_name = 'accounts' AND action_name IN ('IpAccessDenied', 'accountIpAclsValidationFailed')
  AND NOT ${d.regexpLike("coalesce(user_agent, '')", SERVICE_AGENTS)}
  AND NOT ${d.regexpLike("coalesce(request_params['path'], '')", SERVICE_PATHS)}
  ${spFilter})`,
        `dn_counted AS (SELECT dn.*, count(*) OVER (PARTITION BY who, source_ip, day) AS denials FROM dn)`,
      ],
      matches: `SELECT ${EVENT_COLUMNS}, ${keyOf("who", "source_ip", "day")} AS alert_key, who AS alert_principal,
  source_ip AS alert_ip, ${NULL_TEXT} AS alert_severity, denials AS f_denials
FROM dn_counted WHERE denials >= ${t("minDenials")}`,
    };
  },
  summarize: ({ principal, sourceIp, facts }) =>
    `${facts.denials} request(s) of ${principal ?? "an unknown identity"} refused by the IP access list from ${sourceIp ?? "an unknown address"}`,
});
