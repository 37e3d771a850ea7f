/**
 * docs/permissions.md stays true: its custom role holds exactly the RBAC actions behind lakeward's ARM reads
 * (ARM_READS, the transport's allow-list), every Graph read has its permission documented, and its per-check
 * table (from CHECK_READS, which checks explain prints too) is what a scan of the emulator shows each check reading.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECK_READS } from "../src/catalogue/check-reads.ts";
import { measureCheckReads } from "../src/catalogue/permissions.ts";
import { CHECKS } from "../src/checks/registry.ts";
import { explainCheck } from "../src/cli/commands/checks.ts";
import { judge } from "../src/cli/judge.ts";
import { permissionsReadsTable } from "../src/docs/generate.ts";
import { type RunningEmulator, startEmulator } from "../src/emulator/server.ts";
import { ARM_READS, GRAPH_READS } from "../src/sources/azure/transport.ts";
import { collectEmulator } from "./support/emulator.ts";
import { ARM_ACTIONS, GRAPH_PERMISSIONS } from "./support/permissions.ts";

const DOC = readFileSync(new URL("../docs/permissions.md", import.meta.url), "utf8");

function roleActions(): string[] {
  const json = /<!-- role:[^>]*-->\s*```json\n([\s\S]*?)```/.exec(DOC)?.[1];
  if (!json) throw new Error("docs/permissions.md has no role JSON block after its <!-- role: --> marker");
  // The format `az role definition create --role-definition @lakeward-reader.json` takes.
  const role = JSON.parse(json) as { Actions: string[]; DataActions: string[]; NotActions: string[] };
  expect(role.DataActions, "the role holds no data actions").toEqual([]);
  expect(role.NotActions).toEqual([]);
  return role.Actions;
}

describe("docs/permissions.md: the Azure custom role", () => {
  it("names one action for every ARM read, and every action is a read", () => {
    expect(ARM_ACTIONS).toHaveLength(ARM_READS.length);
    for (const action of ARM_ACTIONS.flatMap((a) => a.split("|")))
      expect(action).toMatch(/^Microsoft\.[\w.]+\/[\w/]+\/read$/);
  });

  it("holds exactly the actions of lakeward's ARM reads", () => {
    const expected = [...new Set(ARM_ACTIONS.flatMap((a) => a.split("|")))].sort();
    expect([...roleActions()].sort()).toEqual(expected);
  });

  it("documents the permission of every Graph read", () => {
    expect(Object.keys(GRAPH_PERMISSIONS).length).toBe(GRAPH_READS.length);
    for (const permission of Object.values(GRAPH_PERMISSIONS)) expect(DOC).toContain(`\`${permission}\``);
  });
});

describe("docs/permissions.md: what each check reads", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ personas: ["default", "typical", "hardened"] });
  }, 60_000);
  afterAll(async () => {
    await emulator?.close();
  });

  it("CHECK_READS (what checks explain prints and the docs table shows) is what a scan shows each check reading", async () => {
    const measured = measureCheckReads(judge(await collectEmulator(emulator), "high"));
    expect(JSON.stringify(measured)).not.toMatch(/unlisted ARM read/);
    expect(measured, "run `npm run measure:reads && npm run docs`").toEqual(CHECK_READS);
  }, 120_000);

  it("docs/permissions.md's table is the one npm run docs writes from CHECK_READS", () => {
    const block = /<!-- reads:[^>]*-->\n([\s\S]*?)\n<!-- end reads -->/.exec(DOC)?.[1] ?? "";
    expect(block, "run `npm run docs`").toBe(permissionsReadsTable());
    expect(block).toContain("| IAM-18 ");
  });

  it("checks explain names each check's API calls and the permission each needs", () => {
    const explain = (id: string) => explainCheck(CHECKS.find((check) => check.meta.id === id)!);
    expect(explain("IAM-18")).toMatch(
      /Reads \(and the permission each needs.*\n {2}account API GET \/accounts\/\{account_id\}\/servicePrincipals\/\{id\}\/credentials\/secrets — account admin/,
    );
    expect(explain("DATA-19")).toContain("workspace GET /api/2.0/secrets/acls/list — MANAGE on each scope");
    expect(explain("INFO-11")).toContain(
      "workspace GET /api/data-classification/v1/catalogs/{name}/config — metastore admin for complete lists",
    );
    expect(explain("NET-06")).toContain("ARM Microsoft.Databricks/workspaces/read — Azure RBAC");
    expect(explain("IAM-01")).toMatch(/Microsoft Graph — Policy\.Read\.All/);
    expect(explain("MAN-01")).toContain("nothing a live scan reads");
    // Every check that reads something live says so.
    for (const id of Object.keys(CHECK_READS)) expect(explain(id)).not.toContain("nothing a live scan reads");
  });
});
