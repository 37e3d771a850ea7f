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
      10,
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
    const fact = await readCatalogObjects(client, known([catalog("main")], "t"), 10, []);
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
    const fact = await readCatalogObjects(client, known([catalog("main")], "t"), 10, problems);
    if (fact.status !== "known") throw new Error("unknown");
    const s = fact.value[0]!.schemas![0]!;
    expect(s.tables).toBeNull();
    expect(s.tablesUnread).toMatch(/does not fit the API's shape at tables/);
    expect(s.volumes![0]!.grants).toBeNull();
    expect(s.volumes![0]!.grantsUnread).toMatch(/not a plain full name/);
    expect(asked.some((a) => a.includes("/permissions/volume/"))).toBe(false);
  });

  it("leaves an unknown catalog list unknown", async () => {
    const { client, asked } = stub({});
    const fact = await readCatalogObjects(client, unknown("HTTP 403", "GET /catalogs"), 10, []);
    expect(fact).toEqual({ status: "unknown", reason: "HTTP 403", source: "GET /catalogs" });
    expect(asked).toEqual([]);
  });
});
