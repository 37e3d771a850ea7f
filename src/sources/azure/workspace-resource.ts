/**
 * The Microsoft.Databricks/workspaces resource (api 2026-01-01) mapped onto the evidence model: pure, no
 * client. The live collector (collect.ts) maps what ARM returns with it, and `lakeward iac` maps ARM exports
 * with it (src/iac/arm/export.ts) — kept apart from collect.ts so an offline IaC scan does not load the Azure
 * and Databricks SDKs that collect.ts needs for its calls (about 1,100 modules and 110 MiB of memory, measured
 * by bench:iac; docs/performance.md).
 */
import type { Workspace } from "@azure/arm-databricks";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { AzureWorkspace, EnhancedSecurity, KeyReference } from "../../evidence/model.ts";

/** The api-version lakeward reads Microsoft.Databricks/workspaces with (the sources cite its models). */
export const DATABRICKS_API_VERSION = "2026-01-01";
function keyFrom(
  keyVaultUri: string | undefined,
  keyName: string | undefined,
  keyVersion: string | undefined,
): KeyReference | null {
  return keyVaultUri && keyName ? { keyVaultUri, keyName, keyVersion: keyVersion || null } : null;
}

/** Maps the ARM workspace resource onto the evidence model (everything but diagnostics and subnets). */
export function mapWorkspaceResource(
  workspace: Workspace,
): Pick<
  AzureWorkspace,
  | "sku"
  | "computeMode"
  | "noPublicIp"
  | "vnetInjection"
  | "publicNetworkAccess"
  | "requiredNsgRules"
  | "privateEndpointConnections"
  | "managedServicesCmk"
  | "dbfsCmk"
  | "managedDiskCmk"
  | "infrastructureEncryption"
  | "tags"
  | "enhancedSecurity"
  | "defaultStorageFirewall"
