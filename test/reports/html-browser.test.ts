/**
 * The HTML report in a real headless Chromium (Debian's `chromium`, driven by playwright-core; no
 * browser is downloaded). One launch serves every assertion. Without Chromium the suite is skipped and
 * its name says what is missing; `npm test` runs scripts/ensure-chromium.ts first, which installs it
 * where it can.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/reports/html.ts";
import { displayStatus, documentTime } from "../../src/reports/shared.ts";
import { CHROMIUM_MISSING, type OpenReport, openReport } from "../support/browser.ts";
import { HOSTILE, sampleDocument, withSuppressionAndLocations } from "./fixtures.ts";

const missing = CHROMIUM_MISSING;

if (missing) console.warn(`HTML report browser test${missing}`);

const document = withSuppressionAndLocations(sampleDocument());
const at = documentTime(document);
const results = document.workspaces.flatMap((w, index) => w.results.map((r) => ({ index, result: r })));
const countWhere = (predicate: (entry: (typeof results)[number]) => boolean) => results.filter(predicate).length;

describe.skipIf(missing !== "")(`HTML report in headless Chromium${missing}`, () => {
  let report: OpenReport;
  let page: Page;
  let dir: string;
  let reportUrl: string;
  let consoleErrors: string[];
  let requests: string[];
  let dialogs: string[];

  beforeAll(async () => {
    report = await openReport(renderHtml(document), "report.html");
    ({ page, dir, reportUrl, consoleErrors, requests, dialogs } = report);
  });

  afterAll(async () => {
    await report?.browser.close();
  });

  it("loads with no console error and no network request but the file itself", async () => {
    await page.waitForFunction("Object.keys(window.Chart?.instances ?? {}).length === 4");
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
  });

  it("draws the four charts on canvases", async () => {
    for (const id of ["chart-severity", "chart-category", "chart-threat", "chart-scores"]) {
      const box = await page.locator(`#${id}`).boundingBox();
      expect(box?.width, id).toBeGreaterThan(100);
      expect(box?.height, id).toBeGreaterThan(100);
    }
  });

  it("filters the findings by status, severity, category and workspace, and searches; passes hidden at first", async () => {
    // Shown: a result row not hidden, in a group not hidden (closed groups count: they are listed).
    const SHOWN = "details.group:not([hidden]) div.result:not([hidden])";
    const shownResults = () => page.locator(SHOWN).count();
    const shownGroups = () => page.locator("details.group:visible").count();
    const shown = () => page.locator("#finding-count").textContent();
    const groups = new Set(results.map(({ result }) => result.checkId)).size;
    const open = countWhere(({ result }) =>
      ["fail", "unknown", "manual", "suppressed"].includes(displayStatus(result, at)),
    );
    const openGroups = new Set(
      results
        .filter(({ result }) => ["fail", "unknown", "manual", "suppressed"].includes(displayStatus(result, at)))
        .map(({ result }) => result.checkId),
    ).size;
    expect(await page.inputValue("#filter-status")).toBe("open");
    expect(await shownResults()).toBe(open);
    expect(await shownGroups()).toBe(openGroups);
    expect(await shown()).toBe(`${openGroups} of ${groups} checks shown (${open} results)`);
    expect(open).toBeLessThan(results.length);

    await page.selectOption("#filter-status", "fail");
    const fails = countWhere(({ result }) => displayStatus(result, at) === "fail");
    expect(fails).toBeGreaterThan(0);
    expect(await shownResults()).toBe(fails);

    await page.selectOption("#filter-status", "unknown");
    const unknowns = countWhere(({ result }) => result.status === "unknown");
    expect(unknowns).toBeGreaterThan(0);
    expect(await shownResults()).toBe(unknowns);
    const firstShown = await page.locator(`${SHOWN} .badge`).first().textContent();
    expect(firstShown).toBe("⚠ unknown");

    await page.selectOption("#filter-status", "");
    expect(await shownResults()).toBe(results.length);
    await page.selectOption("#filter-severity", "high");
    await page.selectOption("#filter-category", "network");
    await page.selectOption("#filter-workspace", "w1");
    expect(await shownResults()).toBe(
      countWhere(({ index, result }) => index === 1 && result.severity === "high" && result.category === "network"),
    );

    await page.click("#filter-reset");
    expect(await page.inputValue("#filter-status")).toBe("open");
    expect(await shownResults()).toBe(open);
    await page.selectOption("#filter-status", "");
    // A check no combined finding names (CMB-01's message names IAM-07, so searching that finds both).
    await page.fill("#filter-search", "IAM-08");
    expect(await shownResults()).toBe(countWhere(({ result }) => result.checkId === "IAM-08"));
    expect(await shownGroups()).toBe(1);
    // Search reaches into the evidence: the hostile token comment is in the evidence of token checks.
    await page.fill("#filter-search", "alert(2)");
    const matching = await page
      .locator(SHOWN)
      .evaluateAll((rows) => rows.map((row) => `${row.closest("details.group")?.id} ${row.textContent}`));
    expect(matching.length).toBeGreaterThanOrEqual(1);
    expect(matching.length).toBeLessThan(results.length);
    for (const text of matching) expect(text).toContain("alert(2)");
    expect(matching.some((text) => text.includes("IAM-07"))).toBe(true);
    await page.fill("#filter-search", "no such text anywhere");
    expect(await shownResults()).toBe(0);
    await page.click("#filter-reset");
  });

  it("opens a check's workspaces, the evidence with the failing value marked, the rationale and both fixes", async () => {
    await page.click("#filter-reset");
    const group = page.locator("#check-DATA-12");
    const finding = group.locator("#finding-1-DATA-12");
    expect(await finding.isVisible()).toBe(false);
    await group.locator("summary").first().click();
    expect(await finding.isVisible()).toBe(true);
    expect(await finding.textContent()).toContain("onerror");
    const evidence = finding.locator("details.evidence-details");
    await evidence.locator("summary").click();
    expect(await evidence.locator("table.evidence tr").count()).toBeGreaterThan(1);
    expect(await evidence.locator("tr.culprit").count()).toBeGreaterThanOrEqual(1);
    expect(await finding.textContent()).toContain("infra/databricks/clusters.tf:12");
    const why = group.locator("details.sub").filter({ hasText: "why it matters, how to fix it" }).last();
    await why.locator("summary").first().click();
    const text = await why.textContent();
    expect(text).toMatch(/Why it matters/);
    expect(text).toMatch(/Fix in the portal or the Databricks UI/);
    expect(text).toMatch(/resource "databricks_/);
  });

  it("renders hostile workspace text as text: no dialog, no injected element", async () => {
    expect(dialogs).toEqual([]);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(3);
    expect(await page.locator(".card h3").filter({ hasText: HOSTILE.html }).count()).toBe(1);
    const texts = await page.locator("body").textContent();
    expect(texts).toContain(HOSTILE.html);
    expect(texts).toContain(HOSTILE.script);
    expect(await page.locator("#filter-workspace option").allTextContents()).toContain(HOSTILE.html);
  });

  it("shows unknown loudly, never as a pass", async () => {
    expect(await page.locator(".banner.unknown").textContent()).toMatch(/UNKNOWN/);
    const forbidden = page.locator("div.result[data-workspace='w2'][data-status='unknown']");
    expect(await forbidden.count()).toBe(countWhere(({ index, result }) => index === 2 && result.status === "unknown"));
    // The ASB row of a control whose only evidence is unknown on a workspace is not "met" there.
    const badges = await page
      .locator("#threat-AT tr")
      .filter({ hasText: "Restrict network access" })
      .locator(".badge")
      .allTextContents();
    expect(badges).toContain("⚠ unknown");
  });

  it("produces a screenshot", async () => {
    const file = join(dir, "report.png");
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: file });
    const bytes = await readFile(file);
    expect(bytes.subarray(1, 4).toString()).toBe("PNG");
    expect((await stat(file)).size).toBeGreaterThan(20_000);
    process.stdout.write(`HTML report screenshot: ${file}\n`);
  });
});
