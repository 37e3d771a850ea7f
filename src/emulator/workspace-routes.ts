/**
 * One Databricks workspace's REST API, as far as lakeward reads it, with the real response shapes,
 * pagination styles (page_token, SCIM startIndex, none) and error bodies ({"error_code", "message"}).
 * On the Standard tier the Premium-only APIs answer 404 FEATURE_DISABLED, as the real ones do.
 */
import type { catalog, compute, files, iam, jobs, serving, settings, workspace } from "@databricks/sdk-experimental";
import { type Context, Hono } from "hono";
import type { ObjectAcl, ScimListEnvelope, WorkspaceSettings } from "./databricks-types.ts";
import { databricksErrorBody } from "./faults.ts";
import type { Json, PersonaWorkspace } from "./personas.ts";
import { registerPlatform2026Routes } from "./platform-2026.ts";
import { commonMiddleware, type EmulatorState } from "./server.ts";
import { registerStatementRoutes } from "./statement-routes.ts";
import { STRICT_PERSONA, type StrictBody, strictBodyFor } from "./strict-databricks.ts";

const SCIM_LIST: iam.ListResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const SCIM = "/api/2.0/preview/scim/v2";

/** SCIM paging: 1-based startIndex and count, as the real API does. */
function scimPage<T>(
  items: readonly T[],
  startIndex: string | undefined,
  count: string | undefined,
  maxPage: number,
): ScimListEnvelope<T> {
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

/**
 * How one list pages on the real API: which request parameters carry the page size and the token (every
 * other query parameter is ignored, as the services ignore unknown ones), the server's default and largest
 * page, and whether an absent size means "everything" (the Unity Catalog lists' deprecated unpaged mode).
 */
interface Paging {
  sizeParam?: string;
  tokenParam?: string;
  defaultSize: number;
  maxSize: number;
  unpagedWithoutSize?: boolean;
  /** jobs/list's `has_more` (jobs.ListJobsResponse). */
  hasMore?: boolean;
}

const PAGING = {
  /** compute.ListClustersRequest page_size/page_token. */
  clusters: { sizeParam: "page_size", defaultSize: 20, maxSize: 100 },
  /** jobs.ListJobsRequest limit (≤100) / page_token, and has_more. */
  jobs: { sizeParam: "limit", defaultSize: 20, maxSize: 100, hasMore: true },
  /** workspace.ListReposRequest: next_page_token, no page size. */
  repos: { tokenParam: "next_page_token", defaultSize: 20, maxSize: 20 },
  /** sql.ListWarehousesRequest page_size/page_token. */
  warehouses: { sizeParam: "page_size", defaultSize: 100, maxSize: 100 },
  /** catalog.List*Request max_results/page_token; without max_results every item (deprecated). */
  unityCatalog: { sizeParam: "max_results", defaultSize: 50, maxSize: 100, unpagedWithoutSize: true },
  /** vectorsearch ListEndpointsRequest: page_token only. */
  vectorSearch: { defaultSize: 20, maxSize: 20 },
  /** ml.SearchModelsRequest max_results/page_token. */
  models: { sizeParam: "max_results", defaultSize: 100, maxSize: 1000 },
} satisfies Record<string, Paging>;

/** Token paging: the token is the next offset, opaque to clients. Empty fields are omitted (omitempty). */
function tokenPage<T>(c: Context, items: readonly T[], key: string, paging: Paging) {
  const rawSize = paging.sizeParam ? c.req.query(paging.sizeParam) : undefined;
  const unpaged = paging.unpagedWithoutSize && rawSize === undefined;
  const asked = Number(rawSize);
  const size = unpaged
    ? items.length
    : Math.min(paging.maxSize, rawSize === undefined || !(asked > 0) ? paging.defaultSize : asked);
  const token = c.req.query(paging.tokenParam ?? "page_token") ?? "";
  const offset = Number(Buffer.from(token, "base64url").toString() || "0") || 0;
  const page = items.slice(offset, offset + size);
  const next =
    !unpaged && offset + size < items.length ? Buffer.from(String(offset + size)).toString("base64url") : undefined;
  return c.json({
    ...(page.length ? { [key]: page } : {}),
    ...(next ? { next_page_token: next } : {}),
    ...(paging.hasMore && next ? { has_more: true } : {}),
  });
}

/**
 * Drops what Go's `omitempty` drops when the real services marshal the SDK models: false, 0, "" and empty
 * lists and objects (null map values, as workspace-conf's, are kept: they are values there).
 */
export function omitEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.map(omitEmpty) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Json = {};
  for (const [key, entry] of Object.entries(value as Json)) {
    const kept = omitEmpty(entry);
    const empty =
      kept === false ||
      kept === 0 ||
      kept === "" ||
      kept === undefined ||
      (Array.isArray(kept) && kept.length === 0) ||
      (kept !== null && typeof kept === "object" && !Array.isArray(kept) && Object.keys(kept).length === 0);
    if (!empty) out[key] = kept;
  }
  return out as T;
}

