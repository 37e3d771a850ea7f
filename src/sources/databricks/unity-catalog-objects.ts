/**
 * Unity Catalog below the catalogs, for the permission graph: each catalog's schemas, each schema's tables and
 * volumes, and the grants on every one of them. Bounded like the other fan-outs (`--max-acls`, AclFanOut): the
 * schemas of the first N catalogs are listed, the tables and volumes of the first N schemas, the grants of the
 * first N schemas, tables and volumes (each kind in list order). What is past a bound, or whose read failed, is
 * null with the reason beside it (`schemasUnread`, `tablesUnread`, `volumesUnread`, `grantsUnread`), so the graph
 * names the part it could not see; one run problem per fan-out that had failures.
 *
 * The lists (catalog.SchemasAPI, TablesAPI, VolumesAPI list in the Go and JS SDKs) are paged by next_page_token
 * through the shared bounded pager (page limit, item limit, repeated-token detector, deadline): a list stopped by
 * a bound is unread with the pager's reason, never a short list taken as whole.
 */
import type { Fact } from "../../evidence/fact.ts";
import type { Catalog, UcGrants, UcSchema, UcTable, UcVolume } from "../../evidence/model.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import type { Problem } from "../problems.ts";
import { AclFanOut } from "./compute.ts";
import { pagedList } from "./http.ts";
import { pathFullName, pathId } from "./routes.ts";
import { metastoreGrantsSchema, schemasPageSchema, tablesPageSchema, volumesPageSchema } from "./schemas.ts";

const UC = "/api/2.1/unity-catalog";

type Grants = NonNullable<UcGrants>;

/**
 * The grants on one securable: GET /api/2.1/unity-catalog/permissions/{securable_type}/{full_name}, answered as
 * catalog.GetPermissionsResponse (privilege_assignments[]: principal, privileges; next_page_token) — the JS SDK's
 * GrantsAPI.get and the Python SDK's w.grants.get(securable_type, full_name) build the same path.
 */
async function readGrants(client: ReadOnlyApiClient, securableType: string, name: string): Promise<Grants> {
  // Catalogs, external locations and storage credentials have one-part names; schemas, tables, volumes full names.
  const check = FULL_NAMED.has(securableType) ? pathFullName : pathId;
  const id = check(name, `${securableType} name`, `GET ${UC}/permissions/${securableType}`);
  return (
    await pagedList(
      client,
      `${UC}/permissions/${securableType}/${id}`,
      metastoreGrantsSchema,
      (p) => p.privilege_assignments,
    )
  ).map((p) => ({ principal: p.principal ?? "", privileges: (p.privileges ?? []).map(String) }));
}

const FULL_NAMED = new Set(["schema", "table", "volume"]);

/**
 * The grants of each item of a list through one AclFanOut (the first `max` in order; the rest `grants: null`
 * with `grantsUnread`), and one run problem when any read failed. `nameOf` gives the securable's full name.
 */
export async function grantsOfEach<T>(
  client: ReadOnlyApiClient,
  items: readonly T[],
  securableType: string,
  max: number,
  problems: Problem[],
  nameOf: (item: T) => string,
): Promise<(T & { grants: Grants | null; grantsUnread?: string })[]> {
  const fanOut = new AclFanOut(
    `${securableType.replace(/_/g, " ")} grants`,
    `GET ${UC}/permissions/${securableType}/{name}`,
    max,
  );
  const value = await Promise.all(
    items.map(async (item, index) => {
      const grants = await fanOut.read(index, () => readGrants(client, securableType, nameOf(item)));
      return { ...item, grants: grants.value, ...(grants.unread ? { grantsUnread: grants.unread } : {}) };
    }),
  );
  fanOut.report(problems);
  return value;
}

/**
 * `information_schema` is in every catalog: views over the catalog's metadata that show each user only the
 * objects it may see (Databricks docs, "Information schema"), so its tables grant nothing; it is not listed here.
 */
const SKIPPED_SCHEMAS = new Set(["information_schema"]);

type ListedSchema = Omit<UcSchema, "grants" | "grantsUnread" | "tables" | "volumes" | "tablesUnread" | "volumesUnread">;

async function listSchemas(client: ReadOnlyApiClient, catalog: string): Promise<ListedSchema[]> {
  // max_results=0: the server's page length (catalog.ListSchemasRequest recommends it).
  const schemas = await pagedList(client, `${UC}/schemas`, schemasPageSchema, (p) => p.schemas, {
    query: { catalog_name: catalog, max_results: 0 },
  });
  return schemas
    .filter((s) => s.name && !SKIPPED_SCHEMAS.has(s.name.toLowerCase()))
    .map((s) => ({
      name: s.name ?? "",
      fullName: s.full_name ?? `${catalog}.${s.name}`,
      owner: s.owner ?? null,
    }));
}

async function listTables(client: ReadOnlyApiClient, schema: ListedSchema, catalog: string) {
  // omit_columns / omit_properties (catalog.ListTablesRequest): the graph needs neither, and they are most of a page.
  const tables = await pagedList(client, `${UC}/tables`, tablesPageSchema, (p) => p.tables, {
    query: {
      catalog_name: catalog,
      schema_name: schema.name,
      max_results: 0,
      omit_columns: true,
      omit_properties: true,
    },
  });
  return tables
    .filter((t) => t.name)
    .map((t) => ({
      name: t.name ?? "",
      fullName: t.full_name ?? `${schema.fullName}.${t.name}`,
      owner: t.owner ?? null,
      tableType: t.table_type ?? null,
    }));
}

