import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly, settingV2Value } from "../helpers.ts";
import { DEFAULT_APP_SCOPES } from "./gov-22-app-user-scopes.ts";

/**
 * settingsv2 `allowed_apps_user_api_scopes` (databricks-sdk-py service/settingsv2.py
 * AllowedAppsUserApiScopesMessage {allowed_scopes}), read through settings discovery (GET
 * /api/2.1/settings/allowed_apps_user_api_scopes → effective_allowed_apps_user_api_scopes). From IaC:
 * databricks_workspace_setting_v2 { name = "allowed_apps_user_api_scopes", allowed_apps_user_api_scopes {
 * allowed_scopes } } (provider 1.124.0; src/iac/terraform/settings-v2.ts).
 */
export const ALLOWED_SCOPES_SETTING = "allowed_apps_user_api_scopes";

export default defineCheck({
  meta: {
    id: "GOV-24",
    title: "The workspace bounds the user API scopes Databricks Apps may ask for",
    category: "governance",
    severity: "medium",
    profile: "high",
    threats: ["EX", "AT"],
    controls: ["PA-7", "IM-2"],
    mcsb: ["PA-7", "IM-3"],
    guide: ["Token management"],
    sources: ["workspace-api", "iac"],
    rationale:
      "GOV-22 judges the scopes each app holds today; the workspace setting allowed_apps_user_api_scopes bounds what any app may be given tomorrow. With user authorization an app receives every visitor's token limited to its scopes, so an app author who adds `sql` or `files.files` reads data as each user who opens the app. Bounding the scopes at the workspace makes that a decision of the workspace admins, not of whoever can edit an app.",
    remediation: {
      ui: "Workspace settings → Compute → Apps → Allowed user API scopes: allow only the scopes apps need (identity scopes by default; data scopes after review).",
      terraform: `resource "databricks_workspace_setting_v2" "apps_scopes" {
  name = "allowed_apps_user_api_scopes"
  allowed_apps_user_api_scopes {
    allowed_scopes = ["iam.current-user:read", "iam.access-control:read"]
  }
}`,
    },
    lists: {
      approvedUserApiScopes: {
        default: DEFAULT_APP_SCOPES,
        description: "user API scopes the workspace may allow apps without review (add reviewed scopes such as sql)",
      },
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "Databricks Apps");
    if (tier) return tier;
    const value = settingV2Value(context, evidence, "workspace", ALLOWED_SCOPES_SETTING);
    const allowed = Array.isArray(value?.allowed_scopes) ? value.allowed_scopes.map(String) : null;
    if (allowed === null)
      return fail(
        `${ALLOWED_SCOPES_SETTING} was never set: apps may be given any user API scope, data scopes included`,
      );
    const approved = new Set((context.lists.approvedUserApiScopes ?? DEFAULT_APP_SCOPES).map((s) => s.toLowerCase()));
    const extra = allowed.filter((scope) => !approved.has(scope.toLowerCase()));
    if (extra.length)
      return fail(`${ALLOWED_SCOPES_SETTING} allows scopes beyond the approved ones: ${extra.join(", ")}`, extra);
    return pass(
      allowed.length
        ? `apps may be given only approved user API scopes: ${allowed.join(", ")}`
        : "apps may be given no user API scope (user authorization is off for every app)",
    );
  },
});
