/**
 * The shapes of the Databricks responses lakeward reads, as zod schemas that validate every 2xx body before
 * a collector trusts it (issue 10 item 7): a body that does not fit — `null`, `[]`, a list where an object
 * belongs, a string where a number belongs — is `unknown` with the path of the first misfit, never an empty
 * list. Each schema lists only the fields lakeward reads (the rest is stripped), and each is checked at the
 * type level against the JS SDK's own model (`@databricks/sdk-experimental` 0.17.0, generated from the same
 * OpenAPI spec as the Go SDK's `service/*\/model.go`): a field the model lacks fails `tsc` (see conforms.ts).
 * The emulator's personas and routes are typed with the same SDK models (src/emulator/databricks-types.ts).
 *
 * Optional fields are optional because the APIs omit empty and default values (`omitempty` in the Go SDK
 * models): an absent list is an empty one, an absent boolean is false — but only a body that is an object.
 */
import type {
  catalog,
  compute,
  files,
  iam,
  jobs,
  ml,
  settings,
  sharing,
  sql,
  workspace,
} from "@databricks/sdk-experimental";
import type { ListEndpointResponse } from "@databricks/sdk-experimental/dist/apis/vectorsearch/model.js";
import { z } from "zod";
import type { Conforms } from "./conforms.ts";

const str = z.string();
const num = z.number();
const bool = z.boolean();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).optional();
/** A value that must be an object, whatever its fields. */
const anObject = z.record(z.string(), z.unknown());
const stringMap = z.record(z.string(), z.string()).optional();

// --- settings: workspace-conf, Settings API, IP access lists, tokens ------------------------------------

/** `GET /api/2.0/workspace-conf?keys=…`: a flat map; a never-set key is `null` (settings.WorkspaceConf). */
export const workspaceConfSchema = z.record(z.string(), z.string().nullable());

const booleanMessage = z.object({ value: opt(bool) });
const settingBase = { etag: opt(str), setting_name: opt(str) };

export const settingSchemas = {
  automatic_cluster_update: z.object({
    ...settingBase,
    automatic_cluster_update_workspace: z.object({ enabled: opt(bool) }),
  }),
  shield_csp_enablement_ws_db: z.object({
    ...settingBase,
    compliance_security_profile_workspace: z.object({ is_enabled: opt(bool), compliance_standards: list(str) }),
  }),
  shield_esm_enablement_ws_db: z.object({
    ...settingBase,
    enhanced_security_monitoring_workspace: z.object({ is_enabled: opt(bool) }),
  }),
  restrict_workspace_admins: z.object({ ...settingBase, restrict_workspace_admins: z.object({ status: str }) }),
  disable_legacy_dbfs: z.object({ ...settingBase, disable_legacy_dbfs: booleanMessage }),
  disable_legacy_access: z.object({ ...settingBase, disable_legacy_access: booleanMessage }),
  sql_results_download: z.object({ ...settingBase, boolean_val: booleanMessage }),
} as const;

const ipAccessList = z.object({
  list_id: opt(str),
  label: opt(str),
  list_type: opt(str),
  ip_addresses: list(str),
  enabled: opt(bool),
});
/** `GET /api/2.0/ip-access-lists` and the account's `…/ip-access-lists`. */
export const ipAccessListsSchema = z.object({ ip_access_lists: list(ipAccessList) });

/** One of token_infos[] (settings.TokenInfo). */
export const tokenInfoSchema = z.object({
  token_id: opt(str),
  created_by_username: opt(str),
  owner_id: opt(num),
  creation_time: opt(num),
  expiry_time: opt(num),
  last_used_day: opt(num),
  comment: opt(str),
});
export const tokensSchema = z.object({ token_infos: list(tokenInfoSchema) });

