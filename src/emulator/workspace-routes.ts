/**
 * One Databricks workspace's REST API, as far as lakeward reads it, with the real response shapes,
 * pagination styles and error bodies ({"error_code", "message"}).
 */
import { Hono } from "hono";
import { databricksErrorBody } from "./faults.ts";
import type { PersonaWorkspace } from "./personas.ts";
import { commonMiddleware, type EmulatorState } from "./server.ts";

const SCIM_LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** SCIM paging: 1-based startIndex and count, as the real API does. */
function scimPage<T>(items: readonly T[], startIndex: string | undefined, count: string | undefined, maxPage: number) {
  const start = Math.max(1, Number(startIndex ?? "1") || 1);
  const size = Math.min(maxPage, Math.max(0, Number(count ?? "100") || 100));
  const page = items.slice(start - 1, start - 1 + size);
  return {
    schemas: [SCIM_LIST],
    totalResults: items.length,
    startIndex: start,
    itemsPerPage: page.length,
    Resources: page,
  };
}

export function workspaceApp(state: EmulatorState, ws: PersonaWorkspace): Hono {
  const app = new Hono();
  app.use("*", commonMiddleware(state, ws.persona, databricksErrorBody));

  const workspaceConf = (c: import("hono").Context) => {
    const keys = (c.req.query("keys") ?? "")
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
    const unknownKeys = keys.filter((key) => !(key in ws.workspaceConf));
    if (keys.length === 0 || unknownKeys.length > 0) {
      return c.json(
        {
          error_code: "INVALID_PARAMETER_VALUE",
          message: `Invalid keys: ${JSON.stringify(unknownKeys.length ? unknownKeys : keys)}`,
        },
        400,
      );
    }
    return c.json(Object.fromEntries(keys.map((key) => [key, ws.workspaceConf[key] ?? null])));
  };
  app.get("/api/2.0/workspace-conf", workspaceConf);
  app.get("/api/2.0/preview/workspace-conf", workspaceConf);

  app.get("/api/2.0/ip-access-lists", (c) => c.json({ ip_access_lists: ws.ipAccessLists }));
  app.get("/api/2.0/token-management/tokens", (c) => c.json({ token_infos: ws.tokens }));
  app.get("/api/2.0/permissions/authorization/tokens", (c) => c.json(ws.tokenPermissions));

  // clusters: 2.1 pages with page_token; 2.0 returns everything at once.
  app.get("/api/2.1/clusters/list", (c) => {
    const size = Math.min(100, Math.max(1, Number(c.req.query("page_size") ?? "20") || 20));
    const offset = Number(Buffer.from(c.req.query("page_token") ?? "", "base64url").toString() || "0") || 0;
    const page = ws.clusters.slice(offset, offset + size);
    const next =
      offset + size < ws.clusters.length ? Buffer.from(String(offset + size)).toString("base64url") : undefined;
    return c.json({
      clusters: page,
      ...(next ? { next_page_token: next } : {}),
      ...(offset > 0 ? { prev_page_token: Buffer.from(String(Math.max(0, offset - size))).toString("base64url") } : {}),
    });
  });
  app.get("/api/2.0/clusters/list", (c) => c.json({ clusters: ws.clusters }));

  // SCIM groups, with the displayName filter lakeward uses.
  app.get("/api/2.0/preview/scim/v2/Groups", (c) => {
    const filter = c.req.query("filter");
    const wanted = filter ? /^displayName eq "([^"]*)"$/i.exec(filter.trim())?.[1] : undefined;
    if (filter && wanted === undefined)
      return c.json(
        {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
          detail: `Unsupported filter: ${filter}`,
          status: "400",
        },
        400,
      );
    const groups = wanted === undefined ? ws.groups : ws.groups.filter((group) => group.displayName === wanted);
    return c.json(scimPage(groups, c.req.query("startIndex"), c.req.query("count"), state.scimPageSize));
  });
  app.get("/api/2.0/preview/scim/v2/Groups/:id", (c) => {
    const group = ws.groups.find((g) => g.id === c.req.param("id"));
    return group
      ? c.json(group)
      : c.json(
          { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], detail: "Group not found", status: "404" },
          404,
        );
  });

  // Global init scripts: the list has no bodies; the single GET returns the script base64-encoded.
  app.get("/api/2.0/global-init-scripts", (c) =>
    c.json({ scripts: ws.globalInitScripts.map(({ script: _script, ...rest }) => rest) }),
  );
  app.get("/api/2.0/global-init-scripts/:id", (c) => {
    const script = ws.globalInitScripts.find((s) => s.script_id === c.req.param("id"));
    return script ? c.json(script) : c.json(databricksErrorBody(404, c.req.path), 404);
  });

  app.notFound((c) =>
    c.json({ error_code: "ENDPOINT_NOT_FOUND", message: `No API found for '${c.req.method} ${c.req.path}'` }, 404),
  );
  return app;
}
