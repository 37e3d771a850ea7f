/**
 * One Databricks workspace's REST API, as far as lakeward reads it, with the real response shapes,
 * pagination styles (page_token, SCIM startIndex, none) and error bodies ({"error_code", "message"}).
 * On the Standard tier the Premium-only APIs answer 404 FEATURE_DISABLED, as the real ones do.
 */
import { type Context, Hono } from "hono";
import { databricksErrorBody } from "./faults.ts";
import type { Json, PersonaWorkspace } from "./personas.ts";
import { commonMiddleware, type EmulatorState } from "./server.ts";
import { registerStatementRoutes } from "./statement-routes.ts";

const SCIM_LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const SCIM = "/api/2.0/preview/scim/v2";

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

/** page_token paging: the token is the next offset, opaque to clients. */
function tokenPage(c: Context, items: readonly Json[], key: string, sizeParam = "page_size", defaultSize = 20) {
  const size = Math.min(
    100,
    Math.max(
      1,
      Number(c.req.query(sizeParam) ?? c.req.query("max_results") ?? c.req.query("limit") ?? defaultSize) ||
        defaultSize,
    ),
  );
  const offset = Number(Buffer.from(c.req.query("page_token") ?? "", "base64url").toString() || "0") || 0;
  const next = offset + size < items.length ? Buffer.from(String(offset + size)).toString("base64url") : undefined;
  return c.json({
    [key]: items.slice(offset, offset + size),
    ...(next ? { next_page_token: next, has_more: true } : { has_more: false }),
  });
}

const notFound = (c: Context, what: string) =>
  c.json({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `${what} does not exist.` }, 404);