const accessControl = z.object({
  user_name: opt(str),
  group_name: opt(str),
  service_principal_name: opt(str),
  display_name: opt(str),
  all_permissions: list(z.object({ permission_level: opt(str), inherited: opt(bool) })),
});
/**
 * `GET /api/2.0/permissions/{type}/{id}` (iam.ObjectPermissions), the token ACL (settings.TokenPermissions), a
 * SQL warehouse's (`/permissions/warehouses/{id}`, sql.WarehousePermissions — the SDK's WarehousesAPI
 * getPermissions path; `sql/warehouses` is its alias) and a serving endpoint's
 * (`/permissions/serving-endpoints/{id}`, serving.ServingEndpointPermissions): one shape.
 */
export const permissionsSchema = z.object({ access_control_list: list(accessControl) });

// --- compute --------------------------------------------------------------------------------------------

const destination = z.object({ destination: opt(str) });
const initScripts = list(
  z.object({
    abfss: opt(destination),
    dbfs: opt(destination),
    file: opt(destination),
    gcs: opt(destination),
    s3: opt(destination),
    volumes: opt(destination),
    workspace: opt(destination),
  }),
);

/** The cluster fields lakeward reads, shared by ClusterDetails (clusters/list) and ClusterSpec (job clusters). */
const clusterSpecFields = {
  spark_version: opt(str),
  data_security_mode: opt(str),
  single_user_name: opt(str),
  policy_id: opt(str),
  enable_local_disk_encryption: opt(bool),
  custom_tags: stringMap,
  init_scripts: initScripts,
  spark_conf: stringMap,
  spark_env_vars: stringMap,
  autotermination_minutes: opt(num),
};
export const clusterSpecSchema = z.object(clusterSpecFields);

export const clusterSchema = z.object({
  ...clusterSpecFields,
  cluster_id: opt(str),
  cluster_name: opt(str),
  state: opt(str),
  cluster_source: opt(str),
  creator_user_name: opt(str),
  start_time: opt(num),
  last_restarted_time: opt(num),
});
export const clustersPageSchema = z.object({
  clusters: list(clusterSchema),
  next_page_token: opt(str),
  prev_page_token: opt(str),
});

export const policiesSchema = z.object({
  policies: list(
    z.object({
      policy_id: opt(str),
      name: opt(str),
      definition: opt(str),
      policy_family_id: opt(str),
      is_default: opt(bool),
    }),
  ),
});

export const instancePoolsSchema = z.object({
  instance_pools: list(z.object({ instance_pool_id: opt(str), instance_pool_name: opt(str), custom_tags: stringMap })),
});

export const warehouseSchema = z.object({
  id: opt(str),
  name: opt(str),
  warehouse_type: opt(str),
  enable_serverless_compute: opt(bool),
  cluster_size: opt(str),
  auto_stop_mins: opt(num),
  max_num_clusters: opt(num),
  channel: opt(z.object({ name: opt(str) })),
  creator_name: opt(str),
  tags: opt(z.object({ custom_tags: list(z.object({ key: opt(str), value: opt(str) })) })),
  state: opt(str),
});
export const warehousesPageSchema = z.object({ warehouses: list(warehouseSchema), next_page_token: opt(str) });

const librarySpec = z.object({ package: opt(str), coordinates: opt(str), repo: opt(str) });
export const librarySchema = z.object({
  jar: opt(str),
  egg: opt(str),
  whl: opt(str),
  requirements: opt(str),
  pypi: opt(librarySpec.pick({ package: true, repo: true })),
  maven: opt(librarySpec.pick({ coordinates: true, repo: true })),
  cran: opt(librarySpec.pick({ package: true, repo: true })),
});
export const libraryStatusesSchema = z.object({
  statuses: list(z.object({ cluster_id: opt(str), library_statuses: list(z.object({ library: opt(librarySchema) })) })),
});

export const sparkVersionsSchema = z.object({ versions: list(z.object({ key: opt(str), name: opt(str) })) });

export const globalInitScriptsSchema = z.object({
  scripts: list(z.object({ script_id: opt(str), name: opt(str), enabled: opt(bool) })),
});
export const globalInitScriptSchema = z.object({ script_id: opt(str), script: opt(str) });

