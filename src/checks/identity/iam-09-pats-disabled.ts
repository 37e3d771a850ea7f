import { defineCheck, fail, pass } from "../define.ts";
import { confSetting, describeSetting, isTrue, premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "IAM-09",
    title: "Personal access tokens disabled in favour of Entra ID tokens",
    category: "identity",
    severity: "medium",
    profile: "high",
    threats: ["AT"],
    controls: ["IM-1", "IM-7"],
    mcsb: ["IM-1", "IM-8"],
    guide: ["Use Azure Active Directory tokens for remote authentication", "Token management"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A personal access token is a long-lived bearer credential that Conditional Access never re-evaluates and that keeps working after its owner's circumstances change. Entra ID tokens are short-lived, issued under the tenant's policies and visible in Entra sign-in logs, so highly secure deployments switch personal access tokens off and authenticate people and automation (service principals, managed identities) with Entra ID.",
    remediation: {
      ui: 'Move automation to Entra ID tokens for service principals or managed identities first; then Workspace admin settings → Advanced → Personal access tokens: off (API: PATCH /api/2.0/workspace-conf {"enableTokensConfig": "false"}). Existing tokens stop working.',
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableTokensConfig" = false
  }
}`,
      fix: (input) => {
        const tokens = input.evidence("personal access tokens");
        const count = Array.isArray(tokens) ? `${tokens.length} live token(s)` : "every live token";
        return {
          settings: [
            { resource: "databricks_workspace_conf", path: ["custom_config", "enableTokensConfig"], value: false },
          ],
          caution: [
            `turning personal access tokens off makes ${count} stop working at once: move jobs, tools and integrations to Entra ID tokens or OAuth for service principals first`,
          ],
        };
      },
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "token management");
    if (notApplicable) return notApplicable;
    const setting = confSetting(context, evidence, "enableTokensConfig");
    if (!isTrue(setting.value))
      return pass(
        `personal access tokens are disabled (enableTokensConfig ${describeSetting(setting)}); only Entra ID tokens authenticate`,
      );
    const tokens = context.peek("personal access tokens", evidence.databricks.tokens);
    const now = context.now.getTime();
    const live =
      tokens.status === "known"
        ? tokens.value.filter((token) => token.expiresAt === null || Date.parse(token.expiresAt) > now)
        : null;
    return fail(
      `personal access tokens are enabled (enableTokensConfig ${describeSetting(setting)})${
        live ? `; ${live.length} live token(s)` : ""
      }`,
      live?.map((token) => `${token.id} (${token.createdBy ?? "unknown owner"})`),
    );
  },
});
