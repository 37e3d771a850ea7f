/** DET-15: an account-level setting changed. */
import { eventAlerts, OUTCOME } from "./common.ts";
import { defineDetection } from "./types.ts";

export default defineDetection({
  meta: {
    id: "DET-15",
    title: "Account setting changed",
    severity: "medium",
    threats: ["AT", "IN"],
    controls: ["PV-2", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "Account settings apply to every workspace of the account: the account IP access list, enhanced security monitoring, the compliance security profile, personal-compute and serverless defaults. One change there weakens (or hardens) all workspaces at once, so each should be traceable to a change request.",
    response:
      "Confirm the change with the account admin who made it. If unexpected, set the setting back in the account console (or Terraform) and review that admin's other account-level actions.",
    logic:
      "`setSetting` of service `accounts` (the account settings API), whatever the outcome: the setting (`settingTypeName`) and the value as audited (`settingValueForAudit`). Diagnostic logs of a workspace do not carry account-level events: read `system.access.audit` (pushdown or an export) to see them. One alert per change.",
    references: ["Databricks SRA: account_settings_changes"],
    evidenceParams: ["settingTypeName", "settingKeyTypeName", "settingValueForAudit"],
    facts: ["setting", "value", "outcome"],
  },
  scope: () => "service_name = 'accounts' AND action_name = 'setSetting'",
  sql: (ctx) =>
    eventAlerts(ctx, {
      where: "service_name = 'accounts' AND action_name = 'setSetting'",
      facts: {
        setting: "coalesce(request_params['settingTypeName'], request_params['settingKeyTypeName'])",
        value: "request_params['settingValueForAudit']",
        outcome: OUTCOME,
      },
    }),
  summarize: ({ principal, facts }) =>
    `${principal} changed account setting ${facts.setting ?? "(unnamed)"}${facts.value !== null ? ` to ${facts.value}` : ""}; ${facts.outcome}`,
});