// --- jobs -----------------------------------------------------------------------------------------------

const pause = z.object({ pause_status: opt(str) });

/** A task, and the task a for_each_task runs (the same shape, nested once: the API allows no deeper loop). */
const innerTask = z.object({ task_key: str, new_cluster: opt(clusterSpecSchema) });
const task = innerTask.extend({ for_each_task: opt(z.object({ task: innerTask })) });

const jobSettings = z.object({
  name: opt(str),
  run_as: opt(z.object({ user_name: opt(str), service_principal_name: opt(str) })),
  schedule: opt(pause),
  continuous: opt(pause),
  trigger: opt(pause),
  job_clusters: list(z.object({ job_cluster_key: str, new_cluster: clusterSpecSchema })),
  tasks: list(task),
});

/** An item of `GET /api/2.2/jobs/list` (jobs.BaseJob): no run_as_user_name; has_more when arrays are cut. */
export const baseJobSchema = z.object({
  job_id: opt(num),
  creator_user_name: opt(str),
  has_more: opt(bool),
  settings: opt(jobSettings),
});
export const jobsPageSchema = z.object({
  jobs: list(baseJobSchema),
  has_more: opt(bool),
  next_page_token: opt(str),
  prev_page_token: opt(str),
});
/** `GET /api/2.2/jobs/get` (jobs.Job): run_as_user_name, and a page of the settings' arrays. */
export const jobSchema = baseJobSchema.extend({ run_as_user_name: opt(str), next_page_token: opt(str) });

// --- SCIM -----------------------------------------------------------------------------------------------

const complexValue = z.object({ value: opt(str), display: opt(str), $ref: opt(str) });
export const scimGroupSchema = z.object({
  id: opt(str),
  displayName: opt(str),
  externalId: opt(str),
  members: list(complexValue),
  entitlements: list(complexValue),
});
export const scimUserSchema = z.object({
  id: opt(str),
  userName: opt(str),
  active: opt(bool),
  externalId: opt(str),
  displayName: opt(str),
  entitlements: list(complexValue),
  groups: list(complexValue),
});
export const scimServicePrincipalSchema = z.object({
  id: opt(str),
  applicationId: opt(str),
  displayName: opt(str),
  active: opt(bool),
  entitlements: list(complexValue),
  groups: list(complexValue),
});
/** A SCIM list page: totalResults must be a number — without it the list's end cannot be known. */
export const scimPageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    totalResults: num,
    startIndex: opt(num),
    itemsPerPage: opt(num),
    Resources: list(item),
  });

// --- secrets, DBFS, workspace objects, repos, serving, vector search, models ----------------------------

export const secretScopesSchema = z.object({
  scopes: list(
    z.object({
      name: opt(str),
      backend_type: opt(str),
      keyvault_metadata: opt(z.object({ resource_id: opt(str), dns_name: opt(str) })),
    }),
  ),
});
export const secretAclsSchema = z.object({ items: list(z.object({ principal: str, permission: str })) });

export const dbfsListSchema = z.object({ files: list(z.object({ path: opt(str), is_dir: opt(bool) })) });

export const workspaceListSchema = z.object({
  objects: list(z.object({ path: opt(str), object_type: opt(str), size: opt(num) })),
});
export const workspaceExportSchema = z.object({ content: opt(str) });

export const reposPageSchema = z.object({
  repos: list(z.object({ id: opt(num), path: opt(str), url: opt(str), provider: opt(str) })),
  next_page_token: opt(str),
});

// `GET /api/2.0/serving-endpoints` with its AI Gateway detail: servingEndpointsWithGatewaySchema (platform-2026.ts).

export const vectorSearchEndpointsSchema = z.object({
  endpoints: list(z.object({ name: opt(str) })),
  next_page_token: opt(str),
});

