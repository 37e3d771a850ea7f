import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "GOV-18",
    title: "Account default disables legacy features for new workspaces",
    category: "governance",
    severity: "low",
    profile: "high",
    threats: ["IN"],
    controls: ["PV-1"],
    mcsb: ["PV-1"],
    sat: ["GOV-37"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["account-api"],
    rationale:
      "The account-level 'disable legacy features' setting makes every new workspace start without the Hive metastore, DBFS root and mounts, and No-isolation-shared compute, so new workspaces are governed by Unity Catalog from day one instead of needing the same clean-up this report asks of existing ones.",
    remediation: {
      ui: "Account console → Settings → Feature enablement (or Advanced): 'Disable legacy features' on (account API: PATCH /api/2.0/accounts/<id>/settings/types/disable_legacy_features/names/default).",
      terraform: `resource "databricks_disable_legacy_features_setting" "this" {
  provider = databricks.account
  disable_legacy_features {
    value = true
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "Unity Catalog and its account settings");
    if (tier) return tier;
    return context.get("account setting disable_legacy_features", evidence.account.disableLegacyFeatures)
      ? pass("the account disables legacy features for new workspaces")
      : fail(
          "new workspaces of this account start with legacy features (Hive metastore, DBFS root and mounts, No-isolation-shared compute)",
        );
  },
});
