/**
 * ARM response bodies written by us in the shapes of the Azure REST API spec examples, so contract tests can
 * serve what ARM really sends (the emulator's personas always fill every property). Each names the example it
 * follows in azure-rest-api-specs `specification/databricks/resource-manager/Microsoft.Databricks/` (2026-01-01:
 * `Databricks/examples/2026-01-01/`, 2024-05-01: `stable/2024-05-01/examples/`); only ids and names differ, so
 * that the emulator's subscription answers them.
 */
import { EMULATOR_RESOURCE_GROUP, EMULATOR_SUBSCRIPTION, type Json } from "../../src/emulator/personas.ts";

export const SPEC_WORKSPACE_ID = `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/${EMULATOR_RESOURCE_GROUP}/providers/Microsoft.Databricks/workspaces/myWorkspace`;
const MANAGED_RG = `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/myManagedRG`;

const common = (id: string, name: string): Json => ({
  name,
  type: "Microsoft.Databricks/workspaces",
  id,
  location: "East US 2",
  sku: { name: "premium" },
});

const audit: Json = {
  authorizations: [
    { principalId: "00000000-0000-0000-0000-000000000000", roleDefinitionId: "11111111-1111-1111-1111-111111111111" },
  ],
  createdBy: {
    applicationId: "44444444-4444-4444-4444-444444444444",
    oid: "22222222-2222-2222-2222-222222222222",
    puid: "33333333",
  },
  createdDateTime: "2020-02-20T00:10:29.2858439Z",
  provisioningState: "Succeeded",
  uiDefinitionUri: "https://path/to/workspaceCreateUiDefinition.json",
  updatedBy: {
    applicationId: "44444444-4444-4444-4444-444444444444",
    oid: "22222222-2222-2222-2222-222222222222",
    puid: "33333333",
  },
  workspaceId: "5555555555555555",
  workspaceUrl: "adb-5555555555555555.19.azuredatabricks.net",
};

/** 2026-01-01 WorkspaceGet.json: `"parameters": null`, no publicNetworkAccess, requiredNsgRules or storage firewall. */
export function workspaceGet2026(id = SPEC_WORKSPACE_ID, name = "myWorkspace"): Json {
  return {
    ...common(id, name),
    properties: {
      ...audit,
      computeMode: "Hybrid",
      isUcEnabled: true,
      managedResourceGroupId: MANAGED_RG,
      parameters: null,
    },
  };
}

/**
 * 2026-01-01 WorkspaceGetParameters.json: VNet injection, publicNetworkAccess Disabled, NoAzureDatabricksRules and
 * an approved private endpoint connection without `groupIds` (optional in the spec).
 */
export function workspaceGetParameters2026(id = SPEC_WORKSPACE_ID, name = "myWorkspace"): Json {
  return {
    ...common(id, name),
    properties: {
      ...audit,
      computeMode: "Hybrid",
      isUcEnabled: false,
      managedResourceGroupId: MANAGED_RG,
      parameters: {
        customPrivateSubnetName: { type: "String", value: "PrivateBob" },
        customPublicSubnetName: { type: "String", value: "PublicSarah" },
        customVirtualNetworkId: {
          type: "String",
          value: `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/${EMULATOR_RESOURCE_GROUP}/providers/Microsoft.Network/virtualNetworks/myNetwork`,
        },
      },
      privateEndpointConnections: [
        {
          name: `${name}.23456789-1111-1111-1111-111111111111`,
          type: "Microsoft.Databricks/workspaces/privateEndpointConnections",
          id: `${id}/privateEndpointConnections/${name}.23456789-1111-1111-1111-111111111111`,
          properties: {
            privateEndpoint: {
              id: `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/networkResourceGroup/providers/Microsoft.Network/privateEndpoints/myPrivateEndpoint`,
            },
            privateLinkServiceConnectionState: {
              description: "Auto-Approved",
              actionsRequired: "None",
              status: "Approved",
            },
            provisioningState: "Succeeded",
          },
        },
      ],
      publicNetworkAccess: "Disabled",
      requiredNsgRules: "NoAzureDatabricksRules",
    },
  };
}

/** 2024-05-01 WorkspaceGet.json: no computeMode (it came with 2025 versions), `"parameters": null`. */
export function workspaceGet2024(id = SPEC_WORKSPACE_ID, name = "myWorkspace"): Json {
  const body = workspaceGet2026(id, name) as { properties: Json };
  const { computeMode: _, ...properties } = body.properties;
  return { ...body, properties };
}
