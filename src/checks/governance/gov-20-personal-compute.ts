import { defineCheck, fail, pass } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "GOV-20",
    title: "Personal Compute is not open to every user of the account (dcp_acct_enable = DELEGATE)",
    category: "governance",
    severity: "medium",
    profile: "standard",
    threats: ["RA", "IN"],
    controls: ["PA-7", "AM-3"],
    mcsb: ["PA-7", "PV-3"],
    guide: ["Limiting cluster creation rights", "Cluster policies"],
    sources: ["account-api", "iac"],
    rationale:
      "With the account's Personal Compute setting ON (the default), every user of every workspace may create single-machine clusters through the Personal Compute policy, whatever the workspace's own cluster-creation entitlements say. DELEGATE hands that access back to each workspace's policy ACL, so compute is granted deliberately.",
    remediation: {
      ui: "Account console → Settings → Feature enablement → Personal Compute: 'Delegate' (then grant the Personal Compute policy per workspace to the groups that need it).",
      terraform: `resource "databricks_account_setting_v2" "personal_compute" {
  provider = databricks.account
  name     = "personal_compute"
  personal_compute {
    value = "DELEGATE"
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "account settings");
    if (tier) return tier;
    const value = context.get("account setting dcp_acct_enable (Personal Compute)", evidence.account.personalCompute);
    return value === "DELEGATE"
      ? pass("Personal Compute is delegated: each workspace's policy ACL decides who may use it")
      : fail(
          "Personal Compute is ON for the whole account: every user of every workspace may create personal clusters",
        );
  },
});
