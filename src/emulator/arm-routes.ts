/**
 * Azure Resource Manager, as far as lakeward reads it: Microsoft.Databricks/workspaces (list with
 * nextLink paging, list by resource group, get), diagnostic settings and their categories on a
 * workspace, and virtual network subnets. Paths are matched case-insensitively, as ARM does, and
 * every call needs `api-version`.
 */
import { Hono } from "hono";
import { armErrorBody } from "./faults.ts";
import { EMULATOR_SUBSCRIPTION, type PersonaWorkspace } from "./personas.ts";
import { commonMiddleware, type EmulatorState } from "./server.ts";

const DATABRICKS = "providers/microsoft.databricks/workspaces";

export function armApp(state: EmulatorState): Hono {
  const app = new Hono();
  app.use("*", commonMiddleware(state, "arm", armErrorBody));
  app.all("*", (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.replace(/\/{2,}/g, "/").replace(/\/$/, "");
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
    const withUrl = (ws: { data: PersonaWorkspace; host: string }) => {
      const arm = structuredClone(ws.data.arm) as { properties: Record<string, unknown> };
      arm.properties.workspaceUrl = ws.host;
      return arm;
    };
    const subscription = /^\/subscriptions\/([^/]+)/.exec(lower)?.[1];
    if (subscription && subscription !== EMULATOR_SUBSCRIPTION.toLowerCase()) {
      return c.json(
        { error: { code: "SubscriptionNotFound", message: `The subscription '${subscription}' could not be found.` } },
        404,
      );
    }

    // Workspace lists, paged with $skiptoken so that clients must follow nextLink.
    const list =
      /^\/subscriptions\/[^/]+(?:\/resourcegroups\/([^/]+))?\/providers\/microsoft\.databricks\/workspaces$/.exec(
        lower,
      );
    if (list) {
      const group = list[1];
      const matching = state.workspaces.filter(
        (ws) => !group || ws.data.resourceId.toLowerCase().includes(`/resourcegroups/${group}/`),
      );
      const skip = Number(url.searchParams.get("$skiptoken") ?? "0") || 0;
      const page = matching.slice(skip, skip + state.armPageSize).map(withUrl);
      const next = skip + state.armPageSize < matching.length ? new URL(url.pathname, state.armOrigin()) : undefined;
      if (next) {
        next.searchParams.set("api-version", url.searchParams.get("api-version")!);
        next.searchParams.set("$skiptoken", String(skip + state.armPageSize));
      }
      return c.json({ value: page, ...(next ? { nextLink: next.toString() } : {}) });
    }

    // Resources under a workspace (diagnostic settings) and the workspace itself.
    for (const ws of state.workspaces) {
      const id = ws.data.resourceId.toLowerCase();
      if (lower === id) return c.json(withUrl(ws));
      if (lower === `${id}/providers/microsoft.insights/diagnosticsettings`)
        return c.json({ value: ws.data.diagnosticSettings });
      if (lower === `${id}/providers/microsoft.insights/diagnosticsettingscategories`) {
        return c.json({
          value: ws.data.diagnosticCategories.map((name) => ({
            id: `${ws.data.resourceId}/providers/microsoft.insights/diagnosticSettingsCategories/${name}`,
            name,
            type: "Microsoft.Insights/diagnosticSettingsCategories",
            properties: { categoryType: "Logs", categoryGroups: ["allLogs", "audit"] },
          })),
        });
      }
      const subnet = ws.data.subnets[lower];
      if (subnet) return c.json(subnet);
    }
    if (lower.includes(DATABRICKS) || lower.includes("/subnets/")) {
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
