/**
 * The emulator's ARM response bodies, typed with the vendor SDKs' own model types (@azure/arm-databricks
 * 2026-01-01, @azure/arm-monitor, @azure/arm-network; and, as exact-pinned devDependencies used only for these
 * types, @azure/arm-storage 2025-08-01, @azure/arm-keyvault 2026-02-01, @azure/arm-locks 2020-05-01,
 * @azure/arm-authorization 2022-04-01, @azure/arm-compute), so that a property the real API lacks, or a
 * misspelt one, fails the type check (test/emulator-types.test.ts shows it with `@ts-expect-error`).
 *
 * The SDKs' top-level models are flattened (`workspace.parameters`, not `workspace.properties.parameters`),
 * but each has a `…Properties` model that is the wire's `properties` object, property for property: those
 * are used as they are, with `Wire<>` for what JSON changes (dates are strings, nothing is read-only).
 * Where the wire and the SDK model differ, the difference is written out and cited:
 *   - Databricks `Encryption` is `KeyName` / `keyversion` / `keyvaulturi` on the wire (the spec's property
 *     names; the SDK renames them), azure-rest-api-specs Microsoft.Databricks/Databricks/models.tsp;
 *   - nested network resources (security rules, routes, delegations) keep their own `properties` on the wire
 *     (SecurityRulePropertiesFormat, RoutePropertiesFormat, ServiceDelegationPropertiesFormat);
 *   - Storage renames three wire properties (@azure/arm-storage storageAccountPropertiesDeserializer,
 *     encryptionDeserializer, keyVaultPropertiesDeserializer; spec Microsoft.Storage stable/2025-08-01
 *     storage.json StorageAccountProperties): `supportsHttpsTrafficOnly` (SDK enableHttpsTrafficOnly),
 *     `networkAcls` (SDK networkRuleSet), `encryption.keyvaultproperties` with `keyname`/`keyversion`/
 *     `keyvaulturi` (SDK keyVaultProperties.keyName/…), and a private endpoint connection keeps `properties`;
 *   - the older AutoRest SDKs (@azure/arm-locks, @azure/arm-authorization) flatten `properties` into the
 *     model (their mappers' serializedName "properties.level", "properties.principalId", …): the wire's
 *     `properties` is the model less the envelope (id, name, type, systemData).
 */

import type { RoleAssignment } from "@azure/arm-authorization";
import type { Usage } from "@azure/arm-compute";
import type {
  PrivateEndpointConnection,
  Sku,
  WorkspaceCustomParameters,
  WorkspaceProperties,
} from "@azure/arm-databricks";
import type { VaultProperties } from "@azure/arm-keyvault";
import type { ManagementLockObject } from "@azure/arm-locks";
import type { AlertRuleProperties, DiagnosticSettings, DiagnosticSettingsCategory } from "@azure/arm-monitor";
import type {
  NetworkSecurityGroupPropertiesFormat,
  RoutePropertiesFormat,
  RouteTablePropertiesFormat,
  SecurityRulePropertiesFormat,
  ServiceDelegationPropertiesFormat,
  SubnetPropertiesFormat,
} from "@azure/arm-network";
import type {
  BlobServicePropertiesProperties,
  StorageAccountProperties,
  Encryption as StorageEncryption,
  Kind as StorageKind,
  NetworkRuleSet as StorageNetworkRuleSet,
  PrivateEndpointConnectionProperties as StoragePrivateEndpointConnectionProperties,
  Sku as StorageSku,
} from "@azure/arm-storage";

/** An SDK model as JSON carries it: dates as ISO strings, read-only properties present. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Wire<T[K]> }
      : T;

/** A reference to another resource, as ARM writes one inside a resource. */
export type ResourceRef = { id: string };

/** The DBFS root CMK parameter with the spec's wire names (the SDK's Encryption calls them keyName, …). */
export type WorkspaceEncryptionWire = {
  type?: string;
  value?: { keySource?: string; KeyName?: string; keyversion?: string; keyvaulturi?: string };
};

export type ArmWorkspaceParameters = Omit<Wire<WorkspaceCustomParameters>, "encryption"> & {
  encryption?: WorkspaceEncryptionWire;
};

export type ArmWorkspaceProperties = Omit<Wire<WorkspaceProperties>, "parameters" | "privateEndpointConnections"> & {
  parameters?: ArmWorkspaceParameters;
  privateEndpointConnections?: Wire<PrivateEndpointConnection>[];
};

/** Microsoft.Databricks/workspaces, api 2026-01-01 (TrackedResource + WorkspaceProperties). */
export type ArmWorkspace = {
  id: string;
  name: string;
  type: string;
  location: string;
  tags?: Record<string, string>;
  sku?: Wire<Sku>;
  properties: ArmWorkspaceProperties;
};

/** Microsoft.Insights/diagnosticSettings, api 2021-05-01-preview. */
export type ArmDiagnosticSetting = {
  id: string;
  name: string;
  type?: string;
  properties: Wire<DiagnosticSettings>;
};

/** Microsoft.Insights/diagnosticSettingsCategories, api 2021-05-01-preview. */
export type ArmDiagnosticCategory = {
  id: string;
  name: string;
  type: string;
  properties: Wire<DiagnosticSettingsCategory>;
};

