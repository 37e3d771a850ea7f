/**
 * The evidence model: one typed, versioned description of a workspace, filled by the live collectors
 * and the IaC readers, and read by the checks. Every leaf a check reads is a Fact, so a field a source
 * could not read says why instead of pretending to a default.
 *
 * Sections: `azure` (Azure Resource Manager), `databricks` (the workspace REST API), `account` (the
 * Databricks account API; the same for every workspace of an account), `entra` (Microsoft Graph).
 *
 * It never holds a secret value: Spark conf values are kept only for known non-secret keys, everything
 * else becomes a fingerprint; init scripts and notebooks are read only to fingerprint or scan them
 * (see redact/).
 */
import { z } from "zod";
import { factSchema } from "./fact.ts";

export const EVIDENCE_SCHEMA_VERSION = 7;

const isoTime = z.string().describe("ISO 8601 timestamp");

// --- Azure Resource Manager -------------------------------------------------------------------------

export const keyReferenceSchema = z.object({
  keyVaultUri: z.string(),
  keyName: z.string(),
  keyVersion: z.string().nullable(),
});
export type KeyReference = z.infer<typeof keyReferenceSchema>;

export const vnetInjectionSchema = z.object({
  vnetId: z.string(),
  publicSubnetName: z.string().nullable(),
  privateSubnetName: z.string().nullable(),
});
export type VnetInjection = z.infer<typeof vnetInjectionSchema>;

export const nsgRuleSchema = z.object({
  name: z.string(),
  direction: z.enum(["Inbound", "Outbound"]),
  access: z.enum(["Allow", "Deny"]),
  priority: z.number(),
  protocol: z.string(),
  sourcePrefixes: z.array(z.string()).describe("address prefixes or service tags, '*' for any"),
  destinationPrefixes: z.array(z.string()),
  destinationPorts: z.array(z.string()),
});
export type NsgRule = z.infer<typeof nsgRuleSchema>;

export const routeSchema = z.object({
  name: z.string(),
  addressPrefix: z.string(),
  nextHopType: z.string().describe("VirtualAppliance | VirtualNetworkGateway | Internet | None | VnetLocal"),
  nextHopIpAddress: z.string().nullable(),
});
export type Route = z.infer<typeof routeSchema>;

export const subnetSchema = z.object({
  role: z.enum(["public", "private"]),
  id: z.string(),
  nsgId: z.string().nullable(),
  /** Custom rules of the attached NSG (default rules are not listed); null when no NSG or not read. */
  nsgRules: z.array(nsgRuleSchema).nullable().optional(),
  routeTableId: z.string().nullable(),
  routes: z.array(routeSchema).nullable().optional(),
  natGatewayId: z.string().nullable(),
  /** Azure's default outbound access for VMs without explicit egress; null when ARM does not say. */
  defaultOutboundAccess: z.boolean().nullable().optional(),
  delegations: z.array(z.string()),
});
export type Subnet = z.infer<typeof subnetSchema>;

export const privateEndpointConnectionSchema = z.object({
  id: z.string(),
  privateEndpointId: z.string().nullable(),
  groupIds: z.array(z.string()),
  status: z.string().describe("Approved | Pending | Rejected | Disconnected"),
});
export type PrivateEndpointConnection = z.infer<typeof privateEndpointConnectionSchema>;

export const diagnosticSettingSchema = z.object({
  name: z.string(),
  destinations: z.object({
    logAnalyticsWorkspaceId: z.string().nullable(),
    storageAccountId: z.string().nullable(),
    eventHubAuthorizationRuleId: z.string().nullable(),
    marketplacePartnerId: z.string().nullable(),
  }),
  logs: z.array(
    z.object({
      category: z.string().nullable(),
      categoryGroup: z.string().nullable(),
      enabled: z.boolean(),
    }),
  ),
});
export type DiagnosticSetting = z.infer<typeof diagnosticSettingSchema>;

export const managedDiskCmkSchema = keyReferenceSchema.extend({ rotateToLatestVersion: z.boolean() });

export const lockSchema = z.object({
  name: z.string(),
  level: z
    .string()
    .describe("CanNotDelete | ReadOnly protect; NotSpecified (and any other value) does not prevent deletion"),
  /** The scope the lock sits on: the resource itself, its resource group or the subscription. */
  scope: z.string(),
});
export type Lock = z.infer<typeof lockSchema>;

export const storageAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  /**
   * Why lakeward looked at it. "unreferenced": a storage account a configuration declares beside the workspace
   * that no Databricks resource references, judged all the same (its role was not established).
   */
  role: z.enum(["dbfs-root", "unity-catalog", "unreferenced"]),
  /** Unity Catalog external locations, catalog managed storage and the metastore root served by this account. */
  usedBy: z.array(z.string()),
  allowBlobPublicAccess: factSchema(z.boolean()),
  httpsOnly: factSchema(z.boolean()),
  minimumTlsVersion: factSchema(z.string()),
  publicNetworkAccess: factSchema(z.string()).describe("Enabled | Disabled | SecuredByPerimeter"),
  networkDefaultAction: factSchema(z.enum(["Allow", "Deny"])),
  privateEndpointCount: factSchema(z.number()),
  infrastructureEncryption: factSchema(z.boolean()),
  blobSoftDelete: factSchema(z.object({ enabled: z.boolean(), days: z.number().nullable() })),
  containerSoftDelete: factSchema(z.object({ enabled: z.boolean(), days: z.number().nullable() })),
  versioning: factSchema(z.boolean()),
  locks: factSchema(z.array(lockSchema)),
});
export type StorageAccount = z.infer<typeof storageAccountSchema>;

export const keyVaultSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Why lakeward looked at it: a customer-managed key, or an Azure Key Vault-backed secret scope. */
  usedFor: z.array(z.string()),
  softDelete: factSchema(z.boolean()),
  purgeProtection: factSchema(z.boolean()),
});
export type KeyVault = z.infer<typeof keyVaultSchema>;

export const roleAssignmentSchema = z.object({
  principalId: z.string(),
  principalType: z.string().describe("User | Group | ServicePrincipal | ForeignGroup | Device"),
  roleDefinitionId: z.string(),
  roleName: z.string().nullable().describe("Owner, Contributor, … when the role is a well-known built-in"),
  scope: z.string(),
});
export type RoleAssignment = z.infer<typeof roleAssignmentSchema>;

