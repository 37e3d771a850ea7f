/**
 * Azure Resource Manager (and Microsoft Graph), as far as lakeward reads them: Microsoft.Databricks
 * workspaces (list with nextLink paging, list by resource group, get), diagnostic settings and their
 * categories, subnets, NSGs and route tables, storage accounts and blob services, Key Vaults, the
 * subscription's locks and activity-log alerts, role assignments at a workspace's scope, compute usages,
 * the generic resources list filtered by type and name, and Conditional Access policies. Paths are
 * matched case-insensitively, as ARM does, and every ARM call needs `api-version`.
 */
import { Hono } from "hono";
import type { ArmDiagnosticCategory } from "./arm-types.ts";
import type { Directory } from "./environment.ts";
import { armErrorBody } from "./faults.ts";
import { EMULATOR_OTHER_SUBSCRIPTIONS, EMULATOR_SUBSCRIPTION, type Json, type PersonaWorkspace } from "./personas.ts";
import { commonMiddleware, type EmulatorState } from "./server.ts";

const SUBSCRIPTION = `/subscriptions/${EMULATOR_SUBSCRIPTION}`.toLowerCase();
const NOT_AUDIT_CATEGORIES = ["clamAVScan", "capsule8Dataplane"];

export function armApp(state: EmulatorState): Hono {
  const app = new Hono();
  app.use("*", commonMiddleware(state, "arm", armErrorBody));
  app.all("*", (c) => {
    const url = new URL(c.req.url);
    // Double slashes are not folded: ARM does not, so a client that sends "//subscriptions/…" (the monitor SDK
    // given an id with its leading slash) must see the failure here too.
    const path = url.pathname.replace(/\/$/, "");
    const lower = path.toLowerCase();
    if (c.req.method !== "GET") {
      return c.json(
        {
          error: {
            code: "MethodNotAllowed",
            message: `The emulator serves reads only; ${c.req.method} is not supported here.`,
          },
        },
        405,
      );
    }
    const env = state.environment;
    // Next links point at the origin the client asked, as ARM's and Graph's do (a proxy in front says which
    // with X-Forwarded-Host); they are absolute URLs, so clients must follow them as given.
    const forwarded = c.req.header("x-forwarded-host");
    const origin =
      forwarded && /^127\.0\.0\.1:\d+$/.test(forwarded) ? `${url.protocol}//${forwarded}` : state.armOrigin();
    if (state.armBodies.has(lower)) return c.json(state.armBodies.get(lower) as Json);

    // Microsoft Graph (same listener; a real deployment has graph.microsoft.com).
    if (lower === "/v1.0/identity/conditionalaccess/policies")
      return c.json({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies",
        value: env.conditionalAccessPolicies,
      });
    if (lower.startsWith("/v1.0/")) {
      const answer = graphDirectory(env.directory, lower, url, state.armPageSize, origin);
      if (answer) return c.json(answer.body, answer.status);
      return c.json(
        { error: { code: "Request_ResourceNotFound", message: `Resource '${path}' does not exist.` } },
        404,
      );
    }

    if (!url.searchParams.get("api-version")) {
      return c.json(
        {
          error: {
            code: "MissingApiVersionParameter",
            message: "The api-version query parameter (?api-version=) is required for all requests.",
          },
        },
        400,
      );
    }
    const page = (items: readonly object[]) => c.json(pageOf(items, url, state.armPageSize, origin, "nextLink"));
    // The subscriptions the credential sees (paged like every ARM list).
    if (lower === "/subscriptions")
      return page([
        {
          id: `/subscriptions/${EMULATOR_SUBSCRIPTION}`,
          subscriptionId: EMULATOR_SUBSCRIPTION,
          displayName: "Contoso analytics",
          state: "Enabled",
        },
        ...EMULATOR_OTHER_SUBSCRIPTIONS.map((other) => ({ id: `/subscriptions/${other.subscriptionId}`, ...other })),
      ]);
    const subscription = /^\/subscriptions\/([^/]+)/.exec(lower)?.[1];
    const other = EMULATOR_OTHER_SUBSCRIPTIONS.find((entry) => entry.subscriptionId === subscription);
    if (other?.state === "Disabled")
      return c.json(
        {
          error: {
            code: "ReadOnlyDisabledSubscription",
            message: `The subscription '${subscription}' is disabled and therefore marked as read only.`,
          },
        },
        409,
      );
    // An enabled subscription without Databricks: its workspace list is empty; nothing else is asked of it.
    if (
      other &&
      /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?\/providers\/microsoft\.databricks\/workspaces$/.test(lower)
    )
      return page([]);
    if (subscription && subscription !== EMULATOR_SUBSCRIPTION.toLowerCase()) {
      return c.json(
        { error: { code: "SubscriptionNotFound", message: `The subscription '${subscription}' could not be found.` } },
        404,
      );
    }
    const withUrl = (ws: { data: PersonaWorkspace; host: string }) => {
      const arm = structuredClone(ws.data.arm) as { properties: Record<string, unknown> };
      arm.properties.workspaceUrl = ws.host;
      return arm as unknown as Json;
    };

    // Workspace lists, paged with $skiptoken so that clients must follow nextLink.
    const list =
      /^\/subscriptions\/[^/]+(?:\/resourcegroups\/([^/]+))?\/providers\/microsoft\.databricks\/workspaces$/.exec(
        lower,
      );
    if (list) {
      const group = list[1];
      return page(
        state.workspaces
          .filter((ws) => !group || ws.data.resourceId.toLowerCase().includes(`/resourcegroups/${group}/`))
          .map(withUrl),
      );
    }
    if (lower === `${SUBSCRIPTION}/providers/microsoft.authorization/locks`)
      return page(state.workspaces.flatMap((ws) => ws.data.locks));
    if (lower === `${SUBSCRIPTION}/providers/microsoft.insights/activitylogalerts`) return page(env.activityLogAlerts);
    const usages = /^\/subscriptions\/[^/]+\/providers\/microsoft\.compute\/locations\/([^/]+)\/usages$/.exec(lower);
    if (usages) return page(env.usages[usages[1] ?? ""] ?? []);
    if (lower === `${SUBSCRIPTION}/resources`) {
      const filter = url.searchParams.get("$filter") ?? "";
      const type = /resourceType eq '([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
      const name = /name eq '([^']+)'/i.exec(filter)?.[1]?.toLowerCase();
      const all = state.workspaces.flatMap((ws) => Object.values(ws.data.resources));
      const unique = new Map(all.map((r) => [String(r.id).toLowerCase(), r]));
      return page(
        [...unique.values()]
          .filter(
            (r) => (!type || String(r.type).toLowerCase() === type) && (!name || String(r.name).toLowerCase() === name),
          )
          .map((r) => ({ id: r.id, name: r.name, type: r.type, location: "location" in r ? r.location : undefined })),
      );
    }

    for (const ws of state.workspaces) {
      const id = ws.data.resourceId.toLowerCase();
      if (lower === id) return c.json(withUrl(ws));
      if (lower === `${id}/providers/microsoft.insights/diagnosticsettings`)
        return c.json({ value: ws.data.diagnosticSettings });
      if (lower === `${id}/providers/microsoft.insights/diagnosticsettingscategories`) {
        return c.json({
          value: ws.data.diagnosticCategories.map(
            (name): ArmDiagnosticCategory => ({
              id: `${ws.data.resourceId}/providers/microsoft.insights/diagnosticSettingsCategories/${name}`,
              name,
              type: "Microsoft.Insights/diagnosticSettingsCategories",
              // Security scanning reports are not audit logs: only allLogs holds them (a setting with the audit
              // group leaves them out, which GOV-01 must see).
              properties: {
                categoryType: "Logs",
                categoryGroups: NOT_AUDIT_CATEGORIES.includes(name) ? ["allLogs"] : ["allLogs", "audit"],
              },
            }),
          ),
        });
      }
      if (lower === `${id}/providers/microsoft.authorization/roleassignments`) return page(ws.data.roleAssignments);
    }
    // Any other resource a persona points at (subnets, NSGs, route tables, storage, blob services, vaults).
    for (const ws of state.workspaces) {
      const resource = ws.data.resources[lower];
      if (resource) return c.json(resource);
    }
    if (/\/providers\/microsoft\.[a-z]+\//.test(lower)) {
      return c.json(
        {
          error: {
            code: "ResourceNotFound",
            message: `The Resource '${path.split("/providers/")[1] ?? path}' under resource group '${/resourcegroups\/([^/]+)/i.exec(path)?.[1] ?? "?"}' was not found.`,
          },
        },
        404,
      );
    }
    return c.json(
      {
        error: {
          code: "InvalidResourceType",
          message: `The resource type could not be found in the namespace for path '${path}'.`,
        },
      },
      404,
    );
  });
  return app;
}

