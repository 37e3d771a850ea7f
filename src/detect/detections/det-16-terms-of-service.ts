/** DET-16: terms of service accepted or sent on the account's behalf. */
import { eventAlerts, OUTCOME, WORKSPACE_OF } from "./common.ts";
import { defineDetection } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-16",
    title: "Terms of service accepted or sent",
    severity: "low",
    threats: ["PC", "IN"],
    controls: ["PA-8", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "Some features only start after an account admin accepts new Databricks terms of service, and with them new data processing (previews, partner-powered AI, model serving regions). Accepting terms is a legal and data-protection decision that should be made deliberately, by the right person.",
    response:
      "Check with the admin which terms were accepted and for which feature, and that the decision went through your legal or privacy review.",
    logic:
      "`acceptTos` and `sendTos` (any service), whatever the outcome; the workspace is `request_params.workspace_id` when the event names one. One alert per event.",
    references: ["Databricks SRA: terms_of_service_changes"],
    evidenceParams: ["account_id", "workspace_id", "tosId", "tosVersion"],
    facts: ["action", "workspace", "outcome"],
  },
  scope: () => "action_name IN ('acceptTos', 'sendTos')",
  sql: (ctx) =>
    eventAlerts(ctx, {
      where: "action_name IN ('acceptTos', 'sendTos')",
      facts: { action: "action_name", workspace: WORKSPACE_OF, outcome: OUTCOME },
    }),
  summarize: ({ principal, facts }) =>
    `${principal} ${facts.action === "sendTos" ? "sent" : "accepted"} terms of service (workspace ${facts.workspace ?? "-"}); ${facts.outcome}`,
});
