/**
 * Reads one workspace through the Databricks REST API into the evidence model. Each part is read on its
 * own, so one failing endpoint (403 on workspace-conf, say) leaves the others intact; whatever fails
 * becomes `unknown` with the endpoint and the server's reason.
 */
import { compute, settings } from "@databricks/sdk-experimental";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import {
  type AclEntry,
  type Cluster,
  type DatabricksWorkspace,
  databricksWorkspaceSchema,
  type IpAccessList,
  type Principal,
  type TokenInfo,
} from "../../evidence/model.ts";
import { allUnknown } from "../../evidence/unknown.ts";
import { redactConfMap } from "../../redact/fingerprint.ts";
import { ApiFailure, describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { WORKSPACE_CONF_KEY_NAMES } from "./workspace-conf-keys.ts";

export interface Problem {
  source: string;
  message: string;
  /** The whole source was unreadable (host unreachable, credentials refused), not just one endpoint. */
  fatal?: boolean;
}

export function problemOf(error: unknown, source: string): Problem {
  if (error instanceof ApiFailure)
    return { source: error.endpoint, message: error.reason, ...(error.hostUnreachable ? { fatal: true } : {}) };
  return { source, message: describeFailure(error) };
}

/** Runs one read and turns its outcome into a Fact; failures are also recorded as problems. */
async function read<T>(source: string, problems: Problem[], fn: () => Promise<T>): Promise<Fact<T>> {
  try {
    return known(await fn(), source);
  } catch (error) {
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}

async function collectAll<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const iso = (ms: number | undefined | null): string | null =>
  typeof ms === "number" && ms > 0 ? new Date(ms).toISOString() : null;

// --- workspace-conf -----------------------------------------------------------------------------

const CONF_SOURCE = "GET /api/2.0/workspace-conf";

/**
 * One unknown key makes the whole workspace-conf request fail with 400, and a non-admin gets 403 per
 * key, so: ask for all keys at once, and on any failure ask again key by key, so that one bad key or one
 * forbidden key cannot take the others with it.
 */
async function readWorkspaceConf(client: ReadOnlyApiClient, problems: Problem[]) {
  const service = new settings.WorkspaceConfService(client);
  const result: Record<string, Fact<string | null>> = {};
  const toValue = (raw: unknown): string | null => (raw === null || raw === undefined ? null : String(raw));
  try {
    const all = (await service.getStatus({ keys: WORKSPACE_CONF_KEY_NAMES.join(",") })) as Record<string, unknown>;
    for (const key of WORKSPACE_CONF_KEY_NAMES) {
      result[key] =
        key in all
          ? known(toValue(all[key]), `${CONF_SOURCE}?keys=${key}`)
          : unknown("key missing from the response", `${CONF_SOURCE}?keys=${key}`);
    }
    return result;
  } catch (error) {
    if (error instanceof ApiFailure && error.hostUnreachable) {
      for (const key of WORKSPACE_CONF_KEY_NAMES) result[key] = unknown(error.reason, `${CONF_SOURCE}?keys=${key}`);
      problems.push(problemOf(error, CONF_SOURCE));
      return result;
    }
  }
  await Promise.all(
    WORKSPACE_CONF_KEY_NAMES.map(async (key) => {
      const source = `${CONF_SOURCE}?keys=${key}`;
      try {
        const one = (await service.getStatus({ keys: key })) as Record<string, unknown>;
        result[key] = key in one ? known(toValue(one[key]), source) : unknown("key missing from the response", source);
      } catch (error) {
        result[key] = unknown(describeFailure(error), source);
        problems.push(problemOf(error, source));
      }
    }),
  );
  return Object.fromEntries(WORKSPACE_CONF_KEY_NAMES.map((key) => [key, result[key]!]));
}

// --- SCIM ---------------------------------------------------------------------------------------

interface ScimMember {
  value?: string;
  display?: string;
  $ref?: string;
}
interface ScimGroup {
  id?: string;
  displayName?: string;
  members?: ScimMember[];
}
interface ScimPage<T> {
  totalResults?: number;
  Resources?: T[];
}

/**
 * Pages a SCIM list by hand: the SDK's SCIM iterators never advance startIndex and loop for ever
 * (reference/apis.md §0, trap 3).
 */
export async function scimList<T>(
  client: ReadOnlyApiClient,
  path: string,
  query: Record<string, string> = {},
  pageSize = 100,
): Promise<T[]> {
  const items: T[] = [];
  for (let start = 1; ; ) {
    const page = (await client.request({
      path,
      method: "GET",
      headers: new Headers({ Accept: "application/scim+json" }),
      query: { ...query, startIndex: String(start), count: String(pageSize) },
      raw: false,
    })) as ScimPage<T>;
    const resources = page.Resources ?? [];
    items.push(...resources);
    start += resources.length;
    if (resources.length === 0 || start > (page.totalResults ?? 0)) return items;
  }
}

function memberType(member: ScimMember): Principal["type"] {
  const ref = member.$ref ?? "";
  if (/Groups\//i.test(ref)) return "group";
  if (/ServicePrincipals\//i.test(ref)) return "servicePrincipal";
  return "user";
}

const SCIM_GROUPS = "/api/2.0/preview/scim/v2/Groups";

/** Members of the `admins` group, nested groups expanded (to a depth of 5, cycles cut). */
async function readAdmins(client: ReadOnlyApiClient): Promise<Principal[]> {
  const [admins] = await scimList<ScimGroup>(client, SCIM_GROUPS, { filter: 'displayName eq "admins"' });
  if (!admins) throw new Error('no group named "admins" in this workspace');
  const principals = new Map<string, Principal>();
  const visited = new Set<string>([admins.id ?? "admins"]);
  const walk = async (group: ScimGroup, via: string | null, depth: number): Promise<void> => {
    for (const member of group.members ?? []) {
      const type = memberType(member);
      const id = member.value ?? member.display ?? "?";
      if (type === "group") {
        if (visited.has(id) || depth >= 5) continue;
        visited.add(id);
        const nested = (await client.request({
          path: `${SCIM_GROUPS}/${encodeURIComponent(id)}`,
          method: "GET",
          headers: new Headers({ Accept: "application/scim+json" }),
          raw: false,
        })) as ScimGroup;
        await walk(nested, member.display ?? id, depth + 1);
      } else if (!principals.has(id)) {
        principals.set(id, { id, name: member.display ?? id, displayName: member.display ?? null, type, via });
      }
    }
  };
  await walk(admins, null, 0);
  return [...principals.values()].sort((a, b) => a.name.localeCompare(b.name));
}

// --- mapping SDK shapes to evidence ---------------------------------------------------------------

function toIpAccessList(list: settings.IpAccessListInfo): IpAccessList {
  return {
    id: list.list_id ?? "",
    label: list.label ?? "",
    type: list.list_type === "BLOCK" ? "BLOCK" : "ALLOW",
    addresses: list.ip_addresses ?? [],
    enabled: list.enabled === true,
  };
}

function toTokenInfo(token: settings.TokenInfo): TokenInfo {
  return {
    id: token.token_id ?? "",
    createdBy: token.created_by_username ?? null,
    ownerId: token.owner_id === undefined ? null : String(token.owner_id),
    createdAt: iso(token.creation_time),
    expiresAt: token.expiry_time === undefined || token.expiry_time <= 0 ? null : iso(token.expiry_time),
    lastUsedDay: iso(token.last_used_day),
    comment: token.comment ?? null,
  };
}

function toAclEntry(entry: settings.TokenAccessControlResponse): AclEntry {
  const principalType = entry.group_name ? "group" : entry.service_principal_name ? "servicePrincipal" : "user";
  return {
    principal: entry.group_name ?? entry.service_principal_name ?? entry.user_name ?? entry.display_name ?? "?",
    principalType,
    permissions: (entry.all_permissions ?? []).map((p) => ({
      level: p.permission_level ?? "?",
      inherited: p.inherited === true,
    })),
  };
}

function initScriptOf(info: compute.InitScriptInfo): { type: string; destination: string } {
  for (const [type, value] of Object.entries(info)) {
    const destination = (value as { destination?: string } | undefined)?.destination;
    if (destination !== undefined) return { type, destination };
  }
  return { type: "unknown", destination: "" };
}

export function toCluster(cluster: compute.ClusterDetails): Cluster {
  return {
    id: cluster.cluster_id ?? "",
    name: cluster.cluster_name ?? "",
    state: cluster.state ?? null,
    source: cluster.cluster_source ?? null,
    accessMode: cluster.data_security_mode ?? null,
    singleUserName: cluster.single_user_name ?? null,
    sparkVersion: cluster.spark_version ?? null,
    creator: cluster.creator_user_name ?? null,
    startTime: iso(cluster.start_time),
    lastRestartedTime: iso(cluster.last_restarted_time),
    autoterminationMinutes: cluster.autotermination_minutes ?? null,
    policyId: cluster.policy_id ?? null,
    localDiskEncryption: cluster.enable_local_disk_encryption ?? null,
    tags: { ...(cluster.custom_tags ?? {}) },
    initScripts: (cluster.init_scripts ?? []).map(initScriptOf),
    // Values are fingerprinted unless the key is a known non-secret setting (redact/fingerprint.ts).
    sparkConf: redactConfMap(cluster.spark_conf),
    sparkEnvVars: redactConfMap(cluster.spark_env_vars),
  };
}

// --- the collector --------------------------------------------------------------------------------

export async function collectDatabricks(client: ReadOnlyApiClient, problems: Problem[]): Promise<DatabricksWorkspace> {
  const ipLists = new settings.IpAccessListsService(client);
  const tokens = new settings.TokenManagementService(client);
  const clusters = new compute.ClustersService(client);

  // workspace-conf first: it doubles as the reachability probe, so an unreachable host fails fast.
  const workspaceConf = await readWorkspaceConf(client, problems);
  const [ipAccessLists, tokenInfos, tokenPermissions, clusterList, admins] = await Promise.all([
    read("GET /api/2.0/ip-access-lists", problems, async () => (await collectAll(ipLists.list())).map(toIpAccessList)),
    read("GET /api/2.0/token-management/tokens", problems, async () =>
      (await collectAll(tokens.list({}))).map(toTokenInfo),
    ),
    read("GET /api/2.0/permissions/authorization/tokens", problems, async () =>
      ((await tokens.getPermissions()).access_control_list ?? []).map(toAclEntry),
    ),
    read("GET /api/2.1/clusters/list", problems, async () =>
      (await collectAll(clusters.list({ page_size: 100 }))).map(toCluster),
    ),
    read(`GET ${SCIM_GROUPS}?filter=displayName eq "admins"`, problems, () => readAdmins(client)),
  ]);
  return {
    ...allUnknown(databricksWorkspaceSchema, "not collected by this lakeward version", "lakeward"),
    workspaceConf,
    ipAccessLists,
    tokens: tokenInfos,
    tokenPermissions,
    clusters: clusterList,
    admins,
  };
}
