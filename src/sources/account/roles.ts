/**
 * The account roles the permission graph needs (issue 20): who is an account admin, and who may act as a
 * service principal.
 *
 * - Account admins: account SCIM Users, ServicePrincipals and Groups whose `roles` (iam.User /
 *   iam.ServicePrincipal / iam.Group `.roles`, ComplexValue[]) hold the value `account_admin`
 *   (reference/apis.md §2, "an account admin carries role account_admin").
 * - Service principal rule sets: the iam AccountAccessControlAPI getRuleSet of the JS SDK 0.17.0
 *   (dist/apis/iam/api.js: GET /api/2.0/preview/accounts/{account_id}/access-control/rule-sets with query
 *   `name`, `etag`) for the rule set `accounts/{account_id}/servicePrincipals/{application_id}/ruleSets/default`
 *   → iam.RuleSetResponse {name, etag, grant_rules[GrantRule {role, principals}]}; a principal is
 *   `users/{userName}`, `groups/{displayName}` or `servicePrincipals/{applicationId}` (the GrantRule model's
 *   comment). `roles/servicePrincipal.user` lets the grantee run jobs as the service principal;
 *   `roles/servicePrincipal.manager` also lets it grant that to others (Databricks "Roles for managing service
 *   principals"; Terraform databricks_access_control_rule_set).
 *
 * - Group rule sets (issue 20): `accounts/{account_id}/groups/{group_id}/ruleSets/default` (the same API; rule-set
 *   names as in Terraform databricks_access_control_rule_set) — `roles/group.manager` may change the group's
 *   members, so may add itself and get whatever the group gets; `roles/group.assumer` may assume the group as a
 *   role and act with its permissions (Databricks "Role-based access control": "a role is implemented as a
 *   group … grant the Assume permission on that group"; the role documented for group rule sets in
 *   terraform-provider-databricks PR #5924).
 * - The account's own rule set `accounts/{account_id}/ruleSets/default`: `roles/group.manager` there manages every
 *   group of the account and `roles/servicePrincipal.manager` every service principal (Terraform's "Account rule
 *   set usage"); recorded with the group or service principal `*`.
 *
 * A role held by an account group reaches its members, and a workspace lists only the account groups assigned
 * to it: so each role held by a group is also written out for every member (nested groups included, `via` the
 * group), from the account's group list with members. A user who is in the workspace through another group
 * is then still seen to hold it.
 */