/**
 * One page of a list, paged with `$skiptoken` and an absolute next link (ARM writes it as `nextLink`,
 * Microsoft Graph as `@odata.nextLink`), so that clients must follow it.
 */
function pageOf(
  items: readonly object[],
  url: URL,
  size: number,
  origin: string,
  nextKey: "nextLink" | "@odata.nextLink",
): Json {
  const skip = Number(url.searchParams.get("$skiptoken") ?? "0") || 0;
  const next = skip + size < items.length ? new URL(url.pathname, origin) : undefined;
  if (next) {
    for (const [key, value] of url.searchParams) if (key !== "$skiptoken") next.searchParams.set(key, value);
    next.searchParams.set("$skiptoken", String(skip + size));
  }
  return { value: items.slice(skip, skip + size), ...(next ? { [nextKey]: next.toString() } : {}) };
}

/**
 * Microsoft Graph's directory reads that IAM-01 needs: a user, a group's transitive user members (paged with
 * @odata.nextLink, as Graph does), a directory role's members by role template id (users and groups, typed
 * with @odata.type). Undefined when the path is none of these.
 */
function graphDirectory(
  directory: Directory,
  lower: string,
  url: URL,
  pageSize: number,
  origin: string,
): { body: Json; status: 200 | 404 } | undefined {
  const notFound = (what: string) => ({
    body: { error: { code: "Request_ResourceNotFound", message: `Resource '${what}' does not exist.` } },
    status: 404 as const,
  });
  const select = (id: string) => {
    const user = directory.users[id];
    return user ? { "@odata.type": "#microsoft.graph.user", id, ...user } : undefined;
  };
  const userMatch = /^\/v1\.0\/users\/([^/]+)$/.exec(lower);
  if (userMatch) {
    const id = Object.keys(directory.users).find((key) => key.toLowerCase() === userMatch[1]);
    const user = id ? select(id) : undefined;
    return user ? { body: user, status: 200 } : notFound(userMatch[1]!);
  }
  const groupMatch = /^\/v1\.0\/groups\/([^/]+)\/transitivemembers\/microsoft\.graph\.user$/.exec(lower);
  if (groupMatch) {
    const id = Object.keys(directory.groups).find((key) => key.toLowerCase() === groupMatch[1]);
    if (!id) return notFound(groupMatch[1]!);
    const users = new Set<string>();
    const visit = (group: string, seen: Set<string>) => {
      if (seen.has(group)) return;
      seen.add(group);
      for (const member of directory.groups[group] ?? []) {
        if (member in directory.groups) visit(member, seen);
        else users.add(member);
      }
    };
    visit(id, new Set());
    const items = [...users].sort().flatMap((user) => select(user) ?? []);
    return { body: pageOf(items, url, pageSize, origin, "@odata.nextLink"), status: 200 };
  }
  const roleMatch = /^\/v1\.0\/directoryroles\(roletemplateid='([^']+)'\)\/members$/.exec(decodeURIComponent(lower));
  if (roleMatch) {
    const id = Object.keys(directory.roles).find((key) => key.toLowerCase() === roleMatch[1]);
    // A role nobody activated does not exist as a directoryRole object.
    if (!id) return notFound(roleMatch[1]!);
    const members = (directory.roles[id] ?? []).flatMap((member) =>
      member in directory.groups ? [{ "@odata.type": "#microsoft.graph.group", id: member }] : (select(member) ?? []),
    );
    return { body: { value: members }, status: 200 };
  }
  return undefined;
}