export const activityLogAlertSchema = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  /** The alert's allOf conditions as field → value (e.g. "operationName" → "Microsoft.Compute/virtualMachines/write"). */
  conditions: z.array(
    z.object({ field: z.string(), equals: z.string().nullable(), containsAny: z.array(z.string()).nullable() }),
  ),
  hasActions: z.boolean(),
});
export type ActivityLogAlert = z.infer<typeof activityLogAlertSchema>;

export const quotaSchema = z.object({ location: z.string(), name: z.string(), used: z.number(), limit: z.number() });
export type Quota = z.infer<typeof quotaSchema>;

export const enhancedSecuritySchema = z.object({
  automaticClusterUpdate: z.boolean().nullable(),
  complianceSecurityProfile: z.boolean().nullable(),
  complianceStandards: z.array(z.string()),
  enhancedSecurityMonitoring: z.boolean().nullable(),
});
export type EnhancedSecurity = z.infer<typeof enhancedSecuritySchema>;

export const siblingWorkspaceSchema = z.object({ name: z.string(), location: z.string(), sku: z.string().nullable() });

export const azureWorkspaceSchema = z.object({
  sku: factSchema(z.string()).describe("premium | standard | trial"),
  computeMode: factSchema(z.enum(["Hybrid", "Serverless"])),
  noPublicIp: factSchema(z.boolean()),
  vnetInjection: factSchema(vnetInjectionSchema.nullable()).describe(
    "null: the workspace uses a Databricks-managed VNet",
  ),
  subnets: factSchema(z.array(subnetSchema)).describe("the injected subnets; empty without VNet injection"),
  publicNetworkAccess: factSchema(z.enum(["Enabled", "Disabled"])),
  requiredNsgRules: factSchema(z.string()),
  privateEndpointConnections: factSchema(z.array(privateEndpointConnectionSchema)),
  managedServicesCmk: factSchema(keyReferenceSchema.nullable()),
  dbfsCmk: factSchema(z.object({ prepared: z.boolean(), key: keyReferenceSchema.nullable() })),
  managedDiskCmk: factSchema(managedDiskCmkSchema.nullable()),
  infrastructureEncryption: factSchema(z.boolean()),
  diagnosticSettings: factSchema(z.array(diagnosticSettingSchema)),
  diagnosticCategories: factSchema(
    z.array(
      z.object({
        name: z.string(),
        categoryGroups: z
          .array(z.string())
          .nullable()
          .describe("the category groups (allLogs, audit) this category belongs to; null when ARM does not say"),
      }),
    ),
  ).describe("log categories the resource offers, with their category groups"),
  tags: factSchema(z.record(z.string(), z.string())),
  enhancedSecurity: factSchema(enhancedSecuritySchema).describe(
    "the Enhanced Security and Compliance add-on as ARM reports it",
  ),
  defaultStorageFirewall: factSchema(z.object({ enabled: z.boolean(), accessConnectorId: z.string().nullable() })),
  storageAccounts: factSchema(z.array(storageAccountSchema)).describe(
    "the DBFS root account and the accounts behind Unity Catalog locations (metastore root, external locations, catalog storage roots)",
  ),
  keyVaults: factSchema(z.array(keyVaultSchema)).describe("vaults holding CMKs or backing secret scopes"),
  locks: factSchema(z.array(lockSchema)).describe("locks on the workspace, its resource group or subscription"),
  roleAssignments: factSchema(z.array(roleAssignmentSchema)).describe(
    "assignments that apply to the workspace resource (inherited included)",
  ),
  activityLogAlerts: factSchema(z.array(activityLogAlertSchema)).describe("activity-log alerts of the subscription"),
  computeQuotas: factSchema(z.array(quotaSchema)).describe("vCPU quotas of the workspace's region"),
  siblingWorkspaces: factSchema(z.array(siblingWorkspaceSchema)).describe(
    "every Databricks workspace of the subscription",
  ),
});
export type AzureWorkspace = z.infer<typeof azureWorkspaceSchema>;

// --- Databricks workspace API -----------------------------------------------------------------------

export const ipAccessListSchema = z.object({
  id: z.string(),
  label: z.string(),
  type: z.enum(["ALLOW", "BLOCK"]),
  addresses: z.array(z.string()),
  enabled: z.boolean(),
});
export type IpAccessList = z.infer<typeof ipAccessListSchema>;

export const tokenInfoSchema = z.object({
  id: z.string(),
  createdBy: z.string().nullable(),
  ownerId: z.string().nullable(),
  createdAt: isoTime.nullable(),
  expiresAt: isoTime.nullable().describe("null: the token never expires"),
  lastUsedDay: isoTime.nullable(),
  comment: z.string().nullable(),
  /**
   * Scoped PATs (token-management `token_infos[]`: `scopes`, `inferred_scopes`, `autoscope_state`; Go/Java SDK
   * settings.TokenInfo). Empty `scopes`: the token reaches every API. Absent (undefined/null): the workspace
   * or source did not report scopes.
   */
  scopes: z.array(z.string()).nullable().optional(),
  inferredScopes: z.array(z.string()).nullable().optional(),
  autoscopeState: z.string().nullable().optional().describe("AUTOSCOPE_STATE_COMPLETED | …_BACKFILLED | …"),
});
export type TokenInfo = z.infer<typeof tokenInfoSchema>;

export const principalTypeSchema = z.enum(["user", "group", "servicePrincipal"]);
export type PrincipalType = z.infer<typeof principalTypeSchema>;

export const aclEntrySchema = z.object({
  principal: z.string(),
  principalType: principalTypeSchema,
  permissions: z.array(z.object({ level: z.string(), inherited: z.boolean() })),
});
export type AclEntry = z.infer<typeof aclEntrySchema>;

/**
 * Beside an ACL or grants list that is null: why it was not read — past the fan-out bound (--max-acls, or
 * --max-table-grants for tables and volumes) or the failure of its own read (endpoint, status, error code), so a
 * check left unknown by it says which. Beside a Unity Catalog list that is not null (a catalog's schemas, a
 * schema's tables or volumes): why it is partial — items it listed without a name were left out.
 */
export const unreadSchema = z
  .string()
  .optional()
  .describe(
    "why the ACL, grants or list beside it were not read (null): the --max-acls or --max-table-grants bound or the read's failure; beside a list that is not null: why it is partial (items listed without a name left out)",
  );

