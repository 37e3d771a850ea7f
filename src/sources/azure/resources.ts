/**
 * ARM reads through the thin reader (arm-reader.ts): the storage accounts behind the workspace, the Key
 * Vaults behind its keys and secret scopes, locks, role assignments, activity-log alerts and quotas.
 * Each read yields Facts; a property the response leaves out is unknown, not a default.
 */
import { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { ActivityLogAlert, KeyVault, Lock, Quota, RoleAssignment, StorageAccount } from "../../evidence/model.ts";
import { describeFailure } from "../http/api-failure.ts";
import { type Problem, problemOf } from "../problems.ts";
import type { ArmReader } from "./arm-reader.ts";

export const API = {
  storage: "2025-08-01",
  resources: "2021-04-01",
  keyVault: "2026-02-01",
  locks: "2020-05-01",
  roleAssignments: "2022-04-01",
  activityLogAlerts: "2020-10-01",
  computeUsages: "2024-07-01",
} as const;

/** Well-known built-in role definition ids → names (role definitions are global GUIDs). */
export const BUILT_IN_ROLES: Record<string, string> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
  "acdd72a7-3385-48ef-bd42-f606fba81ae7": "Reader",
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
  "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
};

async function attempt<T>(source: string, problems: Problem[], fn: () => Promise<T>): Promise<Fact<T>> {
  try {
    return known(await fn(), source);
  } catch (error) {
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}

// --- storage accounts ----------------------------------------------------------------------------

const storageWire = z.object({
  id: z.string(),
  name: z.string(),
  properties: z
    .object({
      allowBlobPublicAccess: z.boolean().optional(),
      supportsHttpsTrafficOnly: z.boolean().optional(),
      minimumTlsVersion: z.string().optional(),
      publicNetworkAccess: z.string().nullish(),
      networkAcls: z.object({ defaultAction: z.enum(["Allow", "Deny"]).optional() }).optional(),
      privateEndpointConnections: z.array(z.unknown()).optional(),
      encryption: z.object({ requireInfrastructureEncryption: z.boolean().optional() }).optional(),
    })
    .loose(),
});
const retention = z.object({ enabled: z.boolean().optional(), days: z.number().optional() }).optional();
const blobServiceWire = z.object({
  properties: z
    .object({
      deleteRetentionPolicy: retention,
      containerDeleteRetentionPolicy: retention,
      isVersioningEnabled: z.boolean().optional(),
    })
    .loose(),
});
const lockWire = z.object({
  id: z.string(),
  name: z.string(),
  // An extensible enum in the spec (Microsoft.Authorization stable/2020-05-01 locks.json, ManagementLockProperties:
  // "NotSpecified" | "CanNotDelete" | "ReadOnly" | string): a level lakeward does not know is kept, not refused —
  // refusing it made every lock of the subscription unknown (issue 11 item 12). DATA-07 decides what protects.
  properties: z.object({ level: z.string() }).loose(),
});
const resourceWire = z.object({ id: z.string(), name: z.string(), type: z.string().optional() });

export interface StorageTarget {
  /** A resource id, or just a name to resolve in the subscription. */
  id?: string;
  name: string;
  role: StorageAccount["role"];
  usedBy: string[];
}

/** Locks whose scope is `scope` or one of its ancestors (resource group, subscription). */
export function locksFor(scope: string, all: readonly Lock[]): Lock[] {
  const lower = scope.toLowerCase();
  return all.filter((lock) => lower === lock.scope.toLowerCase() || lower.startsWith(`${lock.scope.toLowerCase()}/`));
}

export async function readLocks(reader: ArmReader, subscriptionId: string): Promise<Lock[]> {
  const items = await reader.list(
    `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/locks`,
    API.locks,
    lockWire,
  );
  return items.map((lock) => ({
    name: lock.name,
    level: lock.properties.level,
    scope: lock.id.replace(/\/providers\/Microsoft\.Authorization\/locks\/[^/]+$/i, ""),
  }));
}

async function resolveByName(
  reader: ArmReader,
  subscriptionId: string,
  type: string,
  name: string,
): Promise<string | undefined> {
  const found = await reader.list(`/subscriptions/${subscriptionId}/resources`, API.resources, resourceWire, {
    $filter: `resourceType eq '${type}' and name eq '${name.replace(/'/g, "''")}'`,
  });
  return found[0]?.id;
}

export async function readStorageAccount(
  reader: ArmReader,
  subscriptionId: string,
  target: StorageTarget,
  locks: Fact<Lock[]>,
): Promise<StorageAccount> {
  const id =
    target.id ?? (await resolveByName(reader, subscriptionId, "Microsoft.Storage/storageAccounts", target.name));
  const source = `ARM GET ${id ?? target.name} (api ${API.storage})`;
  const missing = (what: string) => unknown(`${what} is absent from the storage account response`, source);
  const all = (reason: string): StorageAccount => ({
    id: id ?? target.name,
    name: target.name,
    role: target.role,
    usedBy: target.usedBy,
    allowBlobPublicAccess: unknown(reason, source),
    httpsOnly: unknown(reason, source),
    minimumTlsVersion: unknown(reason, source),
    publicNetworkAccess: unknown(reason, source),
    networkDefaultAction: unknown(reason, source),
    privateEndpointCount: unknown(reason, source),
    infrastructureEncryption: unknown(reason, source),
    blobSoftDelete: unknown(reason, source),
    containerSoftDelete: unknown(reason, source),
    versioning: unknown(reason, source),
    locks: unknown(reason, source),
  });
  if (!id)
    return all(
      `no storage account named ${target.name} in subscription ${subscriptionId} (it may be in another subscription lakeward was not asked to read)`,
    );
  let account: z.infer<typeof storageWire>;
  try {
    account = await reader.get(id, API.storage, storageWire);
  } catch (error) {
    return all(describeFailure(error));
  }
  const p = account.properties;
  const blobSource = `ARM GET ${id}/blobServices/default (api ${API.storage})`;
  let blob: Fact<z.infer<typeof blobServiceWire>>;
  try {
    blob = known(await reader.get(`${id}/blobServices/default`, API.storage, blobServiceWire), blobSource);
  } catch (error) {
    blob = unknown(describeFailure(error), blobSource);
  }
  const fromBlob = <T>(
    pick: (props: z.infer<typeof blobServiceWire>["properties"]) => T | undefined,
    what: string,
  ): Fact<T> => {
    if (blob.status === "unknown") return blob;
    const value = pick(blob.value.properties);
    return value === undefined
      ? unknown(`${what} is absent from the blob service response`, blobSource)
      : known(value, blobSource);
  };
  const retentionOf = (policy: z.infer<typeof retention>) =>
    policy?.enabled === undefined ? undefined : { enabled: policy.enabled, days: policy.days ?? null };
  return {
    id: account.id,
    name: account.name,
    role: target.role,
    usedBy: target.usedBy,
    allowBlobPublicAccess:
      p.allowBlobPublicAccess === undefined ? missing("allowBlobPublicAccess") : known(p.allowBlobPublicAccess, source),
    httpsOnly:
      p.supportsHttpsTrafficOnly === undefined
        ? missing("supportsHttpsTrafficOnly")
        : known(p.supportsHttpsTrafficOnly, source),
    minimumTlsVersion:
      p.minimumTlsVersion === undefined ? missing("minimumTlsVersion") : known(p.minimumTlsVersion, source),
    // Optional in the spec (Microsoft.Storage 2025-08-01, StorageAccountProperties.publicNetworkAccess: "Value is
    // optional but if passed in, must be 'Enabled', 'Disabled' or 'SecuredByPerimeter'"): without it the firewall
    // (networkAcls) decides, as with Enabled.
    publicNetworkAccess:
      p.publicNetworkAccess === undefined || p.publicNetworkAccess === null
        ? known("Enabled", source, {
            note: "publicNetworkAccess absent from the storage account response: optional; the firewall (networkAcls) decides, as with Enabled",
          })
        : known(p.publicNetworkAccess, source),
    networkDefaultAction:
      p.networkAcls?.defaultAction === undefined
        ? missing("networkAcls.defaultAction")
        : known(p.networkAcls.defaultAction, source),
    privateEndpointCount: known((p.privateEndpointConnections ?? []).length, source),
    infrastructureEncryption:
      p.encryption?.requireInfrastructureEncryption === undefined
        ? missing("encryption.requireInfrastructureEncryption")
        : known(p.encryption.requireInfrastructureEncryption, source),
    blobSoftDelete: fromBlob((props) => retentionOf(props.deleteRetentionPolicy), "deleteRetentionPolicy"),
    containerSoftDelete: fromBlob(
      (props) => retentionOf(props.containerDeleteRetentionPolicy),
      "containerDeleteRetentionPolicy",
    ),
    versioning: fromBlob((props) => props.isVersioningEnabled ?? false, "isVersioningEnabled"),
    locks: locks.status === "known" ? known(locksFor(account.id, locks.value), locks.source) : locks,
  };
}

export async function readStorageAccounts(
  reader: ArmReader,
  subscriptionId: string,
  targets: readonly StorageTarget[],
  locks: Fact<Lock[]>,
  problems: Problem[],
): Promise<Fact<StorageAccount[]>> {
  const source = `ARM storage accounts of the workspace (api ${API.storage})`;
  return attempt(source, problems, async () =>
    Promise.all(targets.map((target) => readStorageAccount(reader, subscriptionId, target, locks))),
  );
}

// --- key vaults ----------------------------------------------------------------------------------

const vaultWire = z.object({
  id: z.string(),
  name: z.string(),
  properties: z
    .object({ enableSoftDelete: z.boolean().optional(), enablePurgeProtection: z.boolean().nullable().optional() })
    .loose(),
});

export interface VaultTarget {
  id?: string;
  name: string;
  usedFor: string[];
}

/** The vault name of a `https://{name}.vault.azure.net/` URI; undefined for Managed HSM or other hosts. */
export function vaultNameOf(uri: string): string | undefined {
  try {
    const host = new URL(uri).hostname;
    return /^([a-z0-9-]+)\.vault\.azure\.net$/i.exec(host)?.[1];
  } catch {
    return undefined;
  }
}

export async function readKeyVaults(
  reader: ArmReader,
  subscriptionId: string,
  targets: readonly VaultTarget[],
  problems: Problem[],
): Promise<Fact<KeyVault[]>> {
  const source = `ARM Key Vaults of the workspace (api ${API.keyVault})`;
  return attempt(source, problems, () =>
    Promise.all(
      targets.map(async (target): Promise<KeyVault> => {
        const id = target.id ?? (await resolveByName(reader, subscriptionId, "Microsoft.KeyVault/vaults", target.name));
        const vaultSource = `ARM GET ${id ?? target.name} (api ${API.keyVault})`;
        if (!id) {
          const reason = `no Key Vault named ${target.name} in subscription ${subscriptionId}`;
          return {
            id: target.name,
            name: target.name,
            usedFor: target.usedFor,
            softDelete: unknown(reason, vaultSource),
            purgeProtection: unknown(reason, vaultSource),
          };
        }
        try {
          const vault = await reader.get(id, API.keyVault, vaultWire);
          return {
            id: vault.id,
            name: vault.name,
            usedFor: target.usedFor,
            // Soft delete is on for every vault since 2020 and can no longer be turned off; ARM still reports it.
            softDelete:
              vault.properties.enableSoftDelete === undefined
                ? unknown("enableSoftDelete is absent from the vault response", vaultSource)
                : known(vault.properties.enableSoftDelete, vaultSource),
            // enablePurgeProtection is null until it is turned on (it cannot be turned off again).
            purgeProtection: known(vault.properties.enablePurgeProtection === true, vaultSource),
          };
        } catch (error) {
          const reason = describeFailure(error);
          return {
            id,
            name: target.name,
            usedFor: target.usedFor,
            softDelete: unknown(reason, vaultSource),
            purgeProtection: unknown(reason, vaultSource),
          };
        }
      }),
    ),
  );
}

// --- role assignments, alerts, quotas -------------------------------------------------------------

const roleAssignmentWire = z.object({
  properties: z
    .object({
      principalId: z.string(),
      principalType: z.string().optional(),
      roleDefinitionId: z.string(),
      scope: z.string(),
    })
    .loose(),
});

export async function readRoleAssignments(
  reader: ArmReader,
  resourceId: string,
  problems: Problem[],
): Promise<Fact<RoleAssignment[]>> {
  const source = `ARM GET ${resourceId}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()`;
  return attempt(source, problems, async () => {
    const items = await reader.list(
      `${resourceId}/providers/Microsoft.Authorization/roleAssignments`,
      API.roleAssignments,
      roleAssignmentWire,
      { $filter: "atScope()" },
    );
    return items.map(({ properties: p }) => ({
      principalId: p.principalId,
      principalType: p.principalType ?? "Unknown",
      roleDefinitionId: p.roleDefinitionId,
      roleName: BUILT_IN_ROLES[p.roleDefinitionId.split("/").pop()?.toLowerCase() ?? ""] ?? null,
      scope: p.scope,
    }));
  });
}

const alertWire = z.object({
  id: z.string(),
  name: z.string(),
  properties: z
    .object({
      enabled: z.boolean().optional(),
      condition: z.object({
        allOf: z.array(
          z
            .object({
              field: z.string().optional(),
              equals: z.string().optional(),
              containsAny: z.array(z.string()).optional(),
            })
            .loose(),
        ),
      }),
      actions: z
        .object({ actionGroups: z.array(z.unknown()).optional() })
        .loose()
        .optional(),
    })
    .loose(),
});

export async function readActivityLogAlerts(
  reader: ArmReader,
  subscriptionId: string,
  problems: Problem[],
): Promise<Fact<ActivityLogAlert[]>> {
  const source = `ARM GET /subscriptions/${subscriptionId}/providers/Microsoft.Insights/activityLogAlerts`;
  return attempt(source, problems, async () => {
    const items = await reader.list(
      `/subscriptions/${subscriptionId}/providers/Microsoft.Insights/activityLogAlerts`,
      API.activityLogAlerts,
      alertWire,
    );
    return items.map((alert) => ({
      id: alert.id,
      name: alert.name,
      enabled: alert.properties.enabled !== false,
      conditions: alert.properties.condition.allOf.map((c) => ({
        field: c.field ?? "",
        equals: c.equals ?? null,
        containsAny: c.containsAny ?? null,
      })),
      hasActions: (alert.properties.actions?.actionGroups ?? []).length > 0,
    }));
  });
}

const usageWire = z
  .object({ name: z.object({ value: z.string() }).loose(), currentValue: z.number(), limit: z.number() })
  .loose();

export async function readComputeQuotas(
  reader: ArmReader,
  subscriptionId: string,
  location: string,
  problems: Problem[],
): Promise<Fact<Quota[]>> {
  const path = `/subscriptions/${subscriptionId}/providers/Microsoft.Compute/locations/${location}/usages`;
  return attempt(`ARM GET ${path}`, problems, async () => {
    const items = await reader.list(path, API.computeUsages, usageWire);
    // Total regional vCPUs, and every VM family that is in use.
    return items
      .filter((usage) => usage.name.value === "cores" || usage.currentValue > 0)
      .map((usage) => ({ location, name: usage.name.value, used: usage.currentValue, limit: usage.limit }));
  });
}

export async function readLocksFact(
  reader: ArmReader,
  subscriptionId: string,
  problems: Problem[],
): Promise<Fact<Lock[]>> {
  return attempt(`ARM GET /subscriptions/${subscriptionId}/providers/Microsoft.Authorization/locks`, problems, () =>
    readLocks(reader, subscriptionId),
  );
}

/** The storage account name of an `abfss://container@account.dfs.core.windows.net/…` URL. */
export function storageAccountOfUrl(url: string): string | undefined {
  return /^abfss?:\/\/[^@/]+@([a-z0-9]+)\.dfs\.core\.windows\.net/i.exec(url)?.[1]?.toLowerCase();
}

/**
 * The wire schemas these reads validate with, by what they read: test/emulator-types.test.ts parses every
 * emulator body with them, so the emulator (typed with the vendor SDK models) and the collectors cannot drift.
 */
export const ARM_RESOURCE_WIRES = {
  storageAccount: storageWire,
  blobService: blobServiceWire,
  keyVault: vaultWire,
  lock: lockWire,
  roleAssignment: roleAssignmentWire,
  activityLogAlert: alertWire,
  computeUsage: usageWire,
} as const;
