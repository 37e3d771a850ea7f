/**
 * The wire shapes of the ARM responses lakeward reads through the vendor SDKs, checked before the SDK
 * deserializes them (its deserializers map fields without checking them: a workspace without `properties`
 * throws a TypeError, a string where an object belongs reads as absent). A body that does not fit is an
 * `invalid-response` failure, so the facts it would have given are unknown with the field named.
 *
 * Written from the specs, with the versions lakeward asks for (azure-rest-api-specs):
 *   - Microsoft.Databricks 2026-01-01: specification/databricks/resource-manager/Microsoft.Databricks/Databricks/
 *     models.tsp (WorkspaceProperties, WorkspaceCustomParameters, Encryption with its wire names `KeyName`,
 *     `keyversion`, `keyvaulturi`), and 2024-05-01 stable/2024-05-01/databricks.json for the older shape
 *     (no computeMode);
 *   - Microsoft.Insights 2021-05-01-preview: specification/monitor/resource-manager/Microsoft.Insights/preview/
 *     2021-05-01-preview/diagnosticsSettings.json and diagnosticsSettingsCategories.json;
 *   - Microsoft.Network (the SDK's 2024-series default): SubnetPropertiesFormat, SecurityRulePropertiesFormat,
 *     RoutePropertiesFormat in specification/network/resource-manager/Microsoft.Network/stable/.../
 *     virtualNetwork.json, networkSecurityGroup.json, routeTable.json.
 * Properties the spec marks optional are `nullish` (ARM writes `null` for some, e.g. the examples'
 * `"parameters": null`); unknown properties are allowed (`loose`), as ARM adds them over time.
 */
import { z } from "zod";

const str = z.string().nullish();
const idRef = z.object({ id: z.string().nullish() }).loose().nullish();

const stringParameter = z.object({ type: str, value: z.string() }).loose().nullish();
const booleanParameter = z.object({ type: str, value: z.boolean() }).loose().nullish();

const keyVaultProperties = z.object({ keyVaultUri: z.string(), keyName: z.string(), keyVersion: str }).loose();

export const workspaceWire = z
  .object({
    id: z.string(),
    name: z.string(),
    type: str,
    location: z.string(),
    tags: z.record(z.string(), z.string()).nullish(),
    sku: z.object({ name: z.string(), tier: str }).loose().nullish(),
    properties: z
      .object({
        computeMode: str,
        managedResourceGroupId: str,
        parameters: z
          .object({
            customVirtualNetworkId: stringParameter,
            customPublicSubnetName: stringParameter,
            customPrivateSubnetName: stringParameter,
            enableNoPublicIp: booleanParameter,
            prepareEncryption: booleanParameter,
            requireInfrastructureEncryption: booleanParameter,
            storageAccountName: stringParameter,
            encryption: z
              .object({
                type: str,
                value: z.object({ keySource: str, KeyName: str, keyversion: str, keyvaulturi: str }).loose().nullish(),
              })
              .loose()
              .nullish(),
          })
          .loose()
          .nullish(),
        workspaceId: str,
        workspaceUrl: str,
        publicNetworkAccess: str,
        requiredNsgRules: str,
        defaultStorageFirewall: str,
        accessConnector: z.object({ id: z.string(), identityType: str }).loose().nullish(),
        privateEndpointConnections: z
          .array(
            z
              .object({
                id: str,
                properties: z
                  .object({
                    privateEndpoint: idRef,
                    groupIds: z.array(z.string()).nullish(),
                    privateLinkServiceConnectionState: z.object({ status: z.string() }).loose(),
                  })
                  .loose(),
              })
              .loose(),
          )
          .nullish(),
        encryption: z
          .object({
            entities: z
              .object({
                managedServices: z
                  .object({ keySource: z.string(), keyVaultProperties: keyVaultProperties.nullish() })
                  .loose()
                  .nullish(),
                managedDisk: z
                  .object({
                    keySource: z.string(),
                    keyVaultProperties: keyVaultProperties,
                    rotationToLatestKeyVersionEnabled: z.boolean().nullish(),
                  })
                  .loose()
                  .nullish(),
              })
              .loose(),
          })
          .loose()
          .nullish(),
        enhancedSecurityCompliance: z
          .object({
            automaticClusterUpdate: z.object({ value: str }).loose().nullish(),
            complianceSecurityProfile: z
              .object({ value: str, complianceStandards: z.array(z.string()).nullish() })
              .loose()
              .nullish(),
            enhancedSecurityMonitoring: z.object({ value: str }).loose().nullish(),
          })
          .loose()
          .nullish(),
      })
      .loose(),
  })
  .loose();