import type { iam } from "@databricks/sdk-experimental";
import { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import {
  type AccountAdmin,
  EVERY,
  type GroupRole,
  type PrincipalType,
  type RuleSetUnread,
  type ServicePrincipalRole,
} from "../../evidence/model.ts";
import type { Conforms } from "../databricks/conforms.ts";
import { getJson, isMissingResource, scimList } from "../databricks/http.ts";
import { pathId } from "../databricks/routes.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf } from "../problems.ts";

const str = z.string();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();
const list = <T extends z.ZodType>(item: T) => z.array(item).optional();

export const rolesSchema = list(z.object({ value: opt(str) }));

export const accountUserSchema = z.object({
  id: opt(str),
  userName: opt(str),
  externalId: opt(str),
  roles: rolesSchema,
});
export const accountGroupSchema = z.object({
  id: opt(str),
  displayName: opt(str),
  externalId: opt(str),
  roles: rolesSchema,
  /** value = the member's id; $ref = "Users/…", "Groups/…" or "ServicePrincipals/…" (SCIM). */
  members: list(z.object({ value: opt(str), $ref: opt(str), display: opt(str) })),
});
export const ruleSetSchema = z.object({
  name: opt(str),
  etag: opt(str),
  grant_rules: list(z.object({ role: str, principals: list(str) })),
});

type In<S extends z.ZodType> = z.infer<S>;
const conformance: true[] = [
  true satisfies Conforms<In<typeof accountUserSchema>, iam.User>,
  true satisfies Conforms<In<typeof accountGroupSchema>, iam.Group>,
  true satisfies Conforms<In<typeof ruleSetSchema>, iam.RuleSetResponse>,
];
void conformance;

const ACCOUNT_ADMIN = "account_admin";
export const isAccountAdmin = (r: { roles?: { value?: string | undefined }[] | undefined }) =>
  (r.roles ?? []).some((role) => role.value === ACCOUNT_ADMIN);

/** The rule-set roles that hand a principal a service principal's power (run jobs as it; manage it). */
const SP_ROLES = new Set(["roles/servicePrincipal.user", "roles/servicePrincipal.manager"]);
/** The rule-set roles that hand a principal a group's power (add itself to it; assume it as a role). */
const GROUP_ROLES = new Set(["roles/group.manager", "roles/group.assumer"]);

const GRANTEE_TYPES: Record<string, PrincipalType> = {
  users: "user",
  groups: "group",
  servicePrincipals: "servicePrincipal",
};

/** "users/ola@contoso.example" → {user, ola@contoso.example}; another prefix is no principal lakeward knows. */
function grantee(principal: string): { principal: string; principalType: PrincipalType } | null {
  const slash = principal.indexOf("/");
  const type = slash > 0 ? GRANTEE_TYPES[principal.slice(0, slash)] : undefined;
  const name = principal.slice(slash + 1);
  return type && name ? { principal: name, principalType: type } : null;
}

/** An account service principal as the SCIM list gave it (with its roles). */
export interface WireServicePrincipal {
  id?: string | undefined;
  applicationId?: string | undefined;
  externalId?: string | undefined;
  roles?: { value?: string | undefined }[] | undefined;
}

interface Member {
  principal: string;
  principalType: PrincipalType;
  externalId: string | null;
}

/** Every user and service principal in a group, nested groups included (each group expanded once). */
function expand(
  group: string,
  groups: Map<string, In<typeof accountGroupSchema>>,
  byId: Map<string, Member>,
): Member[] {
  const out = new Map<string, Member>();
  const seen = new Set<string>();
  const queue = [group];
  while (queue.length) {
    const g = groups.get(queue.shift()!);
    if (!g?.id || seen.has(g.id)) continue;
    seen.add(g.id);
    for (const m of g.members ?? []) {
      if (!m.value) continue;
      if (m.$ref?.startsWith("Groups/")) {
        const nested = [...groups.values()].find((x) => x.id === m.value);
        if (nested?.displayName) queue.push(nested.displayName.toLowerCase());
        continue;
      }
      const member = byId.get(m.value);
      if (member) out.set(`${member.principalType}:${member.principal}`, member);
    }
  }
  return [...out.values()];
}

export interface AccountRoles {
  accountAdmins: Fact<AccountAdmin[]>;
  servicePrincipalRoles: Fact<ServicePrincipalRole[]>;
  groupRoles: Fact<GroupRole[]>;
  /** The rule sets of single service principals or groups that could not be read (the facts hold the rest). */
  ruleSetsUnread?: RuleSetUnread[];
}

/** Account groups whose rule sets are read (one GET each); past it: partial. */
export const MAX_GROUP_RULE_SETS = 500;

/**
 * Reads the account's users and groups (with members, roles), works out the account admins, and reads the
 * rule set of each of `detailed` (the service principals whose details are read; `partial` says when that is
 * not all of them). The users or groups failing make both facts unknown (a group's members are how its role
 * reaches anyone); so does the account's own rule set failing (it governs every service principal and group).
 * One service principal's or group's rule set failing leaves the roles on that one unknown (`ruleSetsUnread`),
 * not all: the rule set holds the grants on its own principal only (iam.RuleSetResponse of
 * accounts/{account}/servicePrincipals/{id}/ruleSets/default or …/groups/{id}/ruleSets/default).
 */
export async function readAccountRoles(
  client: ReadOnlyApiClient,
  accountId: string,
  servicePrincipals: readonly WireServicePrincipal[],
  detailed: readonly { applicationId: string }[],
  partial: { partial?: string },
  problems: Problem[],
): Promise<AccountRoles> {
  const base = `/api/2.0/accounts/${accountId}`;
  const adminsSource = `GET ${base}/scim/v2/{Users,ServicePrincipals,Groups} (roles)`;
  const ruleSetsPath = `/api/2.0/preview/accounts/${accountId}/access-control/rule-sets`;
  const ruleSetsSource = `GET ${ruleSetsPath}?name=accounts/${accountId}/servicePrincipals/{application_id}/ruleSets/default`;
  const groupRuleSetsSource = `GET ${ruleSetsPath}?name=accounts/${accountId}/{groups/{group_id}/,}ruleSets/default`;
  let users: In<typeof accountUserSchema>[];
  let groupList: In<typeof accountGroupSchema>[];
  try {
    [users, groupList] = await Promise.all([
      scimList(client, `${base}/scim/v2/Users`, accountUserSchema, { attributes: "id,userName,externalId,roles" }),
      scimList(client, `${base}/scim/v2/Groups`, accountGroupSchema, {
        attributes: "id,displayName,externalId,roles,members",
      }),
    ]);
  } catch (error) {
    const source = `GET ${base}/scim/v2/{Users,Groups}`;
    problems.push(problemOf(error, source));
    const reason = `the account's users and groups could not be listed: ${describeFailure(error)}`;
    return {
      accountAdmins: unknown(reason, adminsSource),
      servicePrincipalRoles: unknown(reason, ruleSetsSource),
      groupRoles: unknown(reason, groupRuleSetsSource),
    };
  }
  const byId = new Map<string, Member>();
  for (const u of users)
    if (u.id && u.userName)
      byId.set(u.id, { principal: u.userName, principalType: "user", externalId: u.externalId ?? null });
  for (const sp of servicePrincipals)
    if (sp.id && sp.applicationId)
      byId.set(sp.id, {
        principal: sp.applicationId,
        principalType: "servicePrincipal",
        externalId: sp.externalId ?? null,
      });
  const groups = new Map(groupList.filter((g) => g.displayName).map((g) => [g.displayName!.toLowerCase(), g]));

  const admins: AccountAdmin[] = [];
  for (const u of users.filter(isAccountAdmin))
    admins.push({
      principal: u.userName ?? u.id ?? "",
      principalType: "user",
      externalId: u.externalId ?? null,
      via: null,
    });
  for (const sp of servicePrincipals.filter(isAccountAdmin))
    admins.push({
      principal: sp.applicationId ?? sp.id ?? "",
      principalType: "servicePrincipal",
      externalId: sp.externalId ?? null,
      via: null,
    });
  for (const g of groupList.filter(isAccountAdmin)) {
    const name = g.displayName ?? g.id ?? "";
    admins.push({ principal: name, principalType: "group", externalId: g.externalId ?? null, via: null });
    for (const m of expand(name.toLowerCase(), groups, byId)) admins.push({ ...m, via: name });
  }

  /** A role held by a group is written out for each of its members too (`via` the group). */
  const withMembers = <R extends { principal: string; principalType: PrincipalType }>(rules: R[]) => {
    const out: (R & { via: string | null })[] = [];
    for (const rule of rules) {
      out.push({ ...rule, via: null });
      if (rule.principalType === "group")
        for (const m of expand(rule.principal.toLowerCase(), groups, byId))
          out.push({ ...rule, principal: m.principal, principalType: m.principalType, via: rule.principal });
    }
    return out;
  };

  // The account's own rule set: roles over every group and every service principal. Failing, it makes both
  // unknown (it could hold the grant that matters).
  const accountRuleSetSource = `GET ${ruleSetsPath}?name=accounts/${accountId}/ruleSets/default`;
  let accountRules: GrantRuleWire[] | Error;
  try {
    accountRules = await readRules(client, ruleSetsPath, `accounts/${accountId}/ruleSets/default`);
  } catch (error) {
    problems.push(problemOf(error, accountRuleSetSource));
    accountRules = error instanceof Error ? error : new Error(String(error));
  }

  // One service principal's or group's rule set governs the roles on it alone: one failing leaves only that one
  // unknown (`ruleSetsUnread`, which the graph counts as a part not read), the rest of the fact stands.
  const ruleSetsUnread: RuleSetUnread[] = [];
  const failures = { servicePrincipal: [] as unknown[], group: [] as unknown[] };
  const unlessUnread = async <T>(kind: RuleSetUnread["kind"], name: string, readOne: () => Promise<T[]>) => {
    try {
      return await readOne();
    } catch (error) {
      ruleSetsUnread.push({ kind, name, reason: describeFailure(error) });
      failures[kind].push(error);
      return [];
    }
  };
  const reportFailures = (kind: RuleSetUnread["kind"], source: string, of: number) => {
    const list = failures[kind];
    if (!list.length) return;
    const problem = problemOf(list[0], source);
    problems.push({
      ...problem,
      message: `${list.length} of ${of} rule sets could not be read, so the roles on those are unknown; the first: ${problem.message}`,
    });
  };

  let servicePrincipalRoles: Fact<ServicePrincipalRole[]>;
  if (accountRules instanceof Error) servicePrincipalRoles = unknown(describeFailure(accountRules), ruleSetsSource);
  else {
    const unplaced: string[] = [];
    const lists = await Promise.all(
      detailed.map((sp) =>
        unlessUnread("servicePrincipal", sp.applicationId, () =>
          readRuleSet(client, accountId, sp.applicationId, ruleSetsPath, ruleSetsSource, unplaced),
        ),
      ),
    );
    reportFailures("servicePrincipal", ruleSetsSource, detailed.length);
    const everySp = grantsOf(accountRules, SP_ROLES, unplaced).map((g) => ({ servicePrincipal: EVERY, ...g }));
    const reasons = [partial.partial, unplacedReason(unplaced)].filter((r): r is string => !!r);
    servicePrincipalRoles = {
      ...known(withMembers([...everySp, ...lists.flat()]), ruleSetsSource),
      ...(reasons.length ? { partial: reasons.join("; ") } : {}),
    };
  }

  let groupRoles: Fact<GroupRole[]>;
  const named = groupList.filter((g) => g.id && g.displayName);
  const detailedGroups = named.slice(0, MAX_GROUP_RULE_SETS);
  if (accountRules instanceof Error) groupRoles = unknown(describeFailure(accountRules), groupRuleSetsSource);
  else {
    const unplaced: string[] = [];
    const lists = await Promise.all(
      detailedGroups.map((g) =>
        unlessUnread("group", g.displayName!, async () => {
          const id = pathId(g.id!, "group id", groupRuleSetsSource);
          const rules = await readRules(client, ruleSetsPath, `accounts/${accountId}/groups/${id}/ruleSets/default`);
          return grantsOf(rules, GROUP_ROLES, unplaced).map((grant) => ({ group: g.displayName!, ...grant }));
        }),
      ),
    );
    reportFailures("group", groupRuleSetsSource, detailedGroups.length);
    const everyGroup = grantsOf(accountRules, new Set(["roles/group.manager"]), unplaced).map((g) => ({
      group: EVERY,
      ...g,
    }));
    const roles = known(withMembers([...everyGroup, ...lists.flat()]), groupRuleSetsSource);
    const reasons = [
      named.length > detailedGroups.length
        ? `the account has ${named.length} groups; only the first ${detailedGroups.length} groups' rule sets were read`
        : undefined,
      unplacedReason(unplaced),
    ].filter((r): r is string => !!r);
    groupRoles = reasons.length ? { ...roles, partial: reasons.join("; ") } : roles;
  }
  return {
    accountAdmins: known(admins, adminsSource),
    servicePrincipalRoles,
    groupRoles,
    ...(ruleSetsUnread.length ? { ruleSetsUnread } : {}),
  };
}

type GrantRuleWire = NonNullable<In<typeof ruleSetSchema>["grant_rules"]>[number];

/** A rule set's grant rules; a rule set that does not exist grants nothing (only account admins hold roles). */
async function readRules(client: ReadOnlyApiClient, path: string, name: string): Promise<GrantRuleWire[]> {
  try {
    return (await getJson(client, path, ruleSetSchema, { name, etag: "" })).grant_rules ?? [];
  } catch (error) {
    if (isMissingResource(error)) return [];
    throw error;
  }
}

/**
 * The grantees of the rules whose role is one of `roles`, as principals lakeward knows; a grantee in another form
 * than users/…, groups/…, servicePrincipals/… (iam.GrantRule.principals) is added to `unplaced`: its role is a
 * route lakeward cannot draw, so the fact built from these is partial, not complete.
 */
function grantsOf(rules: readonly GrantRuleWire[], roles: ReadonlySet<string>, unplaced: string[]) {
  const out: { role: string; principal: string; principalType: PrincipalType }[] = [];
  for (const rule of rules) {
    if (!roles.has(rule.role)) continue;
    for (const principal of rule.principals ?? []) {
      const who = grantee(principal);
      if (who) out.push({ role: rule.role, ...who });
      else unplaced.push(`${rule.role} to ${principal}`);
    }
  }
  return out;
}

/** Why a fact is partial when some grantees could not be placed (the first three named). */
function unplacedReason(unplaced: readonly string[]): string | undefined {
  if (!unplaced.length) return undefined;
  const named = unplaced.slice(0, 3).join(", ");
  return `${unplaced.length} rule-set grant(s) name a principal in a form lakeward cannot place (${named}${unplaced.length > 3 ? ", …" : ""})`;
}

/** One service principal's rule set: who holds servicePrincipal.user or .manager on it. */
async function readRuleSet(
  client: ReadOnlyApiClient,
  accountId: string,
  applicationId: string,
  path: string,
  endpoint: string,
  unplaced: string[],
): Promise<Omit<ServicePrincipalRole, "via">[]> {
  const id = pathId(applicationId, "service principal application id", endpoint);
  const rules = await readRules(client, path, `accounts/${accountId}/servicePrincipals/${id}/ruleSets/default`);
  return grantsOf(rules, SP_ROLES, unplaced).map((grant) => ({ servicePrincipal: applicationId, ...grant }));
}
