import { defineCheck, fail, pass } from "../define.ts";

export default defineCheck({
  meta: {
    id: "GOV-16",
    title: "Premium SKU (required for most of these controls)",
    category: "governance",
    severity: "high",
    profile: "standard",
    threats: [],
    controls: ["GS-1"],
    mcsb: ["AM-2"],
    guide: [],
    sources: ["arm", "iac"],
    rationale:
      "IP access lists, diagnostic logs, token management, Private Link, customer-managed keys, SCIM, Unity Catalog and access controls on workspace objects all need the Premium tier. On Standard they cannot be configured at all, so those checks are reported as not applicable here instead.",
    remediation: {
      ui: "Azure portal → the workspace → Overview → Pricing tier → Upgrade to Premium (in place, no data loss).",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  sku = "premium"
}`,
    },
  },
  evaluate(evidence, context) {
    const sku = context.get("sku", evidence.azure.sku);
    if (sku.toLowerCase() === "premium") return pass("the workspace is on the Premium tier");
    // The trial tier has Premium's controls (the other checks judge them) but only until the trial ends.
    if (sku.toLowerCase() === "trial")
      return fail("the workspace is on the trial tier: its Premium controls last only until the trial ends");
    return fail(`the workspace is on the ${sku} tier: most security controls are unavailable`);
  },
});
