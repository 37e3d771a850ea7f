import { defineCheck, fail, pass } from "../define.ts";

const region = (location: string) => location.replace(/\s+/g, "").toLowerCase();

export default defineCheck({
  meta: {
    id: "INFO-01",
    title: "Workspaces, regions, SKUs: segmentation of sensitive workloads and a second region for DR",
    category: "inventory",
    severity: "info",
    profile: "standard",
    threats: ["IN"],
    controls: ["GS-2", "GS-8"],
    mcsb: ["AM-1", "GS-2", "GS-8"],
    guide: ["Isolate sensitive workloads into different workspaces", "Configure a disaster recovery (DR) site"],
    sources: ["arm", "account-api"],
    rationale:
      "The guide treats a separate workspace as the strongest isolation for very sensitive workloads, and a cold standby workspace in another region as the basis of disaster recovery. Listing every Databricks workspace of the subscription with its region and tier shows whether segmentation exists and whether a second region is ready; a single region is reported so the gap is a decision, not an accident.",
    remediation: {
      ui: "Azure portal → Create a resource → Azure Databricks: create the standby (or segmented) workspace in the paired region, Premium tier, with the same network and security settings; keep its configuration in code so it can be rebuilt.",
      terraform: `resource "azurerm_databricks_workspace" "dr" {
  name                = "ws-dr"
  resource_group_name = azurerm_resource_group.dr.name
  location            = "northeurope" # the paired region of westeurope
  sku                 = "premium"
  # same custom_parameters, network and CMK settings as the primary workspace
}`,
    },
  },
  evaluate(evidence, context) {
    const workspaces = context.get("Databricks workspaces of the subscription", evidence.azure.siblingWorkspaces);
    const own = evidence.workspace.location ? [region(evidence.workspace.location)] : [];
    const regions = [...new Set([...own, ...workspaces.map((w) => region(w.location))])];
    const listed = workspaces.map((w) => `${w.name} (${w.location}, ${w.sku ?? "SKU unknown"})`);
    const summary = `${workspaces.length} workspace(s) in ${regions.length} region(s) (${regions.join(", ")})`;
    return regions.length >= 2
      ? pass(`${summary}: a second region is available for disaster recovery`, listed)
      : fail(`${summary}: no workspace in a second region for disaster recovery`, listed);
  },
});
