import { defineCheck, fail, pass, undetermined } from "../define.ts";
import { needsVnetInjection, workspacePrivateEndpoint } from "../fixes.ts";
import { premiumOnly } from "../helpers.ts";
import { uiApiEndpoints } from "./private-endpoints.ts";

export default defineCheck({
  meta: {
    id: "NET-05",
    title: "Front-end Private Link: an approved private endpoint for databricks_ui_api",
    category: "network",
    severity: "medium",
    profile: "high",
    threats: ["AT", "EX"],
    controls: ["NS-3"],
    mcsb: ["NS-2"],
    cis: ["2.1.11"],
    sat: ["NS-3"],
    guide: ["Configure Azure Private Link"],
    sources: ["arm", "iac"],
    rationale:
      "Front-end Private Link gives users and automation a private route to the workspace so that their traffic never crosses public addresses, and it is the precondition for switching public network access off.",
    remediation: {
      ui: "Azure portal → the workspace → Networking → Private endpoint connections → + Private endpoint, target sub-resource databricks_ui_api, in a transit VNet with a privatelink.azuredatabricks.net DNS zone; approve the connection.",
      terraform: `resource "azurerm_private_endpoint" "ui_api" {
  name                = "pe-databricks-ui-api"
  location            = azurerm_resource_group.this.location
  resource_group_name = azurerm_resource_group.this.name
  subnet_id           = azurerm_subnet.private_endpoints.id

  private_service_connection {
    name                           = "databricks-ui-api"
    private_connection_resource_id = azurerm_databricks_workspace.this.id
    is_manual_connection           = false
    subresource_names              = ["databricks_ui_api"]
  }
}`,
      fix: (input) => {
        const blocked = needsVnetInjection(input, "a front-end private endpoint");
        if (blocked) return { blocked };
        return {
          resources: [
            workspacePrivateEndpoint(
              input,
              "ui_api",
              "databricks_ui_api",
              "private_endpoint_subnet_id",
              "Id of the subnet (in a VNet users reach) where the workspace's front-end private endpoint goes",
            ),
          ],
          caution: [
            "users resolve the workspace URL to the private endpoint only through the privatelink.azuredatabricks.net zone: link it to the networks they come from (and add a browser_authentication endpoint once per region) before relying on it",
          ],
        };
      },
    },
  },
  evaluate(evidence, context) {
    const notApplicable = premiumOnly(context, evidence, "Private Link");
    if (notApplicable) return notApplicable;
    const connections = context.get("privateEndpointConnections", evidence.azure.privateEndpointConnections);
    const { approvedUiApi, approvedWithoutGroup, notApproved } = uiApiEndpoints(connections);
    if (approvedUiApi.length > 0) {
      return pass(
        `${approvedUiApi.length} approved databricks_ui_api private endpoint(s)`,
        approvedUiApi.map((c) => c.privateEndpointId ?? c.id),
      );
    }
    if (approvedWithoutGroup.length > 0) {
      return undetermined(
        "approved private endpoint connections exist but ARM does not say their sub-resource (databricks_ui_api or browser_authentication)",
        approvedWithoutGroup.map((c) => c.privateEndpointId ?? c.id),
      );
    }
    const pending = notApproved.length
      ? `; ${notApproved.length} connection(s) not approved: ${notApproved.map((c) => `${c.id} (${c.status})`).join(", ")}`
      : "";
    return fail(
      `no approved databricks_ui_api private endpoint${pending}`,
      notApproved.map((c) => c.id),
    );
  },
});
