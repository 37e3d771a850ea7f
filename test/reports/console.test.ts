/**
 * The terminal report: one workspace lists every failure; several workspaces on a terminal list the most
 * severe of each, one line apiece, and count the rest — `--full` and the summary.txt file list all.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { judge } from "../../src/cli/judge.ts";
import { writeReports } from "../../src/cli/report-output.ts";
import { renderConsole, TERMINAL_FAILURES_PER_WORKSPACE } from "../../src/reports/console.ts";
import { conf, goodEvidence, NOW } from "../support/evidence.ts";

/** A workspace where a dozen workspace-conf checks fail. */
function leakyEvidence(name: string) {
  const evidence = goodEvidence();
  evidence.workspace = { ...evidence.workspace, name };
  for (const [key, value] of [
    ["enableDbfsFileBrowser", "true"],
    ["enableExportNotebook", "true"],
    ["enableFileStoreEndpoint", "true"],
    ["enableIpAccessLists", "false"],
    ["enableJobViewAcls", "false"],
    ["enableNotebookTableClipboard", "true"],
    ["enableVerboseAuditLogs", "false"],
    ["enableWebTerminal", "true"],
    ["enableWorkspaceAclsConfig", "false"],
    ["enforceClusterViewAcls", "false"],
    ["mlflowRunArtifactDownloadEnabled", "true"],
    ["enableDeprecatedGlobalInitScripts", "true"],
  ] as const)
    conf(evidence, key, value);
  return evidence;
}

const failedIds = (document: ReturnType<typeof judge>, workspace: number) =>
  document.workspaces[workspace]!.results.filter((r) => r.status === "fail").map((r) => r.checkId);

/** Check ids on a listed row ("  high     NET-03   …"). */
const listedIds = (text: string) =>
  [...text.matchAll(/^ {2}(?:critical|high|medium|low|info) +([A-Z]+-\d+) /gm)].map((m) => m[1] ?? "");

describe("console report", () => {
  const two = judge([leakyEvidence("ws-a"), leakyEvidence("ws-b")], "high", NOW);
  const failures = failedIds(two, 0);

  it("the fixture has more failures than a terminal lists", () => {
    expect(failures.length).toBeGreaterThan(TERMINAL_FAILURES_PER_WORKSPACE);
  });

  it("lists every failure, wrapped, when not capped", () => {
    const text = renderConsole(two, { width: 100, color: false });
    expect(new Set(listedIds(text))).toEqual(new Set(failures));
    expect(text).not.toMatch(/more failed check/);
  });

  it("caps each workspace to the most severe failures, one line each, and counts the rest by severity", () => {
    const text = renderConsole(two, {
      width: 100,
      color: false,
      failuresPerWorkspace: TERMINAL_FAILURES_PER_WORKSPACE,
    });
    const ids = listedIds(text);
    expect(ids).toHaveLength(2 * TERMINAL_FAILURES_PER_WORKSPACE);
    // Most severe first: no listed failure is less severe than a hidden one.
    const order = ["critical", "high", "medium", "low", "info"];
    const rank = (id: string) => order.indexOf(two.workspaces[0]!.results.find((r) => r.checkId === id)!.severity);
    const shown = ids.slice(0, TERMINAL_FAILURES_PER_WORKSPACE);
    const hidden = failures.filter((id) => !shown.includes(id));
    expect(Math.max(...shown.map(rank))).toBeLessThanOrEqual(Math.min(...hidden.map(rank)));
    const more = text.match(/… (\d+) more failed checks \(([^)]+)\)/);
    expect(Number(more?.[1])).toBe(hidden.length);
    expect(text).toMatch(/--full lists every one/);
    // One line per row: every listed row is followed by another row, a summary line or a blank line.
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
    const rows = text.split("\n").filter((line) => /^ {2}(high|medium|low) /.test(line));
    for (const row of rows) {
      const next = text.split("\n")[text.split("\n").indexOf(row) + 1] ?? "";
      expect(next.startsWith("                   ")).toBe(false);
    }
  });

  it("writeReports caps the terminal for several workspaces, not the summary.txt file, and --full lifts the cap", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lakeward-console-"));
    try {
      const capture = () => {
        const stream = new PassThrough();
        let text = "";
        stream.on("data", (chunk: Buffer) => {
          text += chunk.toString("utf8");
        });
        return { stream, text: () => text };
      };
      const capped = capture();
      await writeReports(two, { formats: ["console"], outputDir: dir }, capped.stream);
      expect(listedIds(capped.text())).toHaveLength(2 * TERMINAL_FAILURES_PER_WORKSPACE);
      const file = await readFile(join(dir, "summary.txt"), "utf8");
      expect(listedIds(file)).toHaveLength(2 * failures.length);

      const full = capture();
      await writeReports(two, { formats: ["console"], full: true }, full.stream);
      expect(listedIds(full.text())).toHaveLength(2 * failures.length);

      const one = capture();
      await writeReports(judge([leakyEvidence("solo")], "high", NOW), { formats: ["console"] }, one.stream);
      expect(listedIds(one.text())).toHaveLength(failures.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
