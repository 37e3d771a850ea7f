/**
 * The HTML report at real sizes (issue 14 item 5), in headless Chromium at 1440 and 390 px wide: no
 * horizontal page scroll, matrix headers that stay in view, per-workspace state readable for an estate of
 * 13 workspaces, the executive summary first, findings grouped by check with passes hidden at first, the
 * failing value marked in the evidence, a banner that names the real causes of unknown results, and
 * every control reachable from the keyboard. The browser runs offline: the report needs no network.
 * Screenshots of both widths are written and their paths printed, to be looked at.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../src/cli/judge.ts";
import { SEVERITY_WEIGHT } from "../../src/engine/score.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { renderHtml } from "../../src/reports/html.ts";
import type { ResultsDocument } from "../../src/reports/results-document.ts";
import { isSuppressed } from "../../src/reports/shared.ts";
import { CHROMIUM_MISSING, type OpenReport, openReport } from "../support/browser.ts";
import { conf, goodEvidence, k, NOW } from "../support/evidence.ts";
import { hostileEvidence, unreadableEvidence } from "./fixtures.ts";

const WIDTHS = [1440, 390] as const;

/** 13 workspaces with long names: some hostile, some partly unreadable, some with an undecided setting. */
function estate(): ResultsDocument {
  const workspaces: WorkspaceEvidence[] = [];
  for (let i = 0; i < 13; i++) {
    const evidence = i % 3 === 0 ? hostileEvidence() : i % 3 === 1 ? unreadableEvidence() : goodEvidence();
    if (i % 3 === 2) {
      conf(evidence, "enableWebTerminal", null);
      conf(evidence, "enableFileStoreEndpoint", null);
      evidence.azure.publicNetworkAccess = k("Enabled");
    }
    evidence.workspace = {
      ...evidence.workspace,
      name: `adb-contoso-analytics-production-westeurope-${String(i + 1).padStart(2, "0")}${i === 0 ? "-<b>x</b>" : ""}`,
    };
    workspaces.push(evidence);
  }
  return JSON.parse(JSON.stringify(judge(workspaces, "high", NOW))) as ResultsDocument;
}

const document = estate();
const results = document.workspaces.flatMap((w, index) => w.results.map((result) => ({ index, result })));
const at = new Date(document.generatedAt);

async function pageWidths(page: Page) {
  return page.evaluate<{ scroll: number; client: number }>(
    "({ scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), client: document.documentElement.clientWidth })",
  );
}

