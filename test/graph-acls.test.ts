/**
 * The object ACLs the permission graph reads beyond jobs and clusters, collected from the emulator over HTTP:
 * SQL warehouses (GET /api/2.0/permissions/warehouses/{id}, sql.WarehousePermissions) and serving endpoints
 * (GET /api/2.0/permissions/serving-endpoints/{id}, serving.ServingEndpointPermissions, by the endpoint's id).
 * Each is bounded by --max-acls like the other fan-outs; a refused ACL is "not read" — a gap the queries
 * report — never an empty list.
 */
import { describe, expect, it } from "vitest";
import { parseFault } from "../src/emulator/faults.ts";
import { EMULATOR_WAREHOUSE_ID } from "../src/emulator/statement-routes.ts";
import type { WorkspaceEvidence } from "../src/evidence/model.ts";
import { buildWorkspaceGraph } from "../src/graph/build.ts";
import { describePath, readersOf, sharedWithAllUsers } from "../src/graph/queries.ts";
import { byPersona, collectEmulator, withEmulator } from "./support/emulator.ts";

const value = <T>(fact: { status: string; value?: T }): T => {
  if (fact.status !== "known") throw new Error(`fact not known: ${JSON.stringify(fact)}`);
  return fact.value as T;
};
const warehouses = (e: WorkspaceEvidence) => value(e.databricks.sqlWarehouses);
const endpoints = (e: WorkspaceEvidence) => value(e.databricks.servingEndpoints);

