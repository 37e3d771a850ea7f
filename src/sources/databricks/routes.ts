/**
 * Every Databricks call lakeward may send, as method + path template. The read-only transport checks each
 * request's path *after* URL resolution against this list (issue 10 item 14): a server-supplied id such as
 * `../../jobs/runs` cannot turn a read into `POST /api/2.0/jobs/runs/cancel`, and a path that is not here is
 * not sent at all. A placeholder matches one segment of id characters; ids are also checked before they go
 * into a path (`pathId`), so a bad id is reported as a bad response rather than sent.
 *
 * Adding an endpoint to a collector means adding its template here.
 */
import { ApiFailure } from "../http/api-failure.ts";

/** The characters of the ids Databricks puts in paths: numbers, UUIDs, hex, setting and type names. */
export const ID_SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * A Unity Catalog full name of two or three ids joined by "." (catalog.schema, catalog.schema.table): the
 * `{fullName}` placeholder. No empty part, so no ".." can form.
 */
const FULL_NAME = "[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+){1,2}";
export const FULL_NAME_SEGMENT = new RegExp(`^${FULL_NAME}$`);

const SCIM = "/api/2.0/preview/scim/v2";
const UC = "/api/2.1/unity-catalog";
const ACCOUNT = "/api/2.0/accounts/{account}";

/** GETs of the workspace and account APIs lakeward reads. */
export const READ_ROUTES: readonly string[] = [
  "/api/2.0/workspace-conf",
  "/api/2.0/preview/workspace-conf",
  "/api/2.0/settings/types/{type}/names/default",
  "/api/2.0/ip-access-lists",
  "/api/2.0/token-management/tokens",
  "/api/2.0/permissions/authorization/tokens",
  "/api/2.0/permissions/{objectType}/{id}",
  "/api/2.1/clusters/list",
  "/api/2.1/clusters/spark-versions",
  "/api/2.0/policies/clusters/list",
  "/api/2.0/instance-pools/list",
  "/api/2.0/sql/warehouses",
  "/api/2.0/libraries/all-cluster-statuses",
  "/api/2.2/jobs/list",
  "/api/2.2/jobs/get",
  "/api/2.0/global-init-scripts",
  "/api/2.0/global-init-scripts/{id}",
  `${SCIM}/Me`,
  `${SCIM}/Users`,
  `${SCIM}/Groups`,
  `${SCIM}/Groups/{id}`,
  `${SCIM}/ServicePrincipals`,
  "/api/2.0/secrets/scopes/list",
  "/api/2.0/secrets/acls/list",
  "/api/2.0/dbfs/list",
  `${UC}/current-metastore-assignment`,
  `${UC}/metastore_summary`,
  `${UC}/metastores/{id}/systemschemas`,
  `${UC}/storage-credentials`,
  `${UC}/external-locations`,
  `${UC}/recipients`,
  `${UC}/catalogs`,
  `${UC}/artifact-allowlists/{type}`,
  `${UC}/permissions/metastore/{id}`,
  `${UC}/policies/{type}/{name}`,
  "/api/2.0/data-sharing/recipients/{name}/federation-policies",
  "/api/data-classification/v1/catalogs/{name}/config",
  // Grants per securable for the permission graph (catalog.GrantsAPI get: GET permissions/{securable_type}/{full_name}).
  `${UC}/permissions/catalog/{name}`,
  `${UC}/permissions/external_location/{name}`,
  `${UC}/permissions/storage_credential/{name}`,
  // Below the catalogs (catalog.SchemasAPI, TablesAPI, VolumesAPI list; catalog and schema names in the query).
  `${UC}/schemas`,
  `${UC}/tables`,
  `${UC}/volumes`,
  `${UC}/permissions/schema/{fullName}`,
  `${UC}/permissions/table/{fullName}`,
  `${UC}/permissions/volume/{fullName}`,
  "/api/2.0/workspace/list",
  "/api/2.0/workspace/export",
  "/api/2.0/repos",
  "/api/2.0/serving-endpoints",
  // One endpoint's detail (serving.ServingEndpointDetailed): the secrets its configuration references.
  "/api/2.0/serving-endpoints/{name}",
  "/api/2.0/apps",
  // Settings v2 (settings discovery): the catalogue and each setting's effective value.
  "/api/2.1/settings-metadata",
  "/api/2.1/settings/{name}",
  "/api/2.0/vector-search/endpoints",
  "/api/2.0/mlflow/registered-models/search",
  // SQL Statement Execution (lakeward detect --warehouse, sign-ins): polling and result chunks.
  "/api/2.0/sql/statements/{id}",
  "/api/2.0/sql/statements/{id}/result/chunks/{index}",
  // The account API.
  `${ACCOUNT}/ip-access-lists`,
  `${ACCOUNT}/settings/types/{type}/names/default`,
  `${ACCOUNT}/workspaces/{id}/network`,
  // Who the account assigns to the workspace, with ADMIN or USER (iam WorkspaceAssignmentAPI list).
  `${ACCOUNT}/workspaces/{id}/permissionassignments`,
  `${ACCOUNT}/network-policies/{id}`,
  `${ACCOUNT}/scim/v2/ServicePrincipals`,
  `${ACCOUNT}/scim/v2/Users`,
  `${ACCOUNT}/scim/v2/Groups`,
  // A rule set — a service principal's, a group's or the account's (iam AccountAccessControlAPI getRuleSet; the
  // rule set is named in the query).
  "/api/2.0/preview/accounts/{account}/access-control/rule-sets",
  `${ACCOUNT}/servicePrincipals/{id}/credentials/secrets`,
  `${ACCOUNT}/servicePrincipals/{id}/federationPolicies`,
  `${ACCOUNT}/federationPolicies`,
  "/api/2.1/accounts/{account}/settings-metadata",
  "/api/2.1/accounts/{account}/settings/{name}",
];