describe.skipIf(CHROMIUM_MISSING !== "")(`HTML report at 1440 and 390 px${CHROMIUM_MISSING}`, () => {
  let report: OpenReport;
  let page: Page;

  beforeAll(async () => {
    report = await openReport(renderHtml(document), "estate.html", { offline: true });
    page = report.page;
  });
  afterAll(async () => {
    await report?.browser.close();
  });

  it("works offline: charts drawn, no request but the file, no console error", async () => {
    // openReport loaded the page (offline, watched from the start); loading it again would only repeat that.
    await page.waitForFunction("Object.keys(window.Chart?.instances ?? {}).length === 4");
    expect(new Set(report.requests)).toEqual(new Set([report.reportUrl]));
    expect(report.consoleErrors).toEqual([]);
  });

  for (const width of WIDTHS) {
    it(`never scrolls sideways at ${width} px, with every section open`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(report.reportUrl);
      expect(await pageWidths(page)).toEqual({ scroll: width, client: width });
      // Open every group and every evidence table, passes included: still no sideways page scroll.
      await page.selectOption("#filter-status", "");
      await page.locator("details").evaluateAll((all) => {
        for (const details of all) details.setAttribute("open", "");
      });
      const opened = await pageWidths(page);
      expect(opened.scroll, `page ${opened.scroll} px wide at ${width} px`).toBe(width);
      // The sticky filter bar never takes a large part of a phone's screen.
      const filters = await page.evaluate<{ position: string; height: number }>(
        `(() => { const bar = document.querySelector(".filters"); return { position: getComputedStyle(bar).position, height: bar.getBoundingClientRect().height }; })()`,
      );
      if (filters.position === "sticky") expect(filters.height).toBeLessThan(900 * 0.25);
    });

    it(`keeps the matrices' header row in view while they scroll, at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(report.reportUrl);
      const box = page.locator("#asb .matrix");
      await box.evaluate((element) => {
        element.scrollIntoView();
        element.scrollTop = 1500;
      });
      const [container, header] = await Promise.all([box.boundingBox(), box.locator("thead th").first().boundingBox()]);
      expect(container && header).toBeTruthy();
      expect(Math.abs(header!.y - container!.y)).toBeLessThan(3);
      expect(await box.evaluate((element) => element.scrollTop)).toBeGreaterThan(1000);
    });

    it(`shows the page at ${width} px (screenshots to look at)`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${report.reportUrl}#check-NET-06`);
      await page.waitForTimeout(200);
      const top = join(report.dir, `estate-${width}-finding.png`);
      await page.screenshot({ path: top });
      await page.goto(report.reportUrl);
      const first = join(report.dir, `estate-${width}-top.png`);
      await page.screenshot({ path: first });
      await page.locator("#asb").scrollIntoViewIfNeeded();
      const asb = join(report.dir, `estate-${width}-asb.png`);
      await page.screenshot({ path: asb });
      process.stdout.write(`HTML layout screenshots (${width} px): ${first} ${asb} ${top}\n`);
    });
  }

  it("gives 13 workspaces one rollup column and one chosen workspace, the same choice in every matrix", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(report.reportUrl);
    for (const table of ["#asb", "#cis", "#threat-AT"]) {
      const headers = await page.locator(`${table} thead th`).allTextContents();
      expect(
        headers.filter((text) => /all 13 workspaces/.test(text)),
        table,
      ).toHaveLength(1);
      expect(await page.locator(`${table} thead select.ws-select`).count(), table).toBe(1);
    }
    await page.locator("#asb select.ws-select").selectOption("12");
    for (const select of await page.locator("select.ws-select").all()) expect(await select.inputValue()).toBe("12");
    const row = page.locator("#asb-NS-3 td.ws");
    expect(await row.locator("span.ws-state:visible").count()).toBe(1);
    expect(await row.locator("span.ws-state[data-w='12']").isVisible()).toBe(true);
    expect(await row.locator("span.ws-state[data-w='0']").isVisible()).toBe(false);
  });

  it("opens with the executive summary: the failures that weigh most across the estate", async () => {
    await page.goto(report.reportUrl);
    const order = await page.locator("main > section").evaluateAll((sections) => sections.map((s) => s.id));
    expect(order[0]).toBe("summary");
    const weight = new Map<string, number>();
    for (const { result } of results)
      if (result.status === "fail" && !isSuppressed(result, at))
        weight.set(result.checkId, (weight.get(result.checkId) ?? 0) + SEVERITY_WEIGHT[result.severity]);
    const heaviest = Math.max(...weight.values());
    const items = await page.locator("#summary ol.fix-first > li").all();
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(5);
    const firstId = (await items[0]!.locator("a.mono").textContent())!;
    expect(weight.get(firstId)).toBe(heaviest);
    expect(await items[0]!.textContent()).toMatch(/fails in \d+ of 13 workspaces/);
  });

  it("groups the findings by check with the workspaces under each; passes hidden until asked for", async () => {
    await page.goto(report.reportUrl);
    const checks = new Set(results.map(({ result }) => result.checkId));
    expect(await page.locator("details.group").count()).toBe(checks.size);
    const perGroup = await page
      .locator("details.group")
      .evaluateAll((groups) =>
        groups.map((group) => ({ id: group.id, workspaces: group.querySelectorAll("div.result").length })),
      );
    for (const group of perGroup) expect(group.workspaces, group.id).toBe(13);
    const shown = await page
      .locator("details.group:not([hidden]) div.result:not([hidden])")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-status")));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((status) => status === "pass" || status === "not_applicable")).toEqual([]);
    await page.selectOption("#filter-status", "");
    expect(await page.locator("details.group:visible").count()).toBe(checks.size);
  });

  it("marks the failing value in the evidence table", async () => {
    await page.goto(`${report.reportUrl}#finding-2-NET-06`);
    const finding = page.locator("#finding-2-NET-06");
    expect(await finding.getAttribute("data-status")).toBe("fail");
    await finding.locator("details.evidence-details > summary").click();
    const culprit = finding.locator("tr.culprit");
    expect(await culprit.count()).toBe(1);
    expect(await culprit.textContent()).toMatch(/publicNetworkAccess.*Enabled/);
    expect(await finding.locator("tr:not(.culprit)").count()).toBeGreaterThan(0);
  });

  it("names the real causes of unknown results, not permissions for a setting that was read", async () => {
    await page.goto(report.reportUrl);
    const banner = (await page.locator(".banner.unknown").textContent())!.replace(/\s+/g, " ");
    const reasons = results
      .filter(({ result }) => result.status === "unknown")
      .map(({ result }) => `${result.evidence.find((e) => e.reason)?.reason ?? ""} ${result.message}`);
    const forbidden = reasons.filter((reason) => /403|forbidden/i.test(reason)).length;
    const undecided = reasons.filter((reason) => /never set, and its default is not documented/.test(reason)).length;
    expect(forbidden).toBeGreaterThan(0);
    expect(undecided).toBeGreaterThan(0);
    expect(banner).toContain(`${forbidden} because the scanning identity was refused`);
    expect(banner).toContain(`${undecided} because a setting was read, was never set, and has no documented default`);
    expect(banner).toMatch(/set it explicitly in the admin console to decide/);
  });

  it("works from the keyboard: Enter opens a check, arrow keys scroll a matrix and choose its workspace", async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(report.reportUrl);
    await page.keyboard.press("Tab");
    const focusedIn = (selector: string) =>
      page.evaluate<string | null>(`document.activeElement?.closest(${JSON.stringify(selector)})?.id ?? null`);
    expect(await page.evaluate<boolean>(`document.activeElement?.closest("header.top") != null`)).toBe(true);

    const group = page.locator("details.group:visible").first();
    await group.locator("summary").first().focus();
    await page.keyboard.press("Enter");
    expect(await group.evaluate((element) => element.hasAttribute("open"))).toBe(true);
    // The next Tab stops inside the opened check (its evidence), not past it.
    await page.keyboard.press("Tab");
    expect(await focusedIn("details.group")).toBe(await group.getAttribute("id"));

    const box = page.locator("#asb .matrix");
    await box.focus();
    expect(await box.evaluate((element) => element.scrollTop)).toBe(0);
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowDown");
    expect(await box.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);

    const select = page.locator("#cis select.ws-select");
    await select.focus();
    await page.keyboard.press("ArrowDown");
    for (const other of await page.locator("select.ws-select").all()) expect(await other.inputValue()).toBe("1");
    expect(await page.locator("#asb-NS-3 span.ws-state[data-w='1']").isVisible()).toBe(true);
  });
});