export const registeredModelsSchema = z.object({
  registered_models: list(z.object({ name: opt(str) })),
  next_page_token: opt(str),
});

// --- Unity Catalog ----------------------------------------------------------------------------------------

export const metastoreAssignmentSchema = z.object({ metastore_id: str, default_catalog_name: opt(str) });
export const metastoreSummarySchema = z.object({
  metastore_id: opt(str),
  name: opt(str),
  owner: opt(str),
  storage_root: opt(str),
  delta_sharing_scope: opt(str),
  delta_sharing_recipient_token_lifetime_in_seconds: opt(num),
});
export const systemSchemasPageSchema = z.object({
  schemas: list(z.object({ schema: str, state: str })),
  next_page_token: opt(str),
});
export const storageCredentialsPageSchema = z.object({
  storage_credentials: list(
    z.object({
      name: opt(str),
      owner: opt(str),
      azure_managed_identity: opt(anObject),
      azure_service_principal: opt(anObject),
    }),
  ),
  next_page_token: opt(str),
});
export const externalLocationsPageSchema = z.object({
  external_locations: list(z.object({ name: opt(str), url: opt(str), credential_name: opt(str), owner: opt(str) })),
  next_page_token: opt(str),
});
export const recipientsPageSchema = z.object({
  recipients: list(
    z.object({
      name: opt(str),
      authentication_type: opt(str),
      ip_access_list: opt(z.object({ allowed_ip_addresses: list(str) })),
    }),
  ),
  next_page_token: opt(str),
});
/**
 * `securable_kind` is not in the JS SDK 0.17.0 CatalogInfo, but the API sends it: the Go SDK's
 * service/catalog/model.go CatalogInfo has `SecurableKind CatalogInfoSecurableKind json:"securable_kind,omitempty"`.
 */
export type CatalogInfoWire = catalog.CatalogInfo & { securable_kind?: string };
export const catalogsPageSchema = z.object({
  catalogs: list(
    z.object({
      name: opt(str),
      owner: opt(str),
      catalog_type: opt(str),
      isolation_mode: opt(str),
      storage_root: opt(str),
      securable_kind: opt(str),
    }),
  ),
  next_page_token: opt(str),
});
/**
 * The objects below a catalog, for the permission graph. GET /api/2.1/unity-catalog/schemas?catalog_name= answers
 * catalog.ListSchemasResponse {schemas[] SchemaInfo, next_page_token}; …/tables?catalog_name=&schema_name= answers
 * catalog.ListTablesResponse {tables[] TableInfo, next_page_token}; …/volumes?catalog_name=&schema_name= answers
 * catalog.ListVolumesResponseContent {volumes[] VolumeInfo, next_page_token} (Go SDK service/catalog/model.go, the
 * same names and json tags; every field omitempty). Only the fields the graph reads.
 */
export const schemasPageSchema = z.object({
  schemas: list(z.object({ name: opt(str), full_name: opt(str), catalog_name: opt(str), owner: opt(str) })),
  next_page_token: opt(str),
});
export const tablesPageSchema = z.object({
  tables: list(
    z.object({
      name: opt(str),
      full_name: opt(str),
      catalog_name: opt(str),
      schema_name: opt(str),
      owner: opt(str),
      table_type: opt(str),
    }),
  ),
  next_page_token: opt(str),
});
export const volumesPageSchema = z.object({
  volumes: list(
    z.object({
      name: opt(str),
      full_name: opt(str),
      catalog_name: opt(str),
      schema_name: opt(str),
      owner: opt(str),
      volume_type: opt(str),
    }),
  ),
  next_page_token: opt(str),
});
export const artifactAllowlistSchema = z.object({
  artifact_matchers: list(z.object({ artifact: str, match_type: str })),
});
export const metastoreGrantsSchema = z.object({
  privilege_assignments: list(z.object({ principal: opt(str), privileges: list(str) })),
  next_page_token: opt(str),
});

// --- account ----------------------------------------------------------------------------------------------

