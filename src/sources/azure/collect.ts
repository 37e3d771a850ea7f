/**
 * Reads a workspace's Azure side: the Microsoft.Databricks/workspaces resource (@azure/arm-databricks,
 * api 2026-01-01), its diagnostic settings and log categories (@azure/arm-monitor) and, for VNet-injected
 * workspaces, the two subnets (@azure/arm-network).
 *
 * Absence in the ARM response is read carefully: a property ARM only returns when a feature is on (the
 * custom VNet id, private endpoint connections, encryption entities) means "off"; a property ARM always
 * returns for this kind of workspace (enableNoPublicIp, requireInfrastructureEncryption) becomes unknown
 * when it is missing, never a default.
 */
import { AzureDatabricksManagementClient, type Workspace } from "@azure/arm-databricks";
import { MonitorClient } from "@azure/arm-monitor";
import { NetworkManagementClient } from "@azure/arm-network";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import {
  type AzureWorkspace,
  azureWorkspaceSchema,
  type DiagnosticSetting,
  type KeyReference,
  type Subnet,
} from "../../evidence/model.ts";
import { allUnknown } from "../../evidence/unknown.ts";
import { type Problem, problemOf } from "../databricks/collect.ts";
import { type ArmConnection, armClientOptions, armFailure, parseResourceId, preparePipeline } from "./arm.ts";

export const DATABRICKS_API_VERSION = "2026-01-01";

export function databricksManagementClient(connection: ArmConnection): AzureDatabricksManagementClient {
  const client = new AzureDatabricksManagementClient(connection.credential, connection.subscriptionId, {
    ...armClientOptions(connection),
    apiVersion: DATABRICKS_API_VERSION,
  });
  preparePipeline(client.pipeline, connection);
  return client;
}

/** Lists the workspaces of the subscription (or one resource group), following nextLink pages. */
export async function discoverWorkspaces(
  connection: ArmConnection,
  filter: { resourceGroup?: string; name?: string } = {},
): Promise<Workspace[]> {
  const client = databricksManagementClient(connection);
  const found: Workspace[] = [];
  try {
    if (filter.resourceGroup && filter.name) {
      found.push(await client.workspaces.get(filter.resourceGroup, filter.name));
    } else {
      const pages = filter.resourceGroup
        ? client.workspaces.listByResourceGroup(filter.resourceGroup)
        : client.workspaces.listBySubscription();
      for await (const workspace of pages) found.push(workspace);
    }
  } catch (error) {
    throw armFailure(error, `list Microsoft.Databricks/workspaces in subscription ${connection.subscriptionId}`);
  }
  const wanted = filter.name?.toLowerCase();
  return found.filter((workspace) => !wanted || workspace.name?.toLowerCase() === wanted);
}

export async function getWorkspace(connection: ArmConnection, resourceId: string): Promise<Workspace> {
  const parts = parseResourceId(resourceId);
  if (!parts) throw new Error(`not an ARM resource id: ${resourceId}`);
  const client = databricksManagementClient({ ...connection, subscriptionId: parts.subscriptionId });
  try {
    return await client.workspaces.get(parts.resourceGroup, parts.name);
  } catch (error) {
    throw armFailure(error, `GET ${resourceId}`);
  }
}

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
> {
  const source = `ARM ${workspace.id ?? workspace.name} (api ${DATABRICKS_API_VERSION})`;
  const missing = (what: string) => unknown(`${what} is absent from the ARM response`, source);
  const parameters = workspace.parameters;
  const noParameters = unknown("the ARM response carries no custom parameters for this workspace", source);
  const isServerless = workspace.computeMode === "Serverless";
  const serverlessNote = (what: string) => known(null, source, { note: `serverless workspaces have no ${what}` });

  const computeMode: Fact<"Hybrid" | "Serverless"> =
    workspace.computeMode === "Serverless" || workspace.computeMode === "Hybrid"
      ? known(workspace.computeMode, source)
      : workspace.managedResourceGroupId
        ? known("Hybrid", source, { note: "computeMode absent; Hybrid inferred from the managed resource group" })
        : missing("computeMode");

  const noPublicIp: Fact<boolean> =
    typeof parameters?.enableNoPublicIp?.value === "boolean"
      ? known(parameters.enableNoPublicIp.value, source)
      : parameters
        ? missing("parameters.enableNoPublicIp")
        : noParameters;

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
      : parameters
        ? known(null, source, { note: "no customVirtualNetworkId: Databricks-managed VNet" })
        : noParameters;

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
        : missing("publicNetworkAccess"),
    requiredNsgRules: workspace.requiredNsgRules
      ? known(workspace.requiredNsgRules, source)
      : isServerless
        ? known("n/a", source, { note: "serverless" })
        : missing("requiredNsgRules"),
    privateEndpointConnections: known(
      (workspace.privateEndpointConnections ?? []).map((connection) => ({
        id: connection.id ?? "",
        privateEndpointId: connection.properties?.privateEndpoint?.id ?? null,
        groupIds: connection.properties?.groupIds ?? [],
        status: connection.properties?.privateLinkServiceConnectionState?.status ?? "Unknown",
      })),
      source,
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
    ),
    dbfsCmk: isServerless
      ? known({ prepared: false, key: null }, source, {
          note: "serverless workspaces have no DBFS root storage account",
        })
      : parameters
        ? known({ prepared: parameters.prepareEncryption?.value === true, key: dbfsKey }, source)
        : noParameters,
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
    ),
    infrastructureEncryption:
      typeof parameters?.requireInfrastructureEncryption?.value === "boolean"
        ? known(parameters.requireInfrastructureEncryption.value, source)
        : parameters
          ? missing("parameters.requireInfrastructureEncryption")
          : noParameters,
    tags: known({ ...(workspace.tags ?? {}) }, source),
  };
}

