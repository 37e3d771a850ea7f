/**
 * Emulator personas: fixture workspaces in the real APIs' wire formats (ARM JSON for Azure, the
 * Databricks REST shapes for the workspace API). Each persona is built relative to the emulator's start
 * time so token ages and cluster uptimes stay meaningful.
 *
 *   default       — a workspace as the Azure portal creates it with its defaults.
 *   typical       — what most teams add: VNet injection with NSGs, NPIP, IP access lists, a token lifetime.
 *   hardened      — everything the `high` profile asks for.
 *   regulated     — a serious hardening attempt with the mistakes reviews find: a CMK prepared but not
 *                   applied, back-end Private Link without its endpoint, keys that do not rotate …
 *   serverless    — a serverless (computeMode Serverless) workspace behind front-end Private Link.
 *   standard-sku  — the Standard tier, VNet-injected, from before No Public IP was the default.
 *
 * The subscription, the Databricks account and the Entra tenant around the workspaces form the
 * emulator's *environment* (see environment.ts): `secure` (the default) or `sandbox`.
 */
import type { catalog, compute, iam, jobs, settings, sql } from "@databricks/sdk-experimental";
import type { App } from "@databricks/sdk-experimental/dist/apis/apps/model.js";
import type {
  ArmBlobService,
  ArmDiagnosticSetting,
  ArmKeyVault,
  ArmLock,
  ArmNetworkSecurityGroup,
  ArmPersonaResource,
  ArmRoleAssignment,
  ArmRouteTable,
  ArmStorageAccount,
  ArmSubnet,
  ArmWorkspace,
  ArmWorkspaceProperties,
} from "./arm-types.ts";
import { CANARIES } from "./canaries.ts";
import type { CatalogInfoWire, DatabricksWorkspaceData, ObjectAcl, ScimGroup } from "./databricks-types.ts";
import { addPlatform2026, type Governance2026, type SettingV2 } from "./platform-2026.ts";
import { EMULATOR_WAREHOUSE_ID } from "./statement-routes.ts";

export const EMULATOR_SUBSCRIPTION = "7a4c2f10-3b5d-4e6f-8a9b-0c1d2e3f4a5b";
/**
 * The other subscriptions the emulator's tenant has, as GET /subscriptions lists them: one with no
 * Databricks workspace (most subscriptions of an estate) and one disabled (its resources cannot be read).
 */
export const EMULATOR_OTHER_SUBSCRIPTIONS = [
  { subscriptionId: "1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b", displayName: "Contoso shared services", state: "Enabled" },
  { subscriptionId: "9f8e7d6c-5b4a-4392-8180-7f6e5d4c3b2a", displayName: "Contoso old lab", state: "Disabled" },
] as const;
export const EMULATOR_RESOURCE_GROUP = "rg-lakeward-emulator";
export const EMULATOR_TENANT = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
export const EMULATOR_ACCOUNT = "e1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b";

export const PERSONA_NAMES = ["default", "typical", "hardened", "regulated", "serverless", "standard-sku"] as const;
export type PersonaName = (typeof PERSONA_NAMES)[number];

/** Any JSON object, as the wire carries it. */
export type Json = Record<string, unknown>;

export type { ScimGroup };

export interface WorkspaceObject {
  path: string;
  type: "NOTEBOOK" | "FILE" | "DIRECTORY";
  content?: string;
}

export interface PersonaWorkspace extends DatabricksWorkspaceData {
  persona: PersonaName;
  name: string;
  /** Generated for an estate (estate.ts): its server is named after the workspace, not the persona. */
  generated?: true;
  resourceId: string;
  /** The ARM resource, without workspaceUrl (the server fills it with its own address). */
  arm: ArmWorkspace;
  diagnosticSettings: ArmDiagnosticSetting[];
  diagnosticCategories: string[];
  /** ARM resources the workspace points at, by lower-cased id: subnets, NSGs, route tables, storage, vaults. */
  resources: Record<string, ArmPersonaResource>;
  /** Role assignments that apply to the workspace resource (at or above its scope). */
  roleAssignments: ArmRoleAssignment[];
  /** Locks, with their full ids (which encode their scope). */
  locks: ArmLock[];
  /** Premium-only workspace APIs answer 404 FEATURE_DISABLED on the Standard tier. */
  premium: boolean;
  sparkVersions: string[];
  workspaceObjects: WorkspaceObject[];
  /** The account network policy bound to this workspace. */
  networkPolicyId: string;
  /** Databricks Apps (GET /api/2.0/apps). */
  apps: App[];
  /** The settings v2 catalogue (GET /api/2.1/settings-metadata, /api/2.1/settings/{name}). */
  settingsV2: SettingV2[];
  /** Unity Catalog governance of the 2026 platform (platform-2026.ts). */
  governance: Governance2026;
}

const DAY = 86_400_000;
const SUB = `/subscriptions/${EMULATOR_SUBSCRIPTION}`;
const armId = (provider: string, name: string, resourceGroup = EMULATOR_RESOURCE_GROUP) =>
  `${SUB}/resourceGroups/${resourceGroup}/providers/${provider}/${name}`;