const listOf = (item: z.ZodType) => z.object({ value: z.array(item), nextLink: str }).loose();

export const diagnosticSettingWire = z
  .object({
    id: str,
    name: z.string(),
    properties: z
      .object({
        storageAccountId: str,
        eventHubAuthorizationRuleId: str,
        workspaceId: str,
        marketplacePartnerId: str,
        logs: z.array(z.object({ category: str, categoryGroup: str, enabled: z.boolean() }).loose()).nullish(),
      })
      .loose(),
  })
  .loose();

export const diagnosticCategoryWire = z
  .object({
    id: str,
    name: z.string(),
    properties: z.object({ categoryType: str, categoryGroups: z.array(z.string()).nullish() }).loose(),
  })
  .loose();

export const subnetWire = z
  .object({
    id: z.string(),
    name: str,
    properties: z
      .object({
        addressPrefix: str,
        addressPrefixes: z.array(z.string()).nullish(),
        networkSecurityGroup: idRef,
        routeTable: idRef,
        natGateway: idRef,
        defaultOutboundAccess: z.boolean().nullish(),
        delegations: z
          .array(z.object({ name: str, properties: z.object({ serviceName: str }).loose().nullish() }).loose())
          .nullish(),
      })
      .loose(),
  })
  .loose();

const prefixes = { one: str, many: z.array(z.string()).nullish() };

export const networkSecurityGroupWire = z
  .object({
    id: z.string(),
    properties: z
      .object({
        securityRules: z
          .array(
            z
              .object({
                name: str,
                properties: z
                  .object({
                    protocol: z.string(),
                    access: z.string(),
                    direction: z.string(),
                    priority: z.number().nullish(),
                    sourceAddressPrefix: prefixes.one,
                    sourceAddressPrefixes: prefixes.many,
                    destinationAddressPrefix: prefixes.one,
                    destinationAddressPrefixes: prefixes.many,
                    destinationPortRange: prefixes.one,
                    destinationPortRanges: prefixes.many,
                  })
                  .loose(),
              })
              .loose(),
          )
          .nullish(),
      })
      .loose(),
  })
  .loose();

export const routeTableWire = z
  .object({
    id: z.string(),
    properties: z
      .object({
        routes: z
          .array(
            z
              .object({
                name: str,
                properties: z.object({ addressPrefix: str, nextHopType: z.string(), nextHopIpAddress: str }).loose(),
              })
              .loose(),
          )
          .nullish(),
      })
      .loose(),
  })
  .loose();

const SEG = "[^/]+";
const workspacePath = `/subscriptions/${SEG}/resourceGroups/${SEG}/providers/Microsoft\\.Databricks/workspaces`;
const network = `/subscriptions/${SEG}/resourceGroups/${SEG}/providers/Microsoft\\.Network`;

/** The SDK-read paths and the shape of their 2xx bodies. */
const WIRE: readonly [RegExp, z.ZodType][] = [
  [`/subscriptions/${SEG}/providers/Microsoft\\.Databricks/workspaces`, listOf(workspaceWire)],
  [workspacePath, listOf(workspaceWire)],
  [`${workspacePath}/${SEG}`, workspaceWire],
  [`${workspacePath}/${SEG}/providers/Microsoft\\.Insights/diagnosticSettings`, listOf(diagnosticSettingWire)],
  [
    `${workspacePath}/${SEG}/providers/Microsoft\\.Insights/diagnosticSettingsCategories`,
    listOf(diagnosticCategoryWire),
  ],
  [`${network}/virtualNetworks/${SEG}/subnets/${SEG}`, subnetWire],
  [`${network}/networkSecurityGroups/${SEG}`, networkSecurityGroupWire],
  [`${network}/routeTables/${SEG}`, routeTableWire],
].map(([template, schema]) => [new RegExp(`^${template as string}$`, "i"), schema as z.ZodType]);

/** Why a 2xx body of an SDK-read path does not fit the spec's shape, or undefined when it fits. */
export function validateArmWire(path: string, body: unknown): string | undefined {
  const entry = WIRE.find(([pattern]) => pattern.test(path));
  if (!entry) return undefined;
  const parsed = entry[1].safeParse(body);
  if (parsed.success) return undefined;
  return shapeProblem(parsed.error);
}

/** "unexpected response shape at value.0.properties: expected object, received undefined" */
export function shapeProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `unexpected response shape at ${issue?.path.join(".") || "(top)"}: ${issue?.message ?? "invalid"}`;
}
