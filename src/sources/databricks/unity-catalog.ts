/**
 * Unity Catalog: the metastore assignment and summary, system schemas, storage credentials, external
 * locations, Delta Sharing recipients (and the federation policies of OIDC ones), catalogs (with their ABAC
 * policies and data classification, governance-2026.ts; their schemas, tables and volumes with grants,
 * unity-catalog-objects.ts), artifact allowlists and metastore grants. Without an assigned
 * metastore there is nothing else to read; those facts say so rather than being unknown.
 */
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { Catalog, UcGrants, UnityCatalog } from "../../evidence/model.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, read } from "../problems.ts";
import { readAbacPolicies, readDataClassification, readRecipientFederationPolicies } from "./governance-2026.ts";
import { getJson, isMissingResource, pagedList } from "./http.ts";
import { pathId } from "./routes.ts";
import {
  artifactAllowlistSchema,
  catalogsPageSchema,
  externalLocationsPageSchema,
  metastoreAssignmentSchema,
  metastoreGrantsSchema,
  metastoreSummarySchema,
  recipientsPageSchema,
  storageCredentialsPageSchema,
  systemSchemasPageSchema,
} from "./schemas.ts";
import { grantsOfEach, type Named, namedItems, readCatalogObjects, unnamedReason } from "./unity-catalog-objects.ts";

const UC = "/api/2.1/unity-catalog";

/** Catalogs the workspace can see, paged by next_page_token (max_results per page); unnamed ones counted, not kept. */
export async function readCatalogs(client: ReadOnlyApiClient, pageSize = 100): Promise<Named<Catalog>> {
  const catalogs = await pagedList(client, `${UC}/catalogs`, catalogsPageSchema, (page) => page.catalogs, {
    query: { max_results: pageSize },
  });
  return namedItems(catalogs, (c) => ({
    name: c.name,
    owner: c.owner ?? null,
    catalogType: c.catalog_type ?? null,
    isolationMode: c.isolation_mode ?? null,
    storageRoot: c.storage_root ?? null,
    ...(c.securable_kind ? { securableKind: c.securable_kind } : {}),
  }));
}

/**
 * A Unity Catalog list read into a fact: its named items, partial with the reason when some had no name (they
 * are counted, never dropped silently: their grants cannot be read, so a check resting on the list cannot pass).
 */
async function readNamed<T>(source: string, problems: Problem[], what: string, list: () => Promise<Named<T>>) {
  const fact = await read(source, problems, list);
  if (fact.status === "unknown") return fact;
  const { items, unnamed } = fact.value;
  const value = known(items, fact.source, fact.note ? { note: fact.note } : {});
  return unnamed ? { ...value, partial: unnamedReason(unnamed, what, source) } : value;
}

/** How many securables of each kind get their grants read (one request each); the rest keep `grants: null`. */
export const DEFAULT_MAX_GRANT_READS = 200;

type Grants = NonNullable<UcGrants>;

/**
 * Adds `grants` to the first `max` items of a known list (in order); the others, and those whose grants could
 * not be read, get null and `grantsUnread` saying why (the graph then names the part it could not see).
 */
async function withGrants<T extends { name: string }>(
  client: ReadOnlyApiClient,
  fact: Fact<T[]>,
  securableType: string,
  max: number,
  problems: Problem[],
): Promise<Fact<(T & { grants: Grants | null; grantsUnread?: string })[]>> {
  if (fact.status === "unknown") return fact;
  return {
    ...fact,
    value: await grantsOfEach(client, fact.value, securableType, max, problems, (item) => [item.name]),
  };
}

export interface UnityCatalogOptions {
  /** Securables of each kind whose grants are read (default 200); 0 reads none. */
  maxGrantReads?: number;
  /** Tables and volumes whose grants are read, each kind (default DEFAULT_MAX_TABLE_GRANTS); 0 reads none. */
  maxTableGrants?: number;
}

