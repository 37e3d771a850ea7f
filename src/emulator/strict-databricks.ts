/**
 * The `strict` persona's Databricks side (issue 11, "contract fixtures"; strict.ts is the plumbing and the
 * ARM side): a workspace that answers only with responses in the real services' shapes — third-party contract
 * fixtures read at run time from `../shared/corpus/api-response/` (each with its source in `../shared/corpus/SOURCES.md`; never copied into this repository) and, for the few
 * calls no fixture covers but a scan cannot do without, bodies written here in the same shapes, each citing the
 * SDK model it follows. Every other Databricks call answers 404 ENDPOINT_NOT_FOUND, so a check can only pass on
 * what a fixture holds: a scan of this persona shows whether the collectors read the real shapes.
 *
 * It is served, on its own port, whenever the emulator's `strict` option is given (EmulatorOptions.strict).
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { iam } from "@databricks/sdk-experimental";

export const STRICT_PERSONA = "strict";

export interface DatabricksFixture {
  path: string;
  /** Query parameters the request must carry (others are ignored, as the services ignore them). */
  query?: Record<string, string>;
  /** File name in the fixtures directory. */
  file: string;
  /** The SDK model the fixture's shape is (checked by the collectors' schemas, schemas.ts). */
  model: string;
}

const TF = "terraform-provider-databricks__exporter__test-data__";

/**
 * The terraform-provider-databricks exporter test data (Apache-2.0; SOURCES.md names commit and licence), served
 * at the endpoints whose responses they are. Fixtures for endpoints lakeward does not read (single-cluster GET,
 * the legacy /sql/endpoints, per-cluster library status) are not served.
 */
export const DATABRICKS_FIXTURES: readonly DatabricksFixture[] = [
  { path: "/api/2.1/clusters/list", file: `${TF}clusters-list-response.json`, model: "compute.ListClustersResponse" },
  { path: "/api/2.2/jobs/list", file: `${TF}get-jobs-list.json`, model: "jobs.ListJobsResponse" },
  { path: "/api/2.2/jobs/get", query: { job_id: "12" }, file: `${TF}get-job-12.json`, model: "jobs.Job" },
  { path: "/api/2.2/jobs/get", query: { job_id: "14" }, file: `${TF}get-job-14.json`, model: "jobs.Job" },
  { path: "/api/2.0/permissions/jobs/12", file: `${TF}get-job-permissions-12.json`, model: "iam.ObjectPermissions" },
  { path: "/api/2.0/permissions/jobs/14", file: `${TF}get-job-permissions-14.json`, model: "iam.ObjectPermissions" },
  // A cluster's ACL as the real API answers it (inherited_from_object included): the permission graph's can-attach.
  {
    path: "/api/2.0/permissions/clusters/test2",
    file: `${TF}get-cluster-permissions-test2-response.json`,
    model: "iam.ObjectPermissions",
  },
  {
    path: "/api/2.0/global-init-scripts",
    file: `${TF}global-init-scripts-list.json`,
    model: "compute.ListGlobalInitScriptsResponse",
  },
  {
    path: "/api/2.0/global-init-scripts/C39FD6BAC8088BBC",
    file: `${TF}global-init-script-get1.json`,
    model: "compute.GlobalInitScriptDetailsWithContent",
  },
  {
    path: "/api/2.0/secrets/scopes/list",
    file: `${TF}secret-scopes-response.json`,
    model: "workspace.ListScopesResponse",
  },
  {
    path: "/api/2.0/secrets/acls/list",
    query: { scope: "some-kv-scope" },
    file: `${TF}secret-scopes-list-scope-acls-response.json`,
    model: "workspace.ListAclsResponse",
  },
];

/** The scanning identity (SCIM /Me, iam.User) and the admins group that holds it (iam.ListGroupsResponse). */
const STRICT_ADMIN = { id: "8400000000000001", userName: "strict-admin@contoso.example" };
export const WRITTEN_BODIES: readonly { path: string; query?: Record<string, string>; body: unknown }[] = [
  {
    path: "/api/2.0/preview/scim/v2/Me",
    body: { ...STRICT_ADMIN, active: true, groups: [{ display: "admins", value: "1001" }] } satisfies iam.User,
  },
  {
    path: "/api/2.0/preview/scim/v2/Groups",
    query: { filter: 'displayName eq "admins"' },
    body: {
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      Resources: [
        {
          id: "1001",
          displayName: "admins",
          members: [{ value: STRICT_ADMIN.id, display: STRICT_ADMIN.userName, $ref: `Users/${STRICT_ADMIN.id}` }],
        },
      ],
    } satisfies iam.ListGroupsResponse,
  },
];

/** `../shared/corpus/api-response` beside the repository, when it is there. */
export function defaultFixturesDir(): string | undefined {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const dir = join(repo, "..", "shared", "corpus", "api-response");
  return existsSync(dir) ? dir : undefined;
}

export interface StrictBody {
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Where the body comes from: a fixture file name, or "written". */
  origin: string;
}

/**
 * Reads the Databricks fixtures of `dir` (verbatim: parsed JSON, not rewritten) that are there; a fixture file
 * the folder lacks is not served (the strict test checks they are all there).
 */
export async function loadStrictDatabricks(dir: string): Promise<StrictBody[]> {
  const present = DATABRICKS_FIXTURES.filter((f) => existsSync(join(dir, f.file)));
  return [
    ...(await Promise.all(
      present.map(async (f) => ({
        path: f.path,
        query: f.query ?? {},
        body: JSON.parse(await readFile(join(dir, f.file), "utf8")) as unknown,
        origin: f.file,
      })),
    )),
    ...WRITTEN_BODIES.map((b) => ({ path: b.path, query: b.query ?? {}, body: b.body, origin: "written" })),
  ];
}

/** The body for a request, if a fixture answers it: the path must match and every fixture query parameter. */
export function strictBodyFor(
  bodies: readonly StrictBody[],
  path: string,
  query: (name: string) => string | undefined,
): StrictBody | undefined {
  return bodies.find((b) => b.path === path && Object.entries(b.query).every(([name, value]) => query(name) === value));
}