export const principalSchema = z.object({
  id: z.string(),
  name: z.string().describe("userName, applicationId or displayName"),
  displayName: z.string().nullable(),
  type: principalTypeSchema,
  via: z.string().nullable().describe("the nested group through which the principal is a member, if any"),
});
export type Principal = z.infer<typeof principalSchema>;

export const scimUserSchema = z.object({
  id: z.string(),
  userName: z.string(),
  active: z.boolean(),
  /** Set when the user was provisioned by SCIM from Entra ID (or by automatic identity management). */
  externalId: z.string().nullable(),
  entitlements: z.array(z.string()),
  groups: z.array(z.string()),
});
export type ScimUser = z.infer<typeof scimUserSchema>;

export const scimGroupSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  externalId: z.string().nullable(),
  entitlements: z.array(z.string()),
  memberCount: z.number(),
  /**
   * The group's direct members (SCIM Group.members: value = the member's id, $ref names its kind, display);
   * absent in evidence from before the permission graph.
   */
  members: z.array(z.object({ id: z.string(), type: principalTypeSchema, display: z.string() })).optional(),
});
export type ScimGroup = z.infer<typeof scimGroupSchema>;

export const servicePrincipalSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  displayName: z.string(),
  active: z.boolean(),
  entitlements: z.array(z.string()),
});
export type ServicePrincipal = z.infer<typeof servicePrincipalSchema>;

/** A Spark conf or environment entry. Values are kept only when the key is known not to carry secrets. */
export const confEntrySchema = z.object({
  key: z.string(),
  value: z.string().optional(),
  fingerprint: z.string().optional(),
  secretReference: z.boolean().describe("the value is a {{secrets/scope/key}} reference"),
  sensitiveKey: z.boolean().describe("the key's name suggests a credential"),
});
export type ConfEntry = z.infer<typeof confEntrySchema>;

export const initScriptSchema = z.object({ type: z.string(), destination: z.string() });

/** What a cluster and a job's cluster specification have in common, as far as checks read them. */
const clusterSpecSchema = z.object({
  sparkVersion: z.string().nullable(),
  accessMode: z.string().nullable().describe("data_security_mode as the API returns it"),
  policyId: z.string().nullable(),
  localDiskEncryption: z.boolean().nullable(),
  tags: z.record(z.string(), z.string()),
  initScripts: z.array(initScriptSchema),
  sparkConf: z.array(confEntrySchema),
  sparkEnvVars: z.array(confEntrySchema),
});

export const clusterSchema = clusterSpecSchema.extend({
  id: z.string(),
  name: z.string(),
  state: z.string().nullable(),
  source: z.string().nullable().describe("UI | API | JOB | PIPELINE | SQL | MODELS ..."),
  singleUserName: z.string().nullable(),
  creator: z.string().nullable(),
  startTime: isoTime.nullable(),
  lastRestartedTime: isoTime.nullable(),
  autoterminationMinutes: z.number().nullable(),
  /** The cluster's ACL (GET /api/2.0/permissions/clusters/{id}); null: not read (bound or forbidden); absent: not collected. */
  permissions: z.array(aclEntrySchema).nullable().optional(),
  permissionsUnread: unreadSchema,
});
export type Cluster = z.infer<typeof clusterSchema>;

/** A cluster a job defines (new_cluster / job_clusters), with what the checks read. */
export const jobClusterSchema = clusterSpecSchema.extend({ key: z.string() });
export type JobCluster = z.infer<typeof jobClusterSchema>;

export const jobSchema = z.object({
  id: z.string(),
  name: z.string(),
  creator: z.string().nullable(),
  /** The identity the job runs as: a user name (contains @) or a service principal's application id. */
  runAs: z.string().nullable(),
  /** Scheduled, continuous or file-arrival triggered (i.e. runs without a person starting it). */
  unattended: z.boolean(),
  clusters: z.array(jobClusterSchema),
  /** The job's ACL; null when not read (too many jobs, or forbidden). */
  permissions: z.array(aclEntrySchema).nullable(),
  permissionsUnread: unreadSchema,
});
export type Job = z.infer<typeof jobSchema>;

export const secretScopeSchema = z.object({
  name: z.string(),
  backend: z.enum(["DATABRICKS", "AZURE_KEYVAULT"]),
  keyVaultResourceId: z.string().nullable(),
  acls: factSchema(z.array(z.object({ principal: z.string(), permission: z.enum(["READ", "WRITE", "MANAGE"]) }))),
});
export type SecretScope = z.infer<typeof secretScopeSchema>;

export const clusterPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The parsed policy definition: attribute path → rule ({type: fixed|range|allowlist|…, value, maxValue, …}). */
  definition: z.record(z.string(), z.record(z.string(), z.unknown())),
  familyId: z.string().nullable(),
  isDefault: z.boolean(),
  /** Principals with CAN_USE; null when not read. */
  users: z.array(z.string()).nullable(),
});
export type ClusterPolicy = z.infer<typeof clusterPolicySchema>;

export const instancePoolSchema = z.object({
  id: z.string(),
  name: z.string(),
  tags: z.record(z.string(), z.string()),
});
export type InstancePool = z.infer<typeof instancePoolSchema>;

export const sqlWarehouseSchema = z.object({
  id: z.string(),
  name: z.string(),
  warehouseType: z.string().nullable().describe("CLASSIC | PRO; null when the source does not say"),
  serverless: z.boolean().nullable().describe("enable_serverless_compute; null when the source does not say"),
  clusterSize: z.string().nullable().describe("2X-Small … 4X-Large"),
  autoStopMinutes: z.number().nullable().describe("auto_stop_mins; 0 means the warehouse never stops when idle"),
  maxNumClusters: z.number().nullable(),
  channel: z.string().nullable().describe("CHANNEL_NAME_CURRENT | CHANNEL_NAME_PREVIEW | …"),
  creatorName: z.string().nullable(),
  /** Custom tags (tags.custom_tags key/value pairs); Databricks adds them to every resource of the warehouse. */
  tags: z.record(z.string(), z.string()),
  state: z.string().nullable().describe("RUNNING | STOPPED | …; null for IaC"),
  /**
   * The warehouse's ACL (GET /api/2.0/permissions/warehouses/{id}, sql.WarehousePermissions): who can use,
   * monitor or manage it. Null: not read (past --max-acls, or refused); absent: not collected (IaC, older snapshots).
   */
  permissions: z.array(aclEntrySchema).nullable().optional(),
  permissionsUnread: unreadSchema,
});
export type SqlWarehouse = z.infer<typeof sqlWarehouseSchema>;