describe("SQL warehouse and serving endpoint ACLs", () => {
  it("are read for each object, and open paths in the default persona that the hardened one lacks", async () => {
    await withEmulator({ personas: ["default", "hardened"] }, async (emulator) => {
      const evidence = await collectEmulator(emulator, { notebookScan: false });
      const def = byPersona(evidence, "default");
      const adhoc = warehouses(def).find((w) => w.name === "adhoc-analysis")!;
      expect(adhoc.permissions).toEqual([
        {
          principal: "sam@contoso.example",
          principalType: "user",
          permissions: [{ level: "IS_OWNER", inherited: false }],
        },
        {
          principal: "contractors-2023",
          principalType: "group",
          permissions: [{ level: "CAN_MANAGE", inherited: false }],
        },
        { principal: "users", principalType: "group", permissions: [{ level: "CAN_USE", inherited: false }] },
      ]);
      // A warehouse with no ACL of its own: its creator owns it, admins manage it (inherited).
      const starter = warehouses(def).find((w) => w.name === "Starter Warehouse")!;
      expect(starter.permissions?.map((e) => `${e.principal}:${e.permissions.map((p) => p.level)}`)).toEqual([
        "dana@contoso.example:IS_OWNER",
        "admins:CAN_MANAGE",
      ]);
      const gpt = endpoints(def).find((e) => e.name === "gpt-proxy")!;
      expect(gpt.id).toBe("7f3e9d2c1b0a4e5f8a6b5c4d3e2f1a01");
      expect(gpt.permissions?.map((e) => `${e.principal}:${e.principalType}`)).toEqual([
        "dana@contoso.example:user",
        "platform-team:group",
        "users:group",
      ]);
      expect(
        emulator.requests.some(
          (r) => r.path === "/api/2.0/permissions/serving-endpoints/7f3e9d2c1b0a4e5f8a6b5c4d3e2f1a01",
        ),
      ).toBe(true);

      const wg = buildWorkspaceGraph(def);
      const ola = readersOf(wg, "servingEndpoint", "gpt-proxy")!.paths.find(
        (p) => p.principal.label === "ola@contoso.example",
      )!;
      expect(ola.kind).toBe("nested-group");
      expect(describePath(ola)).toBe(
        "ola@contoso.example —[member-of: member of platform-team]→ platform-team —[granted: CAN_MANAGE]→ serving endpoint gpt-proxy",
      );
      const shared = sharedWithAllUsers(wg).map((s) => `${s.group}→${s.object.label}: ${s.detail}`);
      expect(shared).toContain("users→SQL warehouse adhoc-analysis (d0e1f2a3b4c50002): CAN_USE");
      expect(shared).toContain("users→serving endpoint gpt-proxy: CAN_QUERY");

      const hardened = buildWorkspaceGraph(byPersona(evidence, "hardened"));
      expect(hardened.gaps).toEqual([]);
      const hardenedShared = sharedWithAllUsers(hardened).map((s) => s.object.kind);
      expect(hardenedShared.filter((k) => k === "warehouse" || k === "servingEndpoint")).toEqual([]);
      const bi = readersOf(hardened, "warehouse", EMULATOR_WAREHOUSE_ID)!;
      expect(bi.paths.map((p) => p.principal.label)).toContain("analysts");
      expect(bi.paths.map((p) => p.principal.label)).not.toContain("users");
    });
  }, 120_000);

  it("a refused ACL (403) is not read — a gap, not an empty list — and --max-acls bounds the reads", async () => {
    await withEmulator(
      {
        personas: ["default"],
        faults: [
          parseFault("403 /api/2.0/permissions/warehouses/*"),
          parseFault("403 /api/2.0/permissions/serving-endpoints/*"),
        ],
      },
      async (emulator) => {
        const [def] = await collectEmulator(emulator, { notebookScan: false });
        expect(warehouses(def!).map((w) => w.permissions)).toEqual([null, null]);
        expect(endpoints(def!).map((e) => e.permissions)).toEqual([null]);
        const wg = buildWorkspaceGraph(def!);
        const readers = readersOf(wg, "warehouse", "d0e1f2a3b4c50002")!;
        expect(readers.total).toBe(0);
        const reasons = new Map(readers.gaps.map((g) => [g.label, g.reason]));
        expect(reasons.get("SQL warehouse adhoc-analysis (d0e1f2a3b4c50002) ACL")).toMatch(/403/);
        expect(reasons.get("serving endpoint gpt-proxy ACL")).toMatch(/403/);
        expect(def!.collection.problems.map((p) => p.message).join("\n")).toMatch(
          /2 of 2 SQL warehouse ACLs could not be read/,
        );
      },
    );
    await withEmulator({ personas: ["default"] }, async (emulator) => {
      const [def] = await collectEmulator(emulator, { notebookScan: false, maxAclReads: 1 });
      expect(warehouses(def!).map((w) => w.permissions === null)).toEqual([false, true]);
      expect(warehouses(def!)[1]!.permissionsUnread).toMatch(/--max-acls 1/);
      const asked = emulator.requests.filter((r) => r.path.startsWith("/api/2.0/permissions/warehouses/"));
      expect(asked).toHaveLength(1);
    });
  }, 120_000);

  it("reads the account admins and the service principals' rule sets; a refused rule set is unknown, not empty", async () => {
    await withEmulator({ personas: ["default"] }, async (emulator) => {
      const [def] = await collectEmulator(emulator, { notebookScan: false });
      expect(value(def!.account.accountAdmins!)).toEqual([
        { principal: "admin-dana@contoso.example", principalType: "user", externalId: "aad-u-11", via: null },
        {
          principal: "11111111-aaaa-4bbb-8ccc-000000007002",
          principalType: "servicePrincipal",
          externalId: null,
          via: null,
        },
      ]);
      expect(value(def!.account.servicePrincipalRoles!)).toEqual([
        {
          servicePrincipal: "11111111-aaaa-4bbb-8ccc-000000000001",
          role: "roles/servicePrincipal.manager",
          principal: "admin-dana@contoso.example",
          principalType: "user",
          via: null,
        },
        {
          servicePrincipal: "11111111-aaaa-4bbb-8ccc-000000000001",
          role: "roles/servicePrincipal.user",
          principal: "contractors-2023",
          principalType: "group",
          via: null,
        },
      ]);
      const ruleSetCalls = emulator.requests.filter((r) => r.path.endsWith("/access-control/rule-sets"));
      expect(ruleSetCalls.map((r) => new URLSearchParams(r.query).get("name"))).toContain(
        `accounts/${emulator.accountId}/servicePrincipals/11111111-aaaa-4bbb-8ccc-000000000001/ruleSets/default`,
      );
    });
    await withEmulator(
      { personas: ["default"], faults: [parseFault("403 /api/2.0/preview/accounts/*/access-control/rule-sets")] },
      async (emulator) => {
        const [def] = await collectEmulator(emulator, { notebookScan: false });
        const roles = def!.account.servicePrincipalRoles!;
        expect(roles.status).toBe("unknown");
        if (roles.status === "unknown") expect(roles.reason).toMatch(/403/);
        expect(value(def!.account.accountAdmins!).length).toBe(2);
        const wg = buildWorkspaceGraph(def!);
        expect(wg.inputs.find((i) => i.label === "service principal rule sets")!.fact.status).toBe("unknown");
      },
    );
  }, 120_000);
});
