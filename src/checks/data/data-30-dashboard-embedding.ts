import { defineCheck, fail, pass, undetermined } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-30",
    title: "AI/BI dashboards embed only in approved domains (not ALLOW_ALL_DOMAINS)",
    category: "data",
    severity: "medium",
    profile: "standard",
    threats: ["EX"],
    controls: ["DP-2", "NS-4"],
    mcsb: ["DP-2", "NS-6"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A published dashboard (often with the publisher's shared data permissions) can be framed by any site when embedding allows all domains, so a phishing page can present live company data inside its own UI. Restricting embedding to approved domains (setting aibi_dash_embed_ws_acc_policy with aibi_dash_embed_ws_apprvd_domains) keeps dashboards inside the organisation's own portals.",
    remediation: {
      ui: "Settings → Security → Embed dashboards: 'Allow approved domains' and list them (or 'Deny').",
      terraform: `resource "databricks_aibi_dashboard_embedding_access_policy_setting" "this" {
  aibi_dashboard_embedding_access_policy {
    access_policy_type = "ALLOW_APPROVED_DOMAINS"
  }
}

resource "databricks_aibi_dashboard_embedding_approved_domains_setting" "this" {
  aibi_dashboard_embedding_approved_domains {
    approved_domains = ["intranet.contoso.com"]
  }
}`,
      // Both are workspace settings adopted with `import` id "global" (terraform-provider-databricks
      // docs/resources/aibi_dashboard_embedding_access_policy_setting.md and …_approved_domains_setting.md).
      fix: (input) => ({
        settings: [
          {
            resource: "databricks_aibi_dashboard_embedding_access_policy_setting",
            path: ["aibi_dashboard_embedding_access_policy", "access_policy_type"],
            value: "ALLOW_APPROVED_DOMAINS",
          },
          {
            resource: "databricks_aibi_dashboard_embedding_approved_domains_setting",
            path: ["aibi_dashboard_embedding_approved_domains", "approved_domains"],
            value: input.variable("dashboard_embedding_domains", {
              type: "list(string)",
              description:
                "Domains (your intranet, portals) that may embed this workspace's AI/BI dashboards; no wildcard",
            }),
          },
        ],
        caution: [
          "dashboards embedded in a site not in var.dashboard_embedding_domains stop loading: list every portal that embeds them first",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "AI/BI dashboards");
    if (tier) return tier;
    const embedding = context.get("AI/BI dashboard embedding settings", evidence.databricks.aibiEmbedding);
    if (embedding.accessPolicy === null)
      return undetermined(
        "the dashboard embedding policy (aibi_dash_embed_ws_acc_policy) was never set, and its default is not documented by the API: set it explicitly to decide",
      );
    if (embedding.accessPolicy === "DENY_ALL_DOMAINS") return pass("dashboard embedding is denied for every domain");
    if (embedding.accessPolicy === "ALLOW_ALL_DOMAINS")
      return fail("any site may embed this workspace's dashboards (ALLOW_ALL_DOMAINS)");
    const wildcard = embedding.approvedDomains.filter((d) => d.trim() === "*" || d.trim() === "");
    if (wildcard.length) return fail(`the approved embedding domains include "${wildcard[0]}"`);
    return pass(
      embedding.approvedDomains.length
        ? `dashboards embed only in ${embedding.approvedDomains.join(", ")}`
        : "embedding allowed only in approved domains, and none is approved",
    );
  },
});
