import { defineCheck, fail, pass } from "../define.ts";
import { absentNote, serverlessNotApplicable } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "NET-01",
    title: "Secure cluster connectivity (No Public IP) enabled",
    category: "network",
    severity: "high",
    profile: "standard",
    threats: ["AT", "EX", "IN", "RA", "PC"],
    controls: ["NS-1", "NS-4"],
    mcsb: ["NS-2", "NS-1"],
    cis: ["2.1.9"],
    sat: ["NS-6"],
    guide: ["Ensure that all workspaces have Secure Cluster Connectivity (No Public IP / NPIP) Enabled"],
    sources: ["arm", "iac"],
    rationale:
      "With secure cluster connectivity the customer VNet has no inbound open ports and cluster nodes have no public IP addresses. Databricks recommends it for every workspace because it removes the data plane's internet-facing attack surface.",
    remediation: {
      ui: "Azure portal → the Azure Databricks workspace → Networking → set 'Deploy Azure Databricks workspace with Secure Cluster Connectivity (No Public IP)' to Yes and save (the workspace is updated in place; running clusters pick it up on restart).",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  custom_parameters {
    no_public_ip = true
  }
}`,
      fix: () => ({
        settings: [
          { resource: "azurerm_databricks_workspace", path: ["custom_parameters", "no_public_ip"], value: true },
        ],
        caution: [
          "the workspace is updated in place; running clusters keep their public IPs until they restart, so restart them after the apply",
        ],
      }),
    },
  },
  evaluate(evidence, context) {
    const notApplicable = serverlessNotApplicable(
      context,
      evidence,
      "cluster nodes run in Databricks' serverless plane, not in a customer network",
    );
    if (notApplicable) return notApplicable;
    const why = absentNote(evidence.azure.noPublicIp);
    return context.get("enableNoPublicIp", evidence.azure.noPublicIp)
      ? pass(`secure cluster connectivity is on: cluster nodes have no public IP addresses${why}`)
      : fail(
          `secure cluster connectivity is off: cluster nodes get public IP addresses and the data plane accepts inbound connections${why}`,
        );
  },
});
