/**
 * Emulator personas: fixture workspaces in the real APIs' wire formats (ARM JSON for Azure, the
 * Databricks REST shapes typed by the SDK for the workspace API). Each persona is built relative to the
 * emulator's start time so token ages and cluster uptimes stay meaningful.
 *
 *   default  — a workspace as the Azure portal creates it with its defaults (Premium, NPIP on, managed
 *              VNet, public access, no diagnostics, no IP lists, everything else never set).
 *   typical  — what most teams add: VNet injection with NSGs, NPIP, IP access lists, a token lifetime.
 *   hardened — everything the `high` profile asks for.
 */
import type { compute, settings } from "@databricks/sdk-experimental";
import { CANARIES } from "./canaries.ts";

export const EMULATOR_SUBSCRIPTION = "7a4c2f10-3b5d-4e6f-8a9b-0c1d2e3f4a5b";
export const EMULATOR_RESOURCE_GROUP = "rg-lakeward-emulator";
export const EMULATOR_TENANT = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

export const PERSONA_NAMES = ["default", "typical", "hardened"] as const;
export type PersonaName = (typeof PERSONA_NAMES)[number];

/** Any JSON object, as the wire carries it. */
export type Json = Record<string, unknown>;

export interface ScimGroup {
  id: string;
  displayName: string;
  members: { value: string; display: string; $ref: string }[];
}

export interface PersonaWorkspace {
  persona: PersonaName;
  name: string;
  resourceId: string;
  /** The ARM resource, without workspaceUrl (the server fills it with its own address). */
  arm: Json;
  diagnosticSettings: Json[];
  diagnosticCategories: string[];
  /** Subnets by lower-cased resource id. */
  subnets: Record<string, Json>;
  /** workspace-conf values; a key absent from this map is unknown to the workspace (400 when asked). */
  workspaceConf: Record<string, string | null>;
  ipAccessLists: settings.IpAccessListInfo[];
  tokens: settings.TokenInfo[];
  tokenPermissions: settings.TokenPermissions;
  clusters: compute.ClusterDetails[];
  groups: ScimGroup[];
  globalInitScripts: {
    script_id: string;
    name: string;
    enabled: boolean;
    position: number;
    created_by: string;
    created_at: number;
    updated_at: number;
    script: string;
  }[];
}

const DAY = 86_400_000;

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

function withoutKeys(conf: Record<string, string | null>, keys: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(Object.entries(conf).filter(([key]) => !keys.includes(key)));
}

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
];

const armId = (provider: string, name: string, resourceGroup = EMULATOR_RESOURCE_GROUP) =>
  `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/${resourceGroup}/providers/${provider}/${name}`;

function stringParam(value: string) {
  return { type: "String", value };
}
function boolParam(value: boolean) {
  return { type: "Bool", value };
}

function armWorkspace(name: string, workspaceId: string, properties: Json, extra: Json = {}): Json {
  return {
    id: armId("Microsoft.Databricks/workspaces", name),
    name,
    type: "Microsoft.Databricks/workspaces",
    location: "westeurope",
    sku: { name: "premium" },
    tags: {},
    ...extra,
    properties: {
      computeMode: "Hybrid",
      managedResourceGroupId: `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/databricks-rg-${name}`,
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
      ...properties,
    },
  };
}

function defaultParameters(storageAccount: string): Json {
  return {
    enableNoPublicIp: boolParam(true),
    prepareEncryption: boolParam(false),
    requireInfrastructureEncryption: boolParam(false),
    storageAccountName: stringParam(storageAccount),
    storageAccountSkuName: stringParam("Standard_GRS"),
    vnetAddressPrefix: stringParam("10.139"),
  };
}

function subnet(
  vnetId: string,
  name: string,
  prefix: string,
  nsgName: string | null,
  routeTable: string | null,
): [string, Json] {
  const id = `${vnetId}/subnets/${name}`;
  return [
    id.toLowerCase(),
    {
      id,
      name,
      type: "Microsoft.Network/virtualNetworks/subnets",
      properties: {
        addressPrefix: prefix,
        provisioningState: "Succeeded",
        ...(nsgName ? { networkSecurityGroup: { id: armId("Microsoft.Network/networkSecurityGroups", nsgName) } } : {}),
        ...(routeTable ? { routeTable: { id: armId("Microsoft.Network/routeTables", routeTable) } } : {}),
        delegations: [{ name: "databricks-del", properties: { serviceName: "Microsoft.Databricks/workspaces" } }],
        privateEndpointNetworkPolicies: "Disabled",
      },
    },
  ];
}

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
  init: Partial<compute.ClusterDetails> & { cluster_id: string; cluster_name: string },
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
    creator_user_name: "dana@contoso.example",
    start_time: now - upDays * DAY,
    custom_tags: {},
    ...init,
  } as compute.ClusterDetails;
}