> {
  const source = `ARM ${workspace.id ?? workspace.name} (api ${DATABRICKS_API_VERSION})`;
  const missing = (what: string) => unknown(`${what} is absent from the ARM response`, source);
  const parameters = workspace.parameters;
  const isServerless = workspace.computeMode === "Serverless";
  const serverlessNote = (what: string) => known(null, source, { note: `serverless workspaces have no ${what}` });
  // ARM leaves out what was never set (the spec's own examples have `"parameters": null` and no
  // publicNetworkAccess). Each absent property reads as what its absence means for api 2026-01-01
  // (azure-rest-api-specs specification/databricks/resource-manager/Microsoft.Databricks/Databricks/models.tsp),
  // and the fact's note says so, so every result resting on it shows the default was applied.
  const noKey = (entity: string) =>
    `encryption.entities.${entity} absent from the ARM response: Microsoft-managed keys (no customer-managed key)`;
  const absent = <T>(value: T, what: string, meaning: string) =>
    known(value, source, { note: `${what} absent from the ARM response: ${meaning}` });

  const computeMode: Fact<"Hybrid" | "Serverless"> =
    workspace.computeMode === "Serverless" || workspace.computeMode === "Hybrid"
      ? known(workspace.computeMode, source)
      : workspace.managedResourceGroupId
        ? known("Hybrid", source, { note: "computeMode absent; Hybrid inferred from the managed resource group" })
        : missing("computeMode");

  const noPublicIp: Fact<boolean> =
    typeof parameters?.enableNoPublicIp?.value === "boolean"
      ? known(parameters.enableNoPublicIp.value, source)
      : isServerless
        ? missing("parameters.enableNoPublicIp")
        : absent(
            true,
            parameters ? "parameters.enableNoPublicIp" : "parameters (null)",
            'the documented default applies: true ("Default value is true", WorkspaceCustomParameters.enableNoPublicIp, api 2026-01-01)',
          );

  const vnetId = parameters?.customVirtualNetworkId?.value;
  const vnetInjection = vnetId
    ? known(
        {
          vnetId,
          publicSubnetName: parameters?.customPublicSubnetName?.value ?? null,
          privateSubnetName: parameters?.customPrivateSubnetName?.value ?? null,
        },
        source,
      )
    : isServerless
      ? serverlessNote("customer VNet")
      : known(null, source, {
          note: `no customVirtualNetworkId${parameters ? "" : " (parameters null)"}: Databricks-managed VNet`,
        });

  const services = workspace.encryption?.entities?.managedServices;
  const disk = workspace.encryption?.entities?.managedDisk;
  const dbfsEncryption = parameters?.encryption?.value;
  const dbfsKey =
    dbfsEncryption?.keySource?.toLowerCase() === "microsoft.keyvault"
      ? keyFrom(dbfsEncryption.keyVaultUri, dbfsEncryption.keyName, dbfsEncryption.keyVersion)
      : null;

  return {
    sku: workspace.sku?.name ? known(workspace.sku.name.toLowerCase(), source) : missing("sku"),
    computeMode,
    noPublicIp,
    vnetInjection,
    publicNetworkAccess:
      workspace.publicNetworkAccess === "Enabled" || workspace.publicNetworkAccess === "Disabled"
        ? known(workspace.publicNetworkAccess, source)
        : workspace.publicNetworkAccess === undefined || workspace.publicNetworkAccess === null
          ? absent(
              "Enabled",
              "publicNetworkAccess",
              'only Disabled keeps the workspace off public networks ("Set value to disabled to access workspace only via private link", PublicNetworkAccess), so it accepts public connections',
            )
          : missing(`a publicNetworkAccess lakeward does not know (${workspace.publicNetworkAccess})`),
    requiredNsgRules: workspace.requiredNsgRules
      ? known(workspace.requiredNsgRules, source)
      : isServerless
        ? known("n/a", source, { note: "serverless" })
        : absent(
            "AllRules",
            "requiredNsgRules",
            "back-end Private Link was never configured (NoAzureDatabricksRules turns it on), so AllRules applies",
          ),
    privateEndpointConnections: known(
      (workspace.privateEndpointConnections ?? []).map((connection) => ({
        id: connection.id ?? "",
        privateEndpointId: connection.properties?.privateEndpoint?.id ?? null,
        groupIds: connection.properties?.groupIds ?? [],
        status: connection.properties?.privateLinkServiceConnectionState?.status ?? "Unknown",
      })),
      source,
      workspace.privateEndpointConnections
        ? {}
        : {
            note: "privateEndpointConnections absent from the ARM response: the workspace has no private endpoint connection",
          },
    ),
    managedServicesCmk: known(
      services
        ? keyFrom(
            services.keyVaultProperties?.keyVaultUri,
            services.keyVaultProperties?.keyName,
            services.keyVaultProperties?.keyVersion,
          )
        : null,
      source,
      services ? {} : { note: noKey("managedServices") },
    ),
    dbfsCmk: isServerless
      ? known({ prepared: false, key: null }, source, {
          note: "serverless workspaces have no DBFS root storage account",
        })
      : parameters?.prepareEncryption || dbfsKey
        ? known({ prepared: parameters?.prepareEncryption?.value === true, key: dbfsKey }, source)
        : absent(
            { prepared: false, key: null },
            parameters ? "parameters.prepareEncryption and parameters.encryption" : "parameters (null)",
            "the DBFS root was not prepared for, nor encrypted with, a customer-managed key",
          ),
    managedDiskCmk: known(
      disk
        ? (() => {
            const key = keyFrom(
              disk.keyVaultProperties?.keyVaultUri,
              disk.keyVaultProperties?.keyName,
              disk.keyVaultProperties?.keyVersion,
            );
            return key ? { ...key, rotateToLatestVersion: disk.rotationToLatestKeyVersionEnabled === true } : null;
          })()
        : null,
      source,
      disk ? {} : { note: noKey("managedDisk") },
    ),
    infrastructureEncryption:
      typeof parameters?.requireInfrastructureEncryption?.value === "boolean"
        ? known(parameters.requireInfrastructureEncryption.value, source)
        : isServerless
          ? missing("parameters.requireInfrastructureEncryption")
          : absent(
              false,
              parameters ? "parameters.requireInfrastructureEncryption" : "parameters (null)",
              "infrastructure encryption is chosen at creation and ARM returns it when chosen; without it the DBFS root has one layer of encryption",
            ),
    tags: known(
      { ...(workspace.tags ?? {}) },
      source,
      workspace.tags ? {} : { note: "tags absent from the ARM response: the workspace has no tags" },
    ),
    enhancedSecurity: enhancedSecurityOf(workspace, source),
    defaultStorageFirewall: isServerless
      ? known({ enabled: false, accessConnectorId: null }, source, {
          note: "serverless workspaces have no DBFS root storage account",
        })
      : workspace.defaultStorageFirewall === "Enabled" || workspace.defaultStorageFirewall === "Disabled"
        ? known(
            {
              enabled: workspace.defaultStorageFirewall === "Enabled",
              accessConnectorId: workspace.accessConnector?.id ?? null,
            },
            source,
          )
        : workspace.defaultStorageFirewall === undefined || workspace.defaultStorageFirewall === null
          ? absent(
              { enabled: false, accessConnectorId: workspace.accessConnector?.id ?? null },
              "defaultStorageFirewall",
              "the storage firewall on the DBFS root was never enabled (Enabled is what turns it on)",
            )
          : missing(`a defaultStorageFirewall lakeward does not know (${workspace.defaultStorageFirewall})`),
  };
}

/**
 * The Enhanced Security and Compliance add-on as ARM reports it. Absent means the add-on was never
 * configured through ARM; each feature is then null (not known from ARM) rather than false.
 */
function enhancedSecurityOf(workspace: Workspace, source: string): Fact<EnhancedSecurity> {
  const esc = workspace.enhancedSecurityCompliance;
  const flag = (value: string | undefined) => (value === "Enabled" ? true : value === "Disabled" ? false : null);
  return known(
    {
      automaticClusterUpdate: flag(esc?.automaticClusterUpdate?.value),
      complianceSecurityProfile: flag(esc?.complianceSecurityProfile?.value),
      complianceStandards: esc?.complianceSecurityProfile?.complianceStandards ?? [],
      enhancedSecurityMonitoring: flag(esc?.enhancedSecurityMonitoring?.value),
    },
    source,
    esc ? {} : { note: "enhancedSecurityCompliance absent from the ARM response" },
  );
}
