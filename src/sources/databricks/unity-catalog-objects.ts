/**
 * Unity Catalog below the catalogs, for the permission graph: each catalog's schemas, each schema's tables and
 * volumes, and the grants on every one of them. Bounded like the other fan-outs (AclFanOut): the schemas of the
 * first N catalogs are listed, the tables and volumes of the first N schemas, the grants of the first N schemas
 * (N: `--max-acls`), and of the first M tables and M volumes (M: `--max-table-grants`), each kind in list order.
 * What is past a bound, or whose read failed, is null with the reason beside it (`schemasUnread`, `tablesUnread`,
 * `volumesUnread`, `grantsUnread`), so the graph names the part it could not see; one run problem per fan-out
 * that had failures. An item listed without a name is left out and its list says so (the reason beside a list
 * that is not null); a name that cannot go into a path leaves that item's grants unread with the reason.
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
import { pathFullName, pathUcName } from "./routes.ts";
import { metastoreGrantsSchema, schemasPageSchema, tablesPageSchema, volumesPageSchema } from "./schemas.ts";

const UC = "/api/2.1/unity-catalog";

type Grants = NonNullable<UcGrants>;

/**
 * The grants on one securable: GET /api/2.1/unity-catalog/permissions/{securable_type}/{full_name}, answered as
 * catalog.GetPermissionsResponse (privilege_assignments[]: principal, privileges; next_page_token) — the JS SDK's
 * GrantsAPI.get and the Python SDK's w.grants.get(securable_type, full_name) build the same path. `parts` is the
 * securable's name: one part for catalogs, external locations and storage credentials, catalog.schema[.name] for
 * schemas, tables and volumes; each part is percent-encoded (routes.ts pathUcName), so a name with a space, "#"
 * or non-ASCII letters is read, and one that cannot go into a path is unread with the reason.
 */
async function readGrants(client: ReadOnlyApiClient, securableType: string, parts: readonly string[]): Promise<Grants> {
  const endpoint = `GET ${UC}/permissions/${securableType}`;
  const what = `${securableType.replace(/_/g, " ")} name`;
  const id = parts.length === 1 ? pathUcName(parts[0], what, endpoint) : pathFullName(parts, what, endpoint);
  return (
    await pagedList(
      client,
      `${UC}/permissions/${securableType}/${id}`,
      metastoreGrantsSchema,
      (p) => p.privilege_assignments,
    )
  ).map((p) => ({ principal: p.principal ?? "", privileges: (p.privileges ?? []).map(String) }));
}

/**
 * The grants of each item of a list through one AclFanOut (the first `max` in order; the rest `grants: null`
 * with `grantsUnread`), and one run problem when any read failed. `partsOf` gives the securable's name parts
 * (catalog, schema, name), as the lists named them. `bound` names the option behind `max` in the reason.
 */
export async function grantsOfEach<T>(
  client: ReadOnlyApiClient,
  items: readonly T[],
  securableType: string,
  max: number,
  problems: Problem[],
  partsOf: (item: T, index: number) => readonly string[],
  bound = "--max-acls",
): Promise<(T & { grants: Grants | null; grantsUnread?: string })[]> {
  const fanOut = new AclFanOut(
    `${securableType.replace(/_/g, " ")} grants`,
    `GET ${UC}/permissions/${securableType}/{name}`,
    max,
    bound,
  );
  const value = await Promise.all(
    items.map(async (item, index) => {
      const grants = await fanOut.read(index, () => readGrants(client, securableType, partsOf(item, index)));
      return { ...item, grants: grants.value, ...(grants.unread ? { grantsUnread: grants.unread } : {}) };
    }),
  );
  fanOut.report(problems);
  return value;
}

/** "2 tables listed without a name: left out (…)": why a list is partial when some of its items had no name. */
export function unnamedReason(count: number, what: string, source: string): string {
  return `${count} ${what} listed without a name by ${source}: left out, so their grants (and what is below them) were not read`;
}

