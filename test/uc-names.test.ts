/**
 * Issue 20's known limits, end to end over HTTP against the emulator (hardened persona, where DATA-34 and
 * IAM-21 pass):
 *   - Unity Catalog names outside [A-Za-z0-9_-] (a space, "#", accents, CJK) are read at their percent-encoded
 *     path, and the emulator, like the service, finds them by the decoded name: DATA-34 sees their grants and fails
 *     on one everyone can read. A name that cannot go into a path ("." in it) is listed, its grants unread with the
 *     reason; an object listed without a name is counted: the list is partial, DATA-34 unknown, never a pass.
 *   - A service principal's rule set that could not be read leaves the roles on that one unknown: IAM-21 cannot
 *     pass while it is one this workspace lists, and passes when it is one the workspace does not list.
 */
import type { catalog } from "@databricks/sdk-experimental";
import { describe, expect, it } from "vitest";
import { findCheck } from "../src/checks/registry.ts";
import { judge } from "../src/cli/judge.ts";
import type { PersonaWorkspace } from "../src/emulator/personas.ts";
import type { WorkspaceEvidence } from "../src/evidence/model.ts";
import { buildWorkspaceGraph } from "../src/graph/build.ts";
import { collectEmulator, withEmulator } from "./support/emulator.ts";

const SCHEMA = "ventes été";
const TABLE = "commandes #1";
const VOLUME = "目录";

const table = (schema: string, name: string | undefined): catalog.TableInfo => ({
  ...(name === undefined ? { table_id: "6a1f0c2e-unnamed" } : { name, full_name: `main.${schema}.${name}` }),
  catalog_name: "main",
  schema_name: schema,
  owner: "data-platform",
  table_type: "MANAGED",
});

function result(evidence: WorkspaceEvidence, id: string) {
  const check = findCheck(id);
  if (!check) throw new Error(`no check ${id}`);
  const [workspace] = judge([evidence], "standard", new Date(), {}, [], [check]).workspaces;
  return workspace!.results.find((r) => r.checkId === id)!;
}

