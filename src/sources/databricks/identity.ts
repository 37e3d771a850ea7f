/**
 * Identities through SCIM: users, groups, service principals and the members of `admins`. Every list is
 * paged by hand: the SDK's SCIM iterators never advance startIndex (reference/apis.md §0, trap 3).
 */
import type { Principal, ScimGroup, ScimUser, ServicePrincipal } from "../../evidence/model.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";

export const SCIM = "/api/2.0/preview/scim/v2";

interface ScimPage<T> {
  totalResults?: number;
  Resources?: T[];
}

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

interface ScimMember {
  value?: string;
  display?: string;
  $ref?: string;
}
interface WireGroup {
  id?: string;
  displayName?: string;
  externalId?: string;
  members?: ScimMember[];
  entitlements?: { value?: string }[];
}
interface WireUser {
  id?: string;
  userName?: string;
  active?: boolean;
  externalId?: string;
  entitlements?: { value?: string }[];
  groups?: { display?: string; value?: string }[];
}
interface WireServicePrincipal {
  id?: string;
  applicationId?: string;
  displayName?: string;
  active?: boolean;
  entitlements?: { value?: string }[];
}

const values = (list: { value?: string }[] | undefined) => (list ?? []).map((e) => e.value ?? "").filter(Boolean);

export async function readUsers(client: ReadOnlyApiClient): Promise<ScimUser[]> {
  const users = await scimList<WireUser>(client, `${SCIM}/Users`, {
    attributes: "id,userName,active,externalId,entitlements,groups",
  });
  return users.map((user) => ({
    id: user.id ?? "",
    userName: user.userName ?? "",
    active: user.active !== false,
    externalId: user.externalId ?? null,
    entitlements: values(user.entitlements),
    groups: (user.groups ?? []).map((g) => g.display ?? g.value ?? "").filter(Boolean),
  }));
}

export async function readGroups(client: ReadOnlyApiClient): Promise<ScimGroup[]> {
  const groups = await scimList<WireGroup>(client, `${SCIM}/Groups`, {
    attributes: "id,displayName,externalId,entitlements,members",
  });
  return groups.map((group) => ({
    id: group.id ?? "",
    displayName: group.displayName ?? "",
    externalId: group.externalId ?? null,
    entitlements: values(group.entitlements),
    memberCount: (group.members ?? []).length,
  }));
}

export async function readServicePrincipals(client: ReadOnlyApiClient): Promise<ServicePrincipal[]> {
  const principals = await scimList<WireServicePrincipal>(client, `${SCIM}/ServicePrincipals`);
  return principals.map((sp) => ({
    id: sp.id ?? "",
    applicationId: sp.applicationId ?? "",
    displayName: sp.displayName ?? sp.applicationId ?? "",
    active: sp.active !== false,
    entitlements: values(sp.entitlements),
  }));
}

function memberType(member: ScimMember): Principal["type"] {
  const ref = member.$ref ?? "";
  if (/Groups\//i.test(ref)) return "group";
  if (/ServicePrincipals\//i.test(ref)) return "servicePrincipal";
  return "user";
}

/** Members of the `admins` group, nested groups expanded (to a depth of 5, cycles cut). */
export async function readAdmins(client: ReadOnlyApiClient): Promise<Principal[]> {
  const [admins] = await scimList<WireGroup>(client, `${SCIM}/Groups`, { filter: 'displayName eq "admins"' });
  if (!admins) throw new Error('no group named "admins" in this workspace');
  const principals = new Map<string, Principal>();
  const visited = new Set<string>([admins.id ?? "admins"]);
  const walk = async (group: WireGroup, via: string | null, depth: number): Promise<void> => {
    for (const member of group.members ?? []) {
      const type = memberType(member);
      const id = member.value ?? member.display ?? "?";
      if (type === "group") {
        if (visited.has(id) || depth >= 5) continue;
        visited.add(id);
        const nested = (await client.request({
          path: `${SCIM}/Groups/${encodeURIComponent(id)}`,
          method: "GET",
          headers: new Headers({ Accept: "application/scim+json" }),
          raw: false,
        })) as WireGroup;
        await walk(nested, member.display ?? id, depth + 1);
      } else if (!principals.has(id)) {
        principals.set(id, { id, name: member.display ?? id, displayName: member.display ?? null, type, via });
      }
    }
  };
  await walk(admins, null, 0);
  return [...principals.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Who the scan reads the workspace as (SCIM /Me): a user's userName, a service principal's applicationId,
 * and the groups SCIM lists for it (to recognise the metastore's admin group).
 */
export async function readCaller(client: ReadOnlyApiClient): Promise<{ id: string; name: string; groups: string[] }> {
  const me = (await client.request({
    path: `${SCIM}/Me`,
    method: "GET",
    headers: new Headers({ Accept: "application/scim+json" }),
    raw: false,
  })) as WireUser & { applicationId?: string; displayName?: string };
  if (!me.id) throw new Error("SCIM /Me returned no id");
  return {
    id: me.id,
    name: me.userName ?? me.applicationId ?? me.displayName ?? me.id,
    groups: (me.groups ?? []).map((group) => group.display ?? "").filter(Boolean),
  };
}