/**
 * POSTs that only read. They are allowed only where a client is built for them (`readingPosts`), and only
 * for the exact path given there: submitting a statement, and cancelling the one statement that timed out.
 */
export const READING_POST_ROUTES: readonly string[] = [
  "/api/2.0/sql/statements",
  "/api/2.0/sql/statements/{id}/cancel",
];

function compile(template: string): RegExp {
  const pattern = template
    .split("/")
    .map((segment) =>
      segment === "{fullName}"
        ? FULL_NAME
        : /^\{\w+\}$/.test(segment)
          ? "[A-Za-z0-9_-]+"
          : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${pattern}$`);
}

const READS = READ_ROUTES.map(compile);
const POSTS = READING_POST_ROUTES.map(compile);

export function isReadRoute(resolvedPath: string): boolean {
  return READS.some((route) => route.test(resolvedPath));
}

export function isReadingPostRoute(resolvedPath: string): boolean {
  return POSTS.some((route) => route.test(resolvedPath));
}

/**
 * A server-given id, checked before it goes into a path. Throws an `invalid-response` failure naming the
 * endpoint that gave it; the id itself is not repeated (it is untrusted text).
 */
export function pathId(value: unknown, what: string, endpoint: string): string {
  const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== "string" || !ID_SEGMENT.test(text) || text.length > 200)
    throw new ApiFailure({
      endpoint,
      kind: "invalid-response",
      detail: `the response gave a ${what} that is not an id (only letters, digits, "-" and "_" may go into a path); it was not used`,
    });
  return text;
}

/** A server-given Unity Catalog full name (catalog.schema[.object]), checked like `pathId` before it goes into a path. */
export function pathFullName(value: unknown, what: string, endpoint: string): string {
  if (typeof value !== "string" || !FULL_NAME_SEGMENT.test(value) || value.length > 600)
    throw new ApiFailure({
      endpoint,
      kind: "invalid-response",
      detail: `the response gave a ${what} that is not a plain full name (letters, digits, "-" and "_" joined by "."); it was not used`,
    });
  return value;
}