async function listVolumes(client: ReadOnlyApiClient, schema: ListedSchema, catalog: string) {
  const volumes = await pagedList(client, `${UC}/volumes`, volumesPageSchema, (p) => p.volumes, {
    query: { catalog_name: catalog, schema_name: schema.name, max_results: 0 },
  });
  return volumes
    .filter((v) => v.name)
    .map((v) => ({
      name: v.name ?? "",
      fullName: v.full_name ?? `${schema.fullName}.${v.name}`,
      owner: v.owner ?? null,
      volumeType: v.volume_type ?? null,
    }));
}

/** The system catalog's schemas are Databricks' own (system.access, system.billing …); they are not read below it. */
export const SYSTEM_CATALOG_NOT_READ = "the system catalog is not read below the catalog";

/**
 * Adds `schemas` (with tables, volumes and grants) to each catalog of a known list; an unknown list stays as it is.
 * `max` bounds each fan-out (schema lists, table lists, volume lists, schema/table/volume grants) separately.
 */
export async function readCatalogObjects<C extends Catalog>(
  client: ReadOnlyApiClient,
  catalogs: Fact<C[]>,
  max: number,
  problems: Problem[],
): Promise<Fact<C[]>> {
  if (catalogs.status === "unknown") return catalogs;
  const schemaLists = new AclFanOut("schema lists", `GET ${UC}/schemas?catalog_name={name}`, max);
  const tableLists = new AclFanOut("table lists", `GET ${UC}/tables?catalog_name={c}&schema_name={s}`, max);
  const volumeLists = new AclFanOut("volume lists", `GET ${UC}/volumes?catalog_name={c}&schema_name={s}`, max);

  const readable = catalogs.value.filter((c) => c.catalogType !== "SYSTEM_CATALOG");
  const listed = await Promise.all(readable.map((c, i) => schemaLists.read(i, () => listSchemas(client, c.name))));
  schemaLists.report(problems);

  // Every schema listed, in catalog order, with its catalog: the next fan-outs count over all of them.
  const flat: { catalog: string; schema: ListedSchema }[] = [];
  listed.forEach((l, i) => {
    for (const schema of l.value ?? []) flat.push({ catalog: readable[i]!.name, schema });
  });
  const [tableResults, volumeResults, schemaGrants] = await Promise.all([
    Promise.all(flat.map((f, i) => tableLists.read(i, () => listTables(client, f.schema, f.catalog)))),
    Promise.all(flat.map((f, i) => volumeLists.read(i, () => listVolumes(client, f.schema, f.catalog)))),
    grantsOfEach(
      client,
      flat.map((f) => f.schema),
      "schema",
      max,
      problems,
      (s) => s.fullName,
    ),
  ]);
  tableLists.report(problems);
  volumeLists.report(problems);

  // Grouped back by the schema they were listed under (its index), not by their full_name's prefix.
  const owners = (results: readonly { value: readonly unknown[] | null }[]) =>
    results.flatMap((r, i) => (r.value ?? []).map(() => i));
  const tableOwner = owners(tableResults);
  const volumeOwner = owners(volumeResults);
  const [tablesWithGrants, volumesWithGrants] = await Promise.all([
    grantsOfEach(
      client,
      tableResults.flatMap((r) => r.value ?? []),
      "table",
      max,
      problems,
      (t) => t.fullName,
    ),
    grantsOfEach(
      client,
      volumeResults.flatMap((r) => r.value ?? []),
      "volume",
      max,
      problems,
      (v) => v.fullName,
    ),
  ]);
  const tablesOf = new Map<number, UcTable[]>();
  for (const [i, t] of tablesWithGrants.entries()) push(tablesOf, tableOwner[i]!, t);
  const volumesOf = new Map<number, UcVolume[]>();
  for (const [i, v] of volumesWithGrants.entries()) push(volumesOf, volumeOwner[i]!, v);

  const schemasOf = new Map<string, UcSchema[]>();
  flat.forEach((f, i) => {
    const tables = tableResults[i]!;
    const volumes = volumeResults[i]!;
    const schema: UcSchema = {
      ...schemaGrants[i]!,
      tables: tables.value === null ? null : (tablesOf.get(i) ?? []),
      ...(tables.unread ? { tablesUnread: tables.unread } : {}),
      volumes: volumes.value === null ? null : (volumesOf.get(i) ?? []),
      ...(volumes.unread ? { volumesUnread: volumes.unread } : {}),
    };
    push(schemasOf, f.catalog.toLowerCase(), schema);
  });
  const unreadOf = new Map(readable.map((c, i) => [c, listed[i]!] as const));
  return {
    ...catalogs,
    value: catalogs.value.map((c) => {
      const l = unreadOf.get(c);
      if (!l) return { ...c, schemas: null, schemasUnread: SYSTEM_CATALOG_NOT_READ };
      if (l.value === null) return { ...c, schemas: null, schemasUnread: l.unread ?? "not read" };
      return { ...c, schemas: schemasOf.get(c.name.toLowerCase()) ?? [] };
    }),
  };
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
