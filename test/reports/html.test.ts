import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ASB_CONTROLS } from "../../src/catalogue/asb.ts";
import { CIS_ITEMS } from "../../src/catalogue/guide.ts";
import { THREATS } from "../../src/checks/types.ts";
import { escapeHtml, html, jsonForScript } from "../../src/reports/html/escape.ts";
import { renderHtml } from "../../src/reports/html.ts";
import { checkCatalogue, documentTime } from "../../src/reports/shared.ts";
import { asbMatrix, cisView, rollup, threatModel } from "../../src/reports/views.ts";
import { findResult, HOSTILE, sampleDocument, withSuppressionAndLocations } from "./fixtures.ts";

describe("HTML report (static checks)", () => {
  const document = withSuppressionAndLocations(sampleDocument());
  const page = renderHtml(document);

  it("is one file with a strict Content-Security-Policy that allows exactly its inline blocks", () => {
    const csp = page.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
    expect(csp).toBeDefined();
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/connect-src 'none'/);
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(2); // Chart.js and the report's script
    expect(styles).toHaveLength(1);
    const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
    for (const block of [...scripts, ...styles]) expect(csp).toContain(hash(block));
    expect(scripts[0]).toMatch(/Chart\.js v4/);
  });

  it("references nothing outside itself", () => {
    expect(page).not.toMatch(/<(script|img|link|iframe|object|embed|source|video|audio)\b[^>]*\s(src|href)=/i);
    expect(page).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
    expect(page).not.toMatch(/@import/);
    expect(page).not.toMatch(/sourceMappingURL/);
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    for (const href of hrefs) expect(href).toMatch(/^#/);
  });

  it("escapes workspace-supplied text in markup and in the JSON block", () => {
    expect(page).not.toContain(HOSTILE.html);
    expect(page).toContain(escapeHtml(HOSTILE.html));
    // The token comment tries to close the script element; it appears only escaped.
    expect(page.split("</script>").length - 1).toBe(3);
    expect(page).toContain(escapeHtml(HOSTILE.script));
    const json = page.match(/<script type="application\/json" id="lakeward-data">([\s\S]*?)<\/script>/)?.[1] ?? "";
    const data = JSON.parse(json) as { charts: { scores: { labels: string[] } } };
    expect(data.charts.scores.labels).toContain(HOSTILE.html);
    expect(json).not.toMatch(/[<>]/);
  });

  it("jsonForScript and html escape what could break out", () => {
    const tricky = { a: "</script><!-- <script>", b: "\u2028&" };
    const text = jsonForScript(tricky);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(tricky);
    expect(html`<p title="${'" onmouseover="x'}">${"<b>"}</p>`.value).toBe(
      '<p title="&quot; onmouseover=&quot;x">&lt;b&gt;</p>',
    );
    expect(html`<ul>${["<a>", html`<li>ok</li>`]}</ul>`.value).toBe("<ul>&lt;a&gt;<li>ok</li></ul>");
  });

  it("shows every ASB control (Guidance: None included), the five threats and the CIS items", () => {
    for (const control of ASB_CONTROLS) expect(page).toContain(`id="asb-${control.id}"`);
    expect(ASB_CONTROLS.some((c) => !c.guidance)).toBe(true);
    expect(page).toContain("Guidance: None");
    for (const threat of Object.keys(THREATS)) expect(page).toContain(`id="threat-${threat}"`);
    for (const item of CIS_ITEMS) expect(page).toContain(`id="cis-${item.id}"`);
    expect(page).toMatch(/result[s]? (is|are) UNKNOWN/);
  });
});

describe("report views", () => {
  const document = withSuppressionAndLocations(sampleDocument());
  const catalogue = checkCatalogue(document);
  const at = documentTime(document);

  it("rolls up so that one unknown is never a pass and one failure is a gap", () => {
    const pass = findResult(document, 0, "NET-01");
    expect(pass.status).toBe("pass");
    const unknown = { ...pass, status: "unknown" as const };
    const fail = { ...pass, status: "fail" as const };
    expect(rollup([pass, pass], at)).toBe("pass");
    expect(rollup([pass, unknown], at)).toBe("unknown");
    expect(rollup([unknown, fail, pass], at)).toBe("fail");
    expect(rollup([], at)).toBe("not_assessed");
    const suppressed = { ...fail, suppression: { reason: "r", expires: null, scope: "*" } };
    expect(rollup([pass, suppressed], at)).toBe("suppressed");
    const expired = { ...fail, suppression: { reason: "r", expires: "2000-01-01", scope: "*" } };
    expect(rollup([pass, expired], at)).toBe("fail");
  });

  it("maps checks to the ASB matrix, the CIS items and the guide's threat mitigations from metadata", () => {
    const matrix = asbMatrix(document, catalogue, at);
    expect(matrix.map((row) => row.control.id)).toEqual(ASB_CONTROLS.map((c) => c.id));
    for (const row of matrix) {
      for (const id of row.checks) expect(catalogue.get(id)?.controls).toContain(row.control.id);
      expect(row.perWorkspace).toHaveLength(document.workspaces.length);
    }
    const ns3 = matrix.find((row) => row.control.id === "NS-3")!;
    expect(ns3.checks).toEqual(expect.arrayContaining(["NET-05", "NET-06", "NET-07"]));
    const cis = cisView(document, catalogue, at);
    expect(cis.find((row) => row.id === "2.1.9")!.checks).toContain("NET-01");
    const threats = threatModel(document, catalogue, at);
    expect(threats.map((t) => t.threat)).toEqual(Object.keys(THREATS));
    const network = threats[0]!.mitigations.find((m) => m.strategy === "Restrict network access")!;
    expect(network.checks).toEqual(expect.arrayContaining(["NET-01", "NET-03"]));
    // The forbidden workspace cannot read its IP access lists: that mitigation is unknown there, not met.
    expect(network.perWorkspace[2]).toBe("unknown");
    expect(network.perWorkspace[0]).toBe("pass");
  });
});