export const globalInitScriptSchema = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  /** Fingerprint of the script body; the body itself is never kept. */
  fingerprint: z.string().nullable(),
});

/**
 * Unity Catalog grants on one securable (GET /api/2.1/unity-catalog/permissions/{securable_type}/{full_name} →
 * privilege_assignments[]: principal, privileges). Null: not read (bound or forbidden); absent: not collected.
 */
export const ucGrantsSchema = z
  .array(z.object({ principal: z.string(), privileges: z.array(z.string()) }))
  .nullable()
  .optional();
export type UcGrants = z.infer<typeof ucGrantsSchema>;

export const storageCredentialSchema = z.object({
  name: z.string(),
  kind: z.enum(["managed-identity", "service-principal", "other"]),
  owner: z.string().nullable(),
  grants: ucGrantsSchema,
  grantsUnread: unreadSchema,
});
export type StorageCredential = z.infer<typeof storageCredentialSchema>;

export const recipientSchema = z.object({
  name: z.string(),
  authenticationType: z.string().describe("TOKEN | DATABRICKS | OIDC_FEDERATION"),
  ipAccessList: z.array(z.string()).nullable(),
});
export type Recipient = z.infer<typeof recipientSchema>;

/**
 * An OIDC federation policy: who may exchange a token of another identity provider for access here. For a
 * service principal (oauth2.FederationPolicy, /accounts/{id}/servicePrincipals/{sp}/federationPolicies) or the
 * account (/accounts/{id}/federationPolicies) or a Delta Sharing recipient (sharing.FederationPolicy). `owner`
 * names what the policy lets the external identity act as.
 */
export const oidcFederationPolicySchema = z.object({
  owner: z.string().describe('"account", a service principal\'s display name or application id, or a recipient name'),
  name: z.string(),
  issuer: z.string().nullable().describe("oidc_policy.issuer: the trusted identity provider (iss claim)"),
  audiences: z.array(z.string()),
  subject: z
    .string()
    .nullable()
    .describe("oidc_policy.subject: the one identity trusted; null: every identity of the issuer"),
  subjectClaim: z.string().nullable().describe("oidc_policy.subject_claim (sub, oid, azp, groups, …)"),
});
export type OidcFederationPolicy = z.infer<typeof oidcFederationPolicySchema>;

/** A Unity Catalog ABAC policy (catalog.PolicyInfo) as far as an inventory names it. */
export const abacPolicySchema = z.object({
  name: z.string(),
  securable: z.string().describe("what it is defined on, e.g. CATALOG main"),
  policyType: z.string().describe("POLICY_TYPE_ROW_FILTER | POLICY_TYPE_COLUMN_MASK"),
  toPrincipals: z.array(z.string()),
  exceptPrincipals: z.array(z.string()),
  whenCondition: z.string().nullable(),
});
export type AbacPolicy = z.infer<typeof abacPolicySchema>;

/** Data classification of one catalog (dataclassification.CatalogConfig). */
export const catalogClassificationSchema = z.object({
  catalog: z.string(),
  enabled: z.boolean().describe("a CatalogConfig exists (creating it enables classification, deleting it disables it)"),
  autoTagging: z.array(z.string()).describe("classification tags with auto-tagging enabled"),
});
export type CatalogClassification = z.infer<typeof catalogClassificationSchema>;

/**
 * Unity Catalog objects below a catalog, for the permission graph: schemas (catalog.SchemaInfo, listed by GET
 * /api/2.1/unity-catalog/schemas?catalog_name=), their tables (catalog.TableInfo, GET …/tables) and volumes
 * (catalog.VolumeInfo, GET …/volumes), each with its grants (…/permissions/{schema|table|volume}/{full_name}).
 * A list that is null was not read (`…Unread` says why: the --max-acls bound, a refusal, a bound of the pager); a
 * list with `…Unread` beside it is partial (items listed without a name left out); absent: not collected (IaC,
 * older lakeward). Grants of tables and volumes are bounded by --max-table-grants, the rest by --max-acls.
 */
export const ucTableSchema = z.object({
  name: z.string(),
  fullName: z.string().describe("catalog.schema.table"),
  owner: z.string().nullable(),
  tableType: z.string().nullable().describe("MANAGED | EXTERNAL | VIEW | MATERIALIZED_VIEW | STREAMING_TABLE | …"),
  grants: ucGrantsSchema,
  grantsUnread: unreadSchema,
});
export type UcTable = z.infer<typeof ucTableSchema>;

export const ucVolumeSchema = z.object({
  name: z.string(),
  fullName: z.string().describe("catalog.schema.volume"),
  owner: z.string().nullable(),
  volumeType: z.string().nullable().describe("MANAGED | EXTERNAL"),
  grants: ucGrantsSchema,
  grantsUnread: unreadSchema,
});
export type UcVolume = z.infer<typeof ucVolumeSchema>;

export const ucSchemaSchema = z.object({
  name: z.string(),
  fullName: z.string().describe("catalog.schema"),
  owner: z.string().nullable(),
  grants: ucGrantsSchema,
  grantsUnread: unreadSchema,
  tables: z.array(ucTableSchema).nullable(),
  tablesUnread: unreadSchema,
  volumes: z.array(ucVolumeSchema).nullable(),
  volumesUnread: unreadSchema,
});
export type UcSchema = z.infer<typeof ucSchemaSchema>;

export const catalogSchema = z.object({
  name: z.string(),
  owner: z.string().nullable(),
  catalogType: z
    .string()
    .nullable()
    .describe("MANAGED_CATALOG | DELTASHARING_CATALOG | FOREIGN_CATALOG | SYSTEM_CATALOG | …"),
  isolationMode: z
    .string()
    .nullable()
    .describe("OPEN (every workspace of the metastore) | ISOLATED (bound workspaces)"),
  storageRoot: z.string().nullable().describe("managed storage root; null: the metastore root is used"),
  securableKind: z.string().nullable().optional().describe("CATALOG_STANDARD, CATALOG_SYSTEM, … when the API says"),
  grants: ucGrantsSchema,
  grantsUnread: unreadSchema,
  /** The catalog's schemas, with their tables and volumes. Null: not listed (`schemasUnread`); absent: not collected. */
  schemas: z.array(ucSchemaSchema).nullable().optional(),
  schemasUnread: unreadSchema,
});
export type Catalog = z.infer<typeof catalogSchema>;

