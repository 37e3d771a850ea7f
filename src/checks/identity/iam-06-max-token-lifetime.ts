import { defineCheck, fail, pass } from "../define.ts";
import { confFix } from "../fix-types.ts";
import { confFact, confSetting, isTrue, premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "IAM-06",
    title: "Maximum lifetime for new personal access tokens set, at most 90 days",
    category: "identity",
    severity: "medium",
    profile: "standard",
    threats: ["AT"],
    controls: ["IM-7"],
    mcsb: ["IM-8"],
    cis: ["2.1.6"],
    sat: ["IA-5"],
    guide: ["Token management"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A personal access token is a proxy for its user with the user's full privileges. Without a maximum lifetime, users create tokens that stay valid for years and outlive the reason they were made.",
    remediation: {
      ui: 'Workspace admin settings → Advanced → Personal access tokens → \'Maximum lifetime of new tokens\': 90 days or less (API: PATCH /api/2.0/workspace-conf {"maxTokenLifetimeDays": "90"}).',
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "maxTokenLifetimeDays" = "90"
  }
}`,
      fix: confFix({ maxTokenLifetimeDays: "90" }, [
        "tokens created after the apply expire within 90 days; existing tokens keep their expiry (IAM-07 lists the ones without)",
      ]),
    },
    thresholds: { maxDays: { default: 90, unit: "days", description: "longest allowed lifetime of a new token" } },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "token management");
    if (notApplicable) return notApplicable;
    const max = context.thresholds.maxDays ?? 90;
    const tokensEnabled = confSetting(context, evidence, "enableTokensConfig");
    if (!isTrue(tokensEnabled.value)) return pass("personal access tokens are disabled, so no lifetime cap is needed");
    const raw = context.get("workspace-conf maxTokenLifetimeDays", confFact(evidence, "maxTokenLifetimeDays"));
    if (raw === null || raw.trim() === "" || raw.trim() === "0")
      return fail("no maximum lifetime is set for new personal access tokens");
    const days = Number(raw);
    if (!Number.isFinite(days))
      return { status: "unknown", message: `maxTokenLifetimeDays is not a number: ${JSON.stringify(raw)}` };
    return days <= max
      ? pass(`new tokens live at most ${days} days (limit ${max})`)
      : fail(`new tokens may live ${days} days, more than ${max}`);
  },
});
