import { defineCheck, fail, listSome, pass } from "../define.ts";
import { DAY_MS, premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "IAM-07",
    title: "No live token without expiry, none older than 90 days",
    category: "identity",
    severity: "high",
    profile: "standard",
    threats: ["AT"],
    controls: ["IM-7"],
    mcsb: ["IM-8"],
    cis: ["2.1.6"],
    sat: ["IA-4", "IA-6"],
    guide: ["Token management"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A maximum lifetime only applies to tokens created after it is set; tokens that never expire, or that have lived for months, are standing credentials that keep working after their owner's circumstances change.",
    remediation: {
      ui: "Workspace admin settings → Advanced → Personal access tokens → Manage: revoke tokens without expiry or older than 90 days, and ask their owners for short-lived replacements (or Entra ID tokens).",
      terraform: `# Tokens created through Terraform should always expire:
resource "databricks_token" "ci" {
  comment          = "CI pipeline"
  lifetime_seconds = 60 * 60 * 24 * 30
}`,
    },
    thresholds: { maxAgeDays: { default: 90, unit: "days", description: "oldest allowed live token" } },
  },
  evaluate(evidence, context) {
    const standardTier = premiumOnly(context, evidence, "token management");
    if (standardTier) return standardTier;
    const tokens = context.get("personal access tokens", evidence.databricks.tokens);
    const now = context.now.getTime();
    const maxAge = context.thresholds.maxAgeDays ?? 90;
    const live = tokens.filter((token) => token.expiresAt === null || Date.parse(token.expiresAt) > now);
    const describe = (token: (typeof tokens)[number]) =>
      `${token.id} (${token.createdBy ?? "unknown owner"}${token.comment ? `, "${token.comment}"` : ""})`;
    const neverExpire = live.filter((token) => token.expiresAt === null).map(describe);
    const old = live
      .filter((token) => token.createdAt !== null && now - Date.parse(token.createdAt) > maxAge * DAY_MS)
      .map((token) => `${describe(token)}, ${Math.floor((now - Date.parse(token.createdAt!)) / DAY_MS)} days old`);
    const problems = [
      ...(neverExpire.length ? [`${neverExpire.length} never expire: ${listSome(neverExpire, 3)}`] : []),
      ...(old.length ? [`${old.length} older than ${maxAge} days: ${listSome(old, 3)}`] : []),
    ];
    if (problems.length)
      return fail(`of ${live.length} live tokens, ${problems.join("; ")}`, [...new Set([...neverExpire, ...old])]);
    return pass(
      live.length
        ? `all ${live.length} live tokens expire and are at most ${maxAge} days old`
        : "no live personal access tokens",
    );
  },
});
