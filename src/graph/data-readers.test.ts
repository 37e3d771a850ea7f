import { describe, expect, it } from "vitest";
import { goodEvidence, SP_APP } from "../../test/support/evidence.ts";
import type { Catalog, UcSchema, WorkspaceEvidence } from "../evidence/model.ts";
import { buildWorkspaceGraph } from "./build.ts";
import { dataReaders } from "./data-readers.ts";
import { dependencies, sharedWithAllUsers } from "./queries.ts";

const catalogsOf = (e: WorkspaceEvidence): Catalog[] => {
  const fact = e.databricks.unityCatalog.catalogs;
  if (fact.status !== "known") throw new Error("fixture catalogs unknown");
  return fact.value;
};

const table = (fullName: string, owner: string | null, grants: UcSchema["grants"] = []) => ({
  name: fullName.split(".")[2]!,
  fullName,
  owner,
  tableType: "MANAGED",
  grants,
});

/**
 * The good evidence's catalog main (analysts: USE_CATALOG, USE_SCHEMA, SELECT; owner data-platform) with two
 * schemas: main.sales (account users SELECT on the schema; table orders owned by b@example.com) and main.hr
 * (hr-team USE_SCHEMA and SELECT, no USE CATALOG; table pay whose grants were not read).
 */
function withObjects(edit: (main: Catalog) => void = () => {}): WorkspaceEvidence {
  const e = goodEvidence();
  const main = catalogsOf(e).find((c) => c.name === "main")!;
  main.schemas = [
    {
      name: "sales",
      fullName: "main.sales",
      owner: "data-platform",
      grants: [{ principal: "account users", privileges: ["SELECT"] }],
      tables: [table("main.sales.orders", "b@example.com")],
      volumes: [
        {
          name: "landing",
          fullName: "main.sales.landing",
          owner: "data-platform",
          volumeType: "MANAGED",
          grants: [{ principal: "users", privileges: ["READ_VOLUME"] }],
        },
      ],
    },
    {
      name: "hr",
      fullName: "main.hr",
      owner: "hr-team",
      grants: [{ principal: "hr-team", privileges: ["USE_SCHEMA", "SELECT"] }],
      tables: [{ ...table("main.hr.pay", "hr-team"), grants: null, grantsUnread: "HTTP 403 PERMISSION_DENIED" }],
      volumes: null,
      volumesUnread: "not read: past the first 0 (--max-acls 0)",
    },
  ];
  edit(main);
  return e;
}

const labels = (list: readonly { principal: { label: string } }[]) => list.map((r) => r.principal.label).sort();

