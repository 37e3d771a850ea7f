/**
 * workspace.tf of the blueprint: the Azure side — the workspace, its keys (high), the access connector, the
 * data lake, diagnostic settings, locks and activity-log alerts.
 */
import type { BlueprintProfile } from "./blueprint.ts";

export function workspaceTf(profile: BlueprintProfile): string {
  const high = profile === "high";
  return `data "azurerm_client_config" "current" {}

# One access connector (a managed identity) for the DBFS root's storage firewall (NET-12) and for
# Unity Catalog's storage credential: no storage account keys anywhere.
resource "azurerm_databricks_access_connector" "this" {
  name                = "ac-\${var.workspace_name}"
  location            = var.location
  resource_group_name = azurerm_resource_group.this.name
  tags                = var.tags

  identity {
    type = "SystemAssigned"
  }
}
${high ? keysTf() : ""}
resource "azurerm_databricks_workspace" "this" {
  name                                  = var.workspace_name
  location                              = var.location
  resource_group_name                   = azurerm_resource_group.this.name
  managed_resource_group_name           = "\${var.resource_group_name}-managed"
  sku                                   = "premium"
  public_network_access_enabled         = ${high ? "false" : "true"}
  network_security_group_rules_required = "NoAzureDatabricksRules"
  default_storage_firewall_enabled      = true
  access_connector_id                   = azurerm_databricks_access_connector.this.id
  tags                                  = var.tags
${
  high
    ? `  infrastructure_encryption_enabled                   = true
  customer_managed_key_enabled                        = true
  managed_services_cmk_key_vault_key_id               = azurerm_key_vault_key.cmk["managed-services"].id
  managed_disk_cmk_key_vault_key_id                   = azurerm_key_vault_key.cmk["managed-disks"].id
  managed_disk_cmk_rotation_to_latest_version_enabled = true
`
    : ""
}
  custom_parameters {
    no_public_ip                                         = true
    virtual_network_id                                   = azurerm_virtual_network.this.id
    public_subnet_name                                   = azurerm_subnet.host.name
    private_subnet_name                                  = azurerm_subnet.container.name
    public_subnet_network_security_group_association_id  = azurerm_subnet_network_security_group_association.host.id
    private_subnet_network_security_group_association_id = azurerm_subnet_network_security_group_association.container.id
  }
${
  high
    ? `
  enhanced_security_compliance {
    automatic_cluster_update_enabled      = true
    compliance_security_profile_enabled   = true
    compliance_security_profile_standards = var.compliance_standards
    enhanced_security_monitoring_enabled  = true
  }

  depends_on = [azurerm_role_assignment.databricks_managed_services]
`
    : ""
}}
${
  high
    ? `
# The DBFS root's key is set after the workspace exists: its storage identity needs the key first.
resource "azurerm_role_assignment" "dbfs_storage" {
  scope                = azurerm_key_vault.cmk.id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_databricks_workspace.this.storage_account_identity[0].principal_id
}

resource "azurerm_databricks_workspace_root_dbfs_customer_managed_key" "this" {
  workspace_id     = azurerm_databricks_workspace.this.id
  key_vault_key_id = azurerm_key_vault_key.cmk["dbfs-root"].id
  depends_on       = [azurerm_role_assignment.dbfs_storage]
}

# Managed disks are encrypted through a disk encryption set Azure Databricks creates; it needs the key.
resource "azurerm_role_assignment" "managed_disks" {
  scope                = azurerm_key_vault.cmk.id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = azurerm_databricks_workspace.this.managed_disk_identity[0].principal_id
}
`
    : ""
}
# Every log category to your Log Analytics workspace or SIEM (GOV-01): the allLogs group takes new
# categories as Azure Databricks adds them.
resource "azurerm_monitor_diagnostic_setting" "databricks" {
  name                       = "audit-to-siem"
  target_resource_id         = azurerm_databricks_workspace.this.id
  log_analytics_workspace_id = var.log_analytics_workspace_id

  enabled_log {
    category_group = "allLogs"
  }
}

# The data lake Unity Catalog manages: no public access, TLS 1.2, recoverable (DATA-05, DATA-06, NET-09).
resource "azurerm_storage_account" "datalake" {
  name                            = var.datalake_storage_account_name
  location                        = var.location
  resource_group_name             = azurerm_resource_group.this.name
  account_tier                    = "Standard"
  account_replication_type        = "GZRS"
  account_kind                    = "StorageV2"
  is_hns_enabled                  = true
  https_traffic_only_enabled      = true
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = false
  public_network_access_enabled   = false
  infrastructure_encryption_enabled = ${high ? "true" : "false"}
  tags                            = var.tags

  network_rules {
    default_action             = "Deny"
    bypass                     = ["AzureServices"]
    virtual_network_subnet_ids = [azurerm_subnet.host.id, azurerm_subnet.container.id]
    private_link_access {
      endpoint_resource_id = azurerm_databricks_access_connector.this.id
    }
  }

  blob_properties {
    versioning_enabled = true
    delete_retention_policy {
      days = 14
    }
    container_delete_retention_policy {
      days = 14
    }
  }
}

resource "azurerm_storage_container" "catalog" {
  name               = "catalog"
  storage_account_id = azurerm_storage_account.datalake.id
}

resource "azurerm_role_assignment" "datalake_connector" {
  scope                = azurerm_storage_account.datalake.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_databricks_access_connector.this.identity[0].principal_id
}

# Deleting the workspace deletes its managed resource group and the DBFS root (DATA-07).
resource "azurerm_management_lock" "workspace" {
  name       = "no-delete"
  scope      = azurerm_databricks_workspace.this.id
  lock_level = "CanNotDelete"
  notes      = "Deleting the workspace deletes its managed resource group and DBFS root"
}

resource "azurerm_management_lock" "datalake" {
  name       = "no-delete"
  scope      = azurerm_storage_account.datalake.id
  lock_level = "CanNotDelete"
  notes      = "The data of the Unity Catalog catalogs"
}
${high ? activityAlertsTf() : ""}`;
}

