/**
 * Provider and platform defaults, in ONE place. What a configuration does not declare is judged as the
 * default that applies, and the fact's note says which default and for which provider or API version.
 * Where the version is not visible and the default changed between versions, the fact is unknown with
 * both readings (CHECKS.md, judgement rules).
 *
 * Workspace-conf keys are not listed here: a key the configuration does not set is "never set", and
 * the checks apply the platform defaults of src/sources/databricks/workspace-conf-keys.ts, as they do
 * for a live workspace.
 */

/** A provider version as far as the configuration shows it. */
export interface ProviderVersion {
  /** The provider, e.g. "azurerm". */
  provider: string;
  /** An exact version (from .terraform.lock.hcl), or null. */
  exact: string | null;
  /** The required_providers constraint, or null. */
  constraint: string | null;
}

type Semver = [number, number, number];

function parseSemver(text: string): Semver | null {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

const compare = (a: Semver, b: Semver) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Whether every version a constraint allows is at least `at` (true), every one is below it (false),
 * or both are possible (null). Understands =, !=, >, >=, <, <= and ~> (Terraform's syntax).
 */
export function constraintRelativeTo(constraint: string, at: Semver): boolean | null {
  let lower: Semver | null = null;
  let upper: { v: Semver; inclusive: boolean } | null = null;
  for (const part of constraint.split(",")) {
    const match = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(\S+)\s*$/.exec(part);
    if (!match) continue;
    const op = match[1] ?? "=";
    const v = parseSemver(match[2] ?? "");
    if (!v) continue;
    const raise = (candidate: Semver) => {
      if (!lower || compare(candidate, lower) > 0) lower = candidate;
    };
    const cap = (candidate: Semver, inclusive: boolean) => {
      if (!upper || compare(candidate, upper.v) < 0) upper = { v: candidate, inclusive };
    };
    if (op === "=") {
      raise(v);
      cap(v, true);
    } else if (op === ">=" || op === ">") raise(v);
    else if (op === "<=") cap(v, true);
    else if (op === "<") cap(v, false);
    else if (op === "~>") {
      raise(v);
      const segments = (match[2] ?? "").split(".").length;
      if (segments >= 3) cap([v[0], v[1] + 1, 0], false);
      else if (segments === 2) cap([v[0] + 1, 0, 0], false);
    }
  }
  const lo = lower as Semver | null;
  const up = upper as { v: Semver; inclusive: boolean } | null;
  if (lo && compare(lo, at) >= 0) return true;
  if (up && (compare(up.v, at) < 0 || (compare(up.v, at) === 0 && !up.inclusive))) return false;
  return null;
}

/** True / false when the provider version is known to be at or above `at` / below it; null when not visible. */
export function providerAtLeast(version: ProviderVersion | undefined, at: string): boolean | null {
  const target = parseSemver(at)!;
  if (version?.exact) {
    const exact = parseSemver(version.exact);
    if (exact) return compare(exact, target) >= 0;
  }
  if (version?.constraint) return constraintRelativeTo(version.constraint, target);
  return null;
}

export function describeVersion(version: ProviderVersion | undefined): string {
  if (!version || (!version.exact && !version.constraint)) return "no version constraint and no lock file";
  if (version.exact) return `${version.provider} ${version.exact} (.terraform.lock.hcl)`;
  return `${version.provider} ${version.constraint} (required_providers)`;
}

/** A default that may depend on the provider version. */
export interface VersionedDefault<T> {
  /** The provider version from which `from` applies; before it, `before`. */
  changedIn?: string;
  before?: T;
  from: T;
}

/**
 * The azurerm provider's defaults for what lakeward reads. Sources: the azurerm provider documentation
 * and its 4.0 upgrade guide (no_public_ip became true by default in 4.0).
 */
export const AZURERM_DEFAULTS = {
  "azurerm_databricks_workspace.custom_parameters.no_public_ip": { changedIn: "4.0.0", before: false, from: true },
  "azurerm_databricks_workspace.public_network_access_enabled": { from: true },
  "azurerm_databricks_workspace.infrastructure_encryption_enabled": { from: false },
  "azurerm_databricks_workspace.customer_managed_key_enabled": { from: false },
  "azurerm_databricks_workspace.default_storage_firewall_enabled": { from: false },
  "azurerm_databricks_workspace.managed_disk_cmk_rotation_to_latest_version_enabled": { from: false },
  /** Optional and computed: Azure applies AllRules when a VNet-injected workspace does not say. */
  "azurerm_databricks_workspace.network_security_group_rules_required": { from: "AllRules" },
  "azurerm_storage_account.allow_nested_items_to_be_public": { from: true },
  "azurerm_storage_account.https_traffic_only_enabled": { from: true },
  "azurerm_storage_account.min_tls_version": { from: "TLS1_2" },
  "azurerm_storage_account.public_network_access_enabled": { from: true },
  "azurerm_storage_account.infrastructure_encryption_enabled": { from: false },
  /** No network_rules block: the account's firewall allows all networks. */
  "azurerm_storage_account.network_rules.default_action": { from: "Allow" },
  "azurerm_storage_account.blob_properties.versioning_enabled": { from: false },
  /** Soft delete cannot be turned off on vaults since 2020; the provider no longer has the argument. */
  "azurerm_key_vault.soft_delete_enabled": { from: true },
  "azurerm_key_vault.purge_protection_enabled": { from: false },
  "azurerm_private_endpoint.private_service_connection.is_manual_connection": { from: false },
  "azurerm_monitor_activity_log_alert.enabled": { from: true },
  "azurerm_subnet.default_outbound_access_enabled": { from: true },
} as const satisfies Record<string, VersionedDefault<unknown>>;

export type AzurermDefaultKey = keyof typeof AZURERM_DEFAULTS;

/**
 * ARM (Microsoft.Databricks/workspaces and friends) defaults when a template leaves a property out.
 * enableNoPublicIp: Azure turned secure cluster connectivity on by default for workspaces created with
 * API version 2024-05-01 and later; older API versions created workspaces with public IPs.
 */
export const ARM_DEFAULTS = {
  "workspaces.parameters.enableNoPublicIp": { changedIn: "2024-05-01", before: false, from: true },
  "workspaces.publicNetworkAccess": { from: "Enabled" },
  "workspaces.requiredNsgRules": { from: "AllRules" },
  "workspaces.parameters.requireInfrastructureEncryption": { from: false },
  "workspaces.parameters.prepareEncryption": { from: false },
  "workspaces.defaultStorageFirewall": { from: "Disabled" },
  "workspaces.computeMode": { from: "Hybrid" },
  "workspaces.sku.name": { from: "premium" },
  "storageAccounts.allowBlobPublicAccess": { from: false },
  "storageAccounts.supportsHttpsTrafficOnly": { from: true },
  "storageAccounts.minimumTlsVersion": { changedIn: "2023-01-01", before: "TLS1_0", from: "TLS1_2" },
  "storageAccounts.publicNetworkAccess": { from: "Enabled" },
  "storageAccounts.networkAcls.defaultAction": { from: "Allow" },
  "storageAccounts.encryption.requireInfrastructureEncryption": { from: false },
  "vaults.enableSoftDelete": { from: true },
  "vaults.enablePurgeProtection": { from: false },
  /** Subnets created with Microsoft.Network 2025-07-01 or later are private by default (no default outbound access). */
  "subnets.defaultOutboundAccess": { changedIn: "2025-07-01", before: true, from: false },
} as const satisfies Record<string, VersionedDefault<unknown>>;

export type ArmDefaultKey = keyof typeof ARM_DEFAULTS;

/** Databricks provider (and platform) defaults of the settings resources, as the live collector applies them. */
export const DATABRICKS_SETTING_DEFAULTS = {
  automaticClusterUpdate: false,
  complianceSecurityProfile: { enabled: false, standards: [] as string[] },
  enhancedSecurityMonitoring: false,
  restrictWorkspaceAdmins: "ALLOW_ALL",
  disableLegacyDbfs: false,
  disableLegacyAccess: false,
  sqlResultsDownload: true,
} as const;

/** databricks_cluster (and job new_cluster) arguments that are optional: what a cluster gets without them. */
export const DATABRICKS_CLUSTER_DEFAULTS = {
  enable_local_disk_encryption: false,
  // docs/resources/cluster.md: "autotermination_minutes … Defaults to `60`" (0 disables it).
  autotermination_minutes: 60,
} as const;

/**
 * databricks_sql_endpoint arguments that are optional, per the provider documentation: an idle warehouse
 * stops after 120 minutes, and one cluster serves it. warehouse_type and enable_serverless_compute
 * depend on the workspace when not declared, so they are not listed.
 */
export const DATABRICKS_SQL_ENDPOINT_DEFAULTS = {
  auto_stop_mins: 120,
  max_num_clusters: 1,
} as const;

/** databricks_catalog: without isolation_mode a catalog is OPEN (every workspace of the metastore sees it). */
export const DATABRICKS_CATALOG_DEFAULTS = {
  isolation_mode: "OPEN",
} as const;

/** Compares ARM API versions (YYYY-MM-DD[-preview]). */
export function apiVersionAtLeast(apiVersion: string | null, at: string): boolean | null {
  if (!apiVersion) return null;
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(apiVersion)?.[1];
  return date ? date >= at : null;
}
