/**
 * Unity Catalog: the metastore assignment and summary, system schemas, storage credentials, external
 * locations, Delta Sharing recipients, catalogs, artifact allowlists and metastore grants. Without an assigned
 * metastore there is nothing else to read; those facts say so rather than being unknown.
 */
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { Catalog, UnityCatalog } from "../../evidence/model.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, read } from "../problems.ts";
import { getJson, isMissingResource, type Json, pagedList, str } from "./http.ts";

const UC = "/api/2.1/unity-catalog";

/** Catalogs the workspace can see, paged by next_page_token (max_results per page). */
export async function readCatalogs(client: ReadOnlyApiClient, pageSize = 100): Promise<Catalog[]> {
  return (await pagedList<Json>(client, `${UC}/catalogs`, "catalogs", { max_results: pageSize })).map((c) => ({
    name: str(c.name) ?? "",
    owner: str(c.owner),
    catalogType: str(c.catalog_type),
    isolationMode: str(c.isolation_mode),
    storageRoot: str(c.storage_root),
    ...(str(c.securable_kind) ? { securableKind: str(c.securable_kind) } : {}),
  }));
}

export async function readUnityCatalog(client: ReadOnlyApiClient, problems: Problem[]): Promise<UnityCatalog> {
  const assignmentSource = `GET ${UC}/current-metastore-assignment`;
  let assignment: UnityCatalog["assignment"];
  try {
    const body = await getJson(client, `${UC}/current-metastore-assignment`);
    assignment = known(
      str(body.metastore_id)
        ? { metastoreId: str(body.metastore_id)!, defaultCatalog: str(body.default_catalog_name) }
        : null,
      assignmentSource,
    );
  } catch (error) {
    if (isMissingResource(error)) assignment = known(null, assignmentSource, { note: "404: no metastore is assigned" });
    else assignment = await read(assignmentSource, problems, () => Promise.reject(error));
  }
  if (assignment.status === "known" && assignment.value === null) {
    const none = <T>(value: T): Fact<T> =>
      known(value, assignmentSource, { note: "no Unity Catalog metastore assigned" });
    return {
      assignment,
      metastore: none(null),
      systemSchemas: none([]),
      storageCredentials: none([]),
      externalLocations: none([]),
      recipients: none([]),
      catalogs: none([]),
      artifactAllowlists: none({}),
      metastoreGrants: none([]),
    };
  }
  const metastoreId = assignment.status === "known" ? assignment.value?.metastoreId : undefined;
  const needsId = (what: string) =>
    unknown(`the metastore id is unknown, so ${what} could not be read`, assignmentSource);

  const [
    metastore,
    systemSchemas,
    storageCredentials,
    externalLocations,
    recipients,
    catalogs,
    artifactAllowlists,
    metastoreGrants,
  ] = await Promise.all([
    read(`GET ${UC}/metastore_summary`, problems, async () => {
      const m = await getJson(client, `${UC}/metastore_summary`);
      const lifetime = m.delta_sharing_recipient_token_lifetime_in_seconds;
      return {
        id: str(m.metastore_id) ?? "",
        name: str(m.name) ?? "",
        owner: str(m.owner),
        storageRoot: str(m.storage_root),
        deltaSharingScope: str(m.delta_sharing_scope),
        recipientTokenLifetimeSeconds: typeof lifetime === "number" ? lifetime : null,
      };
    }),
    metastoreId
      ? read(`GET ${UC}/metastores/${metastoreId}/systemschemas`, problems, async () =>
          (
            ((await getJson(client, `${UC}/metastores/${metastoreId}/systemschemas`)).schemas as Json[] | undefined) ??
            []
          ).map((s) => ({ schema: str(s.schema) ?? "", state: str(s.state) ?? "" })),
        )
      : Promise.resolve(needsId("system schemas")),
    read(`GET ${UC}/storage-credentials`, problems, async () =>
      (await pagedList<Json>(client, `${UC}/storage-credentials`, "storage_credentials", { max_results: 100 })).map(
        (c) => ({
          name: str(c.name) ?? "",
          // The client secret of a service-principal credential is never read into evidence.
          kind: c.azure_managed_identity
            ? ("managed-identity" as const)
            : c.azure_service_principal
              ? ("service-principal" as const)
              : ("other" as const),
          owner: str(c.owner),
        }),
      ),
    ),
    read(`GET ${UC}/external-locations`, problems, async () =>
      (await pagedList<Json>(client, `${UC}/external-locations`, "external_locations", { max_results: 100 })).map(
        (l) => ({
          name: str(l.name) ?? "",
          url: str(l.url) ?? "",
          credential: str(l.credential_name) ?? "",
        }),
      ),
    ),
    read(`GET ${UC}/recipients`, problems, async () =>
      (await pagedList<Json>(client, `${UC}/recipients`, "recipients", { max_results: 100 })).map((r) => {
        const ips = (r.ip_access_list as Json | undefined)?.allowed_ip_addresses as string[] | undefined;
        return {
          name: str(r.name) ?? "",
          authenticationType: str(r.authentication_type) ?? "",
          ipAccessList: ips && ips.length > 0 ? ips : null,
        };
      }),
    ),
    read(`GET ${UC}/catalogs`, problems, () => readCatalogs(client)),
    read(`GET ${UC}/artifact-allowlists/*`, problems, async () => {
      const lists: Record<string, string[]> = {};
      for (const type of ["INIT_SCRIPT", "LIBRARY_JAR", "LIBRARY_MAVEN"]) {
        const body = await getJson(client, `${UC}/artifact-allowlists/${type}`);
        lists[type] = ((body.artifact_matchers as Json[] | undefined) ?? [])
          .map((m) => str(m.artifact) ?? "")
          .filter(Boolean);
      }
      return lists;
    }),
    metastoreId
      ? read(`GET ${UC}/permissions/metastore/${metastoreId}`, problems, async () =>
          (
            ((await getJson(client, `${UC}/permissions/metastore/${metastoreId}`)).privilege_assignments as
              | Json[]
              | undefined) ?? []
          ).map((p) => ({
            principal: str(p.principal) ?? "",
            privileges: ((p.privileges as string[] | undefined) ?? []).map(String),
          })),
        )
      : Promise.resolve(needsId("metastore grants")),
  ]);
  return {
    assignment,
    metastore,
    systemSchemas,
    storageCredentials,
    externalLocations,
    recipients,
    catalogs,
    artifactAllowlists,
    metastoreGrants,
  };
}