export type ArmSubnet = {
  id: string;
  name: string;
  type?: string;
  properties: Omit<
    Wire<SubnetPropertiesFormat>,
    "networkSecurityGroup" | "routeTable" | "natGateway" | "delegations"
  > & {
    networkSecurityGroup?: ResourceRef;
    routeTable?: ResourceRef;
    natGateway?: ResourceRef;
    delegations?: { name: string; properties: Wire<ServiceDelegationPropertiesFormat> }[];
  };
};

export type ArmNetworkSecurityGroup = {
  id: string;
  name: string;
  type: string;
  location: string;
  properties: Omit<Wire<NetworkSecurityGroupPropertiesFormat>, "securityRules" | "defaultSecurityRules" | "subnets"> & {
    securityRules?: { name: string; properties: Wire<SecurityRulePropertiesFormat> }[];
  };
};

export type ArmRouteTable = {
  id: string;
  name: string;
  type: string;
  location: string;
  properties: Omit<Wire<RouteTablePropertiesFormat>, "routes" | "subnets"> & {
    routes?: { name: string; properties: Wire<RoutePropertiesFormat> }[];
  };
};

/** The envelope ARM writes around a flattened AutoRest model's `properties`. */
type Envelope = "id" | "name" | "type" | "systemData";

/** Microsoft.Storage/storageAccounts `encryption`, with the wire's lower-case key-vault names (see above). */
export type StorageEncryptionWire = Omit<Wire<StorageEncryption>, "keyVaultProperties"> & {
  keyvaultproperties?: { keyname?: string; keyversion?: string; keyvaulturi?: string };
};

/** Microsoft.Storage/storageAccounts, api 2025-08-01 (TrackedResource + StorageAccountProperties). */
export type ArmStorageAccount = {
  id: string;
  name: string;
  type: "Microsoft.Storage/storageAccounts";
  location: string;
  kind?: StorageKind;
  sku?: Wire<StorageSku>;
  tags?: Record<string, string>;
  properties: Omit<
    Wire<StorageAccountProperties>,
    "enableHttpsTrafficOnly" | "networkRuleSet" | "encryption" | "privateEndpointConnections"
  > & {
    supportsHttpsTrafficOnly?: boolean;
    networkAcls?: Wire<StorageNetworkRuleSet>;
    encryption?: StorageEncryptionWire;
    privateEndpointConnections?: {
      id: string;
      name?: string;
      type?: string;
      properties: Wire<StoragePrivateEndpointConnectionProperties>;
    }[];
  };
};

/** Microsoft.Storage/storageAccounts/blobServices, api 2025-08-01 (ProxyResource + BlobServicePropertiesProperties). */
export type ArmBlobService = {
  id: string;
  name: "default";
  type: "Microsoft.Storage/storageAccounts/blobServices";
  properties: Wire<BlobServicePropertiesProperties>;
};

/**
 * Microsoft.KeyVault/vaults, api 2026-02-01 (Vault: `properties` is VaultProperties, tenantId and sku required;
 * specification/keyvault/resource-manager/Microsoft.KeyVault/KeyVault/Vault.tsp, examples/2026-02-01/
 * listVaultBySubscription.json).
 */
export type ArmKeyVault = {
  id: string;
  name: string;
  type: "Microsoft.KeyVault/vaults";
  location: string;
  tags?: Record<string, string>;
  properties: Wire<VaultProperties>;
};

/** Microsoft.Authorization/locks, api 2020-05-01 (ManagementLockObject; level is an extensible enum). */
export type ArmLock = {
  id: string;
  name: string;
  type: "Microsoft.Authorization/locks";
  properties: Omit<Wire<ManagementLockObject>, Envelope>;
};

/** Microsoft.Authorization/roleAssignments, api 2022-04-01 (RoleAssignment). */
export type ArmRoleAssignment = {
  id: string;
  name: string;
  type: "Microsoft.Authorization/roleAssignments";
  properties: Omit<Wire<RoleAssignment>, Exclude<Envelope, "scope">>;
};

/**
 * Microsoft.Insights/activityLogAlerts, api 2020-10-01 (AlertRuleProperties of the SDK's 2023-01-01-preview,
 * which adds only `tenantScope` to 2020-10-01's properties; specification/monitor/resource-manager/
 * Microsoft.Insights/Insights/ActivityLogAlerts, examples ActivityLogAlertRule_Get.json).
 */
export type ArmActivityLogAlert = {
  id: string;
  name: string;
  type: "Microsoft.Insights/ActivityLogAlerts";
  location: string;
  tags?: Record<string, string>;
  properties: Omit<Wire<AlertRuleProperties>, "tenantScope">;
};

/**
 * One item of GET …/providers/Microsoft.Compute/locations/{location}/usages (Usage; the same shape in api
 * 2024-07-01, which lakeward asks for, as in the SDK's newer default: specification/compute/resource-manager/
 * Microsoft.Compute/ComputeRP/stable/2024-07-01/computeRPCommon.json Usage, example Usage_List_MaximumSet_Gen).
 */
export type ArmComputeUsage = Wire<Usage>;

/** Any ARM resource a persona points at, by id (arm-routes.ts serves it on GET). */
export type ArmPersonaResource =
  | ArmSubnet
  | ArmNetworkSecurityGroup
  | ArmRouteTable
  | ArmStorageAccount
  | ArmBlobService
  | ArmKeyVault;
