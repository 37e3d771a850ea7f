/**
 * databricks.tf of the blueprint: the workspace's own configuration through the databricks provider —
 * workspace-conf hardening, the workspace settings, IP access lists, tokens, entitlements, the cluster
 * policy, artifact allow-lists and Unity Catalog.
 */
import type { BlueprintProfile } from "./blueprint.ts";

export function databricksTf(profile: BlueprintProfile): string {
  const high = profile === "high";
  return `# Workspace-conf hardening (one resource: several would fight over the same keys).
resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableIpAccessLists"                              = true
    "enableTokensConfig"                               = ${high ? "false" : "true"}
    "maxTokenLifetimeDays"                             = tostring(var.max_token_lifetime_days)
    "enableExportNotebook"                             = false
    "enableNotebookTableClipboard"                     = false
    "enableResultsDownloading"                         = false
    "enableUploadDataUis"                              = false
    "enableDbfsFileBrowser"                            = false
    "enableWebTerminal"                                = false
    "enableDeprecatedGlobalInitScripts"                = false
    "enableDeprecatedClusterNamedInitScripts"          = false
    "enforceUserIsolation"                             = true
    "enableVerboseAuditLogs"                           = true
    "storeInteractiveNotebookResultsInCustomerAccount" = true
    "enableJobViewAcls"                                = true
    "enforceClusterViewAcls"                           = true
    "enforceWorkspaceViewAcls"                         = true
    "enableWorkspaceAclsConfig"                        = true
    "enableProjectsAllowList"                          = true
    "projectsAllowList"                                = join(",", var.git_url_allow_list)
    "enableFileStoreEndpoint"                          = false
    "mlflowRunArtifactDownloadEnabled"                 = false
    "enable-X-Frame-Options"                           = true
    "enable-X-Content-Type-Options"                    = true
    "enable-X-XSS-Protection"                          = true
  }
}

# Only your egress ranges reach the UI and API (NET-03, NET-04), Private Link or not.
resource "databricks_ip_access_list" "allowed" {
  label        = "allowed"
  list_type    = "ALLOW"
  ip_addresses = var.allowed_ip_ranges
  depends_on   = [databricks_workspace_conf.this]
}

resource "databricks_sql_results_download_setting" "this" {
  boolean_val {
    value = false
  }
}

resource "databricks_restrict_workspace_admins_setting" "this" {
  restrict_workspace_admins {
    status = "RESTRICT_TOKENS_AND_JOB_RUN_AS"
  }
}

resource "databricks_disable_legacy_dbfs_setting" "this" {
  disable_legacy_dbfs {
    value = true
  }
}

resource "databricks_disable_legacy_access_setting" "this" {
  disable_legacy_access {
    value = true
  }
}

resource "databricks_automatic_cluster_update_workspace_setting" "this" {
  automatic_cluster_update_workspace {
    enabled = true
  }
}
${
  high
    ? `
resource "databricks_compliance_security_profile_workspace_setting" "this" {
  compliance_security_profile_workspace {
    is_enabled           = true
    compliance_standards = var.compliance_standards
  }
}

resource "databricks_enhanced_security_monitoring_workspace_setting" "this" {
  enhanced_security_monitoring_workspace {
    is_enabled = true
  }
}
`
    : ""
}
# Personal access tokens: ${high ? "off (Entra ID tokens instead, IAM-09); only admins manage the setting" : "only the automation group may use them (IAM-08), for at most var.max_token_lifetime_days (IAM-06)"}.
resource "databricks_permissions" "tokens" {
  authorization = "tokens"

  access_control {
    group_name       = "admins"
    permission_level = "CAN_MANAGE"
  }
${
  high
    ? ""
    : `
  access_control {
    group_name       = var.token_users_group
    permission_level = "CAN_USE"
  }
`
}}

# Nobody but admins creates clusters outside the policy (IAM-11, GOV-05).
data "databricks_group" "users" {
  display_name = "users"
}

resource "databricks_entitlements" "users" {
  group_id                   = data.databricks_group.users.id
  allow_cluster_create       = false
  allow_instance_pool_create = false
  workspace_access           = true
  databricks_sql_access      = true
}

# The one way to create clusters: bounded size, auto-termination, encryption and the required tags
# (GOV-05, GOV-06, GOV-07, DATA-24, DATA-27).
resource "databricks_cluster_policy" "bounded" {
  name = "bounded-encrypted"
  definition = jsonencode(merge({
    "autotermination_minutes"                 = { type = "range", minValue = 10, maxValue = 120, defaultValue = 60 }
    "num_workers"                             = { type = "range", maxValue = var.max_workers }
    "autoscale.max_workers"                   = { type = "range", maxValue = var.max_workers }
    "node_type_id"                            = { type = "allowlist", values = var.allowed_node_types }
    "driver_node_type_id"                     = { type = "allowlist", values = var.allowed_node_types }
    "data_security_mode"                      = { type = "allowlist", values = ["USER_ISOLATION", "SINGLE_USER"] }
    "enable_local_disk_encryption"            = { type = "fixed", value = true }
    "spark_conf.spark.io.encryption.enabled"  = { type = "fixed", value = "true" }
    "spark_conf.spark.network.crypto.enabled" = { type = "fixed", value = "true" }
    "spark_conf.spark.authenticate"           = { type = "fixed", value = "true" }
    }, {
    for name, value in var.tags : "custom_tags.\${name}" => { type = "fixed", value = value }
  }))
}

resource "databricks_permissions" "bounded_policy" {
  cluster_policy_id = databricks_cluster_policy.bounded.id

  access_control {
    group_name       = var.cluster_users_group
    permission_level = "CAN_USE"
  }
}

# Init scripts and libraries only from the volumes you approve (GOV-11, GOV-12).
resource "databricks_artifact_allowlist" "init_scripts" {
  artifact_type = "INIT_SCRIPT"
  artifact_matcher {
    artifact   = "/Volumes/\${var.catalog_name}/platform/init/"
    match_type = "PREFIX_MATCH"
  }
}

resource "databricks_artifact_allowlist" "jars" {
  artifact_type = "LIBRARY_JAR"
  artifact_matcher {
    artifact   = "/Volumes/\${var.catalog_name}/platform/jars/"
    match_type = "PREFIX_MATCH"
  }
}

resource "databricks_artifact_allowlist" "maven" {
  artifact_type = "LIBRARY_MAVEN"
  artifact_matcher {
    artifact   = var.maven_group_prefix
    match_type = "PREFIX_MATCH"
  }
}

# --- Unity Catalog (DATA-10, DATA-11, DATA-22) -----------------------------------------------------

# The workspace joins the region's metastore; its default catalog is not hive_metastore.
resource "databricks_metastore_assignment" "this" {
  metastore_id         = var.metastore_id
  workspace_id         = azurerm_databricks_workspace.this.workspace_id
  default_catalog_name = var.catalog_name
}

resource "databricks_system_schema" "access" {
  schema     = "access"
  depends_on = [databricks_metastore_assignment.this]
}

# The access connector's managed identity, not a key, reaches the data lake.
resource "databricks_storage_credential" "datalake" {
  name  = "\${var.workspace_name}-datalake"
  owner = var.data_admins_group
  azure_managed_identity {
    access_connector_id = azurerm_databricks_access_connector.this.id
  }
  depends_on = [databricks_metastore_assignment.this]
}

resource "databricks_external_location" "catalog" {
  name            = "\${var.workspace_name}-catalog"
  url             = "abfss://\${azurerm_storage_container.catalog.name}@\${azurerm_storage_account.datalake.name}.dfs.core.windows.net/"
  credential_name = databricks_storage_credential.datalake.name
  owner           = var.data_admins_group
  depends_on      = [azurerm_role_assignment.datalake_connector]
}

# The catalog is bound to this workspace only (isolation mode ISOLATED).
resource "databricks_catalog" "this" {
  name           = var.catalog_name
  owner          = var.data_admins_group
  isolation_mode = "ISOLATED"
  storage_root   = databricks_external_location.catalog.url
}
`;
}
