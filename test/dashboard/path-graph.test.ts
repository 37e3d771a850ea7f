/**
 * The permission-path graph on the dashboard's workspace page: the HTML report's view (reports/html/path-graph.ts
 * with path-graph-client.js and Cytoscape, served as one asset), under the dashboard's strict CSP. The default
 * emulator persona is collected, judged and recorded in an embedded store; the page is read in process (the
 * no-JS step list, the asset being the report's very script) and then in real headless Chromium through a real
 * listener with the real security headers: IAM-20's edges drawn, no CSP violation, no request to anywhere else.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/cli/judge.ts";
import { type Listening, startListener } from "../../src/dashboard/listen.ts";
import { storedPathsInOrder } from "../../src/dashboard/pages/workspace.ts";
import { serverApp } from "../../src/dashboard/server.ts";
import { startEmulator } from "../../src/emulator/server.ts";
import { pathGraphScript } from "../../src/reports/html.ts";
import { apiApp } from "../../src/serve/api.ts";
import { postureRecord } from "../../src/serve/posture.ts";
import type { Store } from "../../src/store/index.ts";
import { CHROMIUM_MISSING, launchChromium, watchPage } from "../support/browser.ts";
import { DashboardClient } from "../support/dashboard-client.ts";
import { collectEmulator } from "../support/emulator.ts";
import { openTestStore } from "../support/stores.ts";

const AT = new Date("2026-11-20T06:00:00Z");
const ADMIN = "lw_pathGraph0_path-graph-admin-token-for-tests";
/** axe-core, run in the page by evaluation (the page's CSP allows no script but its own, rightly). */
const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** Where screenshots go when set (for a person to look at), as in browser.test.ts. */
const SHOTS = process.env.LAKEWARD_SCREENSHOTS;

let store: Store;
let close: () => Promise<void>;
let workspaceId: number;
const trigger = async () => null;

beforeAll(async () => {
  ({ store, close } = await openTestStore("embedded", "dash-paths"));
  await store.tokens.create("admin", "admin", AT, ADMIN);
  const emulator = await startEmulator({ personas: ["default"] });
  let evidence: Awaited<ReturnType<typeof collectEmulator>>;
  try {
    evidence = await collectEmulator(emulator, { notebookScan: false });
  } finally {
    await emulator.close();
  }
  await store.runs.syncTargets([{ name: "estate", kind: "posture", schedule: null, spec: {} }], AT);
  await store.runs.enqueueNow("estate", "api", "test", AT);
  const run = await store.runs.claim("test", 60_000, AT);
  const { record, related } = await postureRecord(store, {
    runId: run!.id,
    owner: "test",
    target: "estate",
    startedAt: AT,
    finishedAt: AT,
    evidence,
    document: judge(evidence, "standard", AT),
    auditEvents: [],
    policy: {},
    discoveryComplete: true,
  });
  await store.record(record, related);
  workspaceId = (await store.listWorkspaces(AT)).find((w) => w.name === "adb-default")!.id;
}, 120_000);
afterAll(() => close?.());