describe("Unity Catalog names outside letters, digits, - and _", () => {
  it("are read at their encoded path; a name that cannot be is unread with the reason; an unnamed object counts", async () => {
    const customize = (ws: PersonaWorkspace) => {
      if (ws.persona !== "hardened") return;
      const uc = ws.unityCatalog;
      uc.schemas.push({ name: SCHEMA, catalog_name: "main", full_name: `main.${SCHEMA}`, owner: "data-platform" });
      uc.tables.push(table(SCHEMA, TABLE), table(SCHEMA, "v1.2"));
      uc.volumes.push({
        name: VOLUME,
        catalog_name: "main",
        schema_name: SCHEMA,
        full_name: `main.${SCHEMA}.${VOLUME}`,
        owner: "data-platform",
        volume_type: "MANAGED",
      });
      // Everyone may read the table: USE CATALOG, USE SCHEMA and SELECT, each on a name with a space or a "#".
      uc.securableGrants["catalog/main"] = [
        ...(uc.securableGrants["catalog/main"] ?? []),
        { principal: "account users", privileges: ["USE_CATALOG"] },
      ];
      uc.securableGrants[`schema/main.${SCHEMA}`] = [{ principal: "account users", privileges: ["USE_SCHEMA"] }];
      uc.securableGrants[`table/main.${SCHEMA}.${TABLE}`] = [{ principal: "account users", privileges: ["SELECT"] }];
    };
    await withEmulator({ personas: ["hardened"], customize }, async (emulator) => {
      const [h] = await collectEmulator(emulator, { notebookScan: false });
      const catalogs = h!.databricks.unityCatalog.catalogs;
      if (catalogs.status !== "known") throw new Error("catalogs unknown");
      const schema = catalogs.value.find((c) => c.name === "main")!.schemas!.find((s) => s.name === SCHEMA)!;
      expect(schema.grants).toEqual([{ principal: "account users", privileges: ["USE_SCHEMA"] }]);
      const [orders, dotted] = schema.tables!;
      expect(orders).toMatchObject({ fullName: `main.${SCHEMA}.${TABLE}`, grants: [{ principal: "account users" }] });
      expect(dotted!.grants).toBeNull();
      expect(dotted!.grantsUnread).toMatch(/cannot go into a request path: it holds a "\."/);
      expect(schema.volumes![0]).toMatchObject({ fullName: `main.${SCHEMA}.${VOLUME}`, grants: [] });
      // Sent percent-encoded (the emulator records the raw path), the way databricks-sdk-py now quotes full names.
      const paths = emulator.requests.map((r) => r.path).filter((p) => p.includes("/unity-catalog/permissions/"));
      expect(paths).toContain("/api/2.1/unity-catalog/permissions/table/main.ventes%20%C3%A9t%C3%A9.commandes%20%231");
      expect(paths).toContain(
        "/api/2.1/unity-catalog/permissions/volume/main.ventes%20%C3%A9t%C3%A9.%E7%9B%AE%E5%BD%95",
      );
      expect(paths.some((p) => p.includes("v1"))).toBe(false);

      // The grants were read, so DATA-34 finds the table; the one it could not read is named beside the failure.
      const data34 = result(h!, "DATA-34");
      expect(data34.status).toBe("fail");
      expect(data34.message).toContain(`table main.${SCHEMA}.${TABLE}`);
      expect(data34.message).toMatch(/could not also judge .*table main\.ventes été\.v1\.2 grants/);
    });
  }, 120_000);

  it("objects listed without a name are counted: their lists are partial and DATA-34 cannot pass, with the reason", async () => {
    const customize = (ws: PersonaWorkspace) => {
      if (ws.persona !== "hardened") return;
      ws.unityCatalog.tables.push(table("hr", undefined));
      ws.unityCatalog.externalLocations.push({
        url: "abfss://landing@contosodatalakesec.dfs.core.windows.net/unnamed",
        credential_name: "lake-mi",
      });
    };
    await withEmulator({ personas: ["hardened"], customize }, async (emulator) => {
      const [h] = await collectEmulator(emulator, { notebookScan: false });
      const data34 = result(h!, "DATA-34");
      expect(data34.status).toBe("unknown");
      expect(data34.message).toMatch(/1 table\(s\) listed without a name by the table list of main\.hr: left out/);
      // An external location without a name: the list keeps the named ones and is partial, with the reason.
      expect(h!.databricks.unityCatalog.externalLocations).toMatchObject({
        status: "known",
        partial: expect.stringMatching(
          /^1 external location\(s\) listed without a name by GET \/api\/2\.1\/unity-catalog\/external-locations: left out/,
        ),
      });
      const locations = h!.databricks.unityCatalog.externalLocations;
      expect(locations.status === "known" && locations.value.every((l) => l.name)).toBe(true);
      // Without the table, the same workspace passes: the unknown is the unnamed table's, nothing else's.
      const cleared: WorkspaceEvidence = structuredClone(h!);
      const fact = cleared.databricks.unityCatalog.catalogs;
      if (fact.status !== "known") throw new Error("catalogs unknown");
      for (const c of fact.value) for (const s of c.schemas ?? []) delete s.tablesUnread;
      const clearedLocations = cleared.databricks.unityCatalog.externalLocations;
      if (clearedLocations.status === "known") delete clearedLocations.partial;
      expect(result(cleared, "DATA-34").status).toBe("pass");
    });
  }, 120_000);
});

describe("a service principal's rule set that could not be read", () => {
  it("leaves the roles on that one unknown: IAM-21 is unknown when the workspace lists it, passes when not", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const [h] = await collectEmulator(emulator, { notebookScan: false });
      expect(result(h!, "IAM-21").status).toBe("pass");
      const sps = h!.databricks.servicePrincipals;
      if (sps.status !== "known" || !sps.value.length) throw new Error("no service principals");
      const listed = sps.value[0]!.applicationId;
      const reason = "HTTP 500 INTERNAL_ERROR: try again";
      const withUnread = (name: string): WorkspaceEvidence => ({
        ...h!,
        account: { ...h!.account, ruleSetsUnread: [{ kind: "servicePrincipal", name, reason }] },
      });
      const listedUnread = result(withUnread(listed), "IAM-21");
      expect(listedUnread.status).toBe("unknown");
      expect(listedUnread.message).toContain(`service principal ${listed} rule set`);
      expect(listedUnread.message).toContain(reason);
      // One this workspace does not list cannot be run as here: its rule set is no part of the answer.
      expect(result(withUnread("99999999-0000-4000-8000-00000000dead"), "IAM-21").status).toBe("pass");
      // The same for a group: a gap only for a group the workspace lists.
      const gaps = (name: string) =>
        buildWorkspaceGraph({
          ...h!,
          account: { ...h!.account, ruleSetsUnread: [{ kind: "group", name, reason }] },
        }).gaps.filter((g) => g.topic === "account");
      const groups = h!.databricks.groups;
      if (groups.status !== "known" || !groups.value.length) throw new Error("no groups");
      expect(gaps(groups.value[0]!.displayName).map((g) => g.label)).toEqual([
        `group ${groups.value[0]!.displayName} rule set`,
      ]);
      expect(gaps("a group no workspace has")).toEqual([]);
    });
  }, 120_000);
});
