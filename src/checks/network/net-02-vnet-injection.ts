import { defineCheck, fail, pass } from "../define.ts";
import { needsVnetInjection } from "../fixes.ts";
import { serverlessNotApplicable } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "NET-02",
    title: "Workspace deployed in the customer's VNet (VNet injection)",
    category: "network",
    severity: "medium",
    profile: "standard",
    threats: ["EX"],
    controls: ["NS-1", "NS-2"],
    mcsb: ["NS-1", "NS-2"],
    cis: ["2.1.1"],
    sat: ["NS-4"],
    guide: ["Deploy Azure Databricks in your own Azure virtual network (VNet injection)"],
    sources: ["arm", "iac"],
    rationale:
      "In a Databricks-managed VNet the customer cannot attach NSG rules, route egress through a firewall or add private endpoints. VNet injection is the precondition for egress control, back-end Private Link and exfiltration protection, and it can only be chosen when the workspace is created.",
    remediation: {
      ui: "VNet injection is chosen at creation: create a new workspace with 'Deploy Azure Databricks workspace in your own Virtual Network (VNet)' = Yes, two delegated subnets (Microsoft.Databricks/workspaces) with NSGs, then migrate the workloads.",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  custom_parameters {
    virtual_network_id                                   = azurerm_virtual_network.this.id
    public_subnet_name                                   = azurerm_subnet.public.name
    private_subnet_name                                  = azurerm_subnet.private.name
    public_subnet_network_security_group_association_id  = azurerm_subnet_network_security_group_association.public.id
    private_subnet_network_security_group_association_id = azurerm_subnet_network_security_group_association.private.id
  }
}`,
      fix: (input) => ({
        blocked:
          needsVnetInjection(input, "moving the clusters into your own VNet") ??
          "the workspace is already VNet-injected",
      }),
    },
  },
  evaluate(evidence, context) {
    const notApplicable = serverlessNotApplicable(
      context,
      evidence,
      "there is no classic data plane to place in a VNet",
    );
    if (notApplicable) return notApplicable;
    const injection = context.get("customVirtualNetworkId", evidence.azure.vnetInjection);
    return injection
      ? pass(`deployed in the customer VNet ${injection.vnetId}`, [injection.vnetId])
      : fail("deployed in a Databricks-managed VNet: egress, NSG rules and private endpoints cannot be controlled");
  },
});
