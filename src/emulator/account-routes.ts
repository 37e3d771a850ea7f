/**
 * The Databricks account API on Azure, as far as lakeward reads it: account IP access lists, the
 * acct_ip_acl_enable and disable_legacy_features settings, network policies and each workspace's
 * network binding. Served on its own port, as accounts.azuredatabricks.net is its own host.
 */
import type { iam, settings } from "@databricks/sdk-experimental";
import { Hono } from "hono";
import type { AccountNetworkPolicyWire, DatabricksWorkspaceData } from "./databricks-types.ts";
import { databricksErrorBody } from "./faults.ts";
import { EMULATOR_ACCOUNT } from "./personas.ts";
import { registerAccountPlatform2026Routes } from "./platform-2026.ts";
import { commonMiddleware, type EmulatorState } from "./server.ts";

export function accountApp(state: EmulatorState): Hono {
  const app = new Hono();
  app.use("*", commonMiddleware(state, "account", databricksErrorBody));
  const base = `/api/2.0/accounts/${EMULATOR_ACCOUNT}`;
  const env = () => state.environment;
  const notSet = (c: import("hono").Context) =>
    c.json(
      {
        error_code: "RESOURCE_DOES_NOT_EXIST",
        message: "Setting was not found. It may be unset or the account has no such setting.",
      },
      404,
    );

  app.get(`${base}/ip-access-lists`, (c) =>
    c.json({ ip_access_lists: env().accountIpAccessLists } satisfies settings.ListIpAccessListResponse),
  );
  app.get(`${base}/settings/types/acct_ip_acl_enable/names/default`, (c) => {
    const enabled = env().accountIpAccessListsEnabled;
    return enabled === null
      ? notSet(c)
      : // settings.AccountIpAccessEnable: the value sits under the setting's own key; false is omitted.
        c.json({
          setting_name: "default",
          etag: "e1",
          acct_ip_acl_enable: enabled ? { value: true } : {},
        } satisfies settings.AccountIpAccessEnable);
  });
  app.get(`${base}/settings/types/disable_legacy_features/names/default`, (c) => {
    const disabled = env().disableLegacyFeatures;
    return disabled === null
      ? notSet(c)
      : c.json({
          setting_name: "default",
          etag: "e2",
          disable_legacy_features: disabled ? { value: true } : {},
        } satisfies settings.DisableLegacyFeatures);
  });
  app.get(`${base}/network-policies/:id`, (c) => {
    const policy = env().networkPolicies[c.req.param("id")];
    return policy
      ? c.json({ account_id: EMULATOR_ACCOUNT, ...policy } satisfies AccountNetworkPolicyWire)
      : c.json(
          { error_code: "RESOURCE_DOES_NOT_EXIST", message: `Network policy ${c.req.param("id")} does not exist.` },
          404,
        );
  });
  app.get(`${base}/workspaces/:workspaceId/network`, (c) => {
    const ws = state.workspaces.find(
      (w) => String((w.data.arm.properties as { workspaceId?: string }).workspaceId) === c.req.param("workspaceId"),
    );
    if (!ws)
      return c.json(
        { error_code: "RESOURCE_DOES_NOT_EXIST", message: `Workspace ${c.req.param("workspaceId")} does not exist.` },
        404,
      );
    return c.json({
      workspace_id: Number(c.req.param("workspaceId")),
      network_policy_id: ws.data.networkPolicyId,
    } satisfies settings.WorkspaceNetworkOption);
  });
  // The Workspace Assignment API's list (iam.PermissionAssignments; WorkspaceAssignmentAPI.list of the SDK: one
  // GET, no paging).
  app.get(`${base}/workspaces/:workspaceId/permissionassignments`, (c) => {
    const ws = state.workspaces.find(
      (w) => String((w.data.arm.properties as { workspaceId?: string }).workspaceId) === c.req.param("workspaceId"),
    );
    if (!ws)
      return c.json(
        { error_code: "RESOURCE_DOES_NOT_EXIST", message: `Workspace ${c.req.param("workspaceId")} does not exist.` },
        404,
      );
    return c.json({ permission_assignments: accountAssignments(ws.data) } satisfies iam.PermissionAssignments);
  });
  registerAccountPlatform2026Routes(app, base, EMULATOR_ACCOUNT, () => env().platform2026);
  app.get("/api/2.0/accounts/:accountId/*", (c) =>
    c.req.param("accountId") === EMULATOR_ACCOUNT
      ? c.json({ error_code: "ENDPOINT_NOT_FOUND", message: `No API found for 'GET ${c.req.path}'` }, 404)
      : c.json(
          {
            error_code: "PERMISSION_DENIED",
            message: `User is not authorized to access account ${c.req.param("accountId")}`,
          },
          403,
        ),
  );
  app.notFound((c) =>
    c.json({ error_code: "ENDPOINT_NOT_FOUND", message: `No API found for '${c.req.method} ${c.req.path}'` }, 404),
  );
  return app;
}

/**
 * A workspace's account assignments: the persona's own, or derived from its SCIM lists — the principals
 * provisioned from Entra ID (externalId), ADMIN when directly in admins, USER otherwise. Principal ids are the
 * position in the list (the emulator's SCIM ids are not numbers; the real ones are).
 */
export function accountAssignments(data: DatabricksWorkspaceData): iam.PermissionAssignment[] {
  if (data.accountAssignments) return data.accountAssignments;
  const admins = new Set((data.groups.find((g) => g.displayName === "admins")?.members ?? []).map((m) => m.value));
  const permissions = (id: string | undefined): iam.WorkspacePermission[] =>
    id !== undefined && admins.has(id) ? ["ADMIN"] : ["USER"];
  const out: iam.PermissionAssignment[] = [];
  for (const u of data.users)
    if (u.externalId && u.userName)
      out.push({
        permissions: permissions(u.id),
        principal: { principal_id: out.length + 1, user_name: u.userName, display_name: u.displayName ?? u.userName },
      });
  for (const g of data.groups)
    if (g.externalId && g.displayName && g.displayName !== "admins" && g.displayName !== "users")
      out.push({
        permissions: permissions(g.id),
        principal: { principal_id: out.length + 1, group_name: g.displayName, display_name: g.displayName },
      });
  return out;
}
