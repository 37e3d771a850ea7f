import { defineCheck, fail, pass } from "../define.ts";
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