export const unityCatalogSchema = z.object({
  assignment: factSchema(
    z.object({ metastoreId: z.string(), defaultCatalog: z.string().nullable() }).nullable(),
  ).describe("null: no metastore assigned"),
  metastore: factSchema(
    z
      .object({
        id: z.string(),
        name: z.string(),
        owner: z.string().nullable(),
        storageRoot: z.string().nullable(),
        deltaSharingScope: z.string().nullable(),
        recipientTokenLifetimeSeconds: z.number().nullable().describe("0 means tokens never expire"),
      })
      .nullable(),
  ),
  systemSchemas: factSchema(z.array(z.object({ schema: z.string(), state: z.string() }))),
  storageCredentials: factSchema(z.array(storageCredentialSchema)),
  externalLocations: factSchema(
    z.array(
      z.object({
        name: z.string(),
        url: z.string(),
        credential: z.string(),
        owner: z.string().nullable().optional(),
        grants: ucGrantsSchema,
        grantsUnread: unreadSchema,
      }),
    ),
  ),
  recipients: factSchema(z.array(recipientSchema)),
  recipientFederationPolicies: factSchema(z.array(oidcFederationPolicySchema)).describe(
    "the federation policies of the OIDC_FEDERATION recipients (GET /api/2.0/data-sharing/recipients/{name}/federation-policies); owner: the recipient",
  ),
  catalogs: factSchema(z.array(catalogSchema)),
  abacPolicies: factSchema(z.array(abacPolicySchema)).describe(
    "ABAC policies defined on each catalog (GET /api/2.1/unity-catalog/policies/CATALOG/{name}); policies defined on schemas and tables are not listed",
  ),
  dataClassification: factSchema(z.array(catalogClassificationSchema)).describe(
    "data classification per catalog (GET /api/data-classification/v1/catalogs/{name}/config; 404: not enabled)",
  ),
  /** Artifact allowlists by type (INIT_SCRIPT, LIBRARY_JAR, LIBRARY_MAVEN): the allowed prefixes/coordinates. */
  artifactAllowlists: factSchema(z.record(z.string(), z.array(z.string()))),
  /** Grants on the metastore: principal → privileges (CREATE_RECIPIENT, CREATE_SHARE, …). */
  metastoreGrants: factSchema(z.array(z.object({ principal: z.string(), privileges: z.array(z.string()) }))),
});
export type UnityCatalog = z.infer<typeof unityCatalogSchema>;

/** An endpoint's AI Gateway configuration (serving.AiGatewayConfig), as far as checks judge it. */
export const aiGatewaySchema = z.object({
  inputPii: z.string().nullable().describe("guardrails.input.pii.behavior: BLOCK | MASK | NONE; null when unset"),
  outputPii: z.string().nullable().describe("guardrails.output.pii.behavior"),
  safety: z.boolean().describe("guardrails.input.safety"),
  inferenceTable: z.boolean().describe("inference_table_config.enabled: requests and responses logged to a table"),
  rateLimits: z.number().int().nonnegative().describe("number of rate_limits entries"),
  usageTracking: z.boolean().describe("usage_tracking_config.enabled"),
});
export type AiGateway = z.infer<typeof aiGatewaySchema>;

/** A `{{secrets/scope/key}}` reference in a configuration (never the secret's value). */
export const secretReferenceSchema = z.object({
  scope: z.string(),
  key: z.string(),
  where: z.string().describe("e.g. environment_vars OPENAI_API_KEY of served entity gpt"),
});
export type SecretReference = z.infer<typeof secretReferenceSchema>;

export const servingEndpointSchema = z.object({
  name: z.string(),
  /** serving.ServingEndpoint.id: the permissions API names an endpoint by it, not by its name. */
  id: z.string().nullable().optional(),
  externalModel: z.boolean(),
  aiGateway: z.boolean(),
  /** The AI Gateway detail; null: none configured; absent: the source did not read it. */
  gateway: aiGatewaySchema.nullable().optional(),
  /**
   * The endpoint's ACL (GET /api/2.0/permissions/serving-endpoints/{id}, serving.ServingEndpointPermissions): who
   * can query, view or manage it. Null: not read (past --max-acls, refused, no id); absent: not collected.
   */
  permissions: z.array(aclEntrySchema).nullable().optional(),
  permissionsUnread: unreadSchema,
  /**
   * The secrets its configuration references (GET /api/2.0/serving-endpoints/{name}: served entities'
   * environment_vars and external model keys). Null: not read (past --max-acls, refused); absent: not collected.
   */
  secretReferences: z.array(secretReferenceSchema).nullable().optional(),
  secretReferencesUnread: unreadSchema,
});
export type ServingEndpoint = z.infer<typeof servingEndpointSchema>;

/** A Databricks App (apps.App) with what its user authorization allows. */
export const appSchema = z.object({
  name: z.string(),
  creator: z.string().nullable(),
  servicePrincipal: z.string().nullable().describe("service_principal_name: the app's own identity"),
  userApiScopes: z
    .array(z.string())
    .describe("user_api_scopes: the APIs the app may call as the signed-in user (on-behalf-of-user); empty: none"),
  effectiveUserApiScopes: z.array(z.string()).nullable(),
  forwardUserAccessToken: z
    .boolean()
    .nullable()
    .describe("forward_user_access_token: the signed-in user's token is forwarded to the app; null: not reported"),
});
export type App = z.infer<typeof appSchema>;

/**
 * A setting of the settings v2 catalogue (GET /api/2.1/settings-metadata → settings_metadata[]: name, type,
 * description, docs_link; GET /api/2.1/settings/{name} → the effective_* value), read whether or not a
 * check judges it, so a setting Databricks adds shows in the report and in drift the day it ships.
 */
export const discoveredSettingSchema = z.object({
  name: z.string(),
  type: z.string().nullable().describe("the value's message type, e.g. BooleanMessage"),
  description: z.string().nullable(),
  docsLink: z.string().nullable(),
  previewPhase: z
    .string()
    .nullable()
    .optional()
    .describe(
      "preview_phase of a feature preview (PRIVATE_PREVIEW, PUBLIC_PREVIEW, BETA, GA_SOON, GA); null: not a preview",
    ),
  effective: factSchema(z.string().nullable()).describe(
    "the effective value as canonical JSON (the effective_* field); null when the setting has none",
  ),
});
export type DiscoveredSetting = z.infer<typeof discoveredSettingSchema>;

