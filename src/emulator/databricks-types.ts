/**
 * The emulator's Databricks response bodies, typed with the vendor's own models: the JS SDK
 * (`@databricks/sdk-experimental` 0.17.0), generated from the same OpenAPI spec as the Go SDK's
 * `databricks/databricks-sdk-go` `service/*\/model.go`, whose type names it shares. A persona holding a field
 * the model lacks, or a misspelt one, or a value outside an enum, fails `tsc` (test/emulator-types.test.ts
 * shows it with `@ts-expect-error`); the collectors' zod schemas (src/sources/databricks/schemas.ts) are
 * checked against the same models, so the emulator and the collectors cannot agree on a shape the API lacks.
 *
 * Where the wire has a field the JS SDK 0.17.0 model does not (yet), the difference is written out, cited:
 *   - `CatalogInfo.securable_kind` (Go SDK service/catalog/model.go CatalogInfo.SecurableKind);
 *   - `AccountNetworkPolicy.ingress` (Account API reference "network-policies"; newer than the SDK model);
 *   - the tokens' permissions answer CAN_MANAGE, which settings.TokenPermissionLevel lacks (see below);
 *   - a Statement Execution result's SQL NULL is JSON null (statement-routes.ts, ResultDataWire).
 */
import type {
  catalog,
  compute,
  files,
  iam,
  jobs,
  ml,
  serving,
  settings,
  sharing,
  sql,
  workspace,
} from "@databricks/sdk-experimental";
import type { EndpointInfo as VectorSearchEndpoint } from "@databricks/sdk-experimental/dist/apis/vectorsearch/model.js";
import type { AccountNetworkPolicyWire, CatalogInfoWire } from "../sources/databricks/schemas.ts";

export type { AccountNetworkPolicyWire, CatalogInfoWire, VectorSearchEndpoint };

/**
 * The SCIM ListResponse envelope, as the JS SDK's iam.ListUsersResponse, iam.ListGroupsResponse and
 * iam.ListServicePrincipalResponse share it (Go SDK service/iam/model.go ListUsersResponse: `Resources`,
 * `itemsPerPage`, `schemas`, `startIndex`, `totalResults`); each route checks its items' model with `satisfies`.
 */
export type ScimListEnvelope<T> = Omit<iam.ListUsersResponse, "Resources"> &
  Omit<iam.ListGroupsResponse, "Resources"> &
  Omit<iam.ListServicePrincipalResponse, "Resources"> & { Resources: T[] };

/** A SCIM group as the emulator keeps it: iam.Group with the fields every persona gives it. */
export type ScimGroup = iam.Group & {
  id: string;
  displayName: string;
  members: (iam.ComplexValue & { value: string; display: string; $ref: string })[];
};

/**
 * settings.TokenInfo with the scoped-PAT fields, which the JS SDK 0.17.0 model predates (they are in the Java
 * SDK's settings.TokenInfo and the Python SDK changelog: autoscope_state, backfill_scopes, inferred_scopes, scopes).
 */
export type ScopedTokenInfo = settings.TokenInfo & {
  scopes?: string[];
  inferred_scopes?: string[];
  backfill_scopes?: string[];
  autoscope_state?: string;
};

/** The Settings API bodies the emulator serves, by setting type (GET /api/2.0/settings/types/{type}/names/default). */
export interface WorkspaceSettingBodies {
  automatic_cluster_update: settings.AutomaticClusterUpdateSetting;
  shield_csp_enablement_ws_db: settings.ComplianceSecurityProfileSetting;
  shield_esm_enablement_ws_db: settings.EnhancedSecurityMonitoringSetting;
  restrict_workspace_admins: settings.RestrictWorkspaceAdminsSetting;
  disable_legacy_dbfs: settings.DisableLegacyDbfs;
  disable_legacy_access: settings.DisableLegacyAccess;
  sql_results_download: settings.SqlResultsDownload;
  aibi_dash_embed_ws_acc_policy: settings.AibiDashboardEmbeddingAccessPolicySetting;
  aibi_dash_embed_ws_apprvd_domains: settings.AibiDashboardEmbeddingApprovedDomainsSetting;
}
/** A persona's settings: a type absent or null was never set (404 RESOURCE_DOES_NOT_EXIST). */
export type WorkspaceSettings = { [K in keyof WorkspaceSettingBodies]?: WorkspaceSettingBodies[K] | null };

/** The permissions of one object as GET /api/2.0/permissions/{type}/{id} answers (object_id is the route's). */
export type ObjectAcl = Omit<iam.ObjectPermissions, "object_id">;

