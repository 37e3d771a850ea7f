/**
 * Every Databricks call lakeward may send, as method + path template. The read-only transport checks each
 * request's path *after* URL resolution against this list (issue 10 item 14): a server-supplied id such as
 * `../../jobs/runs` cannot turn a read into `POST /api/2.0/jobs/runs/cancel`, and a path that is not here is
 * not sent at all. A placeholder matches one segment of id characters; ids are also checked before they go
 * into a path (`pathId`), so a bad id is reported as a bad response rather than sent. Unity Catalog names are
 * the exception: `{ucName}` and `{fullName}` match percent-encoded names (`pathUcName`, `pathFullName`), since
 * Unity Catalog names may hold spaces, "#", "%", non-ASCII letters and more.
 *
 * Adding an endpoint to a collector means adding its template here.
 */
import { ApiFailure } from "../http/api-failure.ts";

/** The characters of the ids Databricks puts in paths: numbers, UUIDs, hex, setting and type names. */
export const ID_SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * One Unity Catalog name as it goes into a path, percent-encoded by `pathUcName`: letters, digits, "_", "-" and
 * "~" as they are, every other byte of its UTF-8 as %XX in capitals. Never an encoded letter, digit, "_", "-",
 * "~" (not encoded), nor ".", "/", "\" or a control character (names holding them are refused before they are
 * encoded): so an encoded name cannot end its segment, start another, or hide a "." a server would split a full
 * name on; and there is one spelling of each name, so the guard admits no more paths than names.
 */
const UC_NAME = "(?:[A-Za-z0-9_~-]|%(?:2[0-9A-C]|3[A-F]|40|5[BDE]|60|7[B-D]|[89A-F][0-9A-F]))+";
/**
 * A Unity Catalog full name of two or three encoded names joined by "." (catalog.schema, catalog.schema.table):
 * the `{fullName}` placeholder. No empty part, so no ".." can form.
 */
const FULL_NAME = `${UC_NAME}(?:\\.${UC_NAME}){1,2}`;
export const FULL_NAME_SEGMENT = new RegExp(`^${FULL_NAME}$`);
/** One encoded Unity Catalog name (a catalog, external location, storage credential, recipient): `{ucName}`. */
export const UC_NAME_SEGMENT = new RegExp(`^${UC_NAME}$`);

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
  `${UC}/policies/{type}/{ucName}`,
  "/api/2.0/data-sharing/recipients/{ucName}/federation-policies",
  "/api/data-classification/v1/catalogs/{ucName}/config",
  // Grants per securable for the permission graph (catalog.GrantsAPI get: GET permissions/{securable_type}/{full_name}).
  // {ucName} and {fullName}: percent-encoded Unity Catalog names (pathUcName, pathFullName).
  `${UC}/permissions/catalog/{ucName}`,
  `${UC}/permissions/external_location/{ucName}`,
  `${UC}/permissions/storage_credential/{ucName}`,
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
        : segment === "{ucName}"
          ? UC_NAME
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

/** Unity Catalog's longest object name (Databricks "Names": object names cannot exceed 255 characters). */
const MAX_UC_NAME = 255;

/**
 * Why a Unity Catalog name cannot go into a path, or undefined when it can. Databricks "Names" (SQL reference):
 * object names "cannot exceed 255 characters" and may not hold ".", " ", "/", ASCII control characters or DEL;
 * "\" is refused too, as some proxies read it as "/". A space is encoded rather than refused: %20 is unambiguous,
 * and a name a list gave is one the server holds (a foreign catalog may mirror another system's names).
 */
function ucNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > MAX_UC_NAME) return `is longer than Unity Catalog's ${MAX_UC_NAME} characters`;
  if (name.includes("."))
    return 'holds a "." (the separator of a full name, so the path could not say where the name ends)';
  if (/[/\\]/.test(name)) return 'holds a "/" or "\\" (it would start another path segment)';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (/[\u0000-\u001f\u007f]/.test(name)) return "holds a control character";
  if (!name.isWellFormed()) return "is not valid Unicode (a lone surrogate)";
  return undefined;
}

/**
 * Percent-encodes one Unity Catalog name for a path segment the way the SDKs now do — Python
 * `urllib.parse.quote(name, safe="")` (databricks-sdk-py issue #1266: `tables.get` of `my_table_#$%` is a 404
 * unencoded and found encoded; PR #1393, and #1575 for single-segment names), Go's single-segment
 * `EncodeSingleSegmentPathParameter` (databricks-sdk-go PR #1811): letters, digits, "_", "-", "~" kept, every
 * other UTF-8 byte %XX. encodeURIComponent also keeps `!'()*`; they are encoded here as Python's quote does.
 */
function encodeUcName(name: string): string {
  return encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Throws the invalid-response failure for a name that cannot go into a path; the name itself is not repeated. */
function refuseName(what: string, endpoint: string, problem: string): never {
  throw new ApiFailure({
    endpoint,
    kind: "invalid-response",
    detail: `the response gave a ${what} that cannot go into a request path: it ${problem}; it was not read`,
  });
}

/** A server-given Unity Catalog name (a catalog, external location, storage credential, recipient), encoded for a path. */
export function pathUcName(value: unknown, what: string, endpoint: string): string {
  if (typeof value !== "string") return refuseName(what, endpoint, "is not a string");
  const problem = ucNameProblem(value);
  if (problem) return refuseName(what, endpoint, problem);
  return encodeUcName(value);
}

/**
 * A Unity Catalog full name (catalog.schema[.object]) from its parts, each as the lists gave it, encoded for a
 * path: each part on its own, joined by "." (a full name from the server cannot be split back into its parts
 * when one holds a ".", so the parts are what is encoded).
 */
export function pathFullName(parts: readonly unknown[], what: string, endpoint: string): string {
  if (parts.length < 2 || parts.length > 3) return refuseName(what, endpoint, "has not two or three parts");
  return parts.map((part, i) => pathUcName(part, `${what} (part ${i + 1})`, endpoint)).join(".");
}