const ROLE = (guid: string) => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const OWNER = ROLE("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
const CONTRIBUTOR = ROLE("b24988ac-6180-42a0-ab88-20f7382dd24c");
const READER = ROLE("acdd72a7-3385-48ef-bd42-f606fba81ae7");
const DEPLOY_SP = "11111111-aaaa-4bbb-8ccc-000000000002";
const ETL_SP = "11111111-aaaa-4bbb-8ccc-000000000001";

/** Every workspace-conf key the emulated workspace knows, never set. */
const UNSET_CONF: Record<string, string | null> = Object.fromEntries(
  [
    "enableIpAccessLists",
    "enableTokensConfig",
    "maxTokenLifetimeDays",
    "enableExportNotebook",
    "enableNotebookTableClipboard",
    "enableResultsDownloading",
    "enableUploadDataUis",
    "enableDbfsFileBrowser",
    "enableWebTerminal",
    "enableDeprecatedGlobalInitScripts",
    "enableDeprecatedClusterNamedInitScripts",
    "enforceUserIsolation",
    "enableVerboseAuditLogs",
    "storeInteractiveNotebookResultsInCustomerAccount",
    "enableJobViewAcls",
    "enforceClusterViewAcls",
    "enforceWorkspaceViewAcls",
    "enableWorkspaceAclsConfig",
    "enableProjectsAllowList",
    "projectsAllowList",
    "enableFileStoreEndpoint",
    "mlflowRunArtifactDownloadEnabled",
    "enable-X-Frame-Options",
    "enable-X-Content-Type-Options",
    "enable-X-XSS-Protection",
    "enableDcs",
    "enableHlsRuntime",
    "enableLibraryAndInitScriptOnSharedCluster",
    "enableWorkspaceFilesystem",
  ].map((key) => [key, null]),
);

const HARDENED_CONF: Record<string, string | null> = {
  ...UNSET_CONF,
  enableIpAccessLists: "true",
  enableTokensConfig: "false",
  maxTokenLifetimeDays: "30",
  enableExportNotebook: "false",
  enableNotebookTableClipboard: "false",
  enableResultsDownloading: "false",
  enableUploadDataUis: "false",
  enableDbfsFileBrowser: "false",
  enableWebTerminal: "false",
  enableDeprecatedGlobalInitScripts: "false",
  enableDeprecatedClusterNamedInitScripts: "false",
  enforceUserIsolation: "true",
  enableVerboseAuditLogs: "true",
  storeInteractiveNotebookResultsInCustomerAccount: "true",
  enableJobViewAcls: "true",
  enforceClusterViewAcls: "true",
  enforceWorkspaceViewAcls: "true",
  enableWorkspaceAclsConfig: "true",
  enableProjectsAllowList: "true",
  projectsAllowList: "https://github.com/contoso/,https://dev.azure.com/contoso/",
  enableFileStoreEndpoint: "false",
  mlflowRunArtifactDownloadEnabled: "false",
  "enable-X-Frame-Options": "true",
  "enable-X-Content-Type-Options": "true",
  "enable-X-XSS-Protection": "true",
  enableDcs: "false",
};

export const DIAGNOSTIC_CATEGORIES = [
  "accounts",
  "clusters",
  "clusterLibraries",
  "dbfs",
  "jobs",
  "notebook",
  "secrets",
  "sqlPermissions",
  "ssh",
  "unityCatalog",
  "workspace",
  "genie",
  "globalInitScripts",
  "instancePools",
  "databrickssql",
  "deltaPipelines",
  "repos",
  "gitCredentials",
  "iamRole",
  "webTerminal",
  "clamAVScan",
  "capsule8Dataplane",
];

const SPARK_VERSIONS = [
  "13.3.x-scala2.12",
  "14.3.x-scala2.12",
  "15.4.x-scala2.12",
  "16.4.x-scala2.12",
  "17.3.x-scala2.13",
];

function withoutKeys(conf: Record<string, string | null>, keys: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(Object.entries(conf).filter(([key]) => !keys.includes(key)));
}

const stringParam = (value: string) => ({ type: "String", value });
const boolParam = (value: boolean) => ({ type: "Bool", value });

function armWorkspace(
  name: string,
  workspaceId: string,
  location: string,
  properties: Partial<ArmWorkspaceProperties>,
  extra: Partial<Omit<ArmWorkspace, "properties">> = {},
): ArmWorkspace {
  return {
    id: armId("Microsoft.Databricks/workspaces", name),
    name,
    type: "Microsoft.Databricks/workspaces",
    location,
    sku: { name: "premium" },
    tags: {},
    ...extra,
    properties: {
      computeMode: "Hybrid",
      managedResourceGroupId: `${SUB}/resourceGroups/databricks-rg-${name}`,
      provisioningState: "Succeeded",
      workspaceId,
      createdDateTime: "2025-03-04T09:12:44.1234567Z",
      authorizations: [
        {
          principalId: "9a74af6f-d153-4348-988a-e2672920bee9",
          roleDefinitionId: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
        },
      ],
      createdBy: { oid: "22222222-2222-4222-8222-222222222222", applicationId: "44444444-4444-4444-8444-444444444444" },
      publicNetworkAccess: "Enabled",
      requiredNsgRules: "AllRules",
      privateEndpointConnections: [],
      isUcEnabled: true,
      defaultStorageFirewall: "Disabled",
      ...properties,
    },
  };
}

function defaultParameters(storageAccount: string): ArmWorkspaceProperties["parameters"] {
  return {
    enableNoPublicIp: boolParam(true),
    prepareEncryption: boolParam(false),
    requireInfrastructureEncryption: boolParam(false),
    storageAccountName: stringParam(storageAccount),
    storageAccountSkuName: stringParam("Standard_GRS"),
    vnetAddressPrefix: stringParam("10.139"),
  };
}

// --- ARM resources around a workspace ---------------------------------------------------------------

function subnet(
  vnetId: string,
  name: string,
  prefix: string,
  options: { nsg?: string; routeTable?: string; defaultOutboundAccess?: boolean; natGateway?: string },
): ArmSubnet {
  return {
    id: `${vnetId}/subnets/${name}`,
    name,
    type: "Microsoft.Network/virtualNetworks/subnets",
    properties: {
      addressPrefix: prefix,
      provisioningState: "Succeeded",
      ...(options.nsg
        ? { networkSecurityGroup: { id: armId("Microsoft.Network/networkSecurityGroups", options.nsg) } }
        : {}),
      ...(options.routeTable ? { routeTable: { id: armId("Microsoft.Network/routeTables", options.routeTable) } } : {}),
      ...(options.natGateway ? { natGateway: { id: armId("Microsoft.Network/natGateways", options.natGateway) } } : {}),
      ...(options.defaultOutboundAccess !== undefined ? { defaultOutboundAccess: options.defaultOutboundAccess } : {}),
      delegations: [{ name: "databricks-del", properties: { serviceName: "Microsoft.Databricks/workspaces" } }],
      privateEndpointNetworkPolicies: "Disabled",
    },
  };
}

function nsg(name: string, denyInternetOut: boolean): ArmNetworkSecurityGroup {
  const rules: NonNullable<ArmNetworkSecurityGroup["properties"]["securityRules"]> = [
    {
      name: "Microsoft.Databricks-workspaces_UseOnly_databricks-worker-to-worker-inbound",
      properties: {
        protocol: "*",
        sourcePortRange: "*",
        destinationPortRange: "*",
        sourceAddressPrefix: "VirtualNetwork",
        destinationAddressPrefix: "VirtualNetwork",
        access: "Allow",
        priority: 100,
        direction: "Inbound",
      },
    },
    {
      name: "Microsoft.Databricks-workspaces_UseOnly_databricks-worker-to-databricks-webapp",
      properties: {
        protocol: "Tcp",
        sourcePortRange: "*",
        destinationPortRange: "443",
        sourceAddressPrefix: "VirtualNetwork",
        destinationAddressPrefix: "AzureDatabricks",
        access: "Allow",
        priority: 100,
        direction: "Outbound",
      },
    },
    ...(denyInternetOut
      ? [
          {
            name: "deny-internet-outbound",
            properties: {
              protocol: "*",
              sourcePortRange: "*",
              destinationPortRange: "*",
              sourceAddressPrefix: "*",
              destinationAddressPrefix: "Internet",
              access: "Deny",
              priority: 4000,
              direction: "Outbound",
            },
          },
        ]
      : []),
  ];
  return {
    id: armId("Microsoft.Network/networkSecurityGroups", name),
    name,
    type: "Microsoft.Network/networkSecurityGroups",
    location: "westeurope",
    properties: { securityRules: rules },
  };
}

function routeTable(name: string, firewallIp: string): ArmRouteTable {
  return {
    id: armId("Microsoft.Network/routeTables", name),
    name,
    type: "Microsoft.Network/routeTables",
    location: "westeurope",
    properties: {
      routes: [
        {
          name: "default-to-firewall",
          properties: { addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: firewallIp },
        },
      ],
    },
  };
}

interface StorageSpec {
  publicAccess?: boolean;
  tls?: string;
  defaultAction?: "Allow" | "Deny";
  publicNetworkAccess?: string;
  privateEndpoints?: number;
  softDelete?: boolean;
  versioning?: boolean;
}

function storage(id: string, spec: StorageSpec): Record<string, ArmStorageAccount | ArmBlobService> {
  const name = id.split("/").pop()!;
  const retention = (enabled: boolean) => ({ enabled, ...(enabled ? { days: 14 } : {}) });
  const account: ArmStorageAccount = {
    id,
    name,
    type: "Microsoft.Storage/storageAccounts",
    location: "westeurope",
    kind: "StorageV2",
    sku: { name: "Standard_LRS", tier: "Standard" },
    properties: {
      allowBlobPublicAccess: spec.publicAccess ?? false,
      supportsHttpsTrafficOnly: true,
      minimumTlsVersion: spec.tls ?? "TLS1_2",
      publicNetworkAccess: spec.publicNetworkAccess ?? "Enabled",
      networkAcls: {
        defaultAction: spec.defaultAction ?? "Allow",
        bypass: "AzureServices",
        ipRules: [],
        virtualNetworkRules: [],
      },
      privateEndpointConnections: Array.from({ length: spec.privateEndpoints ?? 0 }, (_, i) => ({
        id: `${id}/privateEndpointConnections/pe-${i}`,
        name: `pe-${i}`,
        type: "Microsoft.Storage/storageAccounts/privateEndpointConnections",
        properties: {
          privateEndpoint: { id: armId("Microsoft.Network/privateEndpoints", `pe-${name}-${i}`) },
          privateLinkServiceConnectionState: {
            status: "Approved",
            description: "Auto-Approved",
            actionRequired: "None",
          },
          provisioningState: "Succeeded",
        },
      })),
      encryption: { keySource: "Microsoft.Storage", requireInfrastructureEncryption: false },
      isHnsEnabled: true,
    },
  };
  const blobService: ArmBlobService = {
    id: `${id}/blobServices/default`,
    name: "default",
    type: "Microsoft.Storage/storageAccounts/blobServices",
    properties: {
      deleteRetentionPolicy: retention(spec.softDelete ?? false),
      containerDeleteRetentionPolicy: retention(spec.softDelete ?? false),
      isVersioningEnabled: spec.versioning ?? false,
    },
  };
  return { [id.toLowerCase()]: account, [blobService.id.toLowerCase()]: blobService };
}

function vault(name: string, purgeProtection: boolean): Record<string, ArmKeyVault> {
  const id = armId("Microsoft.KeyVault/vaults", name);
  return {
    [id.toLowerCase()]: {
      id,
      name,
      type: "Microsoft.KeyVault/vaults",
      location: "westeurope",
      properties: {
        tenantId: EMULATOR_TENANT,
        sku: { family: "A", name: "standard" },
        vaultUri: `https://${name}.vault.azure.net/`,
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        ...(purgeProtection ? { enablePurgeProtection: true } : {}),
        enableRbacAuthorization: true,
      },
    },
  };
}

function roleAssignment(
  name: string,
  principalId: string,
  principalType: NonNullable<ArmRoleAssignment["properties"]["principalType"]>,
  role: string,
  scope: string,
): ArmRoleAssignment {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: "Microsoft.Authorization/roleAssignments",
    properties: { principalId, principalType, roleDefinitionId: role, scope },
  };
}

function lock(scope: string, name: string): ArmLock {
  return {
    id: `${scope}/providers/Microsoft.Authorization/locks/${name}`,
    name,
    type: "Microsoft.Authorization/locks",
    properties: { level: "CanNotDelete", notes: "protected" },
  };
}

// --- Databricks objects ---------------------------------------------------------------------------

function token(
  id: string,
  user: string,
  createdDaysAgo: number,
  expiresInDays: number | null,
  now: number,
  comment: string,
): settings.TokenInfo {
  return {
    token_id: id,
    created_by_username: user,
    owner_id: 4_200_000 + Number.parseInt(id.slice(0, 4), 16),
    creation_time: now - createdDaysAgo * DAY,
    expiry_time: expiresInDays === null ? -1 : now + expiresInDays * DAY,
    last_used_day: now - DAY,
    comment,
  };
}

function cluster(
  init: compute.ClusterDetails & { cluster_id: string; cluster_name: string },
  now: number,
  upDays: number,
): compute.ClusterDetails {
  return {
    spark_version: "15.4.x-scala2.12",
    node_type_id: "Standard_D4ds_v5",
    driver_node_type_id: "Standard_D4ds_v5",
    autotermination_minutes: 60,
    state: "RUNNING",
    cluster_source: "UI",
    enable_local_disk_encryption: false,
    creator_user_name: "joe@contoso.example",
    start_time: now - upDays * DAY,
    custom_tags: {},
    ...init,
  };
}

