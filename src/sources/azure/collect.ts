/**
 * Reads a workspace's Azure side: the Microsoft.Databricks/workspaces resource (@azure/arm-databricks,
 * api 2026-01-01), its diagnostic settings and log categories (@azure/arm-monitor) and, for VNet-injected
 * workspaces, the two subnets (@azure/arm-network).
 *
 * Absence in the ARM response is read carefully: ARM leaves out what was never set (the spec examples carry
 * `"parameters": null` and no publicNetworkAccess). An absent property reads as what its absence means in
 * api 2026-01-01 — the spec's documented default (enableNoPublicIp: true) or the state the property turns on
 * only when set (publicNetworkAccess Disabled, requiredNsgRules NoAzureDatabricksRules, defaultStorageFirewall
 * Enabled) — and the fact's note says which, so every result resting on it shows it. A value lakeward does
 * not know stays unknown.
 */
import { AzureDatabricksManagementClient, type Workspace } from "@azure/arm-databricks";
import { MonitorClient } from "@azure/arm-monitor";
import { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import {
  type AzureWorkspace,
  azureWorkspaceSchema,
  type DatabricksWorkspace,
  type DiagnosticSetting,
  type Lock,
} from "../../evidence/model.ts";
import { allUnknown } from "../../evidence/unknown.ts";
import { type Problem, problemOf } from "../problems.ts";
import {
  type ArmConnection,
  armClientOptions,
  armFailure,
  connectionCredential,
  connectionLimits,
  connectionSecrets,
  parseResourceId,
  preparePipeline,
  sdkList,
} from "./arm.ts";
import { ArmReader } from "./arm-reader.ts";
import { readSubnets } from "./network.ts";
import {
  locksFor,
  readActivityLogAlerts,
  readComputeQuotas,
  readKeyVaults,
  readLocksFact,
  readRoleAssignments,
  readStorageAccounts,
  type StorageTarget,
  storageAccountOfUrl,
  type VaultTarget,
  vaultNameOf,
} from "./resources.ts";
import { DATABRICKS_API_VERSION, mapWorkspaceResource } from "./workspace-resource.ts";

export function databricksManagementClient(connection: ArmConnection): AzureDatabricksManagementClient {
  const client = new AzureDatabricksManagementClient(connectionCredential(connection), connection.subscriptionId, {
    ...armClientOptions(connection),
    apiVersion: DATABRICKS_API_VERSION,
  });
  preparePipeline(client.pipeline, connection);
  return client;
}

/** Lists the workspaces of the subscription (or one resource group), following nextLink pages. */
export async function discoverWorkspaces(
  connection: ArmConnection,
  filter: { resourceGroup?: string } = {},
): Promise<Workspace[]> {
  const client = databricksManagementClient(connection);
  const path = `/subscriptions/${connection.subscriptionId}${filter.resourceGroup ? `/resourceGroups/${filter.resourceGroup}` : ""}/providers/Microsoft.Databricks/workspaces`;
  try {
    const pages = filter.resourceGroup
      ? client.workspaces.listByResourceGroup(filter.resourceGroup)
      : client.workspaces.listBySubscription();
    return await sdkList(`ARM GET ${path}`, pages.byPage(), connection, (workspace) => workspace.id);
  } catch (error) {
    throw armFailure(
      error,
      `list Microsoft.Databricks/workspaces in subscription ${connection.subscriptionId}`,
      connectionSecrets(connection),
    );
  }
}

const SUBSCRIPTIONS_API_VERSION = "2022-12-01";

const subscriptionWire = z
  .object({ subscriptionId: z.string(), displayName: z.string().optional(), state: z.string().optional() })
  .loose();

export interface SubscriptionListing {
  /** Subscriptions whose resources can be listed, in the order ARM returned them. */
  readable: { id: string; name: string }[];
  /** Disabled or deleted subscriptions: their resources cannot be read, and they are skipped, named. */
  skipped: { id: string; name: string; state: string }[];
}

/**
 * Every subscription the credential can see (GET /subscriptions, paged), as `--all-subscriptions` reads
 * them: a plain list call, not Azure Resource Graph, whose query endpoint is a POST that a read-only tool
 * does not make.
 */
export async function listSubscriptions(connection: ArmConnection): Promise<SubscriptionListing> {
  const all = await armReader(connection).list(
    "/subscriptions",
    SUBSCRIPTIONS_API_VERSION,
    subscriptionWire,
    {},
    (subscription) => subscription.subscriptionId,
  );
  const listing: SubscriptionListing = { readable: [], skipped: [] };
  for (const subscription of all) {
    const entry = { id: subscription.subscriptionId, name: subscription.displayName ?? subscription.subscriptionId };
    const state = subscription.state ?? "Enabled";
    if (/^(disabled|deleted)$/i.test(state)) listing.skipped.push({ ...entry, state });
    else listing.readable.push(entry);
  }
  return listing;
}

export async function getWorkspace(connection: ArmConnection, resourceId: string): Promise<Workspace> {
  const parts = parseResourceId(resourceId);
  if (!parts) throw new Error(`not an ARM resource id: ${resourceId}`);
  const client = databricksManagementClient({ ...connection, subscriptionId: parts.subscriptionId });
  try {
    return await client.workspaces.get(parts.resourceGroup, parts.name);
  } catch (error) {
    throw armFailure(error, `GET ${resourceId}`, connectionSecrets(connection));
  }
}

/** The thin reader (arm-reader.ts) on this connection's endpoint, credential, secrets and limits. */
export function armReader(connection: ArmConnection): ArmReader {
  return new ArmReader({
    credential: connection.credential,
    endpoint: connection.endpoint,
    stats: connection.stats,
    ...(connection.ca ? { ca: connection.ca } : {}),
    ...(connection.secrets ? { secrets: connection.secrets } : {}),
    limits: connectionLimits(connection),
  });
}

async function readDiagnostics(connection: ArmConnection, resourceId: string, problems: Problem[]) {
  const monitor = new MonitorClient(
    connectionCredential(connection),
    connection.subscriptionId,
    armClientOptions(connection),
  );
  preparePipeline(monitor.pipeline, connection);
  const settingsSource = `ARM GET ${resourceId}/providers/Microsoft.Insights/diagnosticSettings`;
  const categoriesSource = `ARM GET ${resourceId}/providers/Microsoft.Insights/diagnosticSettingsCategories`;
  // The SDK's URL template is "/{+resourceUri}/providers/…": an id with its leading slash would be sent as
  // "//subscriptions/…", which ARM does not fold into one (issue 11 item 16).
  const resourceUri = resourceId.replace(/^\/+/, "");
  const attempt = async <T>(source: string, fn: () => Promise<T>): Promise<Fact<T>> => {
    try {
      return known(await fn(), source);
    } catch (error) {
      const failure = armFailure(error, source, connectionSecrets(connection));
      problems.push(problemOf(failure, source));
      return unknown(failure.reason, source);
    }
  };
  const [diagnosticSettings, diagnosticCategories] = await Promise.all([
    attempt(settingsSource, async () => {
      const listed = await sdkList(
        settingsSource,
        monitor.diagnosticSettings.list(resourceUri).byPage(),
        connection,
        (setting) => setting.id ?? setting.name,
      );
      const settings: DiagnosticSetting[] = [];
      for (const setting of listed) {
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
      const listed = await sdkList(
        categoriesSource,
        monitor.diagnosticSettingsCategory.list(resourceUri).byPage(),
        connection,
        (category) => category.id ?? category.name,
      );
      // Each category says which groups (allLogs, audit) it belongs to: what a categoryGroup setting covers.
      return listed
        .filter((category) => category.name && (category.categoryType ?? "Logs") === "Logs")
        .map((category) => ({ name: category.name!, categoryGroups: category.categoryGroups ?? null }));
    }),
  ]);
  return { diagnosticSettings, diagnosticCategories };
}

export interface AzureCollection {
  /** The ARM reads that need nothing from the Databricks side. */
  base: Omit<AzureWorkspace, "storageAccounts" | "keyVaults">;
  /** The workspace resource as a GET returned it (a list item is not as complete). */
  workspace: Workspace;
  /** Why the workspace resource could not be read; every Azure fact is then unknown with it. */
  unreadable?: string;
  reader: ArmReader;
  subscriptionId: string;
  /** Every lock of the subscription; storage accounts are matched against it. */
  allLocks: Fact<Lock[]>;
}

/**
 * Everything lakeward reads from ARM about one workspace that does not depend on the Databricks side.
 * `listed` is the workspace as a list returned it: lists may carry less than a GET (the spec's list example
 * has `"parameters": null`), so it is read again with a GET unless `fromGet` says it already was (issue 11
 * item 18).
 */
export async function collectAzure(
  connection: ArmConnection,
  listed: Workspace,
  siblings: readonly Workspace[],
  problems: Problem[],
  options: { fromGet?: boolean } = {},
): Promise<AzureCollection> {
  const resourceId = listed.id ?? "";
  const parts = parseResourceId(resourceId);
  const subscriptionId = parts?.subscriptionId ?? connection.subscriptionId;
  const scoped = { ...connection, subscriptionId };
  const reader = armReader(connection);
  let workspace = listed;
  if (!options.fromGet) {
    const source = `ARM GET ${resourceId}`;
    try {
      workspace = await getWorkspace(scoped, resourceId);
    } catch (error) {
      const failure = armFailure(error, source, connectionSecrets(connection));
      problems.push(problemOf(failure, source));
      const reason = `the workspace resource could not be read (${failure.reason}); the list item alone is not complete enough to judge`;
      const { storageAccounts: _s, keyVaults: _k, ...base } = azureUnknown(reason, source);
      return { reader, subscriptionId, workspace, unreadable: reason, base, allLocks: unknown(reason, source) };
    }
  }
  const mapped = mapWorkspaceResource(workspace);
  const listSource = `ARM GET /subscriptions/${subscriptionId}/providers/Microsoft.Databricks/workspaces`;
  const [diagnostics, subnets, locks, roleAssignments, activityLogAlerts, computeQuotas] = await Promise.all([
    readDiagnostics(scoped, resourceId, problems),
    readSubnets(scoped, mapped.vnetInjection, problems),
    readLocksFact(reader, subscriptionId, problems),
    readRoleAssignments(reader, resourceId, problems),
    readActivityLogAlerts(reader, subscriptionId, problems),
    workspace.location
      ? readComputeQuotas(reader, subscriptionId, workspace.location, problems)
      : Promise.resolve(unknown("the workspace has no location", listSource)),
  ]);
  return {
    reader,
    subscriptionId,
    workspace,
    base: {
      ...mapped,
      ...diagnostics,
      subnets,
      locks: locks.status === "known" ? known(locksFor(resourceId, locks.value), locks.source) : locks,
      roleAssignments,
      activityLogAlerts,
      computeQuotas,
      siblingWorkspaces: known(
        siblings.map((sibling) => ({
          name: sibling.name ?? "",
          location: sibling.location ?? "",
          sku: sibling.sku?.name?.toLowerCase() ?? null,
        })),
        listSource,
      ),
    },
    allLocks: locks,
  };
}

/**
 * The ARM reads that follow from the Databricks side: the storage accounts behind Unity Catalog
 * locations (metastore root, external locations, catalogs' managed storage roots) and the DBFS root, and
 * the Key Vaults behind customer-managed keys and secret scopes.
 */
export async function collectAzureDependents(
  collection: AzureCollection,
  databricks: DatabricksWorkspace,
  problems: Problem[],
): Promise<Pick<AzureWorkspace, "storageAccounts" | "keyVaults">> {
  const { reader, subscriptionId, workspace } = collection;
  if (collection.unreadable) {
    const source = `ARM GET ${workspace.id ?? workspace.name}`;
    return {
      storageAccounts: unknown(collection.unreadable, source),
      keyVaults: unknown(collection.unreadable, source),
    };
  }
  const { allLocks } = collection;
  const storageTargets: StorageTarget[] = [];
  const storageName = workspace.parameters?.storageAccountName?.value;
  if (storageName && workspace.managedResourceGroupId) {
    storageTargets.push({
      id: `${workspace.managedResourceGroupId}/providers/Microsoft.Storage/storageAccounts/${storageName}`,
      name: storageName,
      role: "dbfs-root",
      usedBy: ["DBFS root"],
    });
  }
  const uc = databricks.unityCatalog;
  const ucUrls: { url: string; usedBy: string }[] = [];
  if (uc.metastore.status === "known" && uc.metastore.value?.storageRoot)
    ucUrls.push({ url: uc.metastore.value.storageRoot, usedBy: `metastore ${uc.metastore.value.name} root` });
  if (uc.externalLocations.status === "known")
    for (const location of uc.externalLocations.value)
      ucUrls.push({ url: location.url, usedBy: `external location ${location.name}` });
  if (uc.catalogs.status === "known")
    for (const catalog of uc.catalogs.value)
      if (catalog.storageRoot)
        ucUrls.push({ url: catalog.storageRoot, usedBy: `catalog ${catalog.name} managed storage` });
  for (const { url, usedBy } of ucUrls) {
    const name = storageAccountOfUrl(url);
    if (!name) continue;
    const existing = storageTargets.find((target) => target.name.toLowerCase() === name);
    if (existing) existing.usedBy.push(usedBy);
    else storageTargets.push({ name, role: "unity-catalog", usedBy: [usedBy] });
  }
  // Lists the storage accounts were found from; one that could not be read leaves the accounts partial.
  const ucUnknown = [
    uc.metastore.status === "unknown" ? `the metastore root is unknown (${uc.metastore.reason})` : "",
    uc.externalLocations.status === "unknown"
      ? `the Unity Catalog external locations are unknown (${uc.externalLocations.reason})`
      : "",
    uc.catalogs.status === "unknown" ? `the catalogs' storage roots are unknown (${uc.catalogs.reason})` : "",
  ].filter(Boolean);
  const ucPartial = [
    uc.externalLocations.status === "known" ? uc.externalLocations.partial : undefined,
    uc.catalogs.status === "known" ? uc.catalogs.partial : undefined,
  ].filter((reason): reason is string => Boolean(reason));

  const vaults = new Map<string, VaultTarget>();
  const addVault = (key: string, target: VaultTarget, use: string) => {
    const existing = vaults.get(key.toLowerCase());
    if (existing) existing.usedFor.push(use);
    else vaults.set(key.toLowerCase(), { ...target, usedFor: [use] });
  };
  const cmk = collection.base;
  for (const [fact, use] of [
    [cmk.managedServicesCmk, "managed services CMK"],
    [cmk.managedDiskCmk, "managed disks CMK"],
  ] as const) {
    if (fact.status === "known" && fact.value) {
      const name = vaultNameOf(fact.value.keyVaultUri);
      if (name) addVault(name, { name, usedFor: [] }, use);
    }
  }
  if (cmk.dbfsCmk.status === "known" && cmk.dbfsCmk.value.key) {
    const name = vaultNameOf(cmk.dbfsCmk.value.key.keyVaultUri);
    if (name) addVault(name, { name, usedFor: [] }, "DBFS root CMK");
  }
  if (databricks.secretScopes.status === "known") {
    for (const scope of databricks.secretScopes.value) {
      if (scope.keyVaultResourceId) {
        const name = scope.keyVaultResourceId.split("/").pop() ?? scope.keyVaultResourceId;
        addVault(name, { id: scope.keyVaultResourceId, name, usedFor: [] }, `secret scope ${scope.name}`);
      }
    }
  }
  const [storageAccounts, keyVaults] = await Promise.all([
    readStorageAccounts(reader, subscriptionId, storageTargets, allLocks, problems),
    readKeyVaults(reader, subscriptionId, [...vaults.values()], problems),
  ]);
  const dbfsRootMissing =
    !storageName && workspace.computeMode !== "Serverless"
      ? [
          `the DBFS root storage account is missing: ${workspace.parameters ? "parameters.storageAccountName is absent from" : "there are no parameters in"} the workspace's ARM resource`,
        ]
      : [];
  const storagePartial = [
    ...dbfsRootMissing,
    ...ucUnknown.map((reason) => `storage accounts behind Unity Catalog may be missing: ${reason}`),
    ...ucPartial.map((reason) => `the Unity Catalog lists the accounts come from may be incomplete: ${reason}`),
  ];
  const vaultPartial =
    databricks.secretScopes.status === "unknown"
      ? [
          `Key Vaults behind secret scopes may be missing: the secret scopes are unknown (${databricks.secretScopes.reason})`,
        ]
      : databricks.secretScopes.partial
        ? [`Key Vaults behind secret scopes may be missing: ${databricks.secretScopes.partial}`]
        : [];
  return {
    storageAccounts: withPartial(storageAccounts, storagePartial),
    keyVaults: withPartial(keyVaults, vaultPartial),
  };
}

/**
 * A list that holds only part of what it should: what it holds is true (a failure in it stands), but no
 * pass may rest on it (the engine turns one into unknown). The one mechanism for incompleteness; a `note`
 * only ever explains a complete value.
 */
function withPartial<T>(fact: Fact<T>, reasons: readonly string[]): Fact<T> {
  if (fact.status !== "known" || reasons.length === 0) return fact;
  const partial = [fact.partial, ...reasons].filter(Boolean).join("; ");
  return { ...fact, partial };
}

/** The Azure section when ARM was not read at all (no subscription or resource id given, or ARM failed). */
export function azureUnknown(reason: string, source = "Azure Resource Manager"): AzureWorkspace {
  return allUnknown(azureWorkspaceSchema, reason, source);
}