export const accountSettingSchemas = {
  acct_ip_acl_enable: z.object({ ...settingBase, acct_ip_acl_enable: booleanMessage }),
  disable_legacy_features: z.object({ ...settingBase, disable_legacy_features: booleanMessage }),
} as const;

export const workspaceNetworkSchema = z.object({ workspace_id: opt(num), network_policy_id: opt(str) });

/**
 * The account network policy. `ingress` (context-based ingress, NET-15) is newer than the JS SDK 0.17.0
 * AccountNetworkPolicy model; its shape follows the Account API reference "network-policies" (ingress.
 * public_access.restriction_mode FULL_ACCESS | RESTRICTED_ACCESS), written here from that page.
 */
export type AccountNetworkPolicyWire = settings.AccountNetworkPolicy & {
  ingress?: { public_access?: { restriction_mode?: string } };
};
export const networkPolicySchema = z.object({
  network_policy_id: opt(str),
  egress: opt(
    z.object({
      network_access: opt(
        z.object({
          restriction_mode: str,
          policy_enforcement: opt(z.object({ enforcement_mode: opt(str), dry_run_mode_product_filter: list(str) })),
        }),
      ),
    }),
  ),
  ingress: opt(z.object({ public_access: opt(z.object({ restriction_mode: opt(str) })) })),
});

// --- the type-level checks against the SDK models ----------------------------------------------------------

