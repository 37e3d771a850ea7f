/**
 * Microsoft Graph: Conditional Access policies (needs Policy.Read.All) and who the users, groups and
 * directory roles they name are (needs User.Read.All, GroupMember.Read.All and RoleManagement.Read.Directory,
 * or Directory.Read.All), so that IAM-01 can tell whether every workspace user is covered. Optional: without
 * `--graph` the facts are unknown with that reason; a 403 says which permission is missing.
 */
import type { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import { type ConditionalAccessPolicy, policyTargetsDatabricks } from "../../evidence/model.ts";
import { type ArmConnection, connectionLimits } from "../azure/arm.ts";
import { ArmReader } from "../azure/arm-reader.ts";
import { GRAPH_READS } from "../azure/transport.ts";
import { ApiFailure, describeFailure } from "../http/api-failure.ts";
import { type Problem, problemOf, read } from "../problems.ts";
import { conditionalAccessPolicyRead, directoryObjectWire, KNOWN_CONDITIONS } from "./wire.ts";

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
export const DEFAULT_GRAPH_ENDPOINT = "https://graph.microsoft.com";

/**
 * The reader for Microsoft Graph: the ARM connection's credential, secrets and limits, on the Graph endpoint
 * (`connection.endpoint`), reading only Graph's paths; its next links must stay on Graph's origin.
 */
export function graphReader(connection: ArmConnection): ArmReader {
  return new ArmReader({
    credential: connection.credential,
    endpoint: connection.endpoint,
    scope: GRAPH_SCOPE,
    stats: connection.stats,
    label: "Graph",
    reads: GRAPH_READS,
    ...(connection.ca ? { ca: connection.ca } : {}),
    ...(connection.secrets ? { secrets: connection.secrets } : {}),
    limits: connectionLimits(connection),
  });
}

/** A condition lakeward does not know is "set" when it holds anything but null, an empty list or object. */
const isSet = (value: unknown) =>
  value !== null &&
  value !== undefined &&
  !(Array.isArray(value) && value.length === 0) &&
  !(typeof value === "object" && !Array.isArray(value) && Object.keys(value as object).length === 0);

const list = (values: readonly string[] | null | undefined) => [...(values ?? [])];

export async function readConditionalAccess(
  graph: ArmReader,
  problems: Problem[],
): Promise<Fact<ConditionalAccessPolicy[]>> {
  const path = "/v1.0/identity/conditionalAccess/policies";
  return read(`Graph GET ${path}`, problems, async () => {
    const policies = await graph.list(path, "", conditionalAccessPolicyRead, {}, (policy) => policy.id);
    return policies.map((p): ConditionalAccessPolicy => {
      const c = p.conditions;
      const strength = p.grantControls?.authenticationStrength;
      return {
        id: p.id,
        name: p.displayName ?? p.id,
        state: p.state,
        includeApplications: list(c.applications?.includeApplications),
        excludeApplications: list(c.applications?.excludeApplications),
        includeUsers: list(c.users?.includeUsers),
        includeGroups: list(c.users?.includeGroups),
        includeRoles: list(c.users?.includeRoles),
        excludeUsers: list(c.users?.excludeUsers),
        excludeGroups: list(c.users?.excludeGroups),
        excludeRoles: list(c.users?.excludeRoles),
        // Graph documents "all" as the default; an absent list means the condition is not set.
        clientAppTypes: c.clientAppTypes?.length ? [...c.clientAppTypes] : ["all"],
        // Graph's default operator is OR.
        grantOperator: p.grantControls?.operator ?? "OR",
        builtInControls: list(p.grantControls?.builtInControls),
        authenticationStrength: strength
          ? {
              name: strength.displayName ?? strength.id ?? "unnamed authentication strength",
              requirementsSatisfied: strength.requirementsSatisfied ?? null,
            }
          : null,
        conditions: {
          locations: c.locations
            ? { include: list(c.locations.includeLocations), exclude: list(c.locations.excludeLocations) }
            : null,
          platforms: c.platforms
            ? { include: list(c.platforms.includePlatforms), exclude: list(c.platforms.excludePlatforms) }
            : null,
          signInRiskLevels: list(c.signInRiskLevels),
          userRiskLevels: list(c.userRiskLevels),
          servicePrincipalRiskLevels: list(c.servicePrincipalRiskLevels),
          insiderRiskLevels: c.insiderRiskLevels || null,
          deviceFilter: c.devices?.deviceFilter ?? null,
          clientApplications: c.clientApplications
            ? {
                includeServicePrincipals: list(c.clientApplications.includeServicePrincipals),
                excludeServicePrincipals: list(c.clientApplications.excludeServicePrincipals),
                filter: c.clientApplications.servicePrincipalFilter ?? null,
              }
            : null,
          authenticationFlows: c.authenticationFlows?.transferMethods || null,
          unrecognised: Object.entries(c)
            .filter(([key, value]) => !key.startsWith("@") && !KNOWN_CONDITIONS.includes(key) && isSet(value))
            .map(([key]) => key),
        },
      };
    });
  });
}

/** Object ids are GUIDs; `All`, `None`, `GuestsOrExternalUsers` are keywords, not principals. */
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const userWire = directoryObjectWire;
type UserWire = z.infer<typeof userWire>;

const signInNames = (user: UserWire): string[] => [
  ...new Set([user.userPrincipalName, user.mail].filter((v): v is string => Boolean(v)).map((v) => v.toLowerCase())),
];

const isType = (item: UserWire, type: "user" | "group") =>
  (item["@odata.type"] ?? "").toLowerCase() === `#microsoft.graph.${type}`;

const MEMBER_QUERY = { $select: "id,userPrincipalName,mail", $top: "999" };

/**
 * Resolves the users, groups (transitively) and directory roles the Databricks-relevant policies include or
 * exclude into sign-in names. A user or group that no longer exists (404) has no members — Conditional
 * Access keeps deleted ids; a role never activated in the tenant (404) has none either. Any other failure
 * makes the whole fact unknown: a partial map would make uncovered users look covered or the reverse.
 */
export async function readDirectoryMembers(
  graph: ArmReader,
  policies: Fact<ConditionalAccessPolicy[]>,
  problems: Problem[],
): Promise<Fact<Record<string, string[]>>> {
  const source = "Graph GET /v1.0/users, /v1.0/groups/{id}/transitiveMembers, /v1.0/directoryRoles";
  if (policies.status !== "known")
    return unknown(`the Conditional Access policies were not read (${policies.reason})`, source);
  // Only the policies that can apply to Azure Databricks: theirs are the principals IAM-01 must resolve.
  const relevant = policies.value.filter(policyTargetsDatabricks);
  const ids = (pick: (p: ConditionalAccessPolicy) => string[]) =>
    [...new Set(relevant.flatMap(pick).filter((id) => OBJECT_ID.test(id)))].sort();
  const users = ids((p) => [...p.includeUsers, ...p.excludeUsers]);
  const groups = ids((p) => [...p.includeGroups, ...p.excludeGroups]);
  const roles = ids((p) => [...p.includeRoles, ...p.excludeRoles]);
  const members: Record<string, string[]> = {};
  const orEmpty = async (fn: () => Promise<string[]>): Promise<string[]> => {
    try {
      return await fn();
    } catch (error) {
      // Only Graph's own "does not exist" means absent; a 404 page from a proxy does not.
      if (error instanceof ApiFailure && error.status === 404 && error.errorCode === "Request_ResourceNotFound")
        return [];
      throw error;
    }
  };
  const groupMembers = (id: string) =>
    orEmpty(async () =>
      (
        await graph.list(`/v1.0/groups/${id}/transitiveMembers/microsoft.graph.user`, "", userWire, MEMBER_QUERY)
      ).flatMap(signInNames),
    );
  try {
    for (const id of users)
      members[`user:${id}`] = await orEmpty(async () =>
        signInNames(await graph.get(`/v1.0/users/${id}`, null, userWire, { $select: "id,userPrincipalName,mail" })),
      );
    for (const id of groups) members[`group:${id}`] = await groupMembers(id);
    for (const id of roles) {
      members[`role:${id}`] = await orEmpty(async () => {
        // Role-assignable groups can hold a role: their members hold it too.
        const direct = await graph.list(`/v1.0/directoryRoles(roleTemplateId='${id}')/members`, "", userWire, {
          $select: "id,userPrincipalName,mail",
        });
        const names = direct.filter((m) => isType(m, "user")).flatMap(signInNames);
        for (const group of direct.filter((m) => isType(m, "group") && m.id))
          names.push(...(members[`group:${group.id}`] ?? (await groupMembers(group.id!))));
        return [...new Set(names)];
      });
    }
  } catch (error) {
    const problem = problemOf(error, source);
    problems.push(problem);
    const forbidden = error instanceof ApiFailure && error.status === 403;
    return unknown(
      forbidden
        ? `forbidden (HTTP 403${error.errorCode ? ` ${error.errorCode}` : ""}: ${error.detail}); reading who the policies' users, groups and roles are needs the Graph permissions User.Read.All, GroupMember.Read.All and RoleManagement.Read.Directory (or Directory.Read.All)`
        : describeFailure(error),
      problem.source,
    );
  }
  return known(members, source);
}

/** Groups whose members are read per run (one paged list each); past it the fact is partial. */
export const MAX_ADMIN_GROUPS = 100;

/**
 * The transitive user members (sign-in names) of the Entra groups that hold Owner or Contributor on a workspace
 * (the permission graph: a member is a workspace admin through the group) — GET
 * /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user (Graph v1.0 "List group transitive members", the
 * same call as for the Conditional Access groups). A group that no longer exists (404 Request_ResourceNotFound)
 * has no members; any other failure makes the fact unknown. `cache` is shared by the workspaces of a run.
 */
export async function readAdminGroupMembers(
  graph: ArmReader,
  groupIds: readonly string[],
  cache: Map<string, Promise<string[]>>,
  problems: Problem[],
): Promise<Fact<Record<string, string[]>>> {
  const source = "Graph GET /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user";
  const ids = [...new Set(groupIds.filter((id) => OBJECT_ID.test(id)).map((id) => id.toLowerCase()))].sort();
  const read = ids.slice(0, MAX_ADMIN_GROUPS);
  const members = (id: string) => {
    let found = cache.get(id);
    if (!found) {
      found = graph.list(`/v1.0/groups/${id}/transitiveMembers/microsoft.graph.user`, "", userWire, MEMBER_QUERY).then(
        (users) => users.flatMap(signInNames),
        (error: unknown) => {
          if (error instanceof ApiFailure && error.status === 404 && error.errorCode === "Request_ResourceNotFound")
            return [];
          throw error;
        },
      );
      cache.set(id, found);
    }
    return found;
  };
  try {
    const out: Record<string, string[]> = {};
    for (const id of read) out[id] = await members(id);
    const fact = known(out, source);
    return ids.length > read.length
      ? { ...fact, partial: `only the first ${read.length} of ${ids.length} groups' members were read` }
      : fact;
  } catch (error) {
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}