function group(
  id: string,
  displayName: string,
  members: [kind: "Users" | "Groups" | "ServicePrincipals", id: string, display: string][],
  extra: { externalId?: string; entitlements?: string[] } = {},
): ScimGroup {
  return {
    id,
    displayName,
    ...(extra.externalId ? { externalId: extra.externalId } : {}),
    ...(extra.entitlements ? { entitlements: extra.entitlements.map((value) => ({ value })) } : {}),
    members: members.map(([kind, value, display]) => ({ value, display, $ref: `${kind}/${value}` })),
  };
}

function user(
  id: string,
  userName: string,
  options: { externalId?: boolean; entitlements?: string[]; groups?: string[]; active?: boolean } = {},
): iam.User {
  return {
    id,
    userName,
    active: options.active ?? true,
    ...(options.externalId ? { externalId: `aad-${id}` } : {}),
    entitlements: (options.entitlements ?? ["workspace-access"]).map((value) => ({ value })),
    groups: (options.groups ?? []).map((display) => ({ display, value: display })),
  };
}

function acl(
  entries: [
    kind: "user_name" | "group_name" | "service_principal_name",
    principal: string,
    level: iam.PermissionLevel,
  ][],
): ObjectAcl {
  return {
    access_control_list: entries.map(([kind, principal, level]) => ({
      [kind]: principal,
      all_permissions: [{ permission_level: level, inherited: false }],
    })),
  };
}

function job(
  id: number,
  name: string,
  runAs: string,
  options: { schedule?: boolean; cluster?: compute.ClusterSpec; creator?: string } = {},
): jobs.Job {
  return {
    job_id: id,
    creator_user_name: options.creator ?? "joe@contoso.example",
    run_as_user_name: runAs,
    created_time: 1_700_000_000_000,
    settings: {
      name,
      ...(options.schedule
        ? { schedule: { quartz_cron_expression: "0 0 2 * * ?", timezone_id: "UTC", pause_status: "UNPAUSED" } }
        : {}),
      ...(options.cluster ? { job_clusters: [{ job_cluster_key: "main", new_cluster: options.cluster }] } : {}),
      tasks: [
        {
          task_key: "run",
          notebook_task: { notebook_path: "/Repos/etl/main" },
          job_cluster_key: options.cluster ? "main" : undefined,
        },
      ],
    },
  };
}

function initScripts(now: number): PersonaWorkspace["globalInitScripts"] {
  const body = `#!/bin/bash\nexport DB_PASSWORD=${CANARIES.initScriptSecret}\n`;
  return [
    {
      script_id: "B1A2C3D4E5F60718",
      name: "install-agent",
      enabled: true,
      position: 0,
      created_by: "dana@contoso.example",
      created_at: now - 90 * DAY,
      updated_at: now - 30 * DAY,
      script: Buffer.from(body).toString("base64"),
    },
  ];
}

const systemSchemas = (accessEnabled: boolean): catalog.SystemSchemaInfo[] => [
  { schema: "access", state: accessEnabled ? "ENABLE_COMPLETED" : "AVAILABLE" },
  { schema: "billing", state: "ENABLE_COMPLETED" },
  { schema: "compute", state: accessEnabled ? "ENABLE_COMPLETED" : "AVAILABLE" },
];

