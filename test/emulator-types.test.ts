/**
 * The emulator's ARM and Graph bodies are typed with the vendor models (src/emulator/arm-types.ts: the
 * @azure/arm-* SDK models; src/sources/graph/wire.ts: a zod schema written from Graph v1.0), so a field the
 * real API does not have, or a misspelt one, fails `tsc` (run by `npm test` before vitest). Each
 * `@ts-expect-error` below is such a field: if the type stopped refusing it, tsc would fail on the unused
 * directive. The runtime assertions show the correct bodies are accepted by the collectors' validation.
 */
import type { iam } from "@databricks/sdk-experimental";
import { describe, expect, it } from "vitest";
import type {
  ArmActivityLogAlert,
  ArmBlobService,
  ArmComputeUsage,
  ArmDiagnosticSetting,
  ArmKeyVault,
  ArmLock,
  ArmRoleAssignment,
  ArmStorageAccount,
  ArmSubnet,
  ArmWorkspace,
} from "../src/emulator/arm-types.ts";
import type { ScimListEnvelope } from "../src/emulator/databricks-types.ts";
import { buildEnvironment, ENVIRONMENT_NAMES } from "../src/emulator/environment.ts";
import { buildPersona, PERSONA_NAMES } from "../src/emulator/personas.ts";
import { ARM_RESOURCE_WIRES } from "../src/sources/azure/resources.ts";
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

  it("storage accounts and blob services: the arm-storage 2025-08-01 models with the wire's own names", () => {
    const account: ArmStorageAccount = {
      id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st",
      name: "st",
      type: "Microsoft.Storage/storageAccounts",
      location: "westeurope",
      properties: {
        supportsHttpsTrafficOnly: true,
        minimumTlsVersion: "TLS1_2",
        networkAcls: { defaultAction: "Deny" },
        encryption: { keySource: "Microsoft.Keyvault", keyvaultproperties: { keyname: "k", keyvaulturi: "u" } },
      },
    };
    const sdkName: ArmStorageAccount = {
      ...account,
      properties: {
        // @ts-expect-error on the wire it is supportsHttpsTrafficOnly (the SDK renames it enableHttpsTrafficOnly)
        enableHttpsTrafficOnly: true,
      },
    };
    const sdkRuleSet: ArmStorageAccount = {
      ...account,
      properties: {
        // @ts-expect-error on the wire it is networkAcls (the SDK renames it networkRuleSet)
        networkRuleSet: { defaultAction: "Deny" },
      },
    };
    const badAction: ArmStorageAccount = {
      ...account,
      // @ts-expect-error NetworkRuleSet.defaultAction is "Allow" | "Deny"
      properties: { networkAcls: { defaultAction: "Block" } },
    };
    const blob: ArmBlobService = {
      id: `${account.id}/blobServices/default`,
      name: "default",
      type: "Microsoft.Storage/storageAccounts/blobServices",
      properties: { deleteRetentionPolicy: { enabled: true, days: 7 }, isVersioningEnabled: true },
    };
    const misspeltBlob: ArmBlobService = {
      ...blob,
      // @ts-expect-error BlobServicePropertiesProperties has isVersioningEnabled, not versioningEnabled
      properties: { versioningEnabled: true },
    };
    expect(ARM_RESOURCE_WIRES.storageAccount.safeParse(account).success).toBe(true);
    expect(ARM_RESOURCE_WIRES.blobService.safeParse(blob).success).toBe(true);
    expect([sdkName, sdkRuleSet, badAction, misspeltBlob]).toHaveLength(4);
  });

  it("key vaults, locks, role assignments: tenantId and sku are required; properties are not flattened", () => {
    const vault: ArmKeyVault = {
      id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
      name: "kv",
      type: "Microsoft.KeyVault/vaults",
      location: "westeurope",
      properties: { tenantId: "t", sku: { family: "A", name: "standard" }, enablePurgeProtection: true },
    };
    const noSku: ArmKeyVault = {
      ...vault,
      // @ts-expect-error VaultProperties.sku is required (the emulator's vaults lacked it)
      properties: { tenantId: "t", enableSoftDelete: true },
    };
    const lock: ArmLock = {
      id: "/subscriptions/s/providers/Microsoft.Authorization/locks/l",
      name: "l",
      type: "Microsoft.Authorization/locks",
      properties: { level: "NotSpecified", notes: "n" },
    };
    // @ts-expect-error the SDK's ManagementLockObject is flattened; on the wire level sits in properties
    const flatLock: ArmLock = { ...lock, level: "CanNotDelete" };
    const assignment: ArmRoleAssignment = {
      id: "/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/r",
      name: "r",
      type: "Microsoft.Authorization/roleAssignments",
      properties: {
        principalId: "p",
        principalType: "ServicePrincipal",
        roleDefinitionId: "d",
        scope: "/subscriptions/s",
      },
    };
    const misspeltAssignment: ArmRoleAssignment = {
      ...assignment,
      // @ts-expect-error RoleAssignment has roleDefinitionId, not roleId
      properties: { principalId: "p", roleId: "d" },
    };
    expect(ARM_RESOURCE_WIRES.keyVault.safeParse(vault).success).toBe(true);
    expect(ARM_RESOURCE_WIRES.lock.safeParse(lock).success).toBe(true);
    expect(ARM_RESOURCE_WIRES.roleAssignment.safeParse(assignment).success).toBe(true);
    expect([noSku, flatLock, misspeltAssignment]).toHaveLength(3);
  });

  it("activity-log alerts and compute usages: the arm-monitor and arm-compute models", () => {
    const alert: ArmActivityLogAlert = {
      id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/activityLogAlerts/a",
      name: "a",
      type: "Microsoft.Insights/ActivityLogAlerts",
      location: "Global",
      properties: {
        scopes: ["/subscriptions/s"],
        condition: { allOf: [{ field: "operationName", equals: "Microsoft.Databricks/workspaces/write" }] },
        actions: { actionGroups: [{ actionGroupId: "g" }] },
        enabled: true,
      },
    };
    const misspeltAlert: ArmActivityLogAlert = {
      ...alert,
      properties: {
        ...alert.properties,
        // @ts-expect-error AlertRuleAllOfCondition has allOf, not allof
        condition: { allof: [] },
      },
    };
    const usage: ArmComputeUsage = { name: { value: "cores" }, currentValue: 1, limit: 10, unit: "Count" };
    // @ts-expect-error Usage.unit is the constant "Count"
    const badUnit: ArmComputeUsage = { ...usage, unit: "Cores" };
    expect(ARM_RESOURCE_WIRES.activityLogAlert.safeParse(alert).success).toBe(true);
    expect(ARM_RESOURCE_WIRES.computeUsage.safeParse(usage).success).toBe(true);
    expect([misspeltAlert, badUnit]).toHaveLength(2);
  });

  it("SCIM list envelopes: the JS SDK's ListUsersResponse / ListGroupsResponse / ListServicePrincipalResponse", () => {
    const users: ScimListEnvelope<iam.User> = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
      Resources: [{ id: "1", userName: "a@contoso.example" }],
    };
    const misspelt: ScimListEnvelope<iam.User> = {
      ...users,
      // @ts-expect-error SCIM's key is totalResults
      totalResult: 1,
    };
    const wrongSchema: ScimListEnvelope<iam.User> = {
      ...users,
      // @ts-expect-error the schema is the ListResponse URN, nothing else
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
    };
    const groups = { ...users, Resources: [{ id: "g", displayName: "admins" }] } satisfies iam.ListGroupsResponse;
    expect(groups.Resources).toHaveLength(1);
    expect([misspelt, wrongSchema]).toHaveLength(2);
  });

  it("every persona's storage, vault, lock, role-assignment, alert and usage body passes the collectors' validation", () => {
    const problems: string[] = [];
    const check = (what: string, schema: { safeParse(v: unknown): { success: boolean } }, body: unknown) => {
      if (!schema.safeParse(body).success) problems.push(what);
    };
    let resources = 0;
    for (const name of PERSONA_NAMES) {
      const persona = buildPersona(name, 0);
      for (const [id, body] of Object.entries(persona.resources)) {
        resources++;
        if (body.type === "Microsoft.Storage/storageAccounts") check(id, ARM_RESOURCE_WIRES.storageAccount, body);
        if (body.type === "Microsoft.Storage/storageAccounts/blobServices")
          check(id, ARM_RESOURCE_WIRES.blobService, body);
        if (body.type === "Microsoft.KeyVault/vaults") check(id, ARM_RESOURCE_WIRES.keyVault, body);
      }
      for (const lock of persona.locks) check(lock.id, ARM_RESOURCE_WIRES.lock, lock);
      for (const assignment of persona.roleAssignments)
        check(assignment.id, ARM_RESOURCE_WIRES.roleAssignment, assignment);
    }
    for (const name of ENVIRONMENT_NAMES) {
      const environment = buildEnvironment(name);
      for (const alert of environment.activityLogAlerts) check(alert.id, ARM_RESOURCE_WIRES.activityLogAlert, alert);
      for (const usage of Object.values(environment.usages).flat())
        check(String(usage.name.value), ARM_RESOURCE_WIRES.computeUsage, usage);
    }
    expect(resources).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