export const notebookFindingSchema = z.object({
  path: z.string(),
  line: z.number(),
  kind: z.string().describe("what kind of credential the pattern matched"),
  fingerprint: z.string(),
});

export const workspaceSettingsSchema = z.object({
  automaticClusterUpdate: factSchema(z.boolean()),
  complianceSecurityProfile: factSchema(z.object({ enabled: z.boolean(), standards: z.array(z.string()) })),
  enhancedSecurityMonitoring: factSchema(z.boolean()),
  restrictWorkspaceAdmins: factSchema(z.string()).describe("ALLOW_ALL | RESTRICT_TOKENS_AND_JOB_RUN_AS"),
  disableLegacyDbfs: factSchema(z.boolean()),
  disableLegacyAccess: factSchema(z.boolean()),
  sqlResultsDownload: factSchema(z.boolean()),
});
export type WorkspaceSettings = z.infer<typeof workspaceSettingsSchema>;

export const databricksWorkspaceSchema = z.object({
  caller: factSchema(
    z.object({
      id: z.string(),
      name: z.string(),
      groups: z.array(z.string()).describe("the groups SCIM /Me lists for it"),
      admin: z.boolean().describe("a workspace admin (member of admins, nested groups included)"),
      metastoreAdmin: z
        .boolean()
        .nullable()
        .describe("the metastore's owner or in its owner group; null when no metastore is assigned or it is not known"),
    }),
  ).describe(
    "the identity lakeward read the workspace as (a non-admin sees only the objects it has permissions on, and only a metastore admin sees every Unity Catalog object: lists read without those rights are marked partial)",
  ),
  workspaceConf: z
    .record(z.string(), factSchema(z.string().nullable()))
    .describe("workspace-conf keys; a null value means the key was never set"),
  settings: workspaceSettingsSchema,
  ipAccessLists: factSchema(z.array(ipAccessListSchema)),
  tokens: factSchema(z.array(tokenInfoSchema)),
  tokenPermissions: factSchema(z.array(aclEntrySchema)),
  clusters: factSchema(z.array(clusterSchema)),
  admins: factSchema(z.array(principalSchema)),
  users: factSchema(z.array(scimUserSchema)),
  groups: factSchema(z.array(scimGroupSchema)),
  servicePrincipals: factSchema(z.array(servicePrincipalSchema)),
  jobs: factSchema(z.array(jobSchema)),
  secretScopes: factSchema(z.array(secretScopeSchema)),
  clusterPolicies: factSchema(z.array(clusterPolicySchema)),
  instancePools: factSchema(z.array(instancePoolSchema)),
  sqlWarehouses: factSchema(z.array(sqlWarehouseSchema)),
  globalInitScripts: factSchema(z.array(globalInitScriptSchema)),
  clusterLibraries: factSchema(
    z.array(
      z.object({ clusterId: z.string(), libraries: z.array(z.object({ kind: z.string(), source: z.string() })) }),
    ),
  ),
  sparkVersions: factSchema(z.array(z.string())).describe("the runtime versions the workspace offers (supported ones)"),
  dbfs: z.object({
    mounts: factSchema(z.array(z.string())).describe("entries under /mnt"),
    hiveWarehouse: factSchema(z.array(z.string())).describe("entries under /user/hive/warehouse"),
    initScripts: factSchema(z.array(z.string())).describe("entries under /databricks/init"),
  }),
  unityCatalog: unityCatalogSchema,
  repos: factSchema(
    z.array(
      z.object({ id: z.string(), path: z.string(), url: z.string().nullable(), provider: z.string().nullable() }),
    ),
  ),
  servingEndpoints: factSchema(z.array(servingEndpointSchema)),
  apps: factSchema(z.array(appSchema)).describe("Databricks Apps (GET /api/2.0/apps)"),
  aibiEmbedding: factSchema(
    z.object({
      accessPolicy: z
        .string()
        .nullable()
        .describe("ALLOW_ALL_DOMAINS | ALLOW_APPROVED_DOMAINS | DENY_ALL_DOMAINS; null: never set"),
      approvedDomains: z.array(z.string()),
    }),
  ).describe("AI/BI dashboard embedding: settings aibi_dash_embed_ws_acc_policy and aibi_dash_embed_ws_apprvd_domains"),
  discoveredSettings: factSchema(z.array(discoveredSettingSchema)).describe(
    "every workspace setting of the settings v2 catalogue with its effective value",
  ),
  vectorSearchEndpoints: factSchema(z.array(z.string())),
  workspaceModels: factSchema(z.array(z.string())).describe("models in the legacy workspace model registry"),
  notebookScan: factSchema(
    z.object({ scanned: z.number(), truncated: z.boolean(), findings: z.array(notebookFindingSchema) }),
  ).describe("workspace objects exported and scanned in memory for credentials; only findings and fingerprints kept"),
  lastSignIns: factSchema(z.record(z.string(), isoTime)).describe("user → last sign-in, from audit logs"),
});
export type DatabricksWorkspace = z.infer<typeof databricksWorkspaceSchema>;

// --- Databricks account API ------------------------------------------------------------------------

export const networkPolicySchema = z.object({
  id: z.string(),
  egressRestricted: z.boolean().describe("restriction_mode RESTRICTED_ACCESS"),
  enforced: z.boolean().describe("enforcement mode ENFORCED, not dry run"),
  ingressRestricted: z
    .boolean()
    .nullable()
    .describe("public ingress restricted by the policy; null when the policy says nothing"),
});
export type NetworkPolicy = z.infer<typeof networkPolicySchema>;

export const accountServicePrincipalSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  displayName: z.string(),
  active: z.boolean().describe("false: deactivated — it keeps its groups, entitlements and grants"),
});
export type AccountServicePrincipal = z.infer<typeof accountServicePrincipalSchema>;

/** A user, service principal or group holding the account admin role (account SCIM `roles` value `account_admin`). */
export const accountAdminSchema = z.object({
  principal: z.string().describe("userName, applicationId or group displayName"),
  principalType: principalTypeSchema,
  externalId: z.string().nullable().describe("account SCIM externalId: set when provisioned from Entra ID"),
  via: z.string().nullable().describe("the account group holding the role, for its members (nested included)"),
});
export type AccountAdmin = z.infer<typeof accountAdminSchema>;

/**
 * One grant of a service principal's rule set (iam.RuleSetResponse.grant_rules, the rule set
 * accounts/{account}/servicePrincipals/{application_id}/ruleSets/default): `roles/servicePrincipal.user` lets
 * the grantee run jobs as the service principal (and so use its rights), `roles/servicePrincipal.manager`
 * also lets it manage the service principal's roles.
 */
