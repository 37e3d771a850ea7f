import { defineCheck, fail, pass } from "../define.ts";
import { needsVnetInjection } from "../fixes.ts";
import { absentNote } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "NET-06",
    title: "Public network access to the workspace disabled",
    category: "network",
    severity: "high",
    profile: "high",
    threats: ["AT", "EX"],
    controls: ["NS-3", "NS-4"],
    mcsb: ["NS-2"],
    cis: ["2.1.10"],
    guide: ["Configure Azure Private Link"],
    sources: ["arm", "iac"],
    rationale:
      "While public network access is Enabled the workspace UI and REST API are reachable from the internet (subject only to IP access lists); disabling it makes front-end Private Link the only way in.",
    remediation: {
      ui: "Azure portal → the workspace → Networking → Public network access: Disabled (after front-end private endpoints and DNS are in place).",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  public_network_access_enabled = false
}`,
      fix: (input) => {
        const blocked = needsVnetInjection(
          input,
          "disabling public network access (users then come only through Private Link)",
        );
        if (blocked) return { blocked };
        return {
          settings: [
            { resource: "azurerm_databricks_workspace", path: ["public_network_access_enabled"], value: false },
          ],
          caution: [
            "with public network access off, the UI and API answer only through the front-end private endpoint (NET-05): create it and its DNS zone first, and apply from a network that reaches it, or you lock yourself and Terraform out",
          ],
        };
      },
    },
  },
  evaluate(evidence, context) {
    const access = context.get("publicNetworkAccess", evidence.azure.publicNetworkAccess);
    return access === "Disabled"
      ? pass("public network access is Disabled: the workspace is reachable only through private endpoints")
      : fail(
          `public network access is Enabled: the workspace UI and API are reachable from the internet${absentNote(evidence.azure.publicNetworkAccess)}`,
        );
  },
});