function group(
  id: string,
  displayName: string,
  members: [kind: "Users" | "Groups" | "ServicePrincipals", id: string, display: string][],
): ScimGroup {
  return {
    id,
    displayName,
    members: members.map(([kind, value, display]) => ({ value, display, $ref: `${kind}/${value}` })),
  };
}

function initScripts(now: number) {
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

// --- the personas ---------------------------------------------------------------------------------

function defaultPersona(now: number): PersonaWorkspace {
  const name = "adb-default";
  return {
    persona: "default",
    name,
    resourceId: armId("Microsoft.Databricks/workspaces", name),
    arm: armWorkspace(name, "1000000000000001", { parameters: defaultParameters("dbstoragedefault01") }),
    diagnosticSettings: [],
    diagnosticCategories: DIAGNOSTIC_CATEGORIES,
    subnets: {},
    workspaceConf: { ...UNSET_CONF },
    ipAccessLists: [],
    tokens: [
      token("a1f0c0de0001", "dana@contoso.example", 200, null, now, "notebook automation"),
      token("a1f0c0de0002", "lee@contoso.example", 30, 60, now, "dbt"),
      token("a1f0c0de0003", "sam@contoso.example", 410, null, now, "legacy ETL"),
    ],
    tokenPermissions: {
      object_id: "authorization/tokens",
      object_type: "tokens",
      access_control_list: [
        { group_name: "admins", all_permissions: [{ permission_level: "CAN_MANAGE" as "CAN_USE", inherited: false }] },
        { group_name: "users", all_permissions: [{ permission_level: "CAN_USE", inherited: false }] },
      ],
    },
    clusters: [
      cluster(
        {
          cluster_id: "0314-101010-shared01",
          cluster_name: "Shared Autoscaling",
          data_security_mode: "NONE",
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
    ],
    groups: [
      group("1001", "admins", [
        ["Users", "u-1", "dana@contoso.example"],
        ["Users", "u-2", "lee@contoso.example"],
        ["Users", "u-3", "sam@contoso.example"],
        ["Users", "u-4", "alex@contoso.example"],
        ["Users", "u-5", "kim@contoso.example"],
        ["Groups", "2001", "platform-team"],
      ]),
      group("2001", "platform-team", [
        ["Users", "u-6", "ola@contoso.example"],
        ["Users", "u-7", "ravi@contoso.example"],
        ["Users", "u-1", "dana@contoso.example"],
      ]),
      group("3001", "users", [["Users", "u-8", "joe@contoso.example"]]),
    ],
    globalInitScripts: initScripts(now),
  };
}

function typicalPersona(now: number): PersonaWorkspace {
  const name = "adb-typical";
  const vnetId = armId("Microsoft.Network/virtualNetworks", "vnet-typical");
  return {
    persona: "typical",
    name,
    resourceId: armId("Microsoft.Databricks/workspaces", name),
    arm: armWorkspace(name, "1000000000000002", {
      parameters: {
        ...defaultParameters("dbstoragetypical02"),
        customVirtualNetworkId: stringParam(vnetId),
        customPublicSubnetName: stringParam("snet-host"),
        customPrivateSubnetName: stringParam("snet-container"),
      },
    }),
    diagnosticSettings: [],
    diagnosticCategories: DIAGNOSTIC_CATEGORIES,
    subnets: Object.fromEntries([
      subnet(vnetId, "snet-host", "10.20.0.0/24", "nsg-databricks", null),
      subnet(vnetId, "snet-container", "10.20.1.0/24", "nsg-databricks", null),
    ]),
    // An older workspace that does not know the enableDcs key: asking for it fails the whole batch with 400.
    workspaceConf: withoutKeys({ ...UNSET_CONF, enableIpAccessLists: "true", maxTokenLifetimeDays: "90" }, [
      "enableDcs",
    ]),
    ipAccessLists: [
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
    ],
    tokens: [
      token("b2f0c0de0001", "dana@contoso.example", 150, null, now, "created before the lifetime limit"),
      token("b2f0c0de0002", "lee@contoso.example", 20, 70, now, "dbt"),
    ],
    tokenPermissions: {
      object_id: "authorization/tokens",
      object_type: "tokens",
      access_control_list: [
        { group_name: "users", all_permissions: [{ permission_level: "CAN_USE", inherited: false }] },
      ],
    },
    clusters: [
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
    ],
    groups: [
      group("1001", "admins", [
        ["Users", "u-1", "dana@contoso.example"],
        ["Users", "u-2", "lee@contoso.example"],
        ["Users", "u-3", "sam@contoso.example"],
        ["ServicePrincipals", "sp-1", "11111111-aaaa-4bbb-8ccc-000000000001"],
      ]),
    ],
    globalInitScripts: initScripts(now),
  };
}

function hardenedPersona(now: number): PersonaWorkspace {
  const name = "adb-hardened";
  const vnetId = armId("Microsoft.Network/virtualNetworks", "vnet-hardened");
  const resourceId = armId("Microsoft.Databricks/workspaces", name);
  const vault = "https://kv-lakeward-cmk.vault.azure.net/";
  const endpoint = (group: string) => ({
    id: `${resourceId}/privateEndpointConnections/${name}.${group}`,
    name: `${name}.${group}`,
    type: "Microsoft.Databricks/workspaces/privateEndpointConnections",
    properties: {
      privateEndpoint: { id: armId("Microsoft.Network/privateEndpoints", `pe-${group}`) },
      groupIds: [group],
      privateLinkServiceConnectionState: { status: "Approved", description: "Auto-Approved", actionsRequired: "None" },
      provisioningState: "Succeeded",
    },
  });
  return {
    persona: "hardened",
    name,
    resourceId,
    arm: armWorkspace(
      name,
      "1000000000000003",
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
              keyvaulturi: vault,
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
                keyVaultUri: vault,
                keyName: "managed-services",
                keyVersion: "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
              },
            },
            managedDisk: {
              keySource: "Microsoft.Keyvault",
              keyVaultProperties: {
                keyVaultUri: vault,
                keyName: "managed-disks",
                keyVersion: "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
              },
              rotationToLatestKeyVersionEnabled: true,
            },
          },
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
        diskEncryptionSetId: `/subscriptions/${EMULATOR_SUBSCRIPTION}/resourceGroups/databricks-rg-${name}/providers/Microsoft.Compute/diskEncryptionSets/des-${name}`,
      },
      { tags: { CostCenter: "cc-1234", Owner: "platform@contoso.example" } },
    ),
    diagnosticSettings: [
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
    ],
    diagnosticCategories: DIAGNOSTIC_CATEGORIES,
    subnets: Object.fromEntries([
      subnet(vnetId, "snet-host", "10.30.0.0/24", "nsg-databricks-hardened", "rt-to-firewall"),
      subnet(vnetId, "snet-container", "10.30.1.0/24", "nsg-databricks-hardened", "rt-to-firewall"),
    ]),
    workspaceConf: {
      ...UNSET_CONF,
      enableIpAccessLists: "true",
      enableTokensConfig: "true",
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
    },
    ipAccessLists: [
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
    ],
    tokens: [token("c3f0c0de0001", "11111111-aaaa-4bbb-8ccc-000000000002", 5, 25, now, "deploy pipeline")],
    tokenPermissions: {
      object_id: "authorization/tokens",
      object_type: "tokens",
      access_control_list: [
        { group_name: "admins", all_permissions: [{ permission_level: "CAN_MANAGE" as "CAN_USE", inherited: false }] },
        { group_name: "automation", all_permissions: [{ permission_level: "CAN_USE", inherited: false }] },
      ],
    },
    clusters: [
      cluster(
        {
          cluster_id: "0501-080808-secure001",
          cluster_name: "analytics-standard",
          data_security_mode: "USER_ISOLATION",
          enable_local_disk_encryption: true,
          custom_tags: { CostCenter: "cc-1234", Owner: "analytics@contoso.example" },
          spark_conf: {
            "fs.azure.account.key.contosodatalake.dfs.core.windows.net": "{{secrets/datalake/account-key}}",
            "spark.io.encryption.enabled": "true",
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
          custom_tags: { CostCenter: "cc-1234", Owner: "ml@contoso.example" },
          last_restarted_time: now - DAY,
        },
        now,
        30,
      ),
    ],
    groups: [
      group("1001", "admins", [
        ["Users", "u-11", "admin-dana@contoso.example"],
        ["Users", "u-12", "admin-lee@contoso.example"],
        ["ServicePrincipals", "sp-2", "11111111-aaaa-4bbb-8ccc-000000000002"],
      ]),
    ],
    globalInitScripts: [],
  };
}

const BUILDERS: Record<PersonaName, (now: number) => PersonaWorkspace> = {
  default: defaultPersona,
  typical: typicalPersona,
  hardened: hardenedPersona,
};

export function buildPersona(name: PersonaName, now = Date.now()): PersonaWorkspace {
  return BUILDERS[name](now);
}

export function isPersonaName(value: string): value is PersonaName {
  return (PERSONA_NAMES as readonly string[]).includes(value);
}