/** A SQL warehouse as GET /api/2.0/sql/warehouses lists it; `tags` become tags.custom_tags pairs. */
function warehouse(
  init: sql.EndpointInfo & { id: string; name: string },
  tags: Record<string, string>,
  options: { serverless?: boolean } = {},
): sql.EndpointInfo {
  const path = `/sql/1.0/warehouses/${init.id}`;
  return {
    cluster_size: "Small",
    min_num_clusters: 1,
    max_num_clusters: 1,
    auto_stop_mins: options.serverless ? 10 : 120,
    creator_name: "dana@contoso.example",
    spot_instance_policy: "COST_OPTIMIZED",
    enable_photon: true,
    channel: { name: "CHANNEL_NAME_CURRENT" },
    enable_serverless_compute: options.serverless ?? false,
    warehouse_type: "PRO",
    num_clusters: 0,
    num_active_sessions: 0,
    state: "STOPPED",
    odbc_params: { path, protocol: "https", port: 443 },
    health: { status: "HEALTHY" },
    tags: { custom_tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
    ...init,
  };
}

/** A Unity Catalog catalog as GET /api/2.1/unity-catalog/catalogs lists it. */
function ucCatalog(
  name: string,
  owner: string,
  options: { isolated?: boolean; storageRoot?: string } = {},
): CatalogInfoWire {
  return {
    name,
    full_name: name,
    owner,
    catalog_type: "MANAGED_CATALOG",
    securable_kind: "CATALOG_STANDARD",
    securable_type: "CATALOG",
    isolation_mode: options.isolated ? "ISOLATED" : "OPEN",
    ...(options.storageRoot
      ? {
          storage_root: options.storageRoot,
          storage_location: `${options.storageRoot}/__unitystorage/catalogs/${name}`,
        }
      : {}),
    created_by: owner,
    created_at: 1_735_000_000_000,
    browse_only: false,
  };
}

/** A schema as GET /api/2.1/unity-catalog/schemas lists it (catalog.SchemaInfo). */
function ucSchema(catalogName: string, name: string, owner: string): catalog.SchemaInfo {
  return {
    name,
    catalog_name: catalogName,
    full_name: `${catalogName}.${name}`,
    owner,
    catalog_type: "MANAGED_CATALOG",
    created_by: owner,
    created_at: 1_735_000_000_000,
    browse_only: false,
  };
}

/** The schemas every catalog has: `default` (its creator's) and `information_schema` (System user's). */
const standardSchemas = (catalogName: string, owner: string): catalog.SchemaInfo[] => [
  ucSchema(catalogName, "default", owner),
  ucSchema(catalogName, "information_schema", "System user"),
];

/** A table as GET /api/2.1/unity-catalog/tables lists it with omit_columns/omit_properties (catalog.TableInfo). */
function ucTable(fullName: string, owner: string, tableType: catalog.TableType = "MANAGED"): catalog.TableInfo {
  const [catalogName, schemaName, name] = fullName.split(".");
  return {
    name: name!,
    catalog_name: catalogName!,
    schema_name: schemaName!,
    full_name: fullName,
    owner,
    table_type: tableType,
    data_source_format: "DELTA",
    created_by: owner,
    created_at: 1_735_000_000_000,
  };
}

/** A volume as GET /api/2.1/unity-catalog/volumes lists it (catalog.VolumeInfo). */
function ucVolume(fullName: string, owner: string, storageLocation?: string): catalog.VolumeInfo {
  const [catalogName, schemaName, name] = fullName.split(".");
  return {
    name: name!,
    catalog_name: catalogName!,
    schema_name: schemaName!,
    full_name: fullName,
    owner,
    volume_type: storageLocation ? "EXTERNAL" : "MANAGED",
    ...(storageLocation ? { storage_location: storageLocation } : {}),
    created_by: owner,
    created_at: 1_735_000_000_000,
  };
}

/** The `system` catalog every Unity Catalog workspace lists. */
const SYSTEM_CATALOG: CatalogInfoWire = {
  name: "system",
  full_name: "system",
  owner: "System user",
  catalog_type: "SYSTEM_CATALOG",
  securable_kind: "CATALOG_SYSTEM",
  securable_type: "CATALOG",
  isolation_mode: "OPEN",
  comment: "System catalog (auto-created)",
  created_by: "System user",
  browse_only: false,
};

/** A workspace API with every list empty and every setting never set; personas start from it. */
function emptyWorkspace(persona: PersonaName, name: string, arm: ArmWorkspace): PersonaWorkspace {
  return {
    persona,
    name,
    resourceId: String(arm.id),
    arm,
    diagnosticSettings: [],
    diagnosticCategories: DIAGNOSTIC_CATEGORIES,
    resources: {},
    roleAssignments: [],
    locks: [],
    workspaceConf: { ...UNSET_CONF },
    settings: {},
    premium: true,
    ipAccessLists: [],
    tokens: [],
    tokenPermissions: { object_id: "authorization/tokens", object_type: "tokens", access_control_list: [] },
    clusters: [],
    groups: [
      group("1001", "admins", []),
      group("3001", "users", [], { entitlements: ["workspace-access", "databricks-sql-access"] }),
    ],
    users: [],
    servicePrincipals: [],
    jobs: [],
    permissions: {},
    secretScopes: [],
    secretAcls: {},
    clusterPolicies: [],
    instancePools: [],
    sqlWarehouses: [],
    libraries: [],
    sparkVersions: SPARK_VERSIONS,
    dbfs: {},
    unityCatalog: {
      assignment: null,
      summary: null,
      systemSchemas: [],
      storageCredentials: [],
      externalLocations: [],
      recipients: [],
      catalogs: [],
      schemas: [],
      tables: [],
      volumes: [],
      allowlists: {},
      grants: [],
      securableGrants: {},
    },
    repos: [],
    servingEndpoints: [],
    vectorSearchEndpoints: [],
    registeredModels: [],
    workspaceObjects: [],
    globalInitScripts: [],
    networkPolicyId: "default-policy",
    apps: [],
    settingsV2: [],
    governance: { recipientPolicies: {}, abacPolicies: {}, classification: {} },
  };
}

/** A Unity Catalog metastore (the region's, shared by the workspaces that use it). */
function metastore(options: {
  owner: string;
  sharingLifetimeDays: number;
  storageAccount?: string;
}): catalog.GetMetastoreSummaryResponse {
  return {
    metastore_id: "0a1b2c3d-0000-4000-8000-00000000ae01",
    name: "metastore-westeurope",
    owner: options.owner,
    region: "westeurope",
    storage_root: options.storageAccount
      ? `abfss://metastore@${options.storageAccount}.dfs.core.windows.net/root`
      : undefined,
    delta_sharing_scope: "INTERNAL_AND_EXTERNAL",
    delta_sharing_recipient_token_lifetime_in_seconds: options.sharingLifetimeDays * 86_400,
    privilege_model_version: "1.0",
    cloud: "azure",
  };
}

// --- the personas ---------------------------------------------------------------------------------

function defaultPersona(now: number): PersonaWorkspace {
  const name = "adb-default";
  const ws = emptyWorkspace(
    "default",
    name,
    armWorkspace(name, "1000000000000001", "westeurope", { parameters: defaultParameters("dbstoragedefault01") }),
  );
  const dbfsRoot = `${SUB}/resourceGroups/databricks-rg-${name}/providers/Microsoft.Storage/storageAccounts/dbstoragedefault01`;
  Object.assign(ws.resources, storage(dbfsRoot, {}));
  ws.roleAssignments = [
    roleAssignment("ra-1", "a0000000-0000-4000-8000-000000000001", "User", OWNER, SUB),
    roleAssignment("ra-2", "a0000000-0000-4000-8000-000000000002", "User", OWNER, SUB),
    roleAssignment(
      "ra-3",
      "a0000000-0000-4000-8000-000000000003",
      "User",
      CONTRIBUTOR,
      `${SUB}/resourceGroups/${EMULATOR_RESOURCE_GROUP}`,
    ),
    roleAssignment(
      "ra-4",
      "a0000000-0000-4000-8000-000000000004",
      "User",
      CONTRIBUTOR,
      `${SUB}/resourceGroups/${EMULATOR_RESOURCE_GROUP}`,
    ),
    roleAssignment("ra-5", "a0000000-0000-4000-8000-000000000005", "Group", CONTRIBUTOR, ws.resourceId),
  ];
  // Someone added the whole internet to get unblocked; the lists are not enforced anyway.
  ws.ipAccessLists = [
    {
      list_id: "ial-9",
      label: "temporary-everyone",
      list_type: "ALLOW",
      ip_addresses: ["0.0.0.0/0"],
      address_count: 1,
      enabled: true,
      created_by: 1,
      updated_at: now - 60 * DAY,
    },
  ];
  ws.tokens = [
    token("a1f0c0de0001", "dana@contoso.example", 200, null, now, "notebook automation"),
    token("a1f0c0de0002", "lee@contoso.example", 30, 60, now, "dbt"),
    token("a1f0c0de0003", "sam@contoso.example", 410, null, now, "legacy ETL"),
  ];
  ws.tokenPermissions = acl([
    ["group_name", "admins", "CAN_MANAGE"],
    ["group_name", "users", "CAN_USE"],
  ]);
  ws.clusters = [
    cluster(
      {
        cluster_id: "0314-101010-shared01",
        cluster_name: "Shared Autoscaling",
        data_security_mode: "NONE",
        creator_user_name: "dana@contoso.example",
        spark_version: "10.4.x-scala2.12",
        spark_conf: {
          "fs.azure.account.key.contosodatalake.dfs.core.windows.net": CANARIES.storageAccountKey,
          "spark.hadoop.javax.jdo.option.ConnectionPassword": CANARIES.metastorePassword,
        },
        spark_env_vars: { DB_PASSWORD: CANARIES.envPassword, PYSPARK_PYTHON: "/databricks/python3/bin/python3" },
        docker_image: {
          url: "contoso.azurecr.io/spark:1",
          basic_auth: { username: "puller", password: CANARIES.dockerPassword },
        },
        azure_attributes: {
          log_analytics_info: {
            log_analytics_workspace_id: "la-1",
            log_analytics_primary_key: CANARIES.logAnalyticsKey,
          },
        },
        init_scripts: [{ dbfs: { destination: "dbfs:/databricks/init/install-agent.sh" } }],
      },
      now,
      12,
    ),
    cluster(
      {
        cluster_id: "0314-101010-etljob02",
        cluster_name: "job-42-run-7",
        data_security_mode: "SINGLE_USER",
        single_user_name: "sam@contoso.example",
        cluster_source: "JOB",
        state: "TERMINATED",
      },
      now,
      2,
    ),
  ];
  ws.groups = [
    group("1001", "admins", [
      ["Users", "u-1", "dana@contoso.example"],
      ["Users", "u-2", "lee@contoso.example"],
      ["Users", "u-3", "sam@contoso.example"],
      ["Users", "u-4", "alex@contoso.example"],
      ["Users", "u-5", "kim@contoso.example"],
      ["Groups", "2001", "platform-team"],
      // The permission graph's known paths: a nested group (platform-team) and an admin service principal that a
      // job runs as, on which joe holds CAN_MANAGE (job 43).
      ["ServicePrincipals", "sp-9", ETL_SP],
    ]),
    group("2001", "platform-team", [
      ["Users", "u-6", "ola@contoso.example"],
      ["Users", "u-7", "ravi@contoso.example"],
      ["Users", "u-1", "dana@contoso.example"],
    ]),
    group("3001", "users", [["Users", "u-8", "joe@contoso.example"]], {
      entitlements: ["workspace-access", "databricks-sql-access", "allow-cluster-create"],
    }),
    // A project team whose people left: nobody in it, its CAN_MANAGE on the prod-load job still there.
    group("2002", "contractors-2023", []),
  ];
  ws.users = ["dana", "lee", "sam", "alex", "kim", "ola", "ravi", "joe"].map((n, i) =>
    user(`u-${i + 1}`, `${n}@contoso.example`),
  );
  ws.jobs = [
    job(42, "nightly-sales", "sam@contoso.example", {
      schedule: true,
      cluster: { spark_version: "15.4.x-scala2.12", node_type_id: "Standard_D4ds_v5", num_workers: 2 },
    }),
  ];
  ws.permissions["jobs/42"] = acl([
    ["user_name", "sam@contoso.example", "IS_OWNER"],
    ["user_name", "joe@contoso.example", "CAN_MANAGE"],
  ]);
  ws.servicePrincipals = [{ id: "sp-9", applicationId: ETL_SP, displayName: "prod-etl", active: true }];
  ws.jobs.push({
    ...job(43, "prod-load", ETL_SP, { schedule: true }),
    run_as_user_name: ETL_SP,
    settings: {
      ...job(43, "prod-load", ETL_SP, { schedule: true }).settings,
      run_as: { service_principal_name: ETL_SP },
    },
  });
  ws.permissions["jobs/43"] = acl([
    ["service_principal_name", ETL_SP, "IS_OWNER"],
    ["user_name", "joe@contoso.example", "CAN_MANAGE"],
    ["group_name", "contractors-2023", "CAN_MANAGE"],
  ]);
  // Everyone may attach to the shared cluster whose Spark conf holds a storage account key in plain text.
  ws.permissions["clusters/0314-101010-shared01"] = acl([
    ["group_name", "users", "CAN_ATTACH_TO"],
    ["group_name", "admins", "CAN_MANAGE"],
  ]);
  ws.secretScopes = [{ name: "etl", backend_type: "DATABRICKS" }];
  ws.secretAcls.etl = [{ principal: "users", permission: "MANAGE" }];
  ws.libraries = [
    {
      cluster_id: "0314-101010-shared01",
      library_statuses: [{ library: { pypi: { package: "requests" } }, status: "INSTALLED" }],
    },
  ];
  ws.dbfs = {
    "/mnt": [{ path: "/mnt/raw", is_dir: true }],
    "/user/hive/warehouse": [{ path: "/user/hive/warehouse/sales", is_dir: true }],
    "/databricks/init": [{ path: "/databricks/init/install-agent.sh", is_dir: false }],
  };
  ws.unityCatalog = {
    assignment: {
      metastore_id: "0a1b2c3d-0000-4000-8000-00000000ae01",
      workspace_id: 1000000000000001,
      default_catalog_name: "hive_metastore",
    },
    summary: metastore({
      owner: "dana@contoso.example",
      sharingLifetimeDays: 0,
    }),
    systemSchemas: systemSchemas(false),
    storageCredentials: [
      {
        name: "legacy-sp",
        owner: "dana@contoso.example",
        azure_service_principal: {
          application_id: "5555",
          directory_id: EMULATOR_TENANT,
          client_secret: CANARIES.clientSecret,
        },
      },
    ],
    externalLocations: [],
    recipients: [{ name: "partner-co", authentication_type: "TOKEN", owner: "dana@contoso.example" }],
    // Open to every workspace of the metastore; managed tables land in the metastore's storage.
    catalogs: [ucCatalog("main", "dana@contoso.example"), SYSTEM_CATALOG],
    schemas: [...standardSchemas("main", "dana@contoso.example"), ucSchema("main", "sales", "dana@contoso.example")],
    tables: [
      ucTable("main.sales.orders", "dana@contoso.example"),
      ucTable("main.sales.customers", "dana@contoso.example"),
    ],
    volumes: [ucVolume("main.sales.landing", "dana@contoso.example")],
    allowlists: { INIT_SCRIPT: [], LIBRARY_JAR: [], LIBRARY_MAVEN: [] },
    grants: [{ principal: "account users", privileges: ["CREATE_RECIPIENT", "CREATE_SHARE"] }],
    // Every user of every workspace of the account reads the main catalog; below it, the sales schema lets them
    // change its tables too, and every workspace user may write the landing volume.
    securableGrants: {
      "catalog/main": [{ principal: "account users", privileges: ["USE_CATALOG", "USE_SCHEMA", "SELECT"] }],
      "schema/main.sales": [{ principal: "account users", privileges: ["USE_SCHEMA", "SELECT", "MODIFY"] }],
      "volume/main.sales.landing": [{ principal: "users", privileges: ["READ_VOLUME", "WRITE_VOLUME"] }],
    },
  };
  // The starter warehouse as the workspace created it (no tags), and a large one someone left running for ever.
  ws.sqlWarehouses = [
    warehouse({ id: EMULATOR_WAREHOUSE_ID, name: "Starter Warehouse" }, {}),
    warehouse(
      {
        id: "d0e1f2a3b4c50002",
        name: "adhoc-analysis",
        warehouse_type: "CLASSIC",
        cluster_size: "X-Large",
        max_num_clusters: 4,
        auto_stop_mins: 0,
        creator_name: "sam@contoso.example",
        state: "RUNNING",
        num_clusters: 2,
      },
      { Team: "analytics" },
    ),
  ];
  // The big warehouse is everyone's to use and the leavers' group still manages it.
  ws.permissions["warehouses/d0e1f2a3b4c50002"] = acl([
    ["user_name", "sam@contoso.example", "IS_OWNER"],
    ["group_name", "contractors-2023", "CAN_MANAGE"],
    ["group_name", "users", "CAN_USE"],
  ]);
  ws.servingEndpoints = [
    {
      name: "gpt-proxy",
      id: "7f3e9d2c1b0a4e5f8a6b5c4d3e2f1a01",
      creator: "dana@contoso.example",
      config: {
        // On the company's OpenAI key, kept in the etl scope (the external model names the secret, not its value).
        served_entities: [
          {
            name: "gpt",
            external_model: {
              provider: "openai",
              name: "gpt-4o",
              task: "llm/v1/chat",
              openai_config: { openai_api_key: "{{secrets/etl/openai-key}}" },
            },
          },
        ],
      },
    },
  ];
  // Every user may query the external model (on the company's OpenAI key); platform-team, nested in admins, manages it.
  ws.permissions["serving-endpoints/7f3e9d2c1b0a4e5f8a6b5c4d3e2f1a01"] = acl([
    ["user_name", "dana@contoso.example", "IS_OWNER"],
    ["group_name", "platform-team", "CAN_MANAGE"],
    ["group_name", "users", "CAN_QUERY"],
  ]);
  // Its served entity's environment (the endpoint's detail only): a partner key pasted in plain text, a canary
  // (serving-secrets.ts keeps {{secrets/…}} references only).
  ws.servedEntityEnv = { "gpt-proxy": { gpt: { PARTNER_API_KEY: CANARIES.servingEnvironmentValue } } };
  ws.registeredModels = [{ name: "churn-model" }];
  ws.workspaceObjects = [
    { path: "/Users", type: "DIRECTORY" },
    { path: "/Users/dana@contoso.example", type: "DIRECTORY" },
    {
      path: "/Users/dana@contoso.example/load-sales",
      type: "NOTEBOOK",
      content: `# Databricks notebook source\njdbc_password = "${CANARIES.metastorePassword}"\ntoken = "${CANARIES.tokenValue}"\n`,
    },
    { path: "/Shared", type: "DIRECTORY" },
    { path: "/Shared/readme.md", type: "FILE", content: "# shared\nuse dbutils.secrets.get for credentials\n" },
  ];
  ws.globalInitScripts = initScripts(now);
  return ws;
}

function typicalPersona(now: number): PersonaWorkspace {
  const name = "adb-typical";
  const vnetId = armId("Microsoft.Network/virtualNetworks", "vnet-typical");
  const ws = emptyWorkspace(
    "typical",
    name,
    armWorkspace(name, "1000000000000002", "westeurope", {
      parameters: {
        ...defaultParameters("dbstoragetypical02"),
        customVirtualNetworkId: stringParam(vnetId),
        customPublicSubnetName: stringParam("snet-host"),
        customPrivateSubnetName: stringParam("snet-container"),
      },
      isUcEnabled: false,
    }),
  );
  for (const s of [
    subnet(vnetId, "snet-host", "10.20.0.0/24", {
      nsg: "nsg-databricks",
      natGateway: "nat-typical",
      defaultOutboundAccess: true,
    }),
    subnet(vnetId, "snet-container", "10.20.1.0/24", {
      nsg: "nsg-databricks",
      natGateway: "nat-typical",
      defaultOutboundAccess: true,
    }),
    nsg("nsg-databricks", false),
  ])
    ws.resources[String(s.id).toLowerCase()] = s;
  Object.assign(
    ws.resources,
    storage(
      `${SUB}/resourceGroups/databricks-rg-${name}/providers/Microsoft.Storage/storageAccounts/dbstoragetypical02`,
      {},
    ),
  );
  Object.assign(ws.resources, vault("kv-typical-secrets", false));
  ws.roleAssignments = [roleAssignment("ra-11", "b0000000-0000-4000-8000-000000000001", "Group", OWNER, SUB)];
  // An older workspace that does not know the enableDcs key: asking for it fails the whole batch with 400.
  ws.workspaceConf = withoutKeys({ ...UNSET_CONF, enableIpAccessLists: "true", maxTokenLifetimeDays: "90" }, [
    "enableDcs",
  ]);
  ws.ipAccessLists = [
    {
      list_id: "ial-1",
      label: "corp-vpn",
      list_type: "ALLOW",
      ip_addresses: ["203.0.113.0/24"],
      address_count: 1,
      enabled: true,
      created_by: 1,
      updated_at: now - 40 * DAY,
    },
    {
      list_id: "ial-2",
      label: "office",
      list_type: "ALLOW",
      ip_addresses: ["198.51.100.16/28"],
      address_count: 1,
      enabled: true,
      created_by: 1,
      updated_at: now - 40 * DAY,
    },
    {
      list_id: "ial-3",
      label: "blocked",
      list_type: "BLOCK",
      ip_addresses: ["192.0.2.66"],
      address_count: 1,
      enabled: true,
      created_by: 1,
      updated_at: now - 40 * DAY,
    },
  ];
  ws.tokens = [
    token("b2f0c0de0001", "dana@contoso.example", 150, null, now, "created before the lifetime limit"),
    token("b2f0c0de0002", "lee@contoso.example", 20, 5, now, "dbt"),
  ];
  ws.tokenPermissions = acl([["group_name", "users", "CAN_USE"]]);
  ws.clusters = [
    cluster(
      { cluster_id: "0401-090909-analytic1", cluster_name: "analytics-shared", data_security_mode: "USER_ISOLATION" },
      now,
      3,
    ),
    cluster(
      {
        cluster_id: "0401-090909-legacy002",
        cluster_name: "legacy-standard",
        data_security_mode: "NONE",
        state: "TERMINATED",
      },
      now,
      20,
    ),
  ];
  ws.permissions["clusters/0401-090909-analytic1"] = acl([
    ["group_name", "admins", "CAN_MANAGE"],
    ["user_name", "joe@contoso.example", "CAN_ATTACH_TO"],
  ]);
  ws.permissions["clusters/0401-090909-legacy002"] = acl([["group_name", "admins", "CAN_MANAGE"]]);
  ws.groups = [
    group("1001", "admins", [
      ["Users", "u-1", "dana@contoso.example"],
      ["Users", "u-2", "lee@contoso.example"],
      ["Users", "u-3", "sam@contoso.example"],
      ["ServicePrincipals", "sp-1", ETL_SP],
    ]),
    group("3001", "users", [], { entitlements: ["workspace-access", "databricks-sql-access"] }),
  ];
  ws.users = ["dana", "lee", "sam", "joe"].map((n, i) =>
    user(`u-${i + 1}`, `${n}@contoso.example`, { externalId: i < 2 }),
  );
  ws.secretScopes = [
    {
      name: "app",
      backend_type: "AZURE_KEYVAULT",
      keyvault_metadata: {
        resource_id: armId("Microsoft.KeyVault/vaults", "kv-typical-secrets"),
        dns_name: "https://kv-typical-secrets.vault.azure.net/",
      },
    },
  ];
  ws.secretAcls.app = [{ principal: "analysts", permission: "READ" }];
  ws.sqlWarehouses = [
    warehouse({ id: EMULATOR_WAREHOUSE_ID, name: "analytics", auto_stop_mins: 45 }, { Team: "analytics" }),
  ];
  ws.servingEndpoints = [
    {
      name: "churn-scoring",
      id: "7f3e9d2c1b0a4e5f8a6b5c4d3e2f1a02",
      creator: "dana@contoso.example",
      config: { served_entities: [{ name: "churn", entity_name: "churn-model" }] },
    },
  ];
  ws.workspaceObjects = [
    { path: "/Shared", type: "DIRECTORY" },
    {
      path: "/Shared/report",
      type: "NOTEBOOK",
      content: "# Databricks notebook source\nkey = dbutils.secrets.get('app', 'key')\n",
    },
  ];
  ws.globalInitScripts = initScripts(now);
  return ws;
}

function hardenedPersona(now: number, location: string): PersonaWorkspace {
  const name = "adb-hardened";
  const vnetId = armId("Microsoft.Network/virtualNetworks", "vnet-hardened");
  const resourceId = armId("Microsoft.Databricks/workspaces", name);
  const cmkVault = "https://kv-lakeward-cmk.vault.azure.net/";
  const endpoint = (groupId: string) => ({
    id: `${resourceId}/privateEndpointConnections/${name}.${groupId}`,
    name: `${name}.${groupId}`,
    type: "Microsoft.Databricks/workspaces/privateEndpointConnections",
    properties: {
      privateEndpoint: { id: armId("Microsoft.Network/privateEndpoints", `pe-${groupId}`) },
      groupIds: [groupId],
      privateLinkServiceConnectionState: { status: "Approved", description: "Auto-Approved", actionsRequired: "None" },
      provisioningState: "Succeeded",
    },
  });
  const ws = emptyWorkspace(
    "hardened",
    name,
    armWorkspace(
      name,
      "1000000000000003",
      location,
      {
        parameters: {
          ...defaultParameters("dbstoragehardened03"),
          customVirtualNetworkId: stringParam(vnetId),
          customPublicSubnetName: stringParam("snet-host"),
          customPrivateSubnetName: stringParam("snet-container"),
          prepareEncryption: boolParam(true),
          requireInfrastructureEncryption: boolParam(true),
          encryption: {
            type: "Object",
            value: {
              keySource: "Microsoft.Keyvault",
              KeyName: "dbfs-root",
              keyversion: "5c1e7a9b3d2f4068a1c3e5b7d9f0a2c4",
              keyvaulturi: cmkVault,
            },
          },
        },
        publicNetworkAccess: "Disabled",
        requiredNsgRules: "NoAzureDatabricksRules",
        privateEndpointConnections: [endpoint("databricks_ui_api"), endpoint("browser_authentication")],
        encryption: {
          entities: {
            managedServices: {
              keySource: "Microsoft.Keyvault",
              keyVaultProperties: {
                keyVaultUri: cmkVault,
                keyName: "managed-services",
                keyVersion: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
              },
            },
            managedDisk: {
              keySource: "Microsoft.Keyvault",
              keyVaultProperties: {
                keyVaultUri: cmkVault,
                keyName: "managed-disks",
                keyVersion: "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
              },
              rotationToLatestKeyVersionEnabled: true,
            },
          },
        },
        enhancedSecurityCompliance: {
          automaticClusterUpdate: { value: "Enabled" },
          complianceSecurityProfile: { value: "Enabled", complianceStandards: ["HIPAA", "PCI_DSS"] },
          enhancedSecurityMonitoring: { value: "Enabled" },
        },
        defaultStorageFirewall: "Enabled",
        accessConnector: {
          id: armId("Microsoft.Databricks/accessConnectors", "ac-hardened"),
          identityType: "SystemAssigned",
        },
        managedDiskIdentity: {
          principalId: "33333333-3333-4333-8333-333333333333",
          tenantId: EMULATOR_TENANT,
          type: "SystemAssigned",
        },
        storageAccountIdentity: {
          principalId: "55555555-5555-4555-8555-555555555555",
          tenantId: EMULATOR_TENANT,
          type: "SystemAssigned",
        },
        diskEncryptionSetId: `${SUB}/resourceGroups/databricks-rg-${name}/providers/Microsoft.Compute/diskEncryptionSets/des-${name}`,
      },
      { tags: { CostCenter: "cc-1234", Owner: "platform@contoso.example" } },
    ),
  );
  ws.diagnosticSettings = [
    {
      id: `${resourceId}/providers/microsoft.insights/diagnosticSettings/to-sentinel`,
      name: "to-sentinel",
      type: "Microsoft.Insights/diagnosticSettings",
      properties: {
        workspaceId: armId("Microsoft.OperationalInsights/workspaces", "law-security"),
        logs: [{ categoryGroup: "allLogs", enabled: true, retentionPolicy: { enabled: false, days: 0 } }],
        metrics: [],
        logAnalyticsDestinationType: "Dedicated",
      },
    },
  ];
  for (const s of [
    subnet(vnetId, "snet-host", "10.30.0.0/24", {
      nsg: "nsg-databricks-hardened",
      routeTable: "rt-to-firewall",
      defaultOutboundAccess: false,
    }),
    subnet(vnetId, "snet-container", "10.30.1.0/24", {
      nsg: "nsg-databricks-hardened",
      routeTable: "rt-to-firewall",
      defaultOutboundAccess: false,
    }),
    nsg("nsg-databricks-hardened", true),
    routeTable("rt-to-firewall", "10.30.255.4"),
  ])
    ws.resources[String(s.id).toLowerCase()] = s;
  const datalake = armId("Microsoft.Storage/storageAccounts", "contosodatalakesec");
  Object.assign(
    ws.resources,
    storage(
      `${SUB}/resourceGroups/databricks-rg-${name}/providers/Microsoft.Storage/storageAccounts/dbstoragehardened03`,
      {
        defaultAction: "Deny",
        publicNetworkAccess: "Disabled",
        privateEndpoints: 2,
        softDelete: true,
        versioning: true,
      },
    ),
    storage(datalake, {
      defaultAction: "Deny",
      publicNetworkAccess: "Disabled",
      privateEndpoints: 1,
      softDelete: true,
      versioning: true,
    }),
    vault("kv-lakeward-cmk", true),
  );
  ws.roleAssignments = [
    roleAssignment("ra-21", "c0000000-0000-4000-8000-000000000001", "Group", OWNER, SUB),
    roleAssignment("ra-22", "c0000000-0000-4000-8000-000000000002", "User", READER, resourceId),
  ];
  ws.locks = [lock(resourceId, "no-delete"), lock(datalake, "no-delete-datalake")];
  ws.workspaceConf = { ...HARDENED_CONF };
  ws.settings = {
    automatic_cluster_update: {
      setting_name: "default",
      automatic_cluster_update_workspace: { enabled: true, can_toggle: true },
    },
    shield_csp_enablement_ws_db: {
      setting_name: "default",
      compliance_security_profile_workspace: { is_enabled: true, compliance_standards: ["HIPAA", "PCI_DSS"] },
    },
    shield_esm_enablement_ws_db: {
      setting_name: "default",
      enhanced_security_monitoring_workspace: { is_enabled: true },
    },
    restrict_workspace_admins: {
      setting_name: "default",
      restrict_workspace_admins: { status: "RESTRICT_TOKENS_AND_JOB_RUN_AS" },
    },
    disable_legacy_dbfs: { setting_name: "default", disable_legacy_dbfs: { value: true } },
    disable_legacy_access: { setting_name: "default", disable_legacy_access: { value: true } },
    sql_results_download: { setting_name: "default", boolean_val: { value: false } },
  };
  ws.ipAccessLists = [
    {
      list_id: "ial-1",
      label: "corp-egress",
      list_type: "ALLOW",
      ip_addresses: ["203.0.113.0/26", "2001:db8:1200::/48"],
      address_count: 2,
      enabled: true,
      created_by: 1,
      updated_at: now - 10 * DAY,
    },
  ];
  // Personal access tokens are disabled: automation uses Entra ID tokens of service principals.
  ws.tokens = [];
  ws.tokenPermissions = acl([["group_name", "admins", "CAN_MANAGE"]]);
  const tags = { CostCenter: "cc-1234", Owner: "analytics@contoso.example" };
  const encrypted = { "spark.io.encryption.enabled": "true", "spark.network.crypto.enabled": "true" };
  ws.clusters = [
    cluster(
      {
        cluster_id: "0501-080808-secure001",
        cluster_name: "analytics-standard",
        data_security_mode: "USER_ISOLATION",
        enable_local_disk_encryption: true,
        policy_id: "P-SMALL",
        custom_tags: tags,
        spark_conf: {
          "fs.azure.account.key.contosodatalake.dfs.core.windows.net": "{{secrets/datalake/account-key}}",
          ...encrypted,
        },
      },
      now,
      2,
    ),
    cluster(
      {
        cluster_id: "0501-080808-secure002",
        cluster_name: "ml-dedicated",
        data_security_mode: "SINGLE_USER",
        single_user_name: "lee@contoso.example",
        enable_local_disk_encryption: true,
        policy_id: "P-SMALL",
        custom_tags: { CostCenter: "cc-1234", Owner: "ml@contoso.example" },
        spark_conf: encrypted,
        last_restarted_time: now - DAY,
      },
      now,
      30,
    ),
  ];
  ws.groups = [
    group("1001", "admins", [
      ["Users", "u-11", "admin-dana@contoso.example"],
      ["Users", "u-12", "admin-lee@contoso.example"],
      ["ServicePrincipals", "sp-2", DEPLOY_SP],
    ]),
    group("3001", "users", [], { entitlements: ["workspace-access", "databricks-sql-access"] }),
    group("4001", "analysts", [["Users", "u-13", "lee@contoso.example"]], { externalId: "aad-analysts" }),
    // The metastore's owner group, synced from Entra ID and assigned to the workspace.
    group("5001", "metastore-admins", [["Users", "u-12", "admin-lee@contoso.example"]], {
      externalId: "aad-metastore-admins",
    }),
  ];
  // Only admins manage the cluster whose conf references the data lake key; the dedicated one is lee's alone.
  ws.permissions["clusters/0501-080808-secure001"] = acl([["group_name", "admins", "CAN_MANAGE"]]);
  ws.permissions["clusters/0501-080808-secure002"] = acl([
    ["user_name", "lee@contoso.example", "CAN_RESTART"],
    ["group_name", "admins", "CAN_MANAGE"],
  ]);
  ws.users = [
    user("u-11", "admin-dana@contoso.example", { externalId: true, groups: ["admins"] }),
    user("u-12", "admin-lee@contoso.example", { externalId: true, groups: ["admins"] }),
    user("u-13", "lee@contoso.example", {
      externalId: true,
      groups: ["analysts"],
      entitlements: ["workspace-access", "databricks-sql-access"],
    }),
  ];
  ws.servicePrincipals = [
    { id: "sp-2", applicationId: DEPLOY_SP, displayName: "deploy", active: true, entitlements: [] },
    { id: "sp-1", applicationId: ETL_SP, displayName: "etl", active: true, entitlements: [] },
  ];
  ws.jobs = [
    job(101, "nightly-etl", ETL_SP, {
      schedule: true,
      creator: "admin-dana@contoso.example",
      cluster: {
        spark_version: "15.4.x-scala2.12",
        node_type_id: "Standard_D4ds_v5",
        num_workers: 2,
        data_security_mode: "SINGLE_USER",
        policy_id: "P-SMALL",
        enable_local_disk_encryption: true,
        custom_tags: tags,
        spark_conf: encrypted,
      },
    }),
  ];
  ws.permissions["jobs/101"] = acl([
    ["service_principal_name", ETL_SP, "IS_OWNER"],
    ["group_name", "admins", "CAN_MANAGE"],
    ["group_name", "analysts", "CAN_VIEW"],
  ]);
  ws.secretScopes = [
    {
      name: "datalake",
      backend_type: "AZURE_KEYVAULT",
      keyvault_metadata: { resource_id: armId("Microsoft.KeyVault/vaults", "kv-lakeward-cmk"), dns_name: cmkVault },
    },
  ];
  ws.secretAcls.datalake = [{ principal: "analysts", permission: "READ" }];
  ws.clusterPolicies = [
    {
      policy_id: "P-SMALL",
      name: "small-shared",
      is_default: false,
      definition: JSON.stringify({
        autotermination_minutes: { type: "range", minValue: 10, maxValue: 120, defaultValue: 60 },
        driver_node_type_id: { type: "allowlist", values: ["Standard_D4ds_v5", "Standard_D8ds_v5"] },
        "autoscale.max_workers": { type: "range", maxValue: 8 },
        num_workers: { type: "range", maxValue: 8 },
        node_type_id: { type: "allowlist", values: ["Standard_D4ds_v5", "Standard_D8ds_v5"] },
        "custom_tags.CostCenter": { type: "fixed", value: "cc-1234" },
        "spark_conf.spark.io.encryption.enabled": { type: "fixed", value: "true" },
        "spark_conf.spark.network.crypto.enabled": { type: "fixed", value: "true" },
        enable_local_disk_encryption: { type: "fixed", value: true },
      }),
    },
  ];
  ws.permissions["cluster-policies/P-SMALL"] = acl([["group_name", "analysts", "CAN_USE"]]);
  // Each warehouse to the group that needs it; nothing to users.
  ws.permissions[`warehouses/${EMULATOR_WAREHOUSE_ID}`] = acl([
    ["user_name", "admin-dana@contoso.example", "IS_OWNER"],
    ["group_name", "analysts", "CAN_USE"],
  ]);
  ws.instancePools = [{ instance_pool_id: "pool-1", instance_pool_name: "warm-small", custom_tags: tags }];
  ws.sqlWarehouses = [
    warehouse({ id: EMULATOR_WAREHOUSE_ID, name: "bi-serverless", creator_name: "admin-dana@contoso.example" }, tags, {
      serverless: true,
    }),
    warehouse(
      {
        id: "d3e1f2a3b4c50003",
        name: "finance-reporting",
        auto_stop_mins: 30,
        creator_name: "admin-lee@contoso.example",
      },
      { CostCenter: "cc-2001", Owner: "finance@contoso.example" },
    ),
  ];
  ws.libraries = [
    {
      cluster_id: "0501-080808-secure001",
      library_statuses: [
        {
          library: { pypi: { package: "requests==2.32.3", repo: "https://pkgs.contoso.example/simple" } },
          status: "INSTALLED",
        },
      ],
    },
  ];
  ws.dbfs = {};
  ws.unityCatalog = {
    assignment: {
      metastore_id: "0a1b2c3d-0000-4000-8000-00000000ae02",
      workspace_id: 1000000000000003,
      default_catalog_name: "main",
    },
    summary: {
      ...metastore({
        owner: "metastore-admins",
        sharingLifetimeDays: 30,
        storageAccount: "contosodatalakesec",
      }),
      metastore_id: "0a1b2c3d-0000-4000-8000-00000000ae02",
    },
    systemSchemas: systemSchemas(true),
    storageCredentials: [
      {
        name: "uc-access-connector",
        owner: "metastore-admins",
        azure_managed_identity: { access_connector_id: armId("Microsoft.Databricks/accessConnectors", "ac-hardened") },
      },
    ],
    externalLocations: [
      {
        name: "raw",
        url: "abfss://raw@contosodatalakesec.dfs.core.windows.net/",
        credential_name: "uc-access-connector",
        owner: "metastore-admins",
      },
    ],
    recipients: [
      {
        name: "partner-co",
        authentication_type: "TOKEN",
        ip_access_list: { allowed_ip_addresses: ["198.51.100.0/24"] },
      },
    ],
    // Bound to this workspace only, each with managed storage of its own on the private data lake account.
    catalogs: [
      ucCatalog("main", "data-platform", {
        isolated: true,
        storageRoot: "abfss://catalogs@contosodatalakesec.dfs.core.windows.net/main",
      }),
      ucCatalog("finance", "finance-admins", {
        isolated: true,
        storageRoot: "abfss://finance@contosodatalakesec.dfs.core.windows.net/",
      }),
      {
        ...ucCatalog("partner_data", "sharing-admins", { isolated: true }),
        catalog_type: "DELTASHARING_CATALOG",
        securable_kind: "CATALOG_DELTASHARING",
        provider_name: "partner-co",
        share_name: "sales",
      },
      SYSTEM_CATALOG,
    ],
    allowlists: {
      INIT_SCRIPT: [{ artifact: "/Volumes/main/platform/init/", match_type: "PREFIX_MATCH" }],
      LIBRARY_JAR: [{ artifact: "/Volumes/main/platform/jars/", match_type: "PREFIX_MATCH" }],
      LIBRARY_MAVEN: [{ artifact: "com.contoso:", match_type: "PREFIX_MATCH" }],
    },
    grants: [{ principal: "sharing-admins", privileges: ["CREATE_RECIPIENT", "CREATE_SHARE"] }],
    schemas: [
      ...standardSchemas("main", "data-platform"),
      ucSchema("main", "hr", "hr-admins"),
      ...standardSchemas("finance", "finance-admins"),
      ucSchema("finance", "ledger", "finance-admins"),
    ],
    tables: [
      ucTable("main.default.events", "data-platform"),
      ucTable("main.hr.salaries", "hr-admins"),
      ucTable("finance.ledger.entries", "finance-admins"),
    ],
    volumes: [ucVolume("finance.ledger.statements", "finance-admins")],
    // Named groups only. hr-analysts hold SELECT on main.hr but not USE CATALOG on main, and auditors SELECT on
    // finance.ledger.entries but neither USE CATALOG nor USE SCHEMA above it: neither can read those tables.
    securableGrants: {
      "catalog/main": [{ principal: "analysts", privileges: ["USE_CATALOG", "USE_SCHEMA", "SELECT"] }],
      "catalog/finance": [{ principal: "finance-admins", privileges: ["ALL_PRIVILEGES"] }],
      "external_location/raw": [{ principal: "data-platform", privileges: ["READ_FILES"] }],
      "schema/main.hr": [{ principal: "hr-analysts", privileges: ["USE_SCHEMA", "SELECT"] }],
      "table/finance.ledger.entries": [{ principal: "auditors", privileges: ["SELECT"] }],
      "volume/finance.ledger.statements": [{ principal: "finance-admins", privileges: ["READ_VOLUME"] }],
    },
  };
  ws.repos = [
    {
      id: 7001,
      path: "/Repos/platform/etl",
      url: "https://github.com/contoso/etl",
      provider: "gitHub",
      branch: "main",
    },
  ];
  ws.servingEndpoints = [
    {
      name: "chat",
      id: "7f3e9d2c1b0a4e5f8a6b5c4d3e2f1a03",
      creator: "admin-dana@contoso.example",
      config: {
        served_entities: [
          {
            name: "gpt",
            external_model: {
              provider: "openai",
              name: "gpt-4o",
              task: "llm/v1/chat",
              // serving.OpenAiConfig: a plaintext key is a field of the model (a canary: never kept).
              openai_config: { openai_api_key_plaintext: CANARIES.servingExternalModelKey },
            },
          },
        ],
      },
      ai_gateway: { usage_tracking_config: { enabled: true }, guardrails: { input: { pii: { behavior: "BLOCK" } } } },
    },
  ];
  ws.vectorSearchEndpoints = [{ name: "docs-search", endpoint_type: "STANDARD" }];
  ws.workspaceObjects = [
    { path: "/Repos", type: "DIRECTORY" },
    { path: "/Repos/platform", type: "DIRECTORY" },
    {
      path: "/Repos/platform/etl",
      type: "NOTEBOOK",
      content: "# Databricks notebook source\nkey = dbutils.secrets.get('datalake', 'account-key')\n",
    },
  ];
  ws.networkPolicyId = "restricted-egress";
  return ws;
}

function regulatedPersona(now: number): PersonaWorkspace {
  const ws = hardenedPersona(now, "westeurope");
  const name = "adb-regulated";
  const resourceId = armId("Microsoft.Databricks/workspaces", name);
  const arm = structuredClone(ws.arm);
  arm.id = resourceId;
  arm.name = name;
  arm.tags = { CostCenter: "cc-9999" };
  const p = arm.properties;
  p.workspaceId = "1000000000000004";
  p.managedResourceGroupId = `${SUB}/resourceGroups/databricks-rg-${name}`;
  p.parameters = { ...p.parameters, storageAccountName: stringParam("dbstorageregulated04") };
  // Prepared for a DBFS key, but the key was never applied.
  delete p.parameters.encryption;
  // Back-end Private Link switched on without its endpoint: a broken configuration.
  p.privateEndpointConnections = [];
  p.publicNetworkAccess = "Enabled";
  // Disk key pinned to one version.
  if (p.encryption?.entities.managedDisk) p.encryption.entities.managedDisk.rotationToLatestKeyVersionEnabled = false;
  p.enhancedSecurityCompliance = undefined;
  p.defaultStorageFirewall = "Disabled";
  const resources = { ...ws.resources };
  for (const key of Object.keys(resources)) if (key.includes("dbstoragehardened03")) delete resources[key];
  // The DBFS root behind a firewall-less default; its soft delete is Databricks-managed.
  Object.assign(
    resources,
    storage(
      `${SUB}/resourceGroups/databricks-rg-${name}/providers/Microsoft.Storage/storageAccounts/dbstorageregulated04`,
      {},
    ),
  );
  Object.assign(
    resources,
    storage(armId("Microsoft.Storage/storageAccounts", "contosolegacylake"), { publicAccess: true, tls: "TLS1_0" }),
  );
  // A catalog's own managed storage: private, but nobody turned on soft delete or versioning.
  Object.assign(
    resources,
    storage(armId("Microsoft.Storage/storageAccounts", "contosoclaimsuc"), {
      defaultAction: "Deny",
      publicNetworkAccess: "Disabled",
      privateEndpoints: 1,
    }),
  );
  const regulated: PersonaWorkspace = {
    ...ws,
    resources,
    persona: "regulated",
    name,
    resourceId,
    arm,
    diagnosticSettings: [
      {
        id: `${resourceId}/providers/microsoft.insights/diagnosticSettings/partial`,
        name: "partial",
        properties: {
          storageAccountId: armId("Microsoft.Storage/storageAccounts", "stlogs"),
          logs: ["accounts", "clusters", "notebook", "jobs", "workspace", "auditLogs"].map((category) => ({
            category,
            enabled: true,
          })),
        },
      },
    ],
    locks: [],
    workspaceConf: {
      ...HARDENED_CONF,
      enableTokensConfig: "true",
      enableFileStoreEndpoint: "true",
      enableWebTerminal: "true",
      enforceWorkspaceViewAcls: "false",
      "enable-X-Frame-Options": "false",
    },
    settings: {
      ...ws.settings,
      automatic_cluster_update: null,
      shield_csp_enablement_ws_db: null,
      shield_esm_enablement_ws_db: null,
    },
    tokens: [token("d4f0c0de0001", DEPLOY_SP, 10, 80, now, "deploy pipeline")],
    tokenPermissions: acl([["group_name", "automation", "CAN_USE"]]),
    clusterPolicies: [
      {
        policy_id: "P-OPEN",
        name: "open-ended",
        is_default: false,
        definition: JSON.stringify({
          node_type_id: { type: "allowlist", values: ["Standard_D4ds_v5"] },
          "autoscale.max_workers": { type: "range", maxValue: 50 },
          // A storage key fixed in a policy: visible to everyone who can use or view the policy.
          "spark_conf.fs.azure.account.key.contosolegacylake.dfs.core.windows.net": {
            type: "fixed",
            value: CANARIES.storageAccountKey,
          },
        }),
      },
    ],
    clusters: ws.clusters.map((c) => ({
      ...c,
      policy_id: "P-OPEN",
      spark_conf: {},
      enable_local_disk_encryption: false,
    })),
    jobs: ws.jobs.map((j) => ({ ...j, settings: { ...(j.settings as Json), job_clusters: [] } })),
    unityCatalog: {
      ...ws.unityCatalog,
      // A legacy landing zone, never hardened: anonymous blob access, TLS 1.0, no soft delete.
      externalLocations: [
        ...ws.unityCatalog.externalLocations,
        {
          name: "legacy-landing",
          url: "abfss://landing@contosolegacylake.dfs.core.windows.net/",
          credential_name: "uc-access-connector",
        },
      ],
      recipients: [{ name: "partner-co", authentication_type: "TOKEN" }],
      catalogs: [
        ...ws.unityCatalog.catalogs,
        ucCatalog("claims", "claims-admins", {
          isolated: true,
          storageRoot: "abfss://claims@contosoclaimsuc.dfs.core.windows.net/",
        }),
      ],
      summary: { ...ws.unityCatalog.summary, delta_sharing_recipient_token_lifetime_in_seconds: 365 * 86_400 },
    },
    networkPolicyId: "dry-run-egress",
  };
  return regulated;
}

function serverlessPersona(now: number): PersonaWorkspace {
  const name = "adb-serverless";
  const resourceId = armId("Microsoft.Databricks/workspaces", name);
  const arm = armWorkspace(name, "1000000000000005", "westeurope", {
    computeMode: "Serverless",
    managedResourceGroupId: undefined,
    publicNetworkAccess: "Disabled",
    requiredNsgRules: undefined,
    defaultStorageFirewall: undefined,
    privateEndpointConnections: [
      {
        id: `${resourceId}/privateEndpointConnections/${name}.ui`,
        properties: {
          privateEndpoint: { id: armId("Microsoft.Network/privateEndpoints", "pe-serverless") },
          groupIds: ["databricks_ui_api"],
          privateLinkServiceConnectionState: { status: "Approved" },
        },
      },
    ],
  });
  delete arm.properties.managedResourceGroupId;
  const ws = emptyWorkspace("serverless", name, arm);
  ws.workspaceConf = {
    ...UNSET_CONF,
    enableIpAccessLists: "true",
    maxTokenLifetimeDays: "30",
    enableVerboseAuditLogs: "true",
  };
  ws.ipAccessLists = [
    {
      list_id: "ial-1",
      label: "corp",
      list_type: "ALLOW",
      ip_addresses: ["203.0.113.0/24"],
      address_count: 1,
      enabled: true,
    },
  ];
  ws.groups = [
    group("1001", "admins", [["Users", "u-1", "dana@contoso.example"]]),
    group("3001", "users", [], { entitlements: ["workspace-access"] }),
  ];
  ws.users = [user("u-1", "dana@contoso.example", { externalId: true })];
  ws.unityCatalog = { ...hardenedPersona(now, "westeurope").unityCatalog };
  ws.sqlWarehouses = [
    warehouse(
      { id: EMULATOR_WAREHOUSE_ID, name: "Serverless Starter Warehouse" },
      { Owner: "dana@contoso.example" },
      {
        serverless: true,
      },
    ),
  ];
  ws.networkPolicyId = "default-policy";
  return ws;
}

function standardSkuPersona(now: number): PersonaWorkspace {
  const name = "adb-standard";
  const vnetId = armId("Microsoft.Network/virtualNetworks", "vnet-standard");
  const ws = emptyWorkspace(
    "standard-sku",
    name,
    armWorkspace(
      name,
      "1000000000000006",
      "westeurope",
      {
        parameters: {
          ...defaultParameters("dbstoragestandard06"),
          enableNoPublicIp: boolParam(false),
          customVirtualNetworkId: stringParam(vnetId),
          customPublicSubnetName: stringParam("public"),
          customPrivateSubnetName: stringParam("private"),
        },
        isUcEnabled: false,
      },
      { sku: { name: "standard" } },
    ),
  );
  ws.premium = false;
  for (const s of [
    subnet(vnetId, "public", "10.40.0.0/24", { nsg: "nsg-standard" }),
    subnet(vnetId, "private", "10.40.1.0/24", {}),
    nsg("nsg-standard", false),
  ])
    ws.resources[String(s.id).toLowerCase()] = s;
  Object.assign(
    ws.resources,
    storage(
      `${SUB}/resourceGroups/databricks-rg-${name}/providers/Microsoft.Storage/storageAccounts/dbstoragestandard06`,
      {},
    ),
  );
  ws.tokens = [token("e5f0c0de0001", "joe@contoso.example", 30, 30, now, "cli")];
  ws.clusters = [
    cluster({ cluster_id: "0601-070707-std00001", cluster_name: "team", data_security_mode: "NONE" }, now, 1),
  ];
  ws.groups = [
    group("1001", "admins", [["Users", "u-1", "joe@contoso.example"]]),
    group("3001", "users", [], { entitlements: ["workspace-access", "allow-cluster-create"] }),
  ];
  ws.users = [user("u-1", "joe@contoso.example")];
  return ws;
}

/** Builds a persona; `location` is where the hardened workspace lives (its environment decides). */
export function buildPersona(name: PersonaName, now = Date.now(), hardenedLocation = "northeurope"): PersonaWorkspace {
  const ws = buildBasePersona(name, now, hardenedLocation);
  addPlatform2026(ws, name, now);
  return ws;
}

function buildBasePersona(name: PersonaName, now: number, hardenedLocation: string): PersonaWorkspace {
  switch (name) {
    case "default":
      return defaultPersona(now);
    case "typical":
      return typicalPersona(now);
    case "hardened":
      return hardenedPersona(now, hardenedLocation);
    case "regulated":
      return regulatedPersona(now);
    case "serverless":
      return serverlessPersona(now);
    case "standard-sku":
      return standardSkuPersona(now);
  }
}

export function isPersonaName(value: string): value is PersonaName {
  return (PERSONA_NAMES as readonly string[]).includes(value);
}
