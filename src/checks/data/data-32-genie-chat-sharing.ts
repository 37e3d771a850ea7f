import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly, settingV2Value } from "../helpers.ts";

/**
 * settingsv2 `genie_chat_share_policy` (databricks-sdk-py service/settingsv2.py GenieChatSharePolicy
 * {disable_make_chat_private, disable_share_with_account_users}; "Defaults preserve current behavior (both
 * false)"), read through settings discovery (GET /api/2.1/settings/genie_chat_share_policy →
 * effective_genie_chat_share_policy). Not judged from IaC: no version of the Terraform provider's
 * databricks_workspace_setting_v2 schema has a genie_chat_share_policy field (src/iac/terraform/settings-v2.ts).
 */
export const GENIE_SETTING = "genie_chat_share_policy";

export default defineCheck({
  meta: {
    id: "DATA-32",
    title: "Genie chats cannot be shared with every account user",
    category: "data",
    severity: "medium",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["DP-2", "PA-7"],
    mcsb: ["DP-2", "PA-7"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api"],
    rationale:
      "A Genie chat holds the questions a user asked and the query results Genie answered with — rows of the tables behind the space, read with that user's rights. Shared with all account users, those results reach every identity of the Databricks account, including people of other workspaces who have no grant on the data. The workspace setting genie_chat_share_policy.disable_share_with_account_users turns that option off (its default leaves it on); sharing with named users and groups still works.",
    remediation: {
      ui: "Workspace settings → Security (or AI/BI) → Genie chat sharing: turn off sharing chats with all account users.",
      terraform: `# The Databricks provider has no argument for genie_chat_share_policy (databricks_workspace_setting_v2
# models boolean_val, string_val, allowed_apps_user_api_scopes, … but not this message, provider 1.124.0):
# set it in the admin console, or from your pipeline with the settings v2 API
# (PATCH /api/2.1/settings/genie_chat_share_policy, a Setting whose genie_chat_share_policy has
# disable_share_with_account_users = true; databricks-sdk-py settingsv2 patch_public_workspace_setting).`,
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "Genie");
    if (tier) return tier;
    const policy = settingV2Value(context, evidence, "workspace", GENIE_SETTING);
    if (policy?.disable_share_with_account_users === true)
      return pass(
        `${GENIE_SETTING}: Genie chats cannot be shared with all account users${policy.disable_make_chat_private === true ? "; chats cannot be made private either (every chat stays visible to the space's managers)" : ""}`,
      );
    return fail(
      policy === null || policy.disable_share_with_account_users === undefined
        ? `${GENIE_SETTING} was never set: by default any user may share a Genie chat, with its query results, with all account users`
        : `${GENIE_SETTING}.disable_share_with_account_users is ${String(policy.disable_share_with_account_users)}: any user may share a Genie chat, with its query results, with all account users`,
    );
  },
});