export const servicePrincipalRoleSchema = z.object({
  servicePrincipal: z
    .string()
    .describe("the service principal's application id; * for every one (the account rule set)"),
  role: z.string().describe("roles/servicePrincipal.user | roles/servicePrincipal.manager"),
  principal: z.string().describe("userName, applicationId or group displayName"),
  principalType: principalTypeSchema,
  via: z.string().nullable().describe("the account group the rule set names, for its members (nested included)"),
});
export type ServicePrincipalRole = z.infer<typeof servicePrincipalRoleSchema>;

/** The group or service principal of a role on the account's own rule set: every one of the account. */
export const EVERY = "*";

/**
 * One account-level assignment of a principal to this workspace (iam.PermissionAssignment of GET
 * /api/2.0/accounts/{account_id}/workspaces/{workspace_id}/permissionassignments): `ADMIN` makes the principal a
 * workspace admin, `USER` lets it sign in.
 */
export const workspaceAssignmentSchema = z.object({
  principal: z.string().describe("userName, service principal application id or group name"),
  principalType: principalTypeSchema,
  permissions: z.array(z.string()).describe("ADMIN | USER | UNKNOWN (iam.WorkspacePermission)"),
});
export type WorkspaceAssignment = z.infer<typeof workspaceAssignmentSchema>;

/**
 * A role held on an account group's rule set (accounts/{account}/groups/{id}/ruleSets/default) or, for every
 * group of the account, on the account's own rule set (accounts/{account}/ruleSets/default, group `*`):
 * `roles/group.manager` may change the group's members (so may add itself and get whatever the group gets),
 * `roles/group.assumer` may assume the group as a role (act with the group's permissions).
 */
export const groupRoleSchema = z.object({
  group: z.string().describe("the group's display name; * for every group of the account (the account rule set)"),
  role: z.string().describe("roles/group.manager | roles/group.assumer"),
  principal: z.string().describe("userName, applicationId or group displayName"),
  principalType: principalTypeSchema,
  via: z.string().nullable().describe("the account group the rule set names, for its members (nested included)"),
});
export type GroupRole = z.infer<typeof groupRoleSchema>;

/**
 * A rule set that could not be read (accounts/{account}/servicePrincipals/{application_id}/ruleSets/default or
 * accounts/{account}/groups/{id}/ruleSets/default): it governs the roles on that one service principal or group
 * only, so only they are unknown; the account's own rule set governs every one, and failing makes the facts unknown.
 */
export const ruleSetUnreadSchema = z.object({
  kind: z.enum(["servicePrincipal", "group"]),
  name: z.string().describe("the service principal's application id, or the group's display name"),
  reason: z.string(),
});
export type RuleSetUnread = z.infer<typeof ruleSetUnreadSchema>;

/** An OAuth secret of a service principal (oauth2.SecretInfo), without its value or hash. */
export const servicePrincipalSecretSchema = z.object({
  servicePrincipal: z.string().describe("display name (application id)"),
  id: z.string(),
  status: z.string().nullable().describe("ACTIVE | EXPIRED | …"),
  createdAt: isoTime.nullable(),
  expiresAt: isoTime
    .nullable()
    .describe("null: the secret never expires (a declared secret: see declaredLifetimeSeconds)"),
  declaredLifetimeSeconds: z
    .number()
    .optional()
    .describe(
      "IaC only: the lifetime databricks_service_principal_secret declares (730 days when not declared); the secret is not created yet, so createdAt and expiresAt are null",
    ),
  rotatedBy: z
    .string()
    .nullable()
    .optional()
    .describe("IaC only: time_rotating when declared (it replaces the secret only when terraform apply runs)"),
});
export type ServicePrincipalSecret = z.infer<typeof servicePrincipalSecretSchema>;

export const accountSchema = z.object({
  ipAccessLists: factSchema(z.array(ipAccessListSchema)),
  ipAccessListsEnforced: factSchema(z.boolean()),
  networkPolicy: factSchema(networkPolicySchema.nullable()).describe("the network policy bound to this workspace"),
  disableLegacyFeatures: factSchema(z.boolean()),
  personalCompute: factSchema(z.enum(["ON", "DELEGATE"])).describe(
    "setting dcp_acct_enable: ON gives every user of every workspace the Personal Compute policy; DELEGATE leaves it to each workspace's policy ACL",
  ),
  complianceProfileDefault: factSchema(z.object({ enforced: z.boolean(), standards: z.array(z.string()) })).describe(
    "setting shield_csp_enablement_ac: new workspaces get the compliance security profile with these standards",
  ),
  securityMonitoringDefault: factSchema(z.boolean()).describe(
    "setting shield_esm_enablement_ac: new workspaces get enhanced security monitoring",
  ),
  discoveredSettings: factSchema(z.array(discoveredSettingSchema)).describe(
    "every account setting of the settings v2 catalogue with its effective value",
  ),
  servicePrincipals: factSchema(z.array(accountServicePrincipalSchema)).describe(
    "account service principals (GET /api/2.0/accounts/{id}/scim/v2/ServicePrincipals)",
  ),
  servicePrincipalSecrets: factSchema(z.array(servicePrincipalSecretSchema)).describe(
    "the OAuth secrets of every account service principal (…/servicePrincipals/{id}/credentials/secrets); never the secret",
  ),
  federationPolicies: factSchema(z.array(oidcFederationPolicySchema)).describe(
    "OIDC federation policies of the account and of every service principal",
  ),
  // Optional: snapshots from before the permission graph read the account's roles lack them (read as unknown).
  accountAdmins: factSchema(z.array(accountAdminSchema))
    .optional()
    .describe("account admins: account SCIM Users, ServicePrincipals and Groups whose roles hold account_admin"),
  servicePrincipalRoles: factSchema(z.array(servicePrincipalRoleSchema))
    .optional()
    .describe(
      "who may use or manage each account service principal (GET /api/2.0/preview/accounts/{id}/access-control/rule-sets)",
    ),
  groupRoles: factSchema(z.array(groupRoleSchema))
    .optional()
    .describe(
      "who may manage or assume each account group (the groups' rule sets and the account rule set's roles/group.manager)",
    ),
  ruleSetsUnread: z
    .array(ruleSetUnreadSchema)
    .optional()
    .describe(
      "rule sets of one service principal or one group that could not be read: servicePrincipalRoles and groupRoles hold the rest, and the roles on these are not known (the permission graph counts each as a part not read)",
    ),
  workspaceAssignments: factSchema(z.array(workspaceAssignmentSchema))
    .optional()
    .describe(
      "the principals the account assigns to this workspace, with ADMIN or USER (GET /api/2.0/accounts/{id}/workspaces/{workspace_id}/permissionassignments)",
    ),
});
export type Account = z.infer<typeof accountSchema>;