/** What a persona's Databricks APIs hold, each item in its SDK model (the list routes wrap them). */
export interface DatabricksWorkspaceData {
  /** settings.WorkspaceConf: values are strings; null = the key exists but was never set. */
  workspaceConf: Record<string, string | null>;
  settings: WorkspaceSettings;
  ipAccessLists: settings.IpAccessListInfo[];
  tokens: ScopedTokenInfo[];
  /**
   * GET /api/2.0/permissions/authorization/tokens is the generic permissions API (iam.ObjectPermissions):
   * the SDK's settings.TokenPermissions narrows the level to the one a request may set (CAN_USE), but the
   * answer also holds the admins' CAN_MANAGE (the API reference's example).
   */
  tokenPermissions: iam.ObjectPermissions;
  clusters: compute.ClusterDetails[];
  groups: ScimGroup[];
  users: iam.User[];
  servicePrincipals: iam.ServicePrincipal[];
  /**
   * The account's assignments of principals to this workspace (iam.PermissionAssignment, served at
   * /api/2.0/accounts/{id}/workspaces/{workspace_id}/permissionassignments). Absent: derived from the SCIM
   * lists — every principal provisioned from Entra ID (externalId) is assigned, ADMIN when it is a direct member
   * of admins, USER otherwise; the workspace's own (local) principals are not account assignments.
   */
  accountAssignments?: iam.PermissionAssignment[];
  /**
   * The environment_vars of served entities, by endpoint name then served entity name: only
   * GET /api/2.0/serving-endpoints/{name} (serving.ServingEndpointDetailed) carries them, the list does not.
   */
  servedEntityEnv?: Record<string, Record<string, Record<string, string>>>;
  /** jobs.Job, as jobs/get answers; jobs/list serves each as a BaseJob (routes drop what BaseJob lacks). */
  jobs: jobs.Job[];
  /** ACLs by object path, e.g. "jobs/101", "cluster-policies/P1". */
  permissions: Record<string, ObjectAcl>;
  secretScopes: workspace.SecretScope[];
  secretAcls: Record<string, workspace.AclItem[]>;
  clusterPolicies: compute.Policy[];
  instancePools: compute.InstancePoolAndStats[];
  /** SQL warehouses (GET /api/2.0/sql/warehouses); the first one answers the Statement Execution API. */
  sqlWarehouses: sql.EndpointInfo[];
  libraries: compute.ClusterLibraryStatuses[];
  /** DBFS listings by path; an absent path does not exist. */
  dbfs: Record<string, files.FileInfo[]>;
  unityCatalog: {
    assignment: catalog.MetastoreAssignment | null;
    summary: catalog.GetMetastoreSummaryResponse | null;
    systemSchemas: catalog.SystemSchemaInfo[];
    storageCredentials: catalog.StorageCredentialInfo[];
    externalLocations: catalog.ExternalLocationInfo[];
    recipients: sharing.RecipientInfo[];
    catalogs: CatalogInfoWire[];
    /**
     * Below the catalogs (GET …/schemas?catalog_name=, …/tables and …/volumes?catalog_name=&schema_name=): each
     * item in its SDK model, carrying catalog_name (and schema_name) as the API sends them; the routes filter by them.
     */
    schemas: catalog.SchemaInfo[];
    tables: catalog.TableInfo[];
    volumes: catalog.VolumeInfo[];
    allowlists: Record<string, catalog.ArtifactMatcher[]>;
    grants: catalog.PrivilegeAssignment[];
    /**
     * Grants per securable as GET /api/2.1/unity-catalog/permissions/{securable_type}/{full_name} answers
     * (catalog.GetPermissionsResponse.privilege_assignments), keyed "catalog/main", "external_location/raw",
     * "schema/main.sales", "table/main.sales.orders", "volume/main.sales.landing" …;
     * a securable that exists but is absent here has none.
     */
    securableGrants: Record<string, catalog.PrivilegeAssignment[]>;
  };
  repos: workspace.RepoInfo[];
  servingEndpoints: serving.ServingEndpoint[];
  vectorSearchEndpoints: VectorSearchEndpoint[];
  registeredModels: ml.Model[];
  globalInitScripts: (compute.GlobalInitScriptDetailsWithContent & { script_id: string; script: string })[];
}

/** The account API's bodies the emulator serves (its environment, environment.ts). */
export interface DatabricksAccountData {
  accountIpAccessLists: settings.IpAccessListInfo[];
  networkPolicies: Record<string, AccountNetworkPolicyWire>;
}