/**
 * `information_schema` is in every catalog: views over the catalog's metadata that show each user only the
 * objects it may see (Databricks docs, "Information schema"), so its tables grant nothing; it is not listed here.
 */
const SKIPPED_SCHEMAS = new Set(["information_schema"]);

type ListedSchema = Omit<UcSchema, "grants" | "grantsUnread" | "tables" | "volumes" | "tablesUnread" | "volumesUnread">;

/** A list's named items, and how many it gave without a name (left out: everything about one is read by name). */
export interface Named<T> {
  items: T[];
  unnamed: number;
}

/** The items of a list that have a name (and `keep` keeps), mapped; the unnamed ones counted, not kept. */
export function namedItems<W extends { name?: string | undefined }, T>(
  wire: readonly W[],
  to: (w: W & { name: string }) => T,
  keep: (w: W & { name: string }) => boolean = () => true,
): Named<T> {
  const out: Named<T> = { items: [], unnamed: 0 };
  for (const w of wire) {
    if (!w.name) out.unnamed++;
    else if (keep(w as W & { name: string })) out.items.push(to(w as W & { name: string }));
  }
  return out;
}

async function listSchemas(client: ReadOnlyApiClient, catalog: string): Promise<Named<ListedSchema>> {
  // max_results=0: the server's page length (catalog.ListSchemasRequest recommends it).
  const schemas = await pagedList(client, `${UC}/schemas`, schemasPageSchema, (p) => p.schemas, {
    query: { catalog_name: catalog, max_results: 0 },
  });
  return namedItems(
    schemas,
    (s) => ({ name: s.name, fullName: s.full_name ?? `${catalog}.${s.name}`, owner: s.owner ?? null }),
    (s) => !SKIPPED_SCHEMAS.has(s.name.toLowerCase()),
  );
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
  return namedItems(tables, (t) => ({
    name: t.name,
    fullName: t.full_name ?? `${schema.fullName}.${t.name}`,
    owner: t.owner ?? null,
    tableType: t.table_type ?? null,
  }));
}

async function listVolumes(client: ReadOnlyApiClient, schema: ListedSchema, catalog: string) {
  const volumes = await pagedList(client, `${UC}/volumes`, volumesPageSchema, (p) => p.volumes, {
    query: { catalog_name: catalog, schema_name: schema.name, max_results: 0 },
  });
  return namedItems(volumes, (v) => ({
    name: v.name,
    fullName: v.full_name ?? `${schema.fullName}.${v.name}`,
    owner: v.owner ?? null,
    volumeType: v.volume_type ?? null,
  }));
}

/** The system catalog's schemas are Databricks' own (system.access, system.billing …); they are not read below it. */
export const SYSTEM_CATALOG_NOT_READ = "the system catalog is not read below the catalog";

/**
 * Tables and volumes whose grants are read, each kind (`--max-table-grants`): their own bound, larger than
 * `--max-acls`, since a metastore holds far more tables than catalogs or jobs and DATA-34 rests on every one.
 * At the 20 requests/s lakeward keeps to on Unity Catalog (rate-limits.ts), 1,000 is under a minute a kind.
 */
export const DEFAULT_MAX_TABLE_GRANTS = 1000;

export interface CatalogObjectBounds {
  /** Schema lists, table lists, volume lists and schema grants, each (`--max-acls`). */
  max: number;
  /** Table grants and volume grants, each (`--max-table-grants`). */
  maxTableGrants?: number;
}

/**
 * Adds `schemas` (with tables, volumes and grants) to each catalog of a known list; an unknown list stays as it is.
 * `max` bounds each fan-out (schema lists, table lists, volume lists, schema grants) separately; `maxTableGrants`
 * the grants of tables and of volumes. A list that gave items without a name keeps the named ones and says
 * how many it left out (`…Unread` beside a list that is not null: partial), so the graph counts the gap.
 */