describe("the workspace page's permission paths (in process)", () => {
  it("lists IAM-20's paths step by step without script, and loads the report's path graph script as a file", async () => {
    const app = serverApp(apiApp({ store, trigger, now: () => AT }), { store, trigger, secure: false, now: () => AT });
    const client = new DashboardClient(app);
    expect((await client.signIn(ADMIN)).status).toBe(303);
    const response = await client.request(`/workspaces/${workspaceId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const body = await response.text();
    const section = body.slice(body.indexOf('<section aria-labelledby="paths-h"'));
    expect(section).toContain('<h2 id="paths-h">Permission paths</h2>');
    expect(section).toMatch(/<a href="\/checks\/IAM-20" class="mono">IAM-20<\/a>/);
    // The no-JS view: ola's chain through platform-team into admins, as an ordered list in walking order
    // (the store keeps results as canonical JSON, which sorts the steps; the page follows the chain again).
    const ola = /<span class="path-principal">ola@contoso\.example<\/span>.*?<ol class="path-steps">(.*?)<\/ol>/s.exec(
      section,
    )?.[1];
    expect(
      [
        ...(ola ?? "").matchAll(/<li><span class="path-edge">([^<]*)<\/span> → <span class="wrap">([^<]*)<\/span>/g),
      ].map((m) => `${m[1]} → ${m[2]}`),
    ).toEqual([
      "member-of: member of platform-team → platform-team",
      "member-of: member of admins → admins",
      "is-admin: members of admins are workspace admins → workspace admin",
    ]);
    // The graph's elements travel as JSON (never executed), the canvas box names them.
    const box = /data-path-graph="(pg-IAM-20-\d+)"/.exec(section)?.[1];
    expect(box).toBeDefined();
    expect(section).toContain(`<script type="application/json" id="${box}-data">`);
    // No inline script runs: every <script> is JSON data or a file of this server.
    const scripts = [...body.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.filter((attrs) => !/type="application\/json"|src="\/assets\//.test(attrs))).toEqual([]);
    const src = /<script src="(\/assets\/path-graph\.js\?v=[^"]+)" defer><\/script>/.exec(body)?.[1];
    expect(src).toBeDefined();
    // Cytoscape's own <style> is not needed (the CSP would refuse it): the stylesheet link carries its id.
    expect(body).toMatch(
      /<link rel="stylesheet" href="\/assets\/dashboard\.css\?v=[^"]+" id="__________cytoscape_stylesheet">/,
    );
    const asset = await client.request(src!);
    expect(asset.headers.get("content-type")).toMatch(/^text\/javascript/);
    // one implementation: the very script the HTML report inlines
    expect(await asset.text()).toBe(pathGraphScript());
  });

  it("loads no path graph script on a page without paths", async () => {
    const app = serverApp(apiApp({ store, trigger, now: () => AT }), { store, trigger, secure: false, now: () => AT });
    const client = new DashboardClient(app);
    await client.signIn(ADMIN);
    const body = await (await client.request("/checks/IAM-20")).text();
    expect(body).not.toContain("path-graph.js");
    expect(body).not.toContain("__________cytoscape_stylesheet");
  });
});

describe("storedPathsInOrder: a path read back from the store's canonical JSON", () => {
  const node = (label: string, kind = "group") => ({ kind, label });
  const step = (from: string, to: string, kind = "member-of") => ({ from: node(from), to: node(to), kind, detail: "" });
  it("follows the chain from the principal again, and puts the shortest paths first", () => {
    const stored = {
      total: 2,
      items: [
        {
          principal: node("ola"),
          kind: "nested-group",
          steps: [step("admins", "workspace admin", "is-admin"), step("ola", "team"), step("team", "admins")],
        },
        {
          principal: node("dana"),
          kind: "direct",
          steps: [step("dana", "admins"), step("admins", "workspace admin", "is-admin")],
        },
      ],
    };
    const ordered = storedPathsInOrder(stored);
    expect(ordered.total).toBe(2);
    expect(ordered.items.map((p) => p.steps.map((s) => s.to.label))).toEqual([
      ["admins", "workspace admin"],
      ["team", "admins", "workspace admin"],
    ]);
  });
  it("leaves a path whose steps do not chain from its principal as stored", () => {
    const broken = { principal: node("ola"), kind: "nested-group", steps: [step("team", "admins"), step("x", "team")] };
    expect(storedPathsInOrder({ total: 1, items: [broken] }).items[0]).toEqual(broken);
  });
});

const missing = CHROMIUM_MISSING;
if (missing) console.warn(`dashboard path graph browser test${missing}`);

describe.skipIf(missing !== "")(`the workspace page's path graph in headless Chromium${missing}`, () => {
  let listening: Listening;
  let browser: Browser;
  beforeAll(async () => {
    listening = await startListener({
      // the real clock: the browser drops a session cookie that expired by its own clock
      api: apiApp({ store, trigger }),
      dashboard: { store, trigger },
      config: undefined,
      bind: "127.0.0.1",
      port: 0,
      log: () => {},
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await listening?.close();
  });

  it("draws IAM-20's edges under the dashboard's CSP, with no console error and no request elsewhere", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(`${listening.url}/login`);
    await page.getByLabel("API token").fill(ADMIN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${listening.url}/`);
    await page.goto(`${listening.url}/workspaces/${workspaceId}`);
    await page.waitForFunction("Object.keys(window.lakewardPathGraphs ?? {}).some((id) => id.includes('IAM-20'))");
    // A string: the test's TypeScript has no DOM library (the page's types are not ours).
    const drawn = (await page.evaluate(`(async () => {
      const box = document.querySelector('[data-path-graph*="IAM-20"]');
      box.scrollIntoView();
      await new Promise((done) => setTimeout(done, 300));
      const cy = window.lakewardPathGraphs[box.getAttribute("data-path-graph")];
      const label = (n) => n.data("label").split("\\n")[0];
      return {
        edges: cy.edges().map((e) => ({ source: label(e.source()), target: label(e.target()), kind: e.data("kind") })),
        targets: cy.nodes().filter((n) => n.data("role") === "target").map(label),
        layers: new Set(cy.nodes().map((n) => Math.round(n.position().y))).size,
        height: box.getBoundingClientRect().height,
        drawnClass: box.classList.contains("drawn"),
        canvases: box.querySelectorAll("canvas").length,
      };
    })()`)) as {
      edges: { source: string; target: string; kind: string }[];
      targets: string[];
      layers: number;
      height: number;
      drawnClass: boolean;
      canvases: number;
    };
    expect(drawn.edges).toContainEqual({ source: "ola@contoso.example", target: "platform-team", kind: "member-of" });
    expect(drawn.edges).toContainEqual({ source: "platform-team", target: "admins", kind: "member-of" });
    expect(drawn.edges).toContainEqual({ source: "admins", target: "workspace admin", kind: "is-admin" });
    // every IAM-20 path ends at workspace admin, and only it is marked the target (steps in walking order)
    expect(drawn.targets).toEqual(["workspace admin"]);
    expect(drawn.layers).toBeGreaterThanOrEqual(3);
    expect(drawn.drawnClass).toBe(true);
    expect(drawn.canvases).toBeGreaterThan(0);
    expect(drawn.height).toBeGreaterThan(100);
    // A CSP refusal (Cytoscape's <style>, an inline script) would be a console error.
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    expect(watch.requests.filter((url) => !url.startsWith(`${listening.url}/`))).toEqual([]);
    if (SHOTS) await page.locator("#paths").screenshot({ path: join(SHOTS, "dashboard-paths-1440.png") });

    // On a phone the graph fits the width (the page does not scroll sideways) and is laid out again.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).toBe(true);
    const phoneBox = await page.locator('[data-path-graph*="IAM-20"]').boundingBox();
    expect(phoneBox!.width).toBeLessThanOrEqual(390);
    expect(phoneBox!.height).toBeGreaterThan(100);
    if (SHOTS) await page.locator("#paths").screenshot({ path: join(SHOTS, "dashboard-paths-390.png") });
    expect(watch.consoleErrors).toEqual([]);

    // axe-core's WCAG 2.x A/AA rules on the section with its graphs drawn: no serious or critical violation.
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate<{ id: string; impact: string | null; nodes: string[] }[]>(`axe
      .run(document.getElementById("paths"), { resultTypes: ["violations"], runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })))`);
    expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
    await context.close();
  }, 60_000);

  it("without JavaScript the step list is the view: no empty canvas box, every path listed", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${listening.url}/login`);
    await page.getByLabel("API token").fill(ADMIN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${listening.url}/`);
    await page.goto(`${listening.url}/workspaces/${workspaceId}`);
    const box = page.locator('[data-path-graph*="IAM-20"]');
    expect(await box.getAttribute("class")).not.toContain("drawn");
    expect((await box.boundingBox())?.height ?? 0).toBeLessThan(5);
    const steps = page.locator('figure.path-graph:has([data-path-graph*="IAM-20"]) .path-list > li');
    expect(await steps.count()).toBeGreaterThan(0);
    expect(await steps.filter({ hasText: "ola@contoso.example" }).first().isVisible()).toBe(true);
    await context.close();
  }, 60_000);
});