// --- Microsoft Graph --------------------------------------------------------------------------------

export const conditionalAccessPolicySchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string().describe("enabled | disabled | enabledForReportingButNotEnforced"),
  includeApplications: z.array(z.string()),
  excludeApplications: z.array(z.string()),
  includeUsers: z.array(z.string()),
  includeGroups: z.array(z.string()),
  includeRoles: z.array(z.string()).describe("directory role template ids"),
  excludeUsers: z.array(z.string()),
  excludeGroups: z.array(z.string()),
  excludeRoles: z.array(z.string()),
  clientAppTypes: z
    .array(z.string())
    .describe("all | browser | mobileAppsAndDesktopClients | exchangeActiveSync | other"),
  grantOperator: z.string().describe("AND: every control is required; OR: any one of them suffices"),
  builtInControls: z.array(z.string()).describe("mfa, compliantDevice, …"),
  authenticationStrength: z
    .object({
      name: z.string(),
      requirementsSatisfied: z
        .string()
        .nullable()
        .describe("mfa: satisfying it grants the MFA claim; none: it does not; null: Graph did not say"),
    })
    .nullable(),
  /**
   * The conditions that narrow when the policy applies (Graph v1.0 conditionalAccessConditionSet). Each is
   * null or empty when not set; a policy narrowed by any of them does not apply to every sign-in.
   */
  conditions: z.object({
    locations: z.object({ include: z.array(z.string()), exclude: z.array(z.string()) }).nullable(),
    platforms: z.object({ include: z.array(z.string()), exclude: z.array(z.string()) }).nullable(),
    signInRiskLevels: z.array(z.string()),
    userRiskLevels: z.array(z.string()),
    servicePrincipalRiskLevels: z.array(z.string()),
    insiderRiskLevels: z.string().nullable(),
    deviceFilter: z.object({ mode: z.string(), rule: z.string() }).nullable(),
    clientApplications: z
      .object({
        includeServicePrincipals: z.array(z.string()),
        excludeServicePrincipals: z.array(z.string()),
        filter: z.object({ mode: z.string(), rule: z.string() }).nullable(),
      })
      .nullable()
      .describe("workload identities (service principals) the policy is for"),
    authenticationFlows: z
      .string()
      .nullable()
      .describe("transferMethods: none | deviceCodeFlow | authenticationTransfer"),
    unrecognised: z.array(z.string()).describe("conditions set on the policy that Graph v1.0 does not document"),
  }),
});
export type ConditionalAccessPolicy = z.infer<typeof conditionalAccessPolicySchema>;

/** The Azure Databricks first-party application in Entra ID (what Conditional Access policies target). */
export const AZURE_DATABRICKS_APP_ID = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

/** Whether a Conditional Access policy applies to Azure Databricks sign-ins (the app itself or all cloud apps). */
export function policyTargetsDatabricks(
  policy: Pick<ConditionalAccessPolicy, "includeApplications" | "excludeApplications">,
): boolean {
  const is = (app: string, wanted: string) => app.trim().toLowerCase() === wanted.toLowerCase();
  return (
    policy.includeApplications.some((app) => is(app, AZURE_DATABRICKS_APP_ID) || is(app, "All")) &&
    !policy.excludeApplications.some((app) => is(app, AZURE_DATABRICKS_APP_ID))
  );
}

export const entraSchema = z.object({
  conditionalAccessPolicies: factSchema(z.array(conditionalAccessPolicySchema)),
  directoryMembers: factSchema(z.record(z.string(), z.array(z.string()))).describe(
    'who the users, groups and directory roles named by the Conditional Access policies that target Azure Databricks are: keys "user:<object id>", "group:<object id>" (transitive members), "role:<role template id>"; values the lower-case userPrincipalName and mail of each user',
  ),
  // Optional: read per workspace, and only with --graph; absent from older snapshots.
  adminGroupMembers: factSchema(z.record(z.string(), z.array(z.string())))
    .optional()
    .describe(
      "the transitive user members (lower-case userPrincipalName and mail) of each Entra group holding Owner or Contributor on the workspace, by the group's object id",
    ),
});

// --- one workspace --------------------------------------------------------------------------------

export const workspaceIdentitySchema = z.object({
  name: z.string(),
  host: z.string().nullable().describe("workspace URL"),
  resourceId: z.string().nullable().describe("ARM resource id"),
  workspaceId: z.string().nullable(),
  location: z.string().nullable(),
  /** arm-export: ARM resource JSON exported from a deployed workspace (az resource show, Resource Graph). */
  origin: z.enum(["live", "terraform", "arm-template", "arm-export"]),
});
export type WorkspaceIdentity = z.infer<typeof workspaceIdentitySchema>;

/** Who a live scan read the workspace as, and with which rights (evidence for an audit). */
export const readAsSchema = z
  .object({
    name: z.string(),
    workspaceAdmin: z.boolean(),
    metastoreAdmin: z.boolean().nullable().describe("null: no metastore assigned, or not known"),
  })
  .describe("the identity of a live scan and its rights; lists it could not see whole are marked partial");

export const collectionProblemSchema = z.object({
  source: z.string(),
  message: z.string(),
  fatal: z.boolean().optional().describe("the source could not be read at all (host unreachable, credentials refused)"),
  hint: z.string().optional().describe("for a fatal problem: what to do next"),
});

export const workspaceEvidenceSchema = z.object({
  workspace: workspaceIdentitySchema,
  azure: azureWorkspaceSchema,
  databricks: databricksWorkspaceSchema,
  account: accountSchema,
  entra: entraSchema,
  collection: z.object({
    startedAt: isoTime,
    finishedAt: isoTime,
    requests: z.number().int().nonnegative(),
    retries: z.number().int().nonnegative(),
    problems: z.array(collectionProblemSchema),
    readAs: readAsSchema.optional(),
  }),
});
export type WorkspaceEvidence = z.infer<typeof workspaceEvidenceSchema>;
