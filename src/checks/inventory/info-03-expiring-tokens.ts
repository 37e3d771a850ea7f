import { defineCheck, fail, pass } from "../define.ts";
import { DAY_MS } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "INFO-03",
    title: "Tokens expiring within 7 days (to rotate before an outage)",
    category: "inventory",
    severity: "info",
    profile: "standard",
    threats: ["AT"],
    controls: ["IM-7"],
    mcsb: ["IM-8"],
    sat: ["GOV-2"],
    guide: ["Token management"],
    sources: ["workspace-api"],
    rationale:
      "Short token lifetimes are only sustainable when expiring tokens are replaced in time; otherwise an integration fails, and the quick fix is often a token that never expires. Listing the tokens that expire within the next days lets their owners rotate them (or move to Entra ID tokens) before anything breaks.",
    remediation: {
      ui: "Workspace admin settings → Advanced → Personal access tokens → Manage: tell the owners of the listed tokens to create a replacement with the same short lifetime, update the integration, then revoke the old token.",
      terraform: `# Tokens created through Terraform rotate when their lifetime runs out and the apply is re-run:
resource "databricks_token" "ci" {
  comment          = "CI pipeline"
  lifetime_seconds = 60 * 60 * 24 * 30
}`,
    },
    thresholds: {
      expiringWithinDays: { default: 7, unit: "days", description: "how far ahead to look for expiring tokens" },
    },
  },
  evaluate(evidence, context) {
    const tokens = context.get("personal access tokens", evidence.databricks.tokens);
    const days = context.thresholds.expiringWithinDays ?? 7;
    const now = context.now.getTime();
    const live = tokens.filter((token) => token.expiresAt === null || Date.parse(token.expiresAt) > now);
    const expiring = live
      .filter((token) => token.expiresAt !== null && Date.parse(token.expiresAt) - now <= days * DAY_MS)
      .map(
        (token) =>
          `${token.id} (${token.createdBy ?? "unknown owner"}${token.comment ? `, "${token.comment}"` : ""}, expires ${token.expiresAt!.slice(0, 10)})`,
      );
    if (expiring.length)
      return fail(
        `${expiring.length} of ${live.length} live token(s) expire within ${days} days: ${expiring.join(", ")}`,
        expiring,
      );
    return pass(`none of the ${live.length} live token(s) expires within ${days} days`);
  },
});
