/**
 * The collector below the catalogs over a stub client (the HTTP path is in test/uc-objects.test.ts): a read that
 * timed out, a list whose server repeats its page token, a body that does not fit the SDK model and a name that
 * cannot go into a path each leave that part unread with the reason — never an empty list — and the rest is read.
 */
import { describe, expect, it } from "vitest";
import { known, unknown } from "../../evidence/fact.ts";
import type { Catalog } from "../../evidence/model.ts";
import { ApiFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import type { Problem } from "../problems.ts";
import { readCatalogObjects } from "./unity-catalog-objects.ts";

type Handler = (query: Record<string, string>) => unknown;

function stub(routes: Record<string, Handler>): { client: ReadOnlyApiClient; asked: string[] } {
  const asked: string[] = [];
  const get = async (path: string, query: Record<string, string> = {}) => {
    asked.push(`${path}?${new URLSearchParams(query)}`);
    const handler = routes[path];
    if (!handler)
      throw new ApiFailure({
        endpoint: `GET ${path}`,
        kind: "http",
        status: 404,
        errorCode: "NOT_FOUND",
        detail: "no such route",
      });
    return handler(query);
  };
  return { client: { get, scrub: (text: string) => text } as unknown as ReadOnlyApiClient, asked };
}

const catalog = (name: string, catalogType = "MANAGED_CATALOG"): Catalog => ({
  name,
  owner: "owners",
  catalogType,
  isolationMode: "OPEN",
  storageRoot: null,
  grants: [],
});
const UC = "/api/2.1/unity-catalog";
const noGrants = () => ({});

describe("readCatalogObjects", () => {
  it("a timed-out table list is unread with the reason; the volumes and grants beside it are read", async () => {
    const { client } = stub({
      [`${UC}/schemas`]: () => ({
        schemas: [{ name: "sales", full_name: "main.sales", owner: "o" }, { name: "information_schema" }],
      }),
      [`${UC}/tables`]: () => {
        throw new ApiFailure({
          endpoint: `GET ${UC}/tables`,
          kind: "interrupted",
          detail: "timed out after 30 s (3 attempts)",
        });
      },
      [`${UC}/volumes`]: () => ({ volumes: [{ name: "v", full_name: "main.sales.v", volume_type: "MANAGED" }] }),
      [`${UC}/permissions/schema/main.sales`]: () => ({
        privilege_assignments: [{ principal: "account users", privileges: ["SELECT"] }],
      }),
      [`${UC}/permissions/volume/main.sales.v`]: noGrants,
    });
    const problems: Problem[] = [];
    const fact = await readCatalogObjects(
      client,
      known([catalog("main"), catalog("system", "SYSTEM_CATALOG")], "t"),
      { max: 10 },
      problems,
    );
    if (fact.status !== "known") throw new Error("unknown");
    const [main, system] = fact.value;
    expect(main!.schemas!.map((s) => s.name)).toEqual(["sales"]);
    const sales = main!.schemas![0]!;
    expect(sales.tables).toBeNull();
    expect(sales.tablesUnread).toMatch(/timed out/);
    expect(sales.volumes).toEqual([
      { name: "v", fullName: "main.sales.v", owner: null, volumeType: "MANAGED", grants: [] },
    ]);
    expect(sales.grants).toEqual([{ principal: "account users", privileges: ["SELECT"] }]);
    expect(system!.schemas).toBeNull();
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^1 of 1 table lists could not be read/)]);
  });

  it("a schema list whose server repeats its token stops at the loop, unread — not the first page taken as whole", async () => {
    const { client, asked } = stub({
      [`${UC}/schemas`]: () => ({ schemas: [{ name: "a", full_name: "main.a" }], next_page_token: "same" }),
    });
    const fact = await readCatalogObjects(client, known([catalog("main")], "t"), { max: 10 }, []);
    if (fact.status !== "known") throw new Error("unknown");
    expect(fact.value[0]!.schemas).toBeNull();
    expect(fact.value[0]!.schemasUnread).toMatch(/incomplete/);
    expect(asked.filter((a) => a.startsWith(`${UC}/schemas`)).length).toBeLessThan(5);
  });

  it("a body that does not fit catalog.ListTablesResponse, and a name that cannot go into a path, are unread", async () => {
    const { client, asked } = stub({
      [`${UC}/schemas`]: () => ({ schemas: [{ name: "s", full_name: "main.s" }] }),
      [`${UC}/tables`]: () => ({ tables: { name: "not a list" } }),
      [`${UC}/volumes`]: () => ({ volumes: [{ name: "odd/../name", full_name: "main.s.odd/../name" }] }),
      [`${UC}/permissions/schema/main.s`]: noGrants,
    });
    const problems: Problem[] = [];
    const fact = await readCatalogObjects(client, known([catalog("main")], "t"), { max: 10 }, problems);
    if (fact.status !== "known") throw new Error("unknown");
    const s = fact.value[0]!.schemas![0]!;
    expect(s.tables).toBeNull();
    expect(s.tablesUnread).toMatch(/does not fit the API's shape at tables/);
    expect(s.volumes![0]!.grants).toBeNull();
    expect(s.volumes![0]!.grantsUnread).toMatch(/cannot go into a request path: it holds a "\."/);
    expect(asked.some((a) => a.includes("/permissions/volume/"))).toBe(false);
  });

  it("names outside letters, digits, - and _ are read at their encoded path; a name with a '.' is unread with the reason", async () => {
    const { client, asked } = stub({
      [`${UC}/schemas`]: () => ({ schemas: [{ name: "ventes été", full_name: "main.ventes été" }] }),
      [`${UC}/tables`]: () => ({
        tables: [
          { name: "commandes #1", full_name: "main.ventes été.commandes #1" },
          { name: "v1.2", full_name: "main.ventes été.v1.2" },
        ],
      }),
      [`${UC}/volumes`]: () => ({ volumes: [{ name: "目录", full_name: "main.ventes été.目录" }] }),
      [`${UC}/permissions/schema/main.ventes%20%C3%A9t%C3%A9`]: noGrants,
      [`${UC}/permissions/table/main.ventes%20%C3%A9t%C3%A9.commandes%20%231`]: () => ({
        privilege_assignments: [{ principal: "account users", privileges: ["SELECT"] }],
      }),
      [`${UC}/permissions/volume/main.ventes%20%C3%A9t%C3%A9.%E7%9B%AE%E5%BD%95`]: noGrants,
    });
    const problems: Problem[] = [];
    const fact = await readCatalogObjects(client, known([catalog("main")], "t"), { max: 10 }, problems);
    if (fact.status !== "known") throw new Error("unknown");
    const schema = fact.value[0]!.schemas![0]!;
    expect(schema.grants).toEqual([]);
    const [orders, dotted] = schema.tables!;
    expect(orders).toMatchObject({
      fullName: "main.ventes été.commandes #1",
      grants: [{ principal: "account users" }],
    });
    // Kept in the list (counted), its grants unread with the reason; never sent.
    expect(dotted).toMatchObject({ name: "v1.2", grants: null });
    expect(dotted!.grantsUnread).toMatch(/table name \(part 3\) that cannot go into a request path: it holds a "\."/);
    expect(schema.volumes![0]).toMatchObject({ fullName: "main.ventes été.目录", grants: [] });
    expect(asked.filter((a) => a.includes("/permissions/")).some((a) => a.includes("v1"))).toBe(false);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^1 of 2 table grants could not be read/)]);
  });

  it("objects listed without a name are counted: the list keeps the named ones and says it is partial", async () => {
    const { client } = stub({
      [`${UC}/schemas`]: () => ({ schemas: [{ name: "s", full_name: "main.s" }, { full_name: "main." }] }),
      [`${UC}/tables`]: () => ({ tables: [{ name: "t", full_name: "main.s.t" }, { table_id: "b1d5" }, {}] }),
      [`${UC}/volumes`]: () => ({ volumes: [] }),
      [`${UC}/permissions/schema/main.s`]: noGrants,
      [`${UC}/permissions/table/main.s.t`]: noGrants,
    });
    const fact = await readCatalogObjects(client, known([catalog("main")], "t"), { max: 10 }, []);
    if (fact.status !== "known") throw new Error("unknown");
    const main = fact.value[0]!;
    expect(main.schemas!.map((s) => s.name)).toEqual(["s"]);
    expect(main.schemasUnread).toMatch(
      /^1 schema\(s\) listed without a name by the schema list of catalog main: left out/,
    );
    const s = main.schemas![0]!;
    expect(s.tables!.map((t) => t.name)).toEqual(["t"]);
    expect(s.tablesUnread).toMatch(/^2 table\(s\) listed without a name by the table list of main.s/);
    expect(s.volumes).toEqual([]);
    expect(s).not.toHaveProperty("volumesUnread");
  });

  it("table and volume grants have their own bound (--max-table-grants), apart from --max-acls", async () => {
    const tables = ["a", "b", "c"].map((name) => ({ name, full_name: `main.s.${name}` }));
    const { client, asked } = stub({
      [`${UC}/schemas`]: () => ({ schemas: [{ name: "s", full_name: "main.s" }] }),
      [`${UC}/tables`]: () => ({ tables }),
      [`${UC}/volumes`]: () => ({ volumes: [{ name: "v", full_name: "main.s.v" }] }),
      [`${UC}/permissions/schema/main.s`]: noGrants,
      [`${UC}/permissions/table/main.s.a`]: noGrants,
      [`${UC}/permissions/table/main.s.b`]: noGrants,
      [`${UC}/permissions/volume/main.s.v`]: noGrants,
    });
    const problems: Problem[] = [];
    // --max-acls 1 would read one table's grants; the table bound of 2 reads two.
    const fact = await readCatalogObjects(
      client,
      known([catalog("main")], "t"),
      { max: 1, maxTableGrants: 2 },
      problems,
    );
    if (fact.status !== "known") throw new Error("unknown");
    const s = fact.value[0]!.schemas![0]!;
    expect(s.tables!.map((t) => t.grants === null)).toEqual([false, false, true]);
    expect(s.tables![2]!.grantsUnread).toBe("not read: past the first 2 (--max-table-grants 2)");
    expect(s.volumes![0]!.grants).toEqual([]);
    expect(asked.filter((a) => a.includes("/permissions/table/"))).toHaveLength(2);
    // A bound is a choice, said on each object: no run problem.
    expect(problems).toEqual([]);
  });

  it("leaves an unknown catalog list unknown", async () => {
    const { client, asked } = stub({});
    const fact = await readCatalogObjects(client, unknown("HTTP 403", "GET /catalogs"), { max: 10 }, []);
    expect(fact).toEqual({ status: "unknown", reason: "HTTP 403", source: "GET /catalogs" });
    expect(asked).toEqual([]);
  });
});