const notFound = (c: Context, what: string) =>
  c.json({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `${what} does not exist.` }, 404);

export function workspaceApp(state: EmulatorState, ws: PersonaWorkspace): Hono {
  const app = new Hono();
  // A generated workspace (estate.ts) has a name of its own (adb-<persona>-<n>): that is its server's name.
  app.use("*", commonMiddleware(state, ws.generated ? ws.name : ws.persona, databricksErrorBody));

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
      } satisfies iam.User);
    const groups = ws.groups
      .filter((group) => group.members?.some((member) => member.value === adminMember.value))
      .map((group) => ({ display: group.displayName, value: group.id }));
    if (state.caller === "admin" && metastoreOwner && !metastoreOwner.includes("@"))
      groups.push({ display: metastoreOwner, value: "account-group-metastore-owner" });
    return c.json({ id: adminMember.value, userName: adminMember.display, groups } satisfies iam.User);
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
    const type = c.req.param("type");
    const setting = type in ws.settings ? ws.settings[type as keyof WorkspaceSettings] : undefined;
    if (!setting) return notFound(c, `Setting ${c.req.param("type")}`);
    // The setting's own object stays even when every field in it is omitted (e.g. {"disable_legacy_dbfs": {}}).
    const body: Json = { etag: "etag-1" };
    for (const [key, value] of Object.entries(setting))
      body[key] = value !== null && typeof value === "object" && !Array.isArray(value) ? omitEmpty(value) : value;
    return c.json(body);
  });

  app.get("/api/2.0/ip-access-lists", (c) =>
    c.json(
      (ws.ipAccessLists.length
        ? { ip_access_lists: omitEmpty(ws.ipAccessLists) }
        : {}) satisfies settings.ListIpAccessListResponse,
    ),
  );
  app.get("/api/2.0/token-management/tokens", (c) =>
    c.json({ token_infos: ws.tokens } satisfies settings.ListTokensResponse),
  );
  app.get("/api/2.0/permissions/authorization/tokens", (c) => c.json(ws.tokenPermissions));
  /**
   * A cluster's, SQL warehouse's or serving endpoint's ACL when the persona sets none: what Databricks gives every new one —
   * its creator IS_OWNER and admins CAN_MANAGE, inherited from the object type's root (the permissions API
   * reference's warehouse example: `inherited_from_object: ["/sql/warehouses/"]`).
   */
  const creatorAcl = (type: string, id: string): ObjectAcl | undefined => {
    const creator =
      type === "warehouses"
        ? ws.sqlWarehouses.find((w) => w.id === id)?.creator_name
        : type === "serving-endpoints"
          ? ws.servingEndpoints.find((e) => e.id === id)?.creator
          : type === "clusters"
            ? ws.clusters.find((cl) => cl.cluster_id === id)?.creator_user_name
            : undefined;
    if (creator === undefined) return undefined;
    const root =
      type === "warehouses" ? "/sql/warehouses/" : type === "clusters" ? "/clusters/" : "/serving-endpoints/";
    // A cluster has no owner level: its creator holds CAN_MANAGE (iam.PermissionLevel; the permissions API
    // reference's cluster example), while warehouses and endpoints name their creator IS_OWNER.
    const creatorLevel = type === "clusters" ? "CAN_MANAGE" : "IS_OWNER";
    return {
      access_control_list: [
        { user_name: creator, all_permissions: [{ permission_level: creatorLevel, inherited: false }] },
        {
          group_name: "admins",
          all_permissions: [{ permission_level: "CAN_MANAGE", inherited: true, inherited_from_object: [root] }],
        },
      ],
    };
  };
  app.get("/api/2.0/permissions/:type/:id", (c) => {
    const entry =
      ws.permissions[`${c.req.param("type")}/${c.req.param("id")}`] ??
      creatorAcl(c.req.param("type"), c.req.param("id"));
    return entry
      ? c.json({ object_id: `${c.req.param("type")}/${c.req.param("id")}`, ...entry } satisfies iam.ObjectPermissions)
      : notFound(c, `${c.req.param("type")} ${c.req.param("id")}`);
  });

  // Compute.
  app.get("/api/2.1/clusters/list", (c) => tokenPage(c, ws.clusters, "clusters", PAGING.clusters));
  app.get("/api/2.0/clusters/list", (c) => c.json({ clusters: ws.clusters } satisfies compute.ListClustersResponse));
  app.get("/api/2.1/clusters/spark-versions", (c) =>
    c.json({
      versions: ws.sparkVersions.map((key) => ({ key, name: key })),
    } satisfies compute.GetSparkVersionsResponse),
  );
  app.get("/api/2.0/policies/clusters/list", (c) =>
    c.json({ policies: ws.clusterPolicies } satisfies compute.ListPoliciesResponse),
  );
  app.get("/api/2.0/instance-pools/list", (c) =>
    c.json({ instance_pools: ws.instancePools } satisfies compute.ListInstancePools),
  );
  app.get("/api/2.0/sql/warehouses", (c) => tokenPage(c, ws.sqlWarehouses, "warehouses", PAGING.warehouses));
  app.get("/api/2.0/libraries/all-cluster-statuses", (c) =>
    c.json({ statuses: ws.libraries } satisfies compute.ListAllClusterLibraryStatusesResponse),
  );
  // jobs/list items are BaseJob: no run_as_user_name (that is on jobs.Job only); tasks and job clusters only
  // with expand_tasks=true, and then at most a page of each, with has_more on the job when cut.
  const arrayPage = state.jobArrayPageSize;
  app.get("/api/2.2/jobs/list", (c) => {
    const expand = c.req.query("expand_tasks") === "true";
    const items = ws.jobs.map((job): jobs.BaseJob => {
      const { run_as_user_name: _runAs, settings: jobSettings = {}, ...base } = job;
      const { tasks, job_clusters, ...rest } = jobSettings;
      if (!expand) return { ...base, settings: rest };
      const cut = (tasks?.length ?? 0) > arrayPage || (job_clusters?.length ?? 0) > arrayPage;
      return {
        ...base,
        settings: {
          ...rest,
          ...(tasks?.length ? { tasks: tasks.slice(0, arrayPage) } : {}),
          ...(job_clusters?.length ? { job_clusters: job_clusters.slice(0, arrayPage) } : {}),
        },
        ...(cut ? { has_more: true } : {}),
      };
    });
    return tokenPage(c, items, "jobs", PAGING.jobs);
  });
  // jobs/get: the whole jobs.Job, its tasks and job clusters a page at a time (next_page_token / page_token).
  app.get("/api/2.2/jobs/get", (c) => {
    const job = ws.jobs.find((j) => String(j.job_id) === c.req.query("job_id"));
    if (!job) return notFound(c, `Job ${c.req.query("job_id")}`);
    const { tasks: allTasks = [], job_clusters: allClusters = [], ...rest } = job.settings ?? {};
    const page = Number(Buffer.from(c.req.query("page_token") ?? "", "base64url").toString() || "0") || 0;
    const from = page * arrayPage;
    const more = allTasks.length > from + arrayPage || allClusters.length > from + arrayPage;
    const tasks = allTasks.slice(from, from + arrayPage);
    const jobClusters = allClusters.slice(from, from + arrayPage);
    return c.json({
      ...job,
      settings: {
        ...rest,
        ...(tasks.length ? { tasks } : {}),
        ...(jobClusters.length ? { job_clusters: jobClusters } : {}),
      },
      ...(more ? { next_page_token: Buffer.from(String(page + 1)).toString("base64url") } : {}),
    } satisfies jobs.Job);
  });

  // Global init scripts: the list has no bodies; the single GET returns the script base64-encoded.
  app.get("/api/2.0/global-init-scripts", (c) =>
    c.json({
      scripts: ws.globalInitScripts.map(({ script: _script, ...rest }) => rest),
    } satisfies compute.ListGlobalInitScriptsResponse),
  );
  app.get("/api/2.0/global-init-scripts/:id", (c) => {
    const script = ws.globalInitScripts.find((s) => s.script_id === c.req.param("id"));
    return script
      ? c.json(script satisfies compute.GlobalInitScriptDetailsWithContent)
      : c.json(databricksErrorBody(404, c.req.path), 404);
  });

  // SCIM, with the displayName filter lakeward uses.
  const scimError = (c: Context, status: 400 | 404, detail: string) =>
    c.json({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], detail, status: String(status) }, status);
  app.get(`${SCIM}/Groups`, (c) => {
    const filter = c.req.query("filter");
    const wanted = filter ? /^displayName eq "([^"]*)"$/i.exec(filter.trim())?.[1] : undefined;
    if (filter && wanted === undefined) return scimError(c, 400, `Unsupported filter: ${filter}`);
    const groups = wanted === undefined ? ws.groups : ws.groups.filter((group) => group.displayName === wanted);
    return c.json(
      scimPage(
        groups,
        c.req.query("startIndex"),
        c.req.query("count"),
        state.scimPageSize,
      ) satisfies iam.ListGroupsResponse,
    );
  });
  app.get(`${SCIM}/Groups/:id`, (c) => {
    const group = ws.groups.find((g) => g.id === c.req.param("id"));
    return group ? c.json(group) : scimError(c, 404, "Group not found");
  });
  app.get(`${SCIM}/Users`, (c) =>
    c.json(
      scimPage(
        ws.users,
        c.req.query("startIndex"),
        c.req.query("count"),
        state.scimPageSize,
      ) satisfies iam.ListUsersResponse,
    ),
  );
  app.get(`${SCIM}/ServicePrincipals`, (c) =>
    c.json(
      scimPage(
        ws.servicePrincipals,
        c.req.query("startIndex"),
        c.req.query("count"),
        state.scimPageSize,
      ) satisfies iam.ListServicePrincipalResponse,
    ),
  );

  // Secrets: scopes and ACLs; values are never served by any read lakeward makes.
  app.get("/api/2.0/secrets/scopes/list", (c) =>
    c.json({ scopes: ws.secretScopes } satisfies workspace.ListScopesResponse),
  );
  app.get("/api/2.0/secrets/acls/list", (c) => {
    const scope = c.req.query("scope") ?? "";
    const acls = ws.secretAcls[scope];
    return acls ? c.json({ items: acls } satisfies workspace.ListAclsResponse) : notFound(c, `Scope ${scope}`);
  });

  // DBFS.
  app.get("/api/2.0/dbfs/list", (c) => {
    const path = c.req.query("path") ?? "/";
    const files = ws.dbfs[path];
    return files
      ? c.json({ files } satisfies files.ListStatusResponse)
      : c.json({ error_code: "RESOURCE_DOES_NOT_EXIST", message: `No file or directory exists on path ${path}.` }, 404);
  });

  // Unity Catalog.
  const UC = "/api/2.1/unity-catalog";
  const uc = ws.unityCatalog;
  app.get(`${UC}/current-metastore-assignment`, (c) =>
    uc.assignment
      ? c.json(uc.assignment satisfies catalog.MetastoreAssignment)
      : c.json(
          { error_code: "METASTORE_DOES_NOT_EXIST", message: "No metastore assigned for the current workspace." },
          404,
        ),
  );
  app.get(`${UC}/metastore_summary`, (c) =>
    uc.summary
      ? c.json(uc.summary satisfies catalog.GetMetastoreSummaryResponse)
      : c.json(
          { error_code: "METASTORE_DOES_NOT_EXIST", message: "No metastore assigned for the current workspace." },
          404,
        ),
  );
  app.get(`${UC}/metastores/:id/systemschemas`, (c) => tokenPage(c, uc.systemSchemas, "schemas", PAGING.unityCatalog));
  app.get(`${UC}/storage-credentials`, (c) =>
    tokenPage(c, uc.storageCredentials, "storage_credentials", PAGING.unityCatalog),
  );
  app.get(`${UC}/external-locations`, (c) =>
    tokenPage(c, uc.externalLocations, "external_locations", PAGING.unityCatalog),
  );
  app.get(`${UC}/recipients`, (c) => tokenPage(c, uc.recipients, "recipients", PAGING.unityCatalog));
  app.get(`${UC}/catalogs`, (c) => tokenPage(c, uc.catalogs, "catalogs", PAGING.unityCatalog));
  // Below the catalogs (catalog.SchemasAPI / TablesAPI / VolumesAPI list): catalog_name (and schema_name) are
  // required; a parent that does not exist is a 404 with Unity Catalog's error codes.
  const same = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
  const parentMissing = (c: Context, withSchema: boolean) => {
    const catalogName = c.req.query("catalog_name");
    const schemaName = c.req.query("schema_name");
    if (!catalogName || (withSchema && !schemaName))
      return c.json(
        {
          error_code: "INVALID_PARAMETER_VALUE",
          message: withSchema ? "catalog_name and schema_name are required" : "catalog_name is required",
        },
        400,
      );
    if (!uc.catalogs.some((x) => same(x.name, catalogName)))
      return c.json({ error_code: "CATALOG_DOES_NOT_EXIST", message: `Catalog '${catalogName}' does not exist.` }, 404);
    if (withSchema && !uc.schemas.some((x) => same(x.catalog_name, catalogName) && same(x.name, schemaName)))
      return c.json(
        { error_code: "SCHEMA_DOES_NOT_EXIST", message: `Schema '${catalogName}.${schemaName}' does not exist.` },
        404,
      );
    return undefined;
  };
  app.get(`${UC}/schemas`, (c) => {
    const missing = parentMissing(c, false);
    if (missing) return missing;
    const schemas = uc.schemas.filter((x) => same(x.catalog_name, c.req.query("catalog_name")));
    return tokenPage(c, schemas satisfies catalog.SchemaInfo[], "schemas", PAGING.unityCatalog);
  });
  const inSchema = (c: Context) => (x: { catalog_name?: string; schema_name?: string }) =>
    same(x.catalog_name, c.req.query("catalog_name")) && same(x.schema_name, c.req.query("schema_name"));
  app.get(`${UC}/tables`, (c) => {
    const missing = parentMissing(c, true);
    if (missing) return missing;
    return tokenPage(c, uc.tables.filter(inSchema(c)) satisfies catalog.TableInfo[], "tables", PAGING.unityCatalog);
  });
  app.get(`${UC}/volumes`, (c) => {
    const missing = parentMissing(c, true);
    if (missing) return missing;
    return tokenPage(c, uc.volumes.filter(inSchema(c)) satisfies catalog.VolumeInfo[], "volumes", PAGING.unityCatalog);
  });
  app.get(`${UC}/artifact-allowlists/:type`, (c) =>
    c.json({
      artifact_matchers: uc.allowlists[c.req.param("type")] ?? [],
      metastore_id: uc.summary?.metastore_id,
    } satisfies catalog.ArtifactAllowlistInfo),
  );
  app.get(`${UC}/permissions/metastore/:id`, (c) =>
    tokenPage(c, uc.grants, "privilege_assignments", PAGING.unityCatalog),
  );
  // Grants on one securable (catalog.GrantsAPI get → catalog.GetPermissionsResponse); 404 for one that does not exist.
  // The name comes percent-encoded (a space, "#", accents: lakeward encodes as the SDKs do, databricks-sdk-py #1266);
  // c.req.param decodes it, as the service does, so such a name is found by the name its list gave.
  app.get(`${UC}/permissions/:type/:name`, (c) => {
    const type = c.req.param("type").toLowerCase();
    const name = c.req.param("name");
    const exists =
      type === "catalog"
        ? uc.catalogs.some((x) => x.name === name)
        : type === "external_location"
          ? uc.externalLocations.some((x) => x.name === name)
          : type === "storage_credential"
            ? uc.storageCredentials.some((x) => x.name === name)
            : type === "schema"
              ? uc.schemas.some((x) => same(x.full_name, name))
              : type === "table"
                ? uc.tables.some((x) => same(x.full_name, name))
                : type === "volume"
                  ? uc.volumes.some((x) => same(x.full_name, name))
                  : false;
    if (!exists) return notFound(c, `${type} ${name}`);
    return tokenPage(
      c,
      uc.securableGrants[`${type}/${name.toLowerCase()}`] ?? uc.securableGrants[`${type}/${name}`] ?? [],
      "privilege_assignments",
      PAGING.unityCatalog,
    );
  });

  // Workspace objects: listing and export (the content is base64, as the real API sends it).
  app.get("/api/2.0/workspace/list", (c) => {
    const path = (c.req.query("path") ?? "/").replace(/\/$/, "") || "/";
    const children = ws.workspaceObjects.filter((o) => {
      const parent = o.path.slice(0, o.path.lastIndexOf("/")) || "/";
      return parent === path;
    });
    if (path !== "/" && !ws.workspaceObjects.some((o) => o.path === path)) return notFound(c, `Path (${path})`);
    return c.json({
      objects: children.map(
        (o): workspace.ObjectInfo => ({
          path: o.path,
          object_type: o.type,
          ...(o.type === "FILE" ? { size: Buffer.byteLength(o.content ?? "") } : {}),
          ...(o.type === "NOTEBOOK" ? { language: "PYTHON" } : {}),
        }),
      ),
    } satisfies workspace.ListResponse);
  });
  app.get("/api/2.0/workspace/export", (c) => {
    const object = ws.workspaceObjects.find((o) => o.path === c.req.query("path") && o.type !== "DIRECTORY");
    return object
      ? c.json({
          content: Buffer.from(object.content ?? "").toString("base64"),
          file_type: object.type === "NOTEBOOK" ? "py" : "md",
        } satisfies workspace.ExportResponse)
      : notFound(c, `Path (${c.req.query("path")})`);
  });

  // Repos, serving, vector search, the legacy model registry.
  // Without path_prefix (or with an effectively empty one, "/" or "/Workspace") only the Git folders under
  // /Workspace/Repos are listed (workspace.ListReposRequest.path_prefix).
  app.get("/api/2.0/repos", (c) => {
    const bare = (path: string) => path.replace(/^\/Workspace(?=\/|$)/, "") || "/";
    const prefix = bare(c.req.query("path_prefix") ?? "/");
    const wanted = prefix === "/" ? "/Repos" : prefix;
    const repos = ws.repos.filter((repo) => {
      const path = bare(String(repo.path ?? ""));
      return path === wanted || path.startsWith(wanted.endsWith("/") ? wanted : `${wanted}/`);
    });
    return tokenPage(c, repos, "repos", PAGING.repos);
  });
  app.get("/api/2.0/serving-endpoints", (c) =>
    c.json({ endpoints: ws.servingEndpoints } satisfies serving.ListEndpointsResponse),
  );
  // One endpoint (serving.ServingEndpointDetailed): its served entities with their environment_vars.
  app.get("/api/2.0/serving-endpoints/:name", (c) => {
    const endpoint = ws.servingEndpoints.find((e) => e.name === c.req.param("name"));
    if (!endpoint)
      return c.json(
        { error_code: "RESOURCE_DOES_NOT_EXIST", message: `Serving endpoint ${c.req.param("name")} does not exist.` },
        404,
      );
    const env = ws.servedEntityEnv?.[endpoint.name!] ?? {};
    const { config, ...rest } = endpoint;
    return c.json({
      ...rest,
      config: {
        served_entities: (config?.served_entities ?? []).map((entity) => ({
          ...entity,
          ...(entity.name && env[entity.name] ? { environment_vars: env[entity.name] } : {}),
        })),
      },
    } satisfies serving.ServingEndpointDetailed);
  });
  registerPlatform2026Routes(app, ws);
  app.get("/api/2.0/vector-search/endpoints", (c) =>
    tokenPage(c, ws.vectorSearchEndpoints, "endpoints", PAGING.vectorSearch),
  );
  app.get("/api/2.0/mlflow/registered-models/search", (c) =>
    tokenPage(c, ws.registeredModels, "registered_models", PAGING.models),
  );

  registerStatementRoutes(app, state, ws);
  app.notFound((c) =>
    c.json({ error_code: "ENDPOINT_NOT_FOUND", message: `No API found for '${c.req.method} ${c.req.path}'` }, 404),
  );
  return app;
}

/**
 * The `strict` persona's workspace (strict.ts): each GET a fixture answers gets that body verbatim; anything
 * else is 404 ENDPOINT_NOT_FOUND, so nothing is judged on a shape the emulator made up.
 */
export function strictWorkspaceApp(state: EmulatorState, bodies: readonly StrictBody[]): Hono {
  const app = new Hono();
  app.use("*", commonMiddleware(state, STRICT_PERSONA, databricksErrorBody));
  app.get("*", (c) => {
    const found = strictBodyFor(bodies, c.req.path, (name) => c.req.query(name));
    return found
      ? c.json(found.body as object)
      : c.json({ error_code: "ENDPOINT_NOT_FOUND", message: `No API found for 'GET ${c.req.path}'` }, 404);
  });
  app.notFound((c) =>
    c.json({ error_code: "ENDPOINT_NOT_FOUND", message: `No API found for '${c.req.method} ${c.req.path}'` }, 404),
  );
  return app;
}
