/**
 * The emulator's ARM and Graph bodies are typed with the vendor models (src/emulator/arm-types.ts: the
 * @azure/arm-* SDK models; src/sources/graph/wire.ts: a zod schema written from Graph v1.0), so a field the
 * real API does not have, or a misspelt one, fails `tsc` (run by `npm test` before vitest). Each
 * `@ts-expect-error` below is such a field: if the type stopped refusing it, tsc would fail on the unused
 * directive. The runtime assertions show the correct bodies are accepted by the collectors' validation.
 */
import { describe, expect, it } from "vitest";
import type { ArmDiagnosticSetting, ArmSubnet, ArmWorkspace } from "../src/emulator/arm-types.ts";
import { validateArmWire } from "../src/sources/azure/wire.ts";
import { conditionalAccessPolicyRead, type GraphConditionalAccessPolicy } from "../src/sources/graph/wire.ts";

const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/ws";

describe("emulator bodies are typed with the vendor models", () => {
  it("an ARM workspace: what the 2026-01-01 model has is accepted, a misspelt field is a type error", () => {
    const workspace: ArmWorkspace = {
      id,
      name: "ws",
      type: "Microsoft.Databricks/workspaces",
      location: "westeurope",
      sku: { name: "premium" },
      properties: {
        computeMode: "Hybrid",
        managedResourceGroupId: "/subscriptions/s/resourceGroups/managed",
        publicNetworkAccess: "Disabled",
        requiredNsgRules: "NoAzureDatabricksRules",
        parameters: {
          enableNoPublicIp: { type: "Bool", value: true },
          encryption: { type: "Object", value: { keySource: "Microsoft.Keyvault", KeyName: "k", keyvaulturi: "u" } },
        },
      },
    };
    const misspelt: ArmWorkspace = {
      ...workspace,
      properties: {
        ...workspace.properties,
        // @ts-expect-error the property is publicNetworkAccess; ARM has no "publicNetworkAcces"
        publicNetworkAcces: "Disabled",
      },
    };
    const invented: ArmWorkspace["properties"]["parameters"] = {
      // @ts-expect-error WorkspaceCustomParameters has no enableSecureClusterConnectivity (it is enableNoPublicIp)
      enableSecureClusterConnectivity: { type: "Bool", value: true },
    };
    const sdkCasing: ArmWorkspace["properties"]["parameters"] = {
      // @ts-expect-error on the wire the DBFS key's name is KeyName (the SDK renames it keyName)
      encryption: { value: { keyName: "k" } },
    };
    expect(validateArmWire(id, workspace)).toBeUndefined();
    expect([misspelt, invented, sdkCasing]).toHaveLength(3);
  });

  it("diagnostic settings and subnets: the monitor and network models", () => {
    const setting: ArmDiagnosticSetting = {
      id: `${id}/providers/microsoft.insights/diagnosticSettings/d`,
      name: "d",
      properties: { workspaceId: "law", logs: [{ categoryGroup: "allLogs", enabled: true }] },
    };
    const wrongLog: ArmDiagnosticSetting = {
      ...setting,
      // @ts-expect-error LogSettings.enabled is required
      properties: { logs: [{ category: "accounts" }] },
    };
    const subnet: ArmSubnet = {
      id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a",
      name: "a",
      properties: {
        addressPrefix: "10.0.0.0/24",
        delegations: [{ name: "d", properties: { serviceName: "Microsoft.Databricks/workspaces" } }],
      },
    };
    const flattened: ArmSubnet = {
      ...subnet,
      properties: {
        // @ts-expect-error a delegation's serviceName sits in its properties on the wire (the SDK flattens it)
        delegations: [{ name: "d", serviceName: "Microsoft.Databricks/workspaces" }],
      },
    };
    expect(
      validateArmWire(`${id}/providers/Microsoft.Insights/diagnosticSettings`, { value: [setting] }),
    ).toBeUndefined();
    expect([wrongLog, flattened]).toHaveLength(2);
  });

  it("a Graph Conditional Access policy: the v1.0 schema", () => {
    const policy: GraphConditionalAccessPolicy = {
      id: "p",
      state: "enabled",
      conditions: { locations: { includeLocations: ["All"], excludeLocations: [] }, platforms: null },
      grantControls: { operator: "OR", builtInControls: ["mfa"], authenticationStrength: null },
    };
    const misspelt: GraphConditionalAccessPolicy = {
      ...policy,
      // @ts-expect-error Graph has conditions.locations, not conditions.location
      conditions: { location: { includeLocations: ["All"] } },
    };
    const strength: GraphConditionalAccessPolicy = {
      ...policy,
      grantControls: {
        // @ts-expect-error authenticationStrengthPolicy has requirementsSatisfied, not requirements
        authenticationStrength: { displayName: "x", requirements: "mfa" },
      },
    };
    expect(conditionalAccessPolicyRead.safeParse(policy).success).toBe(true);
    expect([misspelt, strength]).toHaveLength(2);
  });
});
