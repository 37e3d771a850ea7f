/**
 * The alerts HTML report in a real headless Chromium (Debian's `chromium`, driven by playwright-core; no
 * browser is downloaded), one launch for every assertion. The alerts are real: generated logs with one
 * attack per detection plus attacks by principals whose names, user agents and notebook paths are HTML
 * and script injections. Without Chromium the suite is skipped and its name says what is missing.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertsDocument } from "../../src/detect/alerts.ts";
import { detectionById } from "../../src/detect/detections/registry.ts";
import { writeLogs } from "../../src/detect/generator/generate.ts";
import { buildAlertsDocument } from "../../src/detect/render.ts";
import { renderAlertsHtml } from "../../src/detect/reports/html.ts";
import { CHROMIUM_MISSING, type OpenReport, openReport } from "../support/browser.ts";
import { DAY, detect, ev, HOUR, MIN, times, withTempDir, writeSystemTableJson } from "./support.ts";

const missing = CHROMIUM_MISSING;
if (missing) console.warn(`alerts HTML browser test${missing}`);

const HOSTILE = {
  html: "<img src=x onerror=alert(1)>",
  script: "</script><script>alert(2)</script>",
  path: "/Users/x/<svg onload=alert(4)>",
  agent: '"><img src=x onerror=alert(5)>',
} as const;
const START = "2026-11-02";

async function alertsDocument(): Promise<AlertsDocument> {
  const t = Date.parse(`${START}T00:00:00Z`) + 3 * DAY + 10 * HOUR;
  return withTempDir(async (dir) => {
    await writeLogs({ users: 12, days: 4, seed: 7, start: START, out: dir, format: "system-table-json" });
    await writeSystemTableJson(join(dir, "hostile.json"), [
      // DET-01: failed sign-ins of a user whose name is markup, with a script-closing user agent.
      ...times(6, (i) =>
        ev({
          at: t + i * MIN,
          action: "aadBrowserLogin",
          status: 401,
          email: HOSTILE.html,
          params: { user: HOSTILE.html },
          userAgent: HOSTILE.script,
          ip: "203.0.113.66",
        }),
      ),
      // DET-08: mass notebook export of paths that are markup, with an attribute-breaking user agent.
      ...times(21, (i) =>
        ev({
          at: t + HOUR + i * 2 * MIN,
          service: "workspace",
          action: "workspaceExport",
          email: "mallory@fabrikam.example",
          params: { notebookFullPath: `${HOSTILE.path}${i}` },
          userAgent: HOSTILE.agent,
        }),
      ),
    ]);
    const result = await detect({ paths: [dir] });
    return buildAlertsDocument({
      runs: result.runs,
      alerts: result.alerts,
      window: {},
      source: {
        mode: "local",
        engine: "duckdb",
        files: result.report.files.length,
        events: result.report.events,
        badLines: result.report.badLines,
        problems: result.report.problems,
      },
    });
  });
}

describe.skipIf(missing !== "")(`alerts HTML report in headless Chromium${missing}`, () => {
  let document: AlertsDocument;
  let report: OpenReport;
  let page: Page;
  let dir: string;
  let reportUrl: string;
  let consoleErrors: string[];
  let requests: string[];
  let dialogs: string[];
  const visible = () => page.locator("tbody.alert:visible").count();
  const count = (predicate: (alert: AlertsDocument["alerts"][number]) => boolean) =>
    document.alerts.filter(predicate).length;

  beforeAll(async () => {
    document = await alertsDocument();
    report = await openReport(renderAlertsHtml(document), "alerts.html");
    ({ page, dir, reportUrl, consoleErrors, requests, dialogs } = report);
  });

  afterAll(async () => {
    await report?.browser.close();
  });

  it("loads with no console error and no request but the file itself, and draws three charts", async () => {
    await page.waitForFunction("Object.keys(window.Chart?.instances ?? {}).length === 3");
    for (const id of ["chart-severity", "chart-threat", "chart-detection"]) {
      const box = await page.locator(`#${id}`).boundingBox();
      expect(box?.width, id).toBeGreaterThan(100);
      expect(box?.height, id).toBeGreaterThan(100);
    }
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
  });

  it("renders hostile log text as text: no dialog, no injected element", async () => {
    await page.click("#expand-all");
    expect(dialogs).toEqual([]);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("svg").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(3);
    const hostile = page.locator("tbody.alert").filter({ hasText: HOSTILE.html }).first();
    expect(await hostile.locator("td.principal").textContent()).toContain(HOSTILE.html);
    expect(await hostile.locator("table.evidence td.ua").first().textContent()).toBe(HOSTILE.script);
    const exports = page.locator("tbody.alert").filter({ hasText: "mallory@fabrikam.example" }).first();
    expect(await exports.locator("table.evidence td.ua").first().textContent()).toBe(HOSTILE.agent);
    expect(await exports.locator("table.evidence").textContent()).toContain(`notebookFullPath=${HOSTILE.path}0`);
    expect(await page.locator("#filter-principal option").allTextContents()).toContain(HOSTILE.html);
    await page.click("#collapse-all");
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("filters by severity, detection and principal, and searches the evidence", async () => {
    const shown = () => page.locator("#alert-count").textContent();
    const total = document.alerts.length;
    expect(await visible()).toBe(total);

    await page.selectOption("#filter-severity", "high");
    const high = count((a) => a.severity === "high");
    expect(high).toBeGreaterThan(0);
    expect(high).toBeLessThan(total);
    expect(await visible()).toBe(high);
    expect(await shown()).toBe(`${high} of ${total} alerts shown`);

    await page.selectOption("#filter-severity", "");
    await page.selectOption("#filter-detection", "DET-08");
    expect(await visible()).toBe(count((a) => a.detectionId === "DET-08"));
    expect(await visible()).toBeGreaterThanOrEqual(2);

    await page.selectOption("#filter-principal", { label: "mallory@fabrikam.example" });
    expect(await visible()).toBe(1);
    await page.selectOption("#filter-detection", "");
    await page.selectOption("#filter-principal", { label: HOSTILE.html });
    expect(await visible()).toBe(count((a) => a.principal === HOSTILE.html));
    expect(await page.locator("tbody.alert:visible b.mono").allTextContents()).toEqual(["DET-01"]);

    await page.click("#filter-reset");
    expect(await visible()).toBe(total);
    // Search reaches the evidence rows inside the collapsed details.
    await page.fill("#filter-search", "203.0.113.66");
    expect(await visible()).toBe(1);
    await page.fill("#filter-search", "no such text anywhere");
    expect(await visible()).toBe(0);
    await page.click("#filter-reset");
    expect(await visible()).toBe(total);
  });

  it("opens an alert's evidence rows, rationale and response", async () => {
    const alert = document.alerts.find(
      (a) => a.detectionId === "DET-08" && a.principal === "mallory@fabrikam.example",
    )!;
    const tbody = page.locator("tbody.alert").filter({ hasText: "mallory@fabrikam.example" }).first();
    const detail = tbody.locator("tr.detail");
    expect(await detail.isVisible()).toBe(false);
    await tbody.locator("button.toggle").click();
    expect(await detail.isVisible()).toBe(true);
    expect(await detail.locator("table.evidence tbody tr").count()).toBe(alert.events.length);
    const meta = detectionById("DET-08")!.meta;
    const text = await detail.textContent();
    expect(text).toContain(meta.rationale);
    expect(text).toContain(meta.response);
    expect(text).toContain(alert.id);
  });

  it("produces a screenshot", async () => {
    const hostile = page.locator("tbody.alert").filter({ hasText: HOSTILE.html }).first();
    await hostile.locator("button.toggle").click();
    await page.evaluate("window.scrollTo(0, 0)");
    const top = join(dir, "alerts.png");
    await page.screenshot({ path: top });
    await hostile.scrollIntoViewIfNeeded();
    const detail = join(dir, "alert-detail.png");
    await page.screenshot({ path: detail });
    for (const file of [top, detail]) {
      const bytes = await readFile(file);
      expect(bytes.subarray(1, 4).toString()).toBe("PNG");
      expect((await stat(file)).size).toBeGreaterThan(20_000);
    }
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
    process.stdout.write(`alerts HTML screenshots: ${top} ${detail}\n`);
  });
});
