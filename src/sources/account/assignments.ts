/**
 * Who the account assigns to a workspace, and with which permission (issue 20: account-level workspace admin).
 *
 * The Workspace Assignment API's list: GET /api/2.0/accounts/{account_id}/workspaces/{workspace_id}/
 * permissionassignments → iam.PermissionAssignments {permission_assignments[PermissionAssignment {error,
 * permissions[WorkspacePermission "ADMIN" | "UNKNOWN" | "USER"], principal PrincipalOutput {display_name,
 * group_name, principal_id, service_principal_name, user_name}]}} — databricks-sdk-go service/iam/model.go
 * (PermissionAssignments, PermissionAssignment, WorkspacePermission, PrincipalOutput) and the same types in the
 * JS SDK 0.17.0 (dist/apis/iam/model.d.ts; WorkspaceAssignmentAPI.list in dist/apis/iam/api.js: one GET, no
 * paging). Exactly one of `user_name`, `group_name`, `service_principal_name` is present ("Present only if the
 * principal is a …"); `service_principal_name` is the application id (Terraform databricks_permission_assignment);
 * where it is absent or not one, the account's SCIM list maps `principal_id` to the application id.
 *
 * `ADMIN` makes the principal a workspace admin ("Can access the workspace and has workspace admin privileges",
 * databricks_mws_permission_assignment). Bounded by the client's timeout and body limit (one response) and by
 * MAX_ASSIGNMENTS here: past it the list is partial, never silently cut.
 */
import type { iam } from "@databricks/sdk-experimental";
import { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { AccountServicePrincipal, PrincipalType, WorkspaceAssignment } from "../../evidence/model.ts";
import type { Conforms } from "../databricks/conforms.ts";
import { getJson } from "../databricks/http.ts";
import { pathId } from "../databricks/routes.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf } from "../problems.ts";

const str = z.string();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();

export const permissionAssignmentsSchema = z.object({
  permission_assignments: z
    .array(
      z.object({
        error: opt(str),
        permissions: opt(z.array(z.enum(["ADMIN", "UNKNOWN", "USER"]))),
        principal: opt(
          z.object({
            display_name: opt(str),
            group_name: opt(str),
            principal_id: opt(z.number()),
            service_principal_name: opt(str),
            user_name: opt(str),
          }),
        ),
      }),
    )
    .optional(),
});
const conformance: true[] = [
  true satisfies Conforms<z.infer<typeof permissionAssignmentsSchema>, iam.PermissionAssignments>,
];
void conformance;

/** Assignments kept from one response; past it the fact is partial (an account has far fewer in practice). */
export const MAX_ASSIGNMENTS = 50_000;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function readWorkspaceAssignments(
  client: ReadOnlyApiClient,
  accountId: string,
  workspaceId: string | null,
  servicePrincipals: Fact<AccountServicePrincipal[]>,
  problems: Problem[],
): Promise<Fact<WorkspaceAssignment[]>> {
  const base = `/api/2.0/accounts/${accountId}`;
  if (!workspaceId)
    return unknown(
      "the workspace id is unknown (ARM was not read), so its account assignments cannot be looked up",
      `GET ${base}/workspaces/{id}/permissionassignments`,
    );
  const path = `${base}/workspaces/${pathId(workspaceId, "workspace id", "ARM workspaceId")}/permissionassignments`;
  const source = `GET ${path}`;
  let body: z.infer<typeof permissionAssignmentsSchema>;
  try {
    body = await getJson(client, path, permissionAssignmentsSchema);
  } catch (error) {
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
  const byScimId = new Map(
    servicePrincipals.status === "known" ? servicePrincipals.value.map((sp) => [sp.id, sp.applicationId]) : [],
  );
  const all = body.permission_assignments ?? [];
  const out: WorkspaceAssignment[] = [];
  const unnamed: string[] = [];
  for (const a of all.slice(0, MAX_ASSIGNMENTS)) {
    const p = a.principal;
    const permissions = a.permissions ?? [];
    let who: { principal: string; principalType: PrincipalType } | null = null;
    if (p?.user_name) who = { principal: p.user_name, principalType: "user" };
    else if (p?.group_name) who = { principal: p.group_name, principalType: "group" };
    else if (p?.service_principal_name || p?.principal_id !== undefined) {
      const named = p.service_principal_name;
      const appId = named && GUID.test(named) ? named : byScimId.get(String(p.principal_id ?? ""));
      if (appId) who = { principal: appId, principalType: "servicePrincipal" };
    }
    if (who) out.push({ ...who, permissions });
    // A principal lakeward cannot name holding ADMIN is a workspace admin it cannot place: say so.
    else if (permissions.includes("ADMIN")) unnamed.push(String(p?.principal_id ?? p?.display_name ?? "?"));
  }
  const partial = [
    ...(all.length > MAX_ASSIGNMENTS
      ? [`only the first ${MAX_ASSIGNMENTS} of ${all.length} assignments were read`]
      : []),
    ...(unnamed.length
      ? [
          `${unnamed.length} ADMIN assignment(s) name no principal lakeward can match (principal_id ${unnamed.join(", ")})`,
        ]
      : []),
  ];
  return partial.length ? { ...known(out, source), partial: partial.join("; ") } : known(out, source);
}