describe("who can read a table: SELECT, USE SCHEMA and USE CATALOG, each named", () => {
  it("needs all three: a grant of SELECT on the schema alone reaches nobody", () => {
    const wg = buildWorkspaceGraph(withObjects());
    const answer = dataReaders(wg, "table", "main.sales.orders")!;
    expect(answer.requires.map((r) => `${r.privilege} on ${r.on.map((n) => n.label).join(" | ")}`)).toEqual([
      "SELECT on table main.sales.orders | schema main.sales | catalog main",
      "USE_SCHEMA on schema main.sales | catalog main",
      "USE_CATALOG on catalog main",
    ]);
    // analysts (and dana through them) hold all three on the catalog; account users only SELECT on the schema.
    expect(labels(answer.readers)).toEqual(["analysts", "dana@example.com"]);
    const dana = answer.readers.find((r) => r.principal.label === "dana@example.com")!;
    expect(dana.kind).toBe("nested-group");
    // SELECT: two routes of two steps (analysts on the catalog, account users on the schema); BFS gives one.
    expect(dana.holds[0]!.privilege).toBe("SELECT");
    expect(dana.holds[0]!.steps).toHaveLength(2);
    expect(dana.holds[0]!.steps[1]!.detail).toMatch(/\bSELECT\b/);
    expect(
      dana.holds.slice(1).map((h) => [h.privilege, h.steps.map((s) => `${s.kind}: ${s.detail} → ${s.to.label}`)]),
    ).toEqual([
      [
        "USE_SCHEMA",
        ["member-of: member of analysts → analysts", "granted: USE_CATALOG, USE_SCHEMA, SELECT → catalog main"],
      ],
      [
        "USE_CATALOG",
        ["member-of: member of analysts → analysts", "granted: USE_CATALOG, USE_SCHEMA, SELECT → catalog main"],
      ],
    ]);
    // The owner of the table holds SELECT on it, not the way in: it cannot read it; account users neither.
    const b = answer.incomplete.find((i) => i.principal.label === "b@example.com")!;
    expect(b.lacks).toEqual(["USE_SCHEMA", "USE_CATALOG"]);
    expect(b.holds[0]!.steps.at(-1)).toMatchObject({ kind: "owns", to: { label: "table main.sales.orders" } });
    const accountUsers = answer.incomplete.find((i) => i.principal.label === "account users")!;
    expect(accountUsers.holds[0]!.steps[0]).toMatchObject({ kind: "granted", detail: "SELECT" });
    expect(accountUsers.lacks).toEqual(["USE_SCHEMA", "USE_CATALOG"]);
    expect(answer.total).toBe(2);
  });

  it("reaches everyone once account users also hold USE CATALOG and USE SCHEMA", () => {
    const wg = buildWorkspaceGraph(
      withObjects((main) => {
        main.grants!.push({ principal: "account users", privileges: ["USE_CATALOG"] });
        main.schemas![0]!.grants!.push({ principal: "account users", privileges: ["USE_SCHEMA"] });
      }),
    );
    const answer = dataReaders(wg, "table", "main.sales.orders")!;
    expect(labels(answer.readers)).toEqual([
      "a@example.com",
      "account users",
      "analysts",
      "b@example.com",
      "dana@example.com",
    ]);
    const a = answer.readers.find((r) => r.principal.label === "a@example.com")!;
    expect(a.holds.map((h) => h.steps.map((s) => s.to.label))).toEqual([
      ["account users", "schema main.sales"],
      ["account users", "schema main.sales"],
      ["account users", "catalog main"],
    ]);
  });

  it("follows run-as: a job's controller reads what its service principal reads", () => {
    const wg = buildWorkspaceGraph(
      withObjects((main) => main.grants!.push({ principal: SP_APP, privileges: ["ALL_PRIVILEGES"] })),
    );
    const answer = dataReaders(wg, "table", "main.sales.orders")!;
    const sp = answer.readers.find((r) => r.principal.key === `servicePrincipal:${SP_APP}`)!;
    expect(sp.kind).toBe("direct");
    expect(sp.holds.every((h) => h.steps.at(-1)!.detail === "ALL_PRIVILEGES")).toBe(true);
    // The admins hold CAN_MANAGE on the job that runs as it: they read through the job.
    const admin = answer.readers.find((r) => r.principal.label === "a@example.com")!;
    expect(admin.kind).toBe("run-as");
    // SELECT comes shortest through account users (SELECT on main.sales); USE SCHEMA only through the job.
    expect(admin.holds[0]!.steps.map((s) => s.to.label)).toEqual(["account users", "schema main.sales"]);
    const useSchema = admin.holds[1]!.steps;
    expect(useSchema.at(-1)).toMatchObject({
      kind: "granted",
      detail: "ALL_PRIVILEGES",
      to: { label: "catalog main" },
    });
    expect(["runs-as", "can-assume"]).toContain(useSchema.at(-2)!.kind);
    expect(useSchema.at(-2)!.to.key).toBe(`servicePrincipal:${SP_APP}`);
  });

  it("lists owners of the containers apart: they can grant themselves access, they do not read yet", () => {
    const wg = buildWorkspaceGraph(withObjects());
    const answer = dataReaders(wg, "table", "main.sales.orders")!;
    expect(labels(answer.canGrant)).toEqual(["b@example.com", "data-platform"]);
    expect(answer.canGrant.find((p) => p.principal.label === "data-platform")!.steps[0]).toMatchObject({
      kind: "owns",
    });
  });

  it("names the unread grants of the object and its containers, not of other objects", () => {
    const wg = buildWorkspaceGraph(withObjects());
    const pay = dataReaders(wg, "table", "main.hr.pay")!;
    expect(pay.gaps).toEqual([{ label: "table main.hr.pay grants", reason: "HTTP 403 PERMISSION_DENIED" }]);
    // hr-team holds SELECT and USE SCHEMA on main.hr, and owns it, but not USE CATALOG on main.
    expect(pay.readers.map((r) => r.principal.label)).not.toContain("hr-team");
    expect(pay.incomplete.find((i) => i.principal.label === "hr-team")!.lacks).toEqual(["USE_CATALOG"]);
    const orders = dataReaders(wg, "table", "main.sales.orders")!;
    expect(orders.gaps).toEqual([]);
    // The volumes of main.hr were not listed: a gap of the shared-objects answer.
    expect(dependencies(wg, "shared").gaps.map((g) => g.label)).toEqual([
      "table main.hr.pay grants",
      "volumes of schema main.hr",
    ]);
  });

  it("reads a volume with READ VOLUME in place of SELECT", () => {
    const wg = buildWorkspaceGraph(
      withObjects((main) => main.grants!.push({ principal: "users", privileges: ["USE_CATALOG", "USE_SCHEMA"] })),
    );
    const answer = dataReaders(wg, "volume", "main.sales.landing")!;
    expect(answer.requires.map((r) => r.privilege)).toEqual(["READ_VOLUME", "USE_SCHEMA", "USE_CATALOG"]);
    // data-platform owns the volume, its schema and its catalog: all three.
    expect(labels(answer.readers)).toEqual([
      "a@example.com",
      "b@example.com",
      "dana@example.com",
      "data-platform",
      "users",
    ]);
    // analysts hold SELECT on the catalog, which is not READ VOLUME.
    expect(answer.incomplete.find((i) => i.principal.label === "analysts")!.lacks).toEqual(["READ_VOLUME"]);
  });

  it("for a schema, asks who can read every table of it: SELECT on the schema or its catalog", () => {
    const wg = buildWorkspaceGraph(withObjects());
    const answer = dataReaders(wg, "schema", "main.sales")!;
    expect(answer.requires.map((r) => `${r.privilege} on ${r.on.map((n) => n.label).join(" | ")}`)).toEqual([
      "SELECT on schema main.sales | catalog main",
      "USE_SCHEMA on schema main.sales | catalog main",
      "USE_CATALOG on catalog main",
    ]);
    expect(labels(answer.readers)).toEqual(["analysts", "dana@example.com"]);
    // b@example.com owns a table of it, which gives nothing on the schema: its SELECT is account users' grant.
    const b = answer.incomplete.find((i) => i.principal.label === "b@example.com")!;
    expect(b.holds.map((h) => h.steps.map((step) => step.to.label))).toEqual([["account users", "schema main.sales"]]);
    expect(b.lacks).toEqual(["USE_SCHEMA", "USE_CATALOG"]);
  });

  it("is undefined for an object the evidence does not hold", () => {
    const wg = buildWorkspaceGraph(withObjects());
    expect(dataReaders(wg, "table", "main.sales.nothing")).toBeUndefined();
  });

  it("shares below the catalog show in what is granted to all users", () => {
    const wg = buildWorkspaceGraph(withObjects());
    expect(
      sharedWithAllUsers(wg)
        .filter((s) => ["schema", "table", "volume"].includes(s.object.kind))
        .map((s) => `${s.group}: ${s.object.label} ${s.detail}`),
    ).toEqual(["users: volume main.sales.landing READ_VOLUME", "account users: schema main.sales SELECT"]);
  });

  it("evidence without the objects below catalogs (an older lakeward's, IaC) says so", () => {
    const e = goodEvidence();
    delete catalogsOf(e)[0]!.schemas;
    const wg = buildWorkspaceGraph(e);
    expect(dependencies(wg, "shared").gaps).toEqual([
      expect.objectContaining({
        label: "catalog main schemas",
        reason: "this evidence does not carry the schemas, tables and volumes below catalogs",
      }),
    ]);
    expect(dependencies(wg, "admin").gaps).toEqual([]);
  });
});
