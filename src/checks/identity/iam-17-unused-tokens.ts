import { defineCheck, fail, listSome, pass } from "../define.ts";
import { DAY_MS, premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "IAM-17",
    title: "No live personal access token unused for more than 30 days",
    category: "identity",
    severity: "medium",
    profile: "standard",
    threats: ["AT"],
    controls: ["IM-7", "PA-3"],
    mcsb: ["IM-8", "PA-3"],
    guide: ["Token management"],
    sources: ["workspace-api"],
    rationale:
      "A token nobody uses is a credential nobody watches: it is still valid, often sits in an old script or a former colleague's laptop, and its misuse would be the first use in weeks. Databricks revokes PATs unused for 90 days; revoking them sooner (token-management's last_used_day says when each was last used) removes standing access nobody needs.",
    remediation: {
      ui: "Settings → Advanced → Personal access tokens → 'Manage' (admins see every user's tokens): revoke tokens whose 'Last used' is older than the threshold.",
      terraform: `# Tokens are created by their users; manage lifetimes centrally instead:
resource "databricks_workspace_conf" "this" {
  custom_config = {
    "maxTokenLifetimeDays" = "30"
  }
}`,
    },
    thresholds: {
      maxUnusedDays: { default: 30, unit: "days", description: "longest a live token may go unused" },
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "token management");
    if (tier) return tier;
    const tokens = context.get("personal access tokens", evidence.databricks.tokens);
    const now = context.now.getTime();
    const maxDays = context.thresholds.maxUnusedDays ?? 30;
    const live = tokens.filter((token) => token.expiresAt === null || Date.parse(token.expiresAt) > now);
    const idle = live.flatMap((token) => {
      const since = token.lastUsedDay ?? token.createdAt;
      if (since === null) return [];
      const days = Math.floor((now - Date.parse(since)) / DAY_MS);
      return days > maxDays
        ? [
            `${token.id} (${token.createdBy ?? "unknown owner"}, ${token.lastUsedDay ? `last used ${days} days ago` : `never used, created ${days} days ago`})`,
          ]
        : [];
    });
    const undated = live.filter((token) => token.lastUsedDay === null && token.createdAt === null).map((t) => t.id);
    if (idle.length)
      return fail(
        `${idle.length} of ${live.length} live tokens unused for more than ${maxDays} days: ${listSome(idle, 3)}`,
        idle,
      );
    if (undated.length)
      return {
        status: "unknown",
        message: `token management gives neither last use nor creation time for ${listSome(undated, 3)}`,
        resources: undated,
      };
    return pass(
      live.length
        ? `all ${live.length} live tokens were used within ${maxDays} days`
        : "no live personal access tokens",
    );
  },
});
