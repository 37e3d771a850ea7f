/** DET-21: a Delta Sharing recipient created (or updated) without an IP access list. */
import { eventAlerts, SUCCEEDED } from "./common.ts";
import { defineDetection } from "./types.ts";

const IP_LIST = "request_params['ip_access_list']";
/** An absent list, or one without allowed addresses. */
const NO_IP_LIST = `(${IP_LIST} IS NULL OR ${IP_LIST} IN ('', '{}', 'null') OR replace(${IP_LIST}, ' ', '') LIKE '%"allowed_ip_addresses":[]%')`;

export default defineDetection({
  meta: {
    id: "DET-21",
    title: "Delta Sharing recipient without an IP access list",
    severity: "medium",
    threats: ["EX"],
    controls: ["DP-3", "NS-2", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "A token-based Delta Sharing recipient reads shared data with a bearer token from anywhere on the internet unless its IP access list says otherwise. A recipient created without one turns a leaked activation link or token into open access to the share.",
    response:
      "Add an IP access list to the recipient (`ALTER RECIPIENT … SET`, `databricks_recipient.ip_access_list`), or rotate its token if it may have leaked. Make recipients with IP lists the rule for shares holding personal data.",
    logic:
      "Successful `createRecipient`, and `updateRecipient` that sets an empty list, where `ip_access_list` is missing or has no allowed addresses. Databricks-to-Databricks recipients (`authentication_type` DATABRICKS) are skipped: they cannot have IP lists. One alert per recipient change.",
    references: ["Databricks SRA: delta_sharing_recipients_without_ip_acls"],
    evidenceParams: ["name", "name_arg", "authentication_type", "ip_access_list"],
    facts: ["recipient", "change"],
  },
  scope: () => "action_name IN ('createRecipient', 'updateRecipient')",
  sql: (ctx) =>
    eventAlerts(ctx, {
      where: `${SUCCEEDED} AND upper(coalesce(request_params['authentication_type'], 'TOKEN')) <> 'DATABRICKS'
  AND ((action_name = 'createRecipient' AND ${NO_IP_LIST})
    OR (action_name = 'updateRecipient' AND ${IP_LIST} IS NOT NULL AND ${NO_IP_LIST}))`,
      facts: {
        recipient: "coalesce(request_params['name'], request_params['name_arg'])",
        change: "action_name",
      },
    }),
  summarize: ({ principal, facts }) =>
    `${principal} ${facts.change === "createRecipient" ? "created" : "updated"} Delta Sharing recipient ${facts.recipient ?? "(unnamed)"} without an IP access list`,
});