/** Customer-managed keys (DATA-01/02/03) in a vault that cannot lose them (DATA-20). */
function keysTf(): string {
  return `
# Customer-managed keys (DATA-01, DATA-02, DATA-03) in a vault with purge protection (DATA-20): a lost
# key is lost data. The AzureDatabricks application wraps the managed-services key.
resource "azurerm_key_vault" "cmk" {
  name                       = var.key_vault_name
  location                   = var.location
  resource_group_name        = azurerm_resource_group.this.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "premium"
  soft_delete_retention_days = 90
  purge_protection_enabled   = true
  enable_rbac_authorization  = true
  tags                       = var.tags
}

resource "azurerm_role_assignment" "deployer_keys" {
  scope                = azurerm_key_vault.cmk.id
  role_definition_name = "Key Vault Crypto Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}

resource "azurerm_role_assignment" "databricks_managed_services" {
  scope                = azurerm_key_vault.cmk.id
  role_definition_name = "Key Vault Crypto Service Encryption User"
  principal_id         = var.azure_databricks_application_object_id
}

resource "azurerm_key_vault_key" "cmk" {
  for_each     = toset(["managed-services", "managed-disks", "dbfs-root"])
  name         = each.key
  key_vault_id = azurerm_key_vault.cmk.id
  key_type     = "RSA"
  key_size     = 4096
  key_opts     = ["wrapKey", "unwrapKey"]
  depends_on   = [azurerm_role_assignment.deployer_keys]

  rotation_policy {
    expire_after         = "P2Y"
    notify_before_expiry = "P30D"
    automatic {
      time_before_expiry = "P60D"
    }
  }
}
`;
}

/** Activity-log alerts (GOV-04) on VM creation in the managed resource group and changes to the workspace. */
function activityAlertsTf(): string {
  return `
# Alerts on the Azure side of the workspace (GOV-04): changes to it, and VMs created in the subscription.
resource "azurerm_monitor_action_group" "security" {
  name                = "ag-\${var.workspace_name}-security"
  resource_group_name = azurerm_resource_group.this.name
  short_name          = "adbsec"
  tags                = var.tags

  email_receiver {
    name          = "security"
    email_address = var.security_alert_email
  }
}

data "azurerm_subscription" "current" {}

resource "azurerm_monitor_activity_log_alert" "workspace_change" {
  name                = "\${var.workspace_name}-change"
  resource_group_name = azurerm_resource_group.this.name
  location            = "global"
  scopes              = [data.azurerm_subscription.current.id]
  tags                = var.tags

  criteria {
    category       = "Administrative"
    operation_name = "Microsoft.Databricks/workspaces/write"
  }

  action {
    action_group_id = azurerm_monitor_action_group.security.id
  }
}

resource "azurerm_monitor_activity_log_alert" "vm_create" {
  name                = "\${var.workspace_name}-vm-create"
  resource_group_name = azurerm_resource_group.this.name
  location            = "global"
  scopes              = [data.azurerm_subscription.current.id]
  tags                = var.tags

  criteria {
    category       = "Administrative"
    operation_name = "Microsoft.Compute/virtualMachines/write"
  }

  action {
    action_group_id = azurerm_monitor_action_group.security.id
  }
}
`;
}
