/** DET-23: Delta Sharing requests refused by a recipient's IP access list. */
import { keyOf, NULL_TEXT } from "./common.ts";
import { defineDetection, EVENT_COLUMNS } from "./types.ts";

const SHARING_QUERIES = "action_name IN ('deltaSharingQueryTable', 'deltaSharingQueryTableChanges')";

export default defineDetection({
  meta: {
    id: "DET-23",
    title: "Delta Sharing request refused by the recipient's IP access list",
    severity: "medium",
    threats: ["EX", "AT"],
    controls: ["DP-3", "NS-2", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "The recipient's IP access list refused a query that carried a valid recipient token from an address outside it: the list worked, but the token is being used from somewhere it should not be — a leaked token or a recipient outside its agreed network.",
    response:
      "Tell the recipient's owner; rotate the recipient's token if the address is not theirs, and keep the IP list as it is.",
    logic:
      "`deltaSharingQueryTable` and `deltaSharingQueryTableChanges` with `is_ip_access_denied` true. One alert per recipient, source IP and day.",
    references: ["Databricks SRA: delta_sharing_ip_access_list_failures"],
    evidenceParams: ["recipient_name", "share", "name", "metastore_id", "recipient_authentication_type"],
    facts: ["recipient", "shares", "requests"],
  },
  scope: () => SHARING_QUERIES,
  sql({ d }) {
    const recipient = "coalesce(request_params['recipient_name'], principal)";
    return {
      ctes: [
        `sd AS (SELECT ${EVENT_COLUMNS}, ${recipient} AS recipient, CAST(floor(${d.epochSeconds("event_time")} / 86400) AS BIGINT) AS day
FROM events WHERE ${SHARING_QUERIES} AND lower(coalesce(request_params['is_ip_access_denied'], '')) = 'true')`,
        `sd_totals AS (SELECT recipient, source_ip, day, count(*) AS requests,
  ${d.distinctList("coalesce(request_params['share'], request_params['name'])")} AS shares
FROM sd GROUP BY recipient, source_ip, day)`,
      ],
      matches: `SELECT ${EVENT_COLUMNS.split(", ")
        .map((c) => `sd.${c}`)
        .join(", ")}, ${keyOf("sd.recipient", "sd.source_ip", "sd.day")} AS alert_key, sd.recipient AS alert_principal,
  sd.source_ip AS alert_ip, ${NULL_TEXT} AS alert_severity,
  sd.recipient AS f_recipient, t.shares AS f_shares, t.requests AS f_requests
FROM sd JOIN sd_totals t ON t.recipient = sd.recipient AND t.day = sd.day
  AND coalesce(t.source_ip, '') = coalesce(sd.source_ip, '')`,
    };
  },
  summarize: ({ sourceIp, facts }) =>
    `${facts.requests} Delta Sharing request(s) of recipient ${facts.recipient ?? "(unnamed)"} refused by its IP access list from ${sourceIp ?? "an unknown address"} (shares ${facts.shares ?? "-"})`,
});
