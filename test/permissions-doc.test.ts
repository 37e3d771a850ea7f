/**
 * docs/permissions.md stays true: its custom role holds exactly the RBAC actions behind lakeward's ARM reads
 * (ARM_READS, the transport's allow-list), every Graph read has its permission documented, and its per-check
 * table is what a scan of the emulator shows each check reading (the evidence sources of every result).
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/registry.ts";
import { judge } from "../src/cli/judge.ts";
import { type RunningEmulator, startEmulator } from "../src/emulator/server.ts";
import { ARM_READS, GRAPH_READS } from "../src/sources/azure/transport.ts";
import { collectEmulator } from "./support/emulator.ts";
import { ARM_ACTIONS, addSource, emptyReads, GRAPH_PERMISSIONS, type Reads } from "./support/permissions.ts";

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

  it("is what a scan shows each check reading", async () => {
    const document = judge(await collectEmulator(emulator), "high");
    const reads = new Map<string, Reads>();
    for (const workspace of document.workspaces)
      for (const result of workspace.results)
        for (const use of result.evidence ?? []) {
          const entry = reads.get(result.checkId) ?? emptyReads();
          addSource(entry, use.source);
          reads.set(result.checkId, entry);
        }
    const cell = (set: Set<string>) =>
      set.size
        ? [...set]
            .sort()
            .map((x) => `\`${x}\``)
            .join(", ")
        : "—";
    const rows = CHECKS.flatMap((check) => {
      const r = reads.get(check.meta.id) ?? emptyReads();
      const cells = [r.workspace, r.account, r.arm, r.graph, r.other];
      if (cells.every((set) => set.size === 0)) return [];
      return [`| ${check.meta.id} | ${cells.map(cell).join(" | ")} |`];
    });
    expect(rows.join("\n")).not.toMatch(/unlisted ARM read/);
    // Compared cell by cell: the formatter pads the table's columns.
    const cells = (row: string) =>
      row
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim())
        .join(" | ");
    const block = /<!-- reads:[^>]*-->\n\|[^\n]*\n\|[^\n]*\n([\s\S]*?)\n<!-- end reads -->/.exec(DOC)?.[1] ?? "";
    const documented = block.split("\n").map(cells).join("\n");
    expect(documented, `docs/permissions.md's table should be:\n${rows.join("\n")}`).toBe(rows.map(cells).join("\n"));
  }, 120_000);
});
