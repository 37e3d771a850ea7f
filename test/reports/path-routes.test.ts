/**
 * A principal's other routes reach the results, the HTML report and the dashboard's view (issue 20): the
 * permission-graph checks carry up to their `perPrincipal` threshold of routes per principal (default 3), and the
 * HTML view lists them under the shortest, folded in a <details>, with the bound that cut more off. With
 * `perPrincipal: 1` only the shortest is carried, and the result says more were cut off.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ResultPath } from "../../src/checks/types.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { makeSnapshot, writeSnapshot } from "../../src/evidence/snapshot.ts";
import { runCli } from "../support/cli.ts";
import { collectEmulator } from "../support/emulator.ts";

let dir: string;
let snapshot: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-path-routes-"));
  snapshot = join(dir, "snap.json");
  const emulator = await startEmulator({ personas: ["default"] });
  try {
    await writeSnapshot(snapshot, makeSnapshot(await collectEmulator(emulator, { notebookScan: false })));
  } finally {
    await emulator.close();
  }
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Results {
  workspaces: { results: { checkId: string; paths?: { items: ResultPath[] } }[] }[];
}
async function scan(format: "json" | "html", ...extra: string[]): Promise<string> {
  const out = join(dir, `out-${format}-${extra.length}`);
  const run = await runCli([
    "scan",
    "--snapshot",
    snapshot,
    "--format",
    format,
    "--output",
    out,
    "--fail-on",
    "none",
    ...extra,
  ]);
  expect(run.code, run.stderr).toBe(0);
  return readFile(out, "utf8");
}
const joeIn = (doc: Results, check: string) =>
  doc.workspaces[0]!.results.find((r) => r.checkId === check)!.paths!.items.find(
    (p) => p.principal.label === "joe@contoso.example",
  )!;

describe("other routes of a principal", () => {
  it("are carried in the results (at most perPrincipal) and listed in the HTML under the shortest", async () => {
    const joe = joeIn(JSON.parse(await scan("json")) as Results, "IAM-20");
    // four routes in all (two jobs, and two through the group he manages): the shortest and two more, cut off
    expect(joe.otherRoutes).toHaveLength(2);
    expect(joe.routesCutOff).toBe("more than 3 routes: only the 3 shortest are spelt out");
    expect(joe.otherRoutes!.every((r) => r.steps.at(-1)!.to.label === "workspace admin")).toBe(true);

    const html = await scan("html");
    const item = html.slice(html.indexOf('<span class="path-principal">joe@contoso.example</span>'));
    const next = item.indexOf('<li><span class="path-principal">', 10);
    const block = next > 0 ? item.slice(0, next) : item;
    expect(block).toMatch(
      /<details class="path-routes"><summary>2 other route\(s\) <span class="muted">\(more than 3 routes: only the 3 shortest are spelt out\)<\/span><\/summary><p class="path-route">route 2/,
    );
    expect(block).toContain("route 3");
  });

  it("perPrincipal: 1 carries only the shortest, and says the others were cut off", async () => {
    const config = join(dir, "lakeward.yaml");
    await writeFile(config, "thresholds:\n  IAM-20.perPrincipal: 1\n");
    const joe = joeIn(JSON.parse(await scan("json", "--config", config)) as Results, "IAM-20");
    expect(joe.otherRoutes).toBeUndefined();
    expect(joe.routesCutOff).toBe("more than one route: only the shortest is spelt out");
    // scan --per-principal N is the same threshold for IAM-20, IAM-21 and IAM-22, over the config file's.
    const flagged = JSON.parse(await scan("json", "--config", config, "--per-principal", "2")) as Results;
    expect(joeIn(flagged, "IAM-20").otherRoutes).toHaveLength(1);
    expect(joeIn(flagged, "IAM-21").otherRoutes).toHaveLength(1);
    const bad = await runCli(["scan", "--snapshot", snapshot, "--per-principal", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--per-principal 0/);
  });
});
