/**
 * The shared views (threat model, ASB v2, CIS §2.1, the permission-path graph) are one implementation for the
 * HTML report and the dashboard, their stylesheet included: both pages carry shared-views.css whole, ahead of
 * their own rules, and neither page's own stylesheet styles the shared views' parts again. (How they look:
 * test/reports/html-layout.test.ts and test/dashboard/browser.test.ts, in Chromium.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { asset } from "../../src/dashboard/assets.ts";
import { loadAssets } from "../../src/reports/html.ts";

const read = (path: string) => readFileSync(new URL(`../../src/${path}`, import.meta.url), "utf8");
const SHARED = read("reports/html/shared-views.css");
/** Every rule of a stylesheet as "selector { property: value }" strings, one per declaration (comments dropped). */
const declarations = (css: string) =>
  [...css.replace(/\/\*[\s\S]*?\*\//g, "").matchAll(/([^{}]+)\{([^{}]*)\}/g)].flatMap((m) => {
    const selector = m[1]!.trim().replace(/\s+/g, " ");
    return m[2]!
      .split(";")
      .map((d) => d.trim().replace(/\s+/g, " "))
      .filter(Boolean)
      .map((d) => `${selector} { ${d} }`);
  });
const selectors = (css: string) => new Set(declarations(css).map((d) => d.slice(0, d.indexOf(" {"))));

describe("the shared views' stylesheet", () => {
  it("styles the matrices' box, the ASB table on phones and the path graph", () => {
    const shared = selectors(SHARED);
    for (const selector of [".matrix", ".matrix table.asb-table", ".path-graph", ".path-graph-canvas.drawn"])
      expect(shared.has(selector), selector).toBe(true);
  });

  it("is carried whole, first, by the report's inlined style and the dashboard's stylesheet", () => {
    expect(loadAssets().css.startsWith(SHARED)).toBe(true);
    expect(asset("dashboard.css")?.body.startsWith(SHARED)).toBe(true);
  });

  it("is not repeated: neither page's own stylesheet declares a shared rule again (an override differs)", () => {
    const shared = new Set(declarations(SHARED));
    for (const own of ["reports/html/report.css", "dashboard/assets/dashboard.css"])
      expect(
        declarations(read(own)).filter((d) => shared.has(d)),
        own,
      ).toEqual([]);
  });
});
