import { defineCheck, fail, pass, undetermined } from "../define.ts";
import { needsVnetInjection, workspacePrivateEndpoint } from "../fixes.ts";
import { absentNote, serverlessNotApplicable } from "../helpers.ts";
import { uiApiEndpoints } from "./private-endpoints.ts";

export default defineCheck({
  meta: {
    id: "NET-07",
    title: "Back-end Private Link: requiredNsgRules = NoAzureDatabricksRules with a private endpoint",
    category: "network",
    severity: "medium",
    profile: "high",
    threats: ["EX", "PC"],
    controls: ["NS-3"],
    mcsb: ["NS-2", "NS-1"],
    guide: ["Configure Azure Private Link"],
    sources: ["arm", "iac"],
    rationale:
      "Back-end Private Link keeps the data plane's connection to the control plane (secure cluster connectivity relay and REST) on private addresses. NoAzureDatabricksRules without an approved databricks_ui_api endpoint is a broken configuration: clusters lose their route to the control plane.",
    remediation: {
      ui: "Azure portal → the workspace → Networking: create a private endpoint (sub-resource databricks_ui_api) in the workspace VNet, then set 'Required NSG rules' to 'No Azure Databricks Rules'.",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  network_security_group_rules_required = "NoAzureDatabricksRules"
}

resource "azurerm_private_endpoint" "backend" {
  # ... in the workspace VNet
  private_service_connection {
    name                           = "databricks-backend"
    private_connection_resource_id = azurerm_databricks_workspace.this.id
    is_manual_connection           = false
    subresource_names              = ["databricks_ui_api"]
  }
}`,
      fix: (input) => {
        const blocked = needsVnetInjection(input, "back-end Private Link");
        if (blocked) return { blocked };
        return {
          settings: [
            {
              resource: "azurerm_databricks_workspace",
              path: ["network_security_group_rules_required"],
              value: "NoAzureDatabricksRules",
            },
          ],
          resources: [
            workspacePrivateEndpoint(
              input,
              "backend",
              "databricks_ui_api",
              "backend_private_endpoint_subnet_id",
              "Id of a subnet of the workspace's VNet (not one of the two Databricks subnets) for the back-end private endpoint",
            ),
          ],
          caution: [
            "NoAzureDatabricksRules removes the NSG rules clusters use to reach the control plane: the back-end private endpoint below (in the workspace VNet, with the privatelink.azuredatabricks.net zone linked to it) must exist first, or new clusters fail to start",
          ],
        };
      },
    },
  },
  evaluate(evidence, context) {
    const notApplicable = serverlessNotApplicable(
      context,
      evidence,
      "no classic data plane connects back to the control plane",
    );
    if (notApplicable) return notApplicable;
    const rules = context.get("requiredNsgRules", evidence.azure.requiredNsgRules);
    const { approvedUiApi, approvedWithoutGroup } = uiApiEndpoints(
      context.get("privateEndpointConnections", evidence.azure.privateEndpointConnections),
    );
    if (rules !== "NoAzureDatabricksRules") {
      return fail(
        `requiredNsgRules is ${rules}: clusters reach the control plane over public endpoints${absentNote(evidence.azure.requiredNsgRules)}`,
      );
    }
    // groupIds is optional in the spec (the 2024-05-01 and 2026-01-01 WorkspaceGetParameters examples omit it): an
    // approved connection without it may well be the databricks_ui_api endpoint, so neither pass nor fail.
    if (approvedUiApi.length === 0 && approvedWithoutGroup.length > 0) {
      return undetermined(
        `requiredNsgRules is NoAzureDatabricksRules and ${approvedWithoutGroup.length} approved private endpoint connection(s) exist, but ARM does not say their sub-resource (groupIds), so whether one is databricks_ui_api is unknown`,
        approvedWithoutGroup.map((c) => c.privateEndpointId ?? c.id),
      );
    }
    if (approvedUiApi.length === 0) {
      return fail(
        "requiredNsgRules is NoAzureDatabricksRules but no approved databricks_ui_api private endpoint exists: a broken configuration, clusters cannot reach the control plane",
      );
    }
    return pass(
      `back-end traffic stays private: NoAzureDatabricksRules with ${approvedUiApi.length} approved databricks_ui_api endpoint(s)`,
      approvedUiApi.map((c) => c.privateEndpointId ?? c.id),
    );
  },
});
