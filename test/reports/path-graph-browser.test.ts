/**
 * The permission-path graph (src/reports/html/path-graph.ts) in a real headless Chromium: the HTML report of
 * the default emulator persona, scanned from its snapshot. IAM-20's finding names the group nested in admins;
 * its Cytoscape graph must hold that path's nodes and edges, with no console error, no request but the file.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/server.ts";
import { makeSnapshot, writeSnapshot } from "../../src/evidence/snapshot.ts";
import { CHROMIUM_MISSING, type OpenReport, openReport } from "../support/browser.ts";
import { runCli } from "../support/cli.ts";
import { collectEmulator } from "../support/emulator.ts";

const missing = CHROMIUM_MISSING;
if (missing) console.warn(`path graph browser test${missing}`);

interface DrawnGraph {
  nodes: { label: string; kind: string; role: string }[];
  edges: { source: string; target: string; kind: string }[];
}

describe.skipIf(missing !== "")(`permission-path graph in headless Chromium${missing}`, () => {
  let dir: string;
  let report: OpenReport;
  let html: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lakeward-path-graph-"));
    const snapshot = join(dir, "snap.json");
    const emulator = await startEmulator({ personas: ["default"] });
    try {
      await writeSnapshot(snapshot, makeSnapshot(await collectEmulator(emulator, { notebookScan: false })));
    } finally {
      await emulator.close();
    }
    const out = join(dir, "report.html");
    const run = await runCli([
      "scan",
      "--snapshot",
      snapshot,
      "--format",
      "html",
      "--output",
      out,
      "--fail-on",
      "none",
    ]);
    expect(run.code, run.stderr).toBe(0);
    html = await readFile(out, "utf8");
    report = await openReport(html, "report.html");
  }, 120_000);

  afterAll(async () => {
    await report?.browser.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("draws IAM-20's paths: the group nested in admins reaches workspace admin, the target marked", async () => {
    const { page, consoleErrors, requests, reportUrl } = report;
    await page.waitForFunction("Object.keys(window.lakewardPathGraphs ?? {}).length > 0");
    const graphs = (await page.evaluate(() => {
      interface Element {
        data(key: string): string;
        source(): Element;
        target(): Element;
      }
      interface Graph {
        nodes(): { map<T>(f: (n: Element) => T): T[] };
        edges(): { map<T>(f: (e: Element) => T): T[] };
      }
      const all = (globalThis as unknown as { lakewardPathGraphs: Record<string, Graph> }).lakewardPathGraphs;
      return Object.fromEntries(
        Object.entries(all).map(([id, cy]) => [
          id,
          {
            nodes: cy.nodes().map((n) => ({ label: n.data("label"), kind: n.data("kind"), role: n.data("role") })),
            edges: cy.edges().map((e) => ({
              source: e.source().data("label"),
              target: e.target().data("label"),
              kind: e.data("kind"),
            })),
          },
        ]),
      );
    })) as Record<string, DrawnGraph>;
    const iam20 = Object.entries(graphs).find(([id]) => id.includes("IAM-20"))?.[1];
    expect(iam20, Object.keys(graphs).join(", ")).toBeDefined();
    // The nested group: a member-of edge into the admins group, and an edge from admins to the admin role.
    const memberOf = iam20!.edges.filter((e) => e.kind === "member-of" && /^admins\n/.test(e.target));
    expect(memberOf.length).toBeGreaterThan(0);
    expect(iam20!.edges.some((e) => /^admins\n/.test(e.source) && e.kind === "is-admin")).toBe(true);
    expect(iam20!.nodes.filter((n) => n.role === "target").length).toBeGreaterThan(0);
    // Drawn on a canvas of real size.
    const box = await page.locator("[data-path-graph].drawn").first().boundingBox();
    expect(box?.height).toBeGreaterThan(100);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
  });

  it("lays the graph out in layers once its finding is opened (not every node on one line)", async () => {
    const { page } = report;
    // A string: the test's TypeScript has no DOM library (the page's types are not ours).
    const rows = await page.evaluate(`(async () => {
      const box = document.querySelector('[data-path-graph*="IAM-20"]');
      for (let d = box.parentElement; d; d = d.parentElement) if (d.tagName === "DETAILS") d.open = true;
      box.scrollIntoView();
      await new Promise((done) => setTimeout(done, 500));
      const cy = window.lakewardPathGraphs[box.getAttribute("data-path-graph")];
      return new Set(cy.nodes().map((n) => Math.round(n.position().y))).size;
    })()`);
    // principals, the groups and jobs between, the admins group and the target: at least three layers
    expect(rows).toBeGreaterThanOrEqual(3);
  });
});
