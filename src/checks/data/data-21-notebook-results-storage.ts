import { defineCheck } from "../define.ts";
import { confFix } from "../fix-types.ts";
import { requireSetting } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-21",
    title: "Interactive notebook results stored in the customer's account",
    category: "data",
    severity: "low",
    profile: "high",
    threats: ["PC"],
    controls: ["DP-2"],
    mcsb: ["DP-5"],
    sat: ["DP-8"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "By default the results of interactive notebook commands are kept in the Databricks control plane. Storing them in the workspace's own storage account keeps result data, which can be as sensitive as the tables it came from, inside the customer's subscription, under its keys and network controls, and out of reach of a compromise of the provider.",
    remediation: {
      ui: 'Workspace admin settings → Advanced → Other → \'Store interactive notebook results in customer account\': on (API: PATCH /api/2.0/workspace-conf {"storeInteractiveNotebookResultsInCustomerAccount": "true"}).',
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "storeInteractiveNotebookResultsInCustomerAccount" = true
  }
}`,
      fix: confFix({ storeInteractiveNotebookResultsInCustomerAccount: true }),
    },
  },
  evaluate(evidence, context) {
    return requireSetting(
      context,
      evidence,
      "storeInteractiveNotebookResultsInCustomerAccount",
      true,
      "storing interactive notebook results in the customer's storage",
    );
  },
});