export async function readUnityCatalog(
  client: ReadOnlyApiClient,
  problems: Problem[],
  options: UnityCatalogOptions = {},
): Promise<UnityCatalog> {
  const maxGrants = options.maxGrantReads ?? DEFAULT_MAX_GRANT_READS;
  const assignmentSource = `GET ${UC}/current-metastore-assignment`;
  let assignment: UnityCatalog["assignment"];
  try {
    const body = await getJson(client, `${UC}/current-metastore-assignment`, metastoreAssignmentSchema);
    const metastoreId = pathId(body.metastore_id, "metastore id", assignmentSource);
    assignment = known({ metastoreId, defaultCatalog: body.default_catalog_name ?? null }, assignmentSource);
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
      recipientFederationPolicies: none([]),
      catalogs: none([]),
      abacPolicies: none([]),
      dataClassification: none([]),
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
      const m = await getJson(client, `${UC}/metastore_summary`, metastoreSummarySchema);
      return {
        id: m.metastore_id ?? "",
        name: m.name ?? "",
        owner: m.owner ?? null,
        storageRoot: m.storage_root ?? null,
        deltaSharingScope: m.delta_sharing_scope ?? null,
        // omitempty in the SDK model: an omitted lifetime is 0, which the API documents as "never expires".
        recipientTokenLifetimeSeconds: m.delta_sharing_recipient_token_lifetime_in_seconds ?? 0,
      };
    }),
    metastoreId
      ? read(`GET ${UC}/metastores/${metastoreId}/systemschemas`, problems, async () =>
          // Paged since the API added max_results/page_token (catalog.ListSystemSchemasRequest); max_results=0
          // asks for the server's page length.
          (
            await pagedList(
              client,
              `${UC}/metastores/${metastoreId}/systemschemas`,
              systemSchemasPageSchema,
              (page) => page.schemas,
              { query: { max_results: 0 } },
            )
          ).map((s) => ({ schema: s.schema, state: s.state })),
        )
      : Promise.resolve(needsId("system schemas")),
    readNamed(`GET ${UC}/storage-credentials`, problems, "storage credential(s)", async () =>
      namedItems(
        await pagedList(
          client,
          `${UC}/storage-credentials`,
          storageCredentialsPageSchema,
          (p) => p.storage_credentials,
          {
            query: { max_results: 100 },
          },
        ),
        (c) => ({
          name: c.name,
          // The client secret of a service-principal credential is never read into evidence.
          kind: c.azure_managed_identity
            ? ("managed-identity" as const)
            : c.azure_service_principal
              ? ("service-principal" as const)
              : ("other" as const),
          owner: c.owner ?? null,
        }),
      ),
    ),
    readNamed(`GET ${UC}/external-locations`, problems, "external location(s)", async () =>
      namedItems(
        await pagedList(client, `${UC}/external-locations`, externalLocationsPageSchema, (p) => p.external_locations, {
          query: { max_results: 100 },
        }),
        (l) => ({
          name: l.name,
          url: l.url ?? "",
          credential: l.credential_name ?? "",
          owner: l.owner ?? null,
        }),
      ),
    ),
    read(`GET ${UC}/recipients`, problems, async () =>
      (
        await pagedList(client, `${UC}/recipients`, recipientsPageSchema, (p) => p.recipients, {
          query: { max_results: 100 },
        })
      ).map((r) => {
        const ips = r.ip_access_list?.allowed_ip_addresses;
        return {
          name: r.name ?? "",
          authenticationType: r.authentication_type ?? "",
          ipAccessList: ips && ips.length > 0 ? ips : null,
        };
      }),
    ),
    readNamed(`GET ${UC}/catalogs`, problems, "catalog(s)", () => readCatalogs(client)),
    read(`GET ${UC}/artifact-allowlists/*`, problems, async () => {
      const lists: Record<string, string[]> = {};
      for (const type of ["INIT_SCRIPT", "LIBRARY_JAR", "LIBRARY_MAVEN"]) {
        const body = await getJson(client, `${UC}/artifact-allowlists/${type}`, artifactAllowlistSchema);
        lists[type] = (body.artifact_matchers ?? []).map((m) => m.artifact).filter(Boolean);
      }
      return lists;
    }),
    metastoreId
      ? read(`GET ${UC}/permissions/metastore/${metastoreId}`, problems, async () =>
          (
            await pagedList(
              client,
              `${UC}/permissions/metastore/${metastoreId}`,
              metastoreGrantsSchema,
              (p) => p.privilege_assignments,
            )
          ).map((p) => ({ principal: p.principal ?? "", privileges: (p.privileges ?? []).map(String) })),
        )
      : Promise.resolve(needsId("metastore grants")),
  ]);
  // Read per recipient and per catalog, so after the lists they depend on.
  const [recipientFederationPolicies, abacPolicies, dataClassification] = await Promise.all([
    readRecipientFederationPolicies(client, recipients, problems),
    readAbacPolicies(client, catalogs, problems),
    readDataClassification(client, catalogs, problems),
  ]);
  // The grants of each securable, for the permission graph (system catalogs have none worth reading).
  const [credentialsWithGrants, locationsWithGrants, catalogsWithGrants] = await Promise.all([
    withGrants(client, storageCredentials, "storage_credential", maxGrants, problems),
    withGrants(client, externalLocations, "external_location", maxGrants, problems),
    withGrants(client, catalogs, "catalog", maxGrants, problems),
  ]);
  // Below the catalogs: schemas, tables, volumes and their grants (unity-catalog-objects.ts); tables and volumes
  // have a bound of their own (--max-table-grants).
  const catalogsBelow = await readCatalogObjects(
    client,
    catalogsWithGrants,
    { max: maxGrants, ...(options.maxTableGrants === undefined ? {} : { maxTableGrants: options.maxTableGrants }) },
    problems,
  );
  return {
    assignment,
    metastore,
    systemSchemas,
    storageCredentials: credentialsWithGrants,
    externalLocations: locationsWithGrants,
    recipients,
    recipientFederationPolicies,
    catalogs: catalogsBelow,
    abacPolicies,
    dataClassification,
    artifactAllowlists,
    metastoreGrants,
  };
}
