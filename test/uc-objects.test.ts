/**
 * Unity Catalog below the catalogs, end to end over HTTP: the emulator's personas' schemas, tables and volumes
 * (catalog.ListSchemasResponse, ListTablesResponse, ListVolumesResponseContent) and their grants
 * (catalog.GetPermissionsResponse) collected, then the permission graph and `lakeward paths` on the snapshot.
 * The default persona shares the sales schema and the landing volume with everyone; the hardened persona shares
 * nothing below its catalogs, and its grants that lack USE CATALOG or USE SCHEMA reach nobody. A refused list or
 * grant read, and the --max-acls bound, leave the part unread with the reason: a gap, never an empty list.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFault } from "../src/emulator/faults.ts";
import { startEmulator } from "../src/emulator/server.ts";
import type { Catalog, WorkspaceEvidence } from "../src/evidence/model.ts";
import { makeSnapshot, writeSnapshot } from "../src/evidence/snapshot.ts";
import { buildWorkspaceGraph } from "../src/graph/build.ts";
import { dataReaders } from "../src/graph/data-readers.ts";
import { dependencies, sharedWithAllUsers } from "../src/graph/queries.ts";
import { runCli } from "./support/cli.ts";
import { byPersona, collectEmulator, withEmulator } from "./support/emulator.ts";

const catalogs = (e: WorkspaceEvidence): Catalog[] => {
  const fact = e.databricks.unityCatalog.catalogs;
  if (fact.status !== "known") throw new Error(`catalogs not known: ${JSON.stringify(fact)}`);
  return fact.value;
};
const catalog = (e: WorkspaceEvidence, name: string) => catalogs(e).find((c) => c.name === name)!;

interface Held {
  privilege: string;
  steps: { kind: string; detail: string; to: { label: string } }[];
}
interface Answer {
  workspace: string;
  total: number;
  note?: string;
  notRead: { label: string; reason: string }[];
  shared?: { group: string; object: string; detail: string }[];
  dataReaders?: {
    requires: { privilege: string }[];
    readers: { principal: { label: string }; kind: string; holds: Held[] }[];
    incomplete: { principal: { label: string }; lacks: string[] }[];
    canGrant: { principal: { label: string } }[];
  };
}

let dir: string;
let snapshot: string;
let evidence: WorkspaceEvidence[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-uc-objects-"));
  snapshot = join(dir, "snap.json");
  const emulator = await startEmulator({ personas: ["default", "hardened"] });
  try {
    evidence = await collectEmulator(emulator, { notebookScan: false });
    await writeSnapshot(snapshot, makeSnapshot(evidence));
  } finally {
    await emulator.close();
  }
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function paths(...args: string[]): Promise<{ answers: Answer[]; stdout: string }> {
  const run = await runCli(["paths", "--snapshot", snapshot, ...args]);
  expect(run.code, run.stderr).toBe(0);
  return {
    answers: args.includes("json") ? (JSON.parse(run.stdout) as { answers: Answer[] }).answers : [],
    stdout: run.stdout,
  };
}
const of = (answers: Answer[], persona: string) => answers.find((a) => a.workspace === `adb-${persona}`)!;

describe("Unity Catalog below the catalogs", () => {
  it("collects schemas, tables, volumes and their grants, as the list and permissions APIs answer", () => {
    const main = catalog(byPersona(evidence, "default"), "main");
    // information_schema is listed by the API but not kept (its views grant nothing).
    expect(main.schemas!.map((s) => s.fullName)).toEqual(["main.default", "main.sales"]);
    const sales = main.schemas!.find((s) => s.name === "sales")!;
    expect(sales.grants).toEqual([{ principal: "account users", privileges: ["USE_SCHEMA", "SELECT", "MODIFY"] }]);
    expect(sales.tables!.map((t) => [t.fullName, t.owner, t.tableType, t.grants])).toEqual([
      ["main.sales.orders", "dana@contoso.example", "MANAGED", []],
      ["main.sales.customers", "dana@contoso.example", "MANAGED", []],
    ]);
    expect(sales.volumes).toEqual([
      {
        name: "landing",
        fullName: "main.sales.landing",
        owner: "dana@contoso.example",
        volumeType: "MANAGED",
        grants: [{ principal: "users", privileges: ["READ_VOLUME", "WRITE_VOLUME"] }],
      },
    ]);
    // The system catalog is not read below it; nothing else is left unread.
    const def = byPersona(evidence, "default");
    expect(catalog(def, "system").schemas).toBeNull();
    expect(dependencies(buildWorkspaceGraph(def), "shared").gaps).toEqual([]);
    const finance = catalog(byPersona(evidence, "hardened"), "finance");
    expect(finance.schemas!.find((s) => s.name === "ledger")!.tables![0]!.grants).toEqual([
      { principal: "auditors", privileges: ["SELECT"] },
    ]);
  });

  it("the default persona shares a schema and a volume with everyone; the hardened one shares nothing below catalogs", async () => {
    const below = (e: WorkspaceEvidence) =>
      sharedWithAllUsers(buildWorkspaceGraph(e))
        .filter((s) => ["schema", "table", "volume"].includes(s.object.kind))
        .map((s) => `${s.group}: ${s.object.label}: ${s.detail}`);
    expect(below(byPersona(evidence, "default"))).toEqual([
      "users: volume main.sales.landing: READ_VOLUME, WRITE_VOLUME",
      "account users: schema main.sales: USE_SCHEMA, SELECT, MODIFY",
    ]);
    expect(below(byPersona(evidence, "hardened"))).toEqual([]);
    const { answers } = await paths("--to", "all-users", "--format", "json");
    expect(of(answers, "default").shared).toContainEqual({
      group: "account users",
      object: "schema main.sales",
      detail: "USE_SCHEMA, SELECT, MODIFY",
    });
  });

  it("paths --readers-of table: names each of the three privileges' chains, and who holds only part", async () => {
    const { answers } = await paths("--readers-of", "table:main.sales.orders", "--format", "json");
    const def = of(answers, "default").dataReaders!;
    expect(def.requires.map((r) => r.privilege)).toEqual(["SELECT", "USE_SCHEMA", "USE_CATALOG"]);
    const joe = def.readers.find((r) => r.principal.label === "joe@contoso.example")!;
    expect(joe.holds.map((h) => h.privilege)).toEqual(["SELECT", "USE_SCHEMA", "USE_CATALOG"]);
    expect(joe.holds.at(-1)!.steps.map((s) => `${s.kind}: ${s.detail} → ${s.to.label}`)).toEqual([
      "member-of: every workspace user is an account user → account users",
      "granted: USE_CATALOG, USE_SCHEMA, SELECT → catalog main",
    ]);
    expect(of(answers, "default").notRead).toEqual([]);

    // hardened: analysts read main.hr.salaries through the catalog grant; hr-analysts hold SELECT and USE SCHEMA
    // on main.hr but not USE CATALOG on main, so they cannot; hr-admins own the schema and the table only.
    const hr = of((await paths("--readers-of", "table:main.hr.salaries", "--format", "json")).answers, "hardened");
    const readers = hr.dataReaders!.readers.map((r) => r.principal.label);
    expect(readers).toContain("analysts");
    expect(readers).not.toContain("hr-analysts");
    expect(hr.dataReaders!.incomplete).toContainEqual(
      expect.objectContaining({ principal: expect.objectContaining({ label: "hr-analysts" }), lacks: ["USE_CATALOG"] }),
    );
    expect(hr.dataReaders!.canGrant.map((p) => p.principal.label)).toContain("hr-admins");
    const ledger = of(
      (await paths("--readers-of", "table:finance.ledger.entries", "--format", "json")).answers,
      "hardened",
    );
    expect(ledger.dataReaders!.readers.map((r) => r.principal.label)).toEqual(["finance-admins"]);
    expect(ledger.dataReaders!.incomplete).toEqual([
      expect.objectContaining({
        principal: expect.objectContaining({ label: "auditors" }),
        lacks: ["USE_SCHEMA", "USE_CATALOG"],
      }),
    ]);
  });

  it("prints the chains as text, each privilege numbered step by step", async () => {
    const { stdout } = await paths("--readers-of", "volume:main.sales.landing", "--workspace", "adb-default");
    expect(stdout).toContain("adb-default: who can read volume main.sales.landing");
    expect(stdout.replace(/\s+/g, " ")).toContain(
      "reading takes all of: READ_VOLUME on volume main.sales.landing or schema main.sales or catalog main; USE_SCHEMA on schema main.sales or catalog main; USE_CATALOG on catalog main",
    );
    expect(stdout).not.toContain("more principal(s)");
    expect(stdout).toMatch(
      / {2}joe@contoso\.example \[user, nested-group\]\n {4}READ_VOLUME:\n {6}1\. member-of: every workspace user is in users → users\n {6}2\. granted: READ_VOLUME, WRITE_VOLUME → volume main\.sales\.landing\n/,
    );
    const missing = await runCli(["paths", "--snapshot", snapshot, "--readers-of", "table:main.sales.nothing"]);
    expect(missing.stdout).toContain("table:main.sales.nothing is not in this workspace's evidence");
  });

  it("a refused list or grant read is a gap with its reason, never an empty list; --max-acls bounds each fan-out", async () => {
    await withEmulator(
      {
        personas: ["default"],
        faults: [
          parseFault("403 /api/2.1/unity-catalog/tables"),
          parseFault("404 /api/2.1/unity-catalog/permissions/volume/*"),
        ],
      },
      async (emulator) => {
        const [def] = await collectEmulator(emulator, { notebookScan: false });
        const sales = catalog(def!, "main").schemas!.find((s) => s.name === "sales")!;
        expect(sales.tables).toBeNull();
        expect(sales.tablesUnread).toMatch(/403/);
        expect(sales.volumes![0]!.grants).toBeNull();
        expect(sales.volumes![0]!.grantsUnread).toMatch(/404/);
        const wg = buildWorkspaceGraph(def!);
        // The tables were not listed: the table is not in the graph, and the answers say which part is missing.
        expect(dataReaders(wg, "table", "main.sales.orders")).toBeUndefined();
        const gaps = new Map(dependencies(wg, "shared").gaps.map((g) => [g.label, g.reason]));
        expect(gaps.get("tables of schema main.sales")).toMatch(/403/);
        expect(gaps.get("volume main.sales.landing grants")).toMatch(/404/);
        const landing = dataReaders(wg, "volume", "main.sales.landing")!;
        expect(landing.gaps.map((g) => g.label)).toEqual(["volume main.sales.landing grants"]);
        const problems = def!.collection.problems.map((p) => p.message).join("\n");
        expect(problems).toMatch(/2 of 2 table lists could not be read/);
        expect(problems).toMatch(/1 of 1 volume grants could not be read/);
      },
    );
    await withEmulator({ personas: ["default"] }, async (emulator) => {
      const [def] = await collectEmulator(emulator, { notebookScan: false, maxAclReads: 1 });
      const main = catalog(def!, "main");
      // One schema's tables listed (main.default, in list order), one table's grants read.
      expect(main.schemas!.map((s) => s.tables === null)).toEqual([false, true]);
      expect(main.schemas![1]!.tablesUnread).toMatch(/--max-acls 1/);
      expect(main.schemas!.map((s) => s.grants === null)).toEqual([false, true]);
      // main.default (listed) holds no table, main.sales (past the bound) was not listed: one list, no table grants.
      expect(emulator.requests.filter((r) => r.path === "/api/2.1/unity-catalog/tables")).toHaveLength(1);
      expect(emulator.requests.filter((r) => r.path.startsWith("/api/2.1/unity-catalog/permissions/table/"))).toEqual(
        [],
      );
      const gaps = dependencies(buildWorkspaceGraph(def!), "shared").gaps.map((g) => g.label);
      expect(gaps).toContain("tables of schema main.sales");
      expect(gaps).toContain("schema main.sales grants");
    });
  }, 120_000);
});