export function workspaceApp(state: EmulatorState, ws: PersonaWorkspace): Hono {
  const app = new Hono();
  app.use("*", commonMiddleware(state, ws.persona, databricksErrorBody));

  // The token's identity. A plain user is refused what only admins may read, as the real API does.
  const adminsGroup = ws.groups.find((group) => group.displayName === "admins");
  const adminMember = (adminsGroup?.members ?? []).find((member) => !/^Groups\//.test(member.$ref ?? ""));
  // The metastore's owner, when it is a group (no "@"), stands for the account group of metastore admins.
  const metastoreOwner = (ws.unityCatalog.summary as { owner?: string } | undefined)?.owner;
  app.get(`${SCIM}/Me`, (c) => {
    if (state.caller === "user" || !adminMember)
      return c.json({
        id: "u-scanner",
        userName: "scanner@contoso.example",
        groups: [{ display: "users", value: "g-users" }],
      });
    const groups = ws.groups
      .filter((group) => group.members?.some((member) => member.value === adminMember.value))
      .map((group) => ({ display: group.displayName, value: group.id }));
    if (state.caller === "admin" && metastoreOwner && !metastoreOwner.includes("@"))
      groups.push({ display: metastoreOwner, value: "account-group-metastore-owner" });
    return c.json({ id: adminMember.value, userName: adminMember.display, groups });
  });
  /** Answers every GET under these paths with one error, registered before the real routes. */
  const refuse = (paths: readonly string[], status: 403 | 404, body: { error_code: string; message: string }) => {
    for (const path of paths) app.get(path, (c) => c.json(body, status));
  };
  if (state.caller === "user")
    refuse(
      [
        "/api/2.0/workspace-conf",
        "/api/2.0/preview/workspace-conf",
        "/api/2.0/token-management/*",
        "/api/2.0/ip-access-lists",
        "/api/2.0/global-init-scripts",
        "/api/2.0/global-init-scripts/*",
      ],
      403,
      { error_code: "PERMISSION_DENIED", message: "Only Admins can access this endpoint." },
    );

  // Premium-only APIs on the Standard tier.
  if (!ws.premium)
    refuse(
      [
        "/api/2.0/ip-access-lists",
        "/api/2.0/token-management/*",
        "/api/2.0/permissions/*",
        "/api/2.0/policies/*",
        "/api/2.0/sql/warehouses",
        "/api/2.1/unity-catalog/*",
      ],
      404,
      { error_code: "FEATURE_DISABLED", message: "This feature requires the Premium pricing tier." },
    );

  const workspaceConf = (c: Context) => {
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

  app.get("/api/2.0/settings/types/:type/names/default", (c) => {
    const setting = ws.settings[c.req.param("type")];
    return setting ? c.json({ etag: "etag-1", ...setting }) : notFound(c, `Setting ${c.req.param("type")}`);
  });

  app.get("/api/2.0/ip-access-lists", (c) => c.json({ ip_access_lists: ws.ipAccessLists }));
  app.get("/api/2.0/token-management/tokens", (c) => c.json({ token_infos: ws.tokens }));
  app.get("/api/2.0/permissions/authorization/tokens", (c) => c.json(ws.tokenPermissions));
  app.get("/api/2.0/permissions/:type/:id", (c) => {
    const entry = ws.permissions[`${c.req.param("type")}/${c.req.param("id")}`];
    return entry
      ? c.json({ object_id: `${c.req.param("type")}/${c.req.param("id")}`, ...entry })
      : notFound(c, `${c.req.param("type")} ${c.req.param("id")}`);
  });

  // Compute.
  app.get("/api/2.1/clusters/list", (c) => tokenPage(c, ws.clusters, "clusters"));
  app.get("/api/2.0/clusters/list", (c) => c.json({ clusters: ws.clusters }));
  app.get("/api/2.1/clusters/spark-versions", (c) =>
    c.json({ versions: ws.sparkVersions.map((key) => ({ key, name: key })) }),
  );
  app.get("/api/2.0/policies/clusters/list", (c) =>
    c.json({ policies: ws.clusterPolicies, total_count: ws.clusterPolicies.length }),
  );
  app.get("/api/2.0/instance-pools/list", (c) => c.json({ instance_pools: ws.instancePools }));
  app.get("/api/2.0/sql/warehouses", (c) => tokenPage(c, ws.sqlWarehouses, "warehouses", "page_size", 100));
  app.get("/api/2.0/libraries/all-cluster-statuses", (c) => c.json({ statuses: ws.libraries }));
  app.get("/api/2.2/jobs/list", (c) => tokenPage(c, ws.jobs, "jobs", "limit"));

  // Global init scripts: the list has no bodies; the single GET returns the script base64-encoded.
  app.get("/api/2.0/global-init-scripts", (c) =>
    c.json({ scripts: ws.globalInitScripts.map(({ script: _script, ...rest }) => rest) }),
  );
  app.get("/api/2.0/global-init-scripts/:id", (c) => {
    const script = ws.globalInitScripts.find((s) => s.script_id === c.req.param("id"));
    return script ? c.json(script) : c.json(databricksErrorBody(404, c.req.path), 404);
  });

  // SCIM, with the displayName filter lakeward uses.
  const scimError = (c: Context, status: 400 | 404, detail: string) =>
    c.json({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], detail, status: String(status) }, status);
  app.get(`${SCIM}/Groups`, (c) => {
    const filter = c.req.query("filter");
    const wanted = filter ? /^displayName eq "([^"]*)"$/i.exec(filter.trim())?.[1] : undefined;
    if (filter && wanted === undefined) return scimError(c, 400, `Unsupported filter: ${filter}`);
    const groups = wanted === undefined ? ws.groups : ws.groups.filter((group) => group.displayName === wanted);
    return c.json(scimPage(groups, c.req.query("startIndex"), c.req.query("count"), state.scimPageSize));
  });
  app.get(`${SCIM}/Groups/:id`, (c) => {
    const group = ws.groups.find((g) => g.id === c.req.param("id"));
    return group ? c.json(group) : scimError(c, 404, "Group not found");
  });
  app.get(`${SCIM}/Users`, (c) =>
    c.json(scimPage(ws.users, c.req.query("startIndex"), c.req.query("count"), state.scimPageSize)),
  );
  app.get(`${SCIM}/ServicePrincipals`, (c) =>
    c.json(scimPage(ws.servicePrincipals, c.req.query("startIndex"), c.req.query("count"), state.scimPageSize)),
  );

  // Secrets: scopes and ACLs; values are never served by any read lakeward makes.
  app.get("/api/2.0/secrets/scopes/list", (c) => c.json({ scopes: ws.secretScopes }));
  app.get("/api/2.0/secrets/acls/list", (c) => {
    const scope = c.req.query("scope") ?? "";
    const acls = ws.secretAcls[scope];
    return acls ? c.json({ items: acls }) : notFound(c, `Scope ${scope}`);
  });

  // DBFS.
  app.get("/api/2.0/dbfs/list", (c) => {
    const path = c.req.query("path") ?? "/";
    const files = ws.dbfs[path];
    return files
      ? c.json({ files })
      : c.json({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `No file or directory exists on path ${path}.` }, 404);
  });

  // Unity Catalog.
  const UC = "/api/2.1/unity-catalog";
  const uc = ws.unityCatalog;
  app.get(`${UC}/current-metastore-assignment`, (c) =>
    uc.assignment
      ? c.json(uc.assignment)
      : c.json(
          { error_code: "METASTORE_DOES_NOT_EXIST", message: "No metastore assigned for the current workspace." },
          404,
        ),
  );
  app.get(`${UC}/metastore_summary`, (c) =>
    uc.summary
      ? c.json(uc.summary)
      : c.json(
          { error_code: "METASTORE_DOES_NOT_EXIST", message: "No metastore assigned for the current workspace." },
          404,
        ),
  );
  app.get(`${UC}/metastores/:id/systemschemas`, (c) => c.json({ schemas: uc.systemSchemas }));
  app.get(`${UC}/storage-credentials`, (c) => tokenPage(c, uc.storageCredentials, "storage_credentials"));
  app.get(`${UC}/external-locations`, (c) => tokenPage(c, uc.externalLocations, "external_locations"));
  app.get(`${UC}/recipients`, (c) => tokenPage(c, uc.recipients, "recipients"));
  app.get(`${UC}/catalogs`, (c) => tokenPage(c, uc.catalogs, "catalogs"));
  app.get(`${UC}/artifact-allowlists/:type`, (c) =>
    c.json({ artifact_matchers: uc.allowlists[c.req.param("type")] ?? [], metastore_id: uc.summary?.metastore_id }),
  );
  app.get(`${UC}/permissions/metastore/:id`, (c) => c.json({ privilege_assignments: uc.grants }));

  // Workspace objects: listing and export (the content is base64, as the real API sends it).
  app.get("/api/2.0/workspace/list", (c) => {
    const path = (c.req.query("path") ?? "/").replace(/\/$/, "") || "/";
    const children = ws.workspaceObjects.filter((o) => {
      const parent = o.path.slice(0, o.path.lastIndexOf("/")) || "/";
      return parent === path;
    });
    if (path !== "/" && !ws.workspaceObjects.some((o) => o.path === path)) return notFound(c, `Path (${path})`);
    return c.json({
      objects: children.map((o) => ({
        path: o.path,
        object_type: o.type,
        ...(o.type === "FILE" ? { size: Buffer.byteLength(o.content ?? "") } : {}),
        ...(o.type === "NOTEBOOK" ? { language: "PYTHON" } : {}),
      })),
    });
  });
  app.get("/api/2.0/workspace/export", (c) => {
    const object = ws.workspaceObjects.find((o) => o.path === c.req.query("path") && o.type !== "DIRECTORY");
    return object
      ? c.json({
          content: Buffer.from(object.content ?? "").toString("base64"),
          file_type: object.type === "NOTEBOOK" ? "py" : "md",
        })
      : notFound(c, `Path (${c.req.query("path")})`);
  });

  // Repos, serving, vector search, the legacy model registry.
  app.get("/api/2.0/repos", (c) => tokenPage(c, ws.repos, "repos"));
  app.get("/api/2.0/serving-endpoints", (c) => c.json({ endpoints: ws.servingEndpoints }));
  app.get("/api/2.0/vector-search/endpoints", (c) => tokenPage(c, ws.vectorSearchEndpoints, "endpoints"));
  app.get("/api/2.0/mlflow/registered-models/search", (c) =>
    tokenPage(c, ws.registeredModels, "registered_models", "max_results"),
  );

  registerStatementRoutes(app, state, ws);
  app.notFound((c) =>
    c.json({ error_code: "ENDPOINT_NOT_FOUND", message: `No API found for '${c.req.method} ${c.req.path}'` }, 404),
  );
  return app;
}