export async function readCatalogObjects<C extends Catalog>(
  client: ReadOnlyApiClient,
  catalogs: Fact<C[]>,
  bounds: CatalogObjectBounds,
  problems: Problem[],
): Promise<Fact<C[]>> {
  if (catalogs.status === "unknown") return catalogs;
  const { max } = bounds;
  const maxTableGrants = bounds.maxTableGrants ?? DEFAULT_MAX_TABLE_GRANTS;
  const schemaLists = new AclFanOut("schema lists", `GET ${UC}/schemas?catalog_name={name}`, max);
  const tableLists = new AclFanOut("table lists", `GET ${UC}/tables?catalog_name={c}&schema_name={s}`, max);
  const volumeLists = new AclFanOut("volume lists", `GET ${UC}/volumes?catalog_name={c}&schema_name={s}`, max);

  const readable = catalogs.value.filter((c) => c.catalogType !== "SYSTEM_CATALOG");
  const listed = await Promise.all(readable.map((c, i) => schemaLists.read(i, () => listSchemas(client, c.name))));
  schemaLists.report(problems);

  // Every schema listed, in catalog order, with its catalog: the next fan-outs count over all of them.
  const flat: { catalog: string; schema: ListedSchema }[] = [];
  listed.forEach((l, i) => {
    for (const schema of l.value?.items ?? []) flat.push({ catalog: readable[i]!.name, schema });
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
      (s, i) => [flat[i]!.catalog, s.name],
    ),
  ]);
  tableLists.report(problems);
  volumeLists.report(problems);

  // Grouped back by the schema they were listed under (its index), not by their full_name's prefix.
  const owners = (results: readonly { value: Named<unknown> | null }[]) =>
    results.flatMap((r, i) => (r.value?.items ?? []).map(() => i));
  const tableOwner = owners(tableResults);
  const volumeOwner = owners(volumeResults);
  // A table's or volume's name parts: its schema's catalog and name (as listed), then its own.
  const partsBelow = (owner: readonly number[]) => (o: { name: string }, i: number) => {
    const f = flat[owner[i]!]!;
    return [f.catalog, f.schema.name, o.name];
  };
  const [tablesWithGrants, volumesWithGrants] = await Promise.all([
    grantsOfEach(
      client,
      tableResults.flatMap((r) => r.value?.items ?? []),
      "table",
      maxTableGrants,
      problems,
      partsBelow(tableOwner),
      "--max-table-grants",
    ),
    grantsOfEach(
      client,
      volumeResults.flatMap((r) => r.value?.items ?? []),
      "volume",
      maxTableGrants,
      problems,
      partsBelow(volumeOwner),
      "--max-table-grants",
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
    const at = `${f.schema.fullName}`;
    const tablesUnread =
      tables.unread ??
      (tables.value?.unnamed ? unnamedReason(tables.value.unnamed, "table(s)", `the table list of ${at}`) : undefined);
    const volumesUnread =
      volumes.unread ??
      (volumes.value?.unnamed
        ? unnamedReason(volumes.value.unnamed, "volume(s)", `the volume list of ${at}`)
        : undefined);
    const schema: UcSchema = {
      ...schemaGrants[i]!,
      tables: tables.value === null ? null : (tablesOf.get(i) ?? []),
      ...(tablesUnread ? { tablesUnread } : {}),
      volumes: volumes.value === null ? null : (volumesOf.get(i) ?? []),
      ...(volumesUnread ? { volumesUnread } : {}),
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
      const schemas = schemasOf.get(c.name.toLowerCase()) ?? [];
      return l.value.unnamed
        ? {
            ...c,
            schemas,
            schemasUnread: unnamedReason(l.value.unnamed, "schema(s)", `the schema list of catalog ${c.name}`),
          }
        : { ...c, schemas };
    }),
  };
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
