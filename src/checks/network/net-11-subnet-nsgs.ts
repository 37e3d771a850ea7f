import { defineCheck, fail, notApplicable, pass } from "../define.ts";
import { serverlessNotApplicable } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "NET-11",
    title: "Network security groups attached to both injected subnets",
    category: "network",
    severity: "medium",
    profile: "standard",
    threats: ["EX"],
    controls: ["NS-1"],
    mcsb: ["NS-1"],
    cis: ["2.1.2"],
    guide: ["Deploy Azure Databricks in your own Azure virtual network (VNet injection)"],
    sources: ["arm", "iac"],
    rationale:
      "The NSGs on the host (public) and container (private) subnets are where inbound traffic is denied and outbound traffic is limited; a subnet without one is governed by nothing but Azure's defaults.",
    remediation: {
      ui: "Azure portal → the virtual network → Subnets → each Databricks subnet → Network security group: select the workspace's NSG and save.",
      terraform: `resource "azurerm_subnet_network_security_group_association" "public" {
  subnet_id                 = azurerm_subnet.public.id
  network_security_group_id = azurerm_network_security_group.databricks.id
}

resource "azurerm_subnet_network_security_group_association" "private" {
  subnet_id                 = azurerm_subnet.private.id
  network_security_group_id = azurerm_network_security_group.databricks.id
}`,
    },
  },
  evaluate(evidence, context) {
    const serverless = serverlessNotApplicable(context, evidence, "no customer subnets");
    if (serverless) return serverless;
    if (context.get("customVirtualNetworkId", evidence.azure.vnetInjection) === null) {
      return notApplicable("no VNet injection: the subnets are Databricks-managed (NET-02 reports this)");
    }
    const subnets = context.get("injected subnets", evidence.azure.subnets);
    const bare = subnets.filter((subnet) => !subnet.nsgId);
    if (bare.length > 0) {
      return fail(
        `${bare.map((s) => `${s.role} subnet ${s.id}`).join(" and ")} ha${bare.length === 1 ? "s" : "ve"} no network security group`,
        bare.map((s) => s.id),
      );
    }
    return pass(
      `both subnets have a network security group: ${subnets.map((s) => `${s.role} → ${s.nsgId}`).join(", ")}`,
      subnets.map((s) => s.id),
    );
  },
});
