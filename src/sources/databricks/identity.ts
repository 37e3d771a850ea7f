/**
 * Identities through SCIM: users, groups, service principals and the members of `admins`. Every list is
 * paged by hand: the SDK's SCIM iterators never advance startIndex (reference/apis.md §0, trap 3).
 */
import type { z } from "zod";
import type { Principal, ScimGroup, ScimUser, ServicePrincipal } from "../../evidence/model.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { PageGuard } from "../http/pager.ts";
import { getJson, scimList } from "./http.ts";
import { pathId } from "./routes.ts";
import { scimGroupSchema, scimServicePrincipalSchema, scimUserSchema } from "./schemas.ts";

export const SCIM = "/api/2.0/preview/scim/v2";
export { scimList };

type WireGroup = z.infer<typeof scimGroupSchema>;
type ScimMember = NonNullable<WireGroup["members"]>[number];

const values = (list: { value?: string | undefined }[] | undefined) =>
  (list ?? []).map((e) => e.value ?? "").filter(Boolean);

export async function readUsers(client: ReadOnlyApiClient): Promise<ScimUser[]> {
  const users = await scimList(client, `${SCIM}/Users`, scimUserSchema, {
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
  const groups = await scimList(client, `${SCIM}/Groups`, scimGroupSchema, {
    attributes: "id,displayName,externalId,entitlements,members",
  });
  return groups.map((group) => ({
    id: group.id ?? "",
    displayName: group.displayName ?? "",
    externalId: group.externalId ?? null,
    entitlements: values(group.entitlements),
    memberCount: (group.members ?? []).length,
    // SCIM Group.members (iam.ComplexValue: value = the member's id, display, $ref "Users/…", "Groups/…",
    // "ServicePrincipals/…"): the permission graph's membership edges, nested groups included.
    members: (group.members ?? [])
      .filter((member) => member.value)
      .map((member) => ({ id: member.value ?? "", type: memberType(member), display: member.display ?? "" })),
  }));
}

export async function readServicePrincipals(client: ReadOnlyApiClient): Promise<ServicePrincipal[]> {
  const principals = await scimList(client, `${SCIM}/ServicePrincipals`, scimServicePrincipalSchema);
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
  const [admins] = await scimList(client, `${SCIM}/Groups`, scimGroupSchema, { filter: 'displayName eq "admins"' });
  if (!admins) throw new Error('no group named "admins" in this workspace');
  // Nested groups are read one GET each; the guard bounds the walk like a list (count, deadline).
  const guard = new PageGuard(`GET ${SCIM}/Groups/{id} (nested admins)`, { maxPages: 500 });
  const principals = new Map<string, Principal>();
  const visited = new Set<string>([admins.id ?? "admins"]);
  const walk = async (group: WireGroup, via: string | null, depth: number): Promise<void> => {
    for (const member of group.members ?? []) {
      const type = memberType(member);
      const id = member.value ?? member.display ?? "?";
      if (type === "group") {
        if (visited.has(id) || depth >= 5) continue;
        visited.add(id);
        guard.beforePage();
        const groupId = pathId(id, "group id", `GET ${SCIM}/Groups`);
        const nested = await getJson(
          client,
          `${SCIM}/Groups/${groupId}`,
          scimGroupSchema,
          {},
          {
            deadline: guard.deadline,
            accept: "application/scim+json",
          },
        );
        guard.afterPage([], undefined);
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
  const me = await getJson(
    client,
    `${SCIM}/Me`,
    scimUserSchema.extend({ applicationId: scimServicePrincipalSchema.shape.applicationId }),
    {},
    {
      accept: "application/scim+json",
    },
  );
  if (!me.id) throw new Error("SCIM /Me returned no id");
  return {
    id: me.id,
    name: me.userName ?? me.applicationId ?? me.displayName ?? me.id,
    groups: (me.groups ?? []).map((group) => group.display ?? "").filter(Boolean),
  };
}