type In<S extends z.ZodType> = z.infer<S>;
// Each line fails `tsc` with the offending path when a schema names a field the SDK model lacks.
const conformance: true[] = [
  true satisfies Conforms<In<typeof workspaceConfSchema>, settings.WorkspaceConf | Record<string, string | null>>,
  true satisfies Conforms<In<typeof settingSchemas.automatic_cluster_update>, settings.AutomaticClusterUpdateSetting>,
  true satisfies Conforms<
    In<typeof settingSchemas.shield_csp_enablement_ws_db>,
    settings.ComplianceSecurityProfileSetting
  >,
  true satisfies Conforms<
    In<typeof settingSchemas.shield_esm_enablement_ws_db>,
    settings.EnhancedSecurityMonitoringSetting
  >,
  true satisfies Conforms<In<typeof settingSchemas.restrict_workspace_admins>, settings.RestrictWorkspaceAdminsSetting>,
  true satisfies Conforms<In<typeof settingSchemas.disable_legacy_dbfs>, settings.DisableLegacyDbfs>,
  true satisfies Conforms<In<typeof settingSchemas.disable_legacy_access>, settings.DisableLegacyAccess>,
  true satisfies Conforms<In<typeof settingSchemas.sql_results_download>, settings.SqlResultsDownload>,
  true satisfies Conforms<In<typeof ipAccessListsSchema>, settings.ListIpAccessListResponse>,
  true satisfies Conforms<In<typeof ipAccessListsSchema>, settings.GetIpAccessListsResponse>,
  true satisfies Conforms<In<typeof tokensSchema>, settings.ListTokensResponse>,
  true satisfies Conforms<In<typeof permissionsSchema>, iam.ObjectPermissions>,
  true satisfies Conforms<In<typeof permissionsSchema>, settings.TokenPermissions>,
  true satisfies Conforms<In<typeof permissionsSchema>, sql.WarehousePermissions>,
  true satisfies Conforms<In<typeof clustersPageSchema>, compute.ListClustersResponse>,
  true satisfies Conforms<In<typeof clusterSpecSchema>, compute.ClusterSpec>,
  true satisfies Conforms<In<typeof policiesSchema>, compute.ListPoliciesResponse>,
  true satisfies Conforms<In<typeof instancePoolsSchema>, compute.ListInstancePools>,
  true satisfies Conforms<In<typeof warehousesPageSchema>, sql.ListWarehousesResponse>,
  true satisfies Conforms<In<typeof libraryStatusesSchema>, compute.ListAllClusterLibraryStatusesResponse>,
  true satisfies Conforms<In<typeof sparkVersionsSchema>, compute.GetSparkVersionsResponse>,
  true satisfies Conforms<In<typeof globalInitScriptsSchema>, compute.ListGlobalInitScriptsResponse>,
  true satisfies Conforms<In<typeof globalInitScriptSchema>, compute.GlobalInitScriptDetailsWithContent>,
  true satisfies Conforms<In<typeof jobsPageSchema>, jobs.ListJobsResponse>,
  true satisfies Conforms<In<typeof jobSchema>, jobs.Job>,
  true satisfies Conforms<In<ReturnType<typeof scimPageSchema<typeof scimGroupSchema>>>, iam.ListGroupsResponse>,
  true satisfies Conforms<In<ReturnType<typeof scimPageSchema<typeof scimUserSchema>>>, iam.ListUsersResponse>,
  true satisfies Conforms<
    In<ReturnType<typeof scimPageSchema<typeof scimServicePrincipalSchema>>>,
    iam.ListServicePrincipalResponse
  >,
  true satisfies Conforms<In<typeof scimGroupSchema>, iam.Group>,
  true satisfies Conforms<In<typeof scimUserSchema>, iam.User>,
  true satisfies Conforms<In<typeof secretScopesSchema>, workspace.ListScopesResponse>,
  true satisfies Conforms<In<typeof secretAclsSchema>, workspace.ListAclsResponse>,
  true satisfies Conforms<In<typeof dbfsListSchema>, files.ListStatusResponse>,
  true satisfies Conforms<In<typeof workspaceListSchema>, workspace.ListResponse>,
  true satisfies Conforms<In<typeof workspaceExportSchema>, workspace.ExportResponse>,
  true satisfies Conforms<In<typeof reposPageSchema>, workspace.ListReposResponse>,
  true satisfies Conforms<In<typeof vectorSearchEndpointsSchema>, ListEndpointResponse>,
  true satisfies Conforms<In<typeof registeredModelsSchema>, ml.SearchModelsResponse>,
  true satisfies Conforms<In<typeof metastoreAssignmentSchema>, catalog.MetastoreAssignment>,
  true satisfies Conforms<In<typeof metastoreSummarySchema>, catalog.GetMetastoreSummaryResponse>,
  true satisfies Conforms<In<typeof systemSchemasPageSchema>, catalog.ListSystemSchemasResponse>,
  true satisfies Conforms<In<typeof storageCredentialsPageSchema>, catalog.ListStorageCredentialsResponse>,
  true satisfies Conforms<In<typeof externalLocationsPageSchema>, catalog.ListExternalLocationsResponse>,
  true satisfies Conforms<In<typeof recipientsPageSchema>, sharing.ListRecipientsResponse>,
  true satisfies Conforms<In<typeof catalogsPageSchema>, { catalogs?: CatalogInfoWire[]; next_page_token?: string }>,
  true satisfies Conforms<In<typeof schemasPageSchema>, catalog.ListSchemasResponse>,
  true satisfies Conforms<In<typeof tablesPageSchema>, catalog.ListTablesResponse>,
  true satisfies Conforms<In<typeof volumesPageSchema>, catalog.ListVolumesResponseContent>,
  true satisfies Conforms<In<typeof artifactAllowlistSchema>, catalog.ArtifactAllowlistInfo>,
  true satisfies Conforms<In<typeof metastoreGrantsSchema>, catalog.GetPermissionsResponse>,
  true satisfies Conforms<In<typeof accountSettingSchemas.acct_ip_acl_enable>, settings.AccountIpAccessEnable>,
  true satisfies Conforms<In<typeof accountSettingSchemas.disable_legacy_features>, settings.DisableLegacyFeatures>,
  true satisfies Conforms<In<typeof workspaceNetworkSchema>, settings.WorkspaceNetworkOption>,
  true satisfies Conforms<In<typeof networkPolicySchema>, AccountNetworkPolicyWire>,
];
void conformance;