async function readDiagnostics(connection: ArmConnection, resourceId: string, problems: Problem[]) {
  const monitor = new MonitorClient(connection.credential, connection.subscriptionId, armClientOptions(connection));
  preparePipeline(monitor.pipeline, connection);
  const settingsSource = `ARM GET ${resourceId}/providers/Microsoft.Insights/diagnosticSettings`;
  const categoriesSource = `ARM GET ${resourceId}/providers/Microsoft.Insights/diagnosticSettingsCategories`;
  const attempt = async <T>(source: string, fn: () => Promise<T>): Promise<Fact<T>> => {
    try {
      return known(await fn(), source);
    } catch (error) {
      const failure = armFailure(error, source);
      problems.push(problemOf(failure, source));
      return unknown(failure.reason, source);
    }
  };
  const [diagnosticSettings, diagnosticCategories] = await Promise.all([
    attempt(settingsSource, async () => {
      const settings: DiagnosticSetting[] = [];
      for await (const setting of monitor.diagnosticSettings.list(resourceId)) {
        settings.push({
          name: setting.name ?? "",
          destinations: {
            logAnalyticsWorkspaceId: setting.workspaceId ?? null,
            storageAccountId: setting.storageAccountId ?? null,
            eventHubAuthorizationRuleId: setting.eventHubAuthorizationRuleId ?? null,
            marketplacePartnerId: setting.marketplacePartnerId ?? null,
          },
          logs: (setting.logs ?? []).map((log) => ({
            category: log.category ?? null,
            categoryGroup: log.categoryGroup ?? null,
            enabled: log.enabled === true,
          })),
        });
      }
      return settings;
    }),
    attempt(categoriesSource, async () => {
      const names: string[] = [];
      for await (const category of monitor.diagnosticSettingsCategory.list(resourceId)) {
        if (category.name && (category.categoryType ?? "Logs") === "Logs") names.push(category.name);
      }
      return names;
    }),
  ]);
  return { diagnosticSettings, diagnosticCategories };
}

async function readSubnets(
  connection: ArmConnection,
  vnet: Fact<AzureWorkspace["vnetInjection"] extends Fact<infer V> ? V : never>,
  problems: Problem[],
): Promise<Fact<Subnet[]>> {
  if (vnet.status === "unknown") return vnet;
  if (vnet.value === null) return known([], vnet.source, { note: "no VNet injection" });
  const parts = parseResourceId(vnet.value.vnetId);
  if (!parts) return unknown(`customVirtualNetworkId is not a resource id: ${vnet.value.vnetId}`, vnet.source);
  const network = new NetworkManagementClient(
    connection.credential,
    parts.subscriptionId,
    armClientOptions(connection),
  );
  preparePipeline(network.pipeline, connection);
  const roles = [
    ["public", vnet.value.publicSubnetName],
    ["private", vnet.value.privateSubnetName],
  ] as const;
  const source = `ARM GET ${vnet.value.vnetId}/subnets`;
  try {
    const subnets: Subnet[] = [];
    for (const [role, name] of roles) {
      if (!name) return unknown(`the ${role} subnet name is absent from the workspace parameters`, vnet.source);
      const subnet = await network.subnets.get(parts.resourceGroup, parts.name, name);
      subnets.push({
        role,
        id: subnet.id ?? `${vnet.value.vnetId}/subnets/${name}`,
        nsgId: subnet.networkSecurityGroup?.id ?? null,
        routeTableId: subnet.routeTable?.id ?? null,
        natGatewayId: subnet.natGateway?.id ?? null,
        delegations: (subnet.delegations ?? []).map((d) => d.serviceName ?? "").filter(Boolean),
      });
    }
    return known(subnets, source);
  } catch (error) {
    const failure = armFailure(error, source);
    problems.push(problemOf(failure, source));
    return unknown(failure.reason, source);
  }
}

/** Everything lakeward reads from ARM about one workspace. */
export async function collectAzure(
  connection: ArmConnection,
  workspace: Workspace,
  problems: Problem[],
): Promise<AzureWorkspace> {
  const resourceId = workspace.id ?? "";
  const parts = parseResourceId(resourceId);
  const scoped = parts ? { ...connection, subscriptionId: parts.subscriptionId } : connection;
  const mapped = mapWorkspaceResource(workspace);
  const [diagnostics, subnets] = await Promise.all([
    readDiagnostics(scoped, resourceId, problems),
    readSubnets(scoped, mapped.vnetInjection, problems),
  ]);
  return {
    ...allUnknown(azureWorkspaceSchema, "not collected by this lakeward version", "lakeward"),
    ...mapped,
    ...diagnostics,
    subnets,
  };
}

/** The Azure section when ARM was not read at all (no subscription or resource id given, or ARM failed). */
export function azureUnknown(reason: string, source = "Azure Resource Manager"): AzureWorkspace {
  return allUnknown(azureWorkspaceSchema, reason, source);
}
