import { describe, expect, it } from "vitest";
import { create } from "xmlbuilder2";
import { CSV_COLUMNS, neutralise, renderCsv } from "../../src/reports/csv.ts";
import { renderJunit } from "../../src/reports/junit.ts";
import { GITHUB_COMMENT_LIMIT, mdText, renderMarkdown } from "../../src/reports/markdown.ts";
import type { ResultsDocument } from "../../src/reports/results-document.ts";
import { findResult, HOSTILE, sampleDocument, withSuppressionAndLocations } from "./fixtures.ts";

type XmlNode = { [key: string]: XmlNode | XmlNode[] | string | undefined };
/** xmlbuilder2's object form keeps the serialised (escaped) text of attributes; decode the five entities. */
const decode = (text: unknown) =>
  String(text)
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
const list = (value: XmlNode | XmlNode[] | string | undefined): XmlNode[] =>
  value === undefined ? [] : Array.isArray(value) ? value : typeof value === "string" ? [] : [value];

describe("JUnit XML", () => {
  const document = withSuppressionAndLocations(sampleDocument());
  const xml = renderJunit(document);
  const parsed = create(xml).end({ format: "object" }) as unknown as { testsuites: XmlNode };
  const suites = list(parsed.testsuites.testsuite);

  it("has one suite per workspace and one test case per check and workspace", () => {
    expect(suites.map((s) => decode(s["@name"]))).toEqual(document.workspaces.map((w) => w.workspace.name));
    suites.forEach((suite, index) => {
      const cases = list(suite.testcase);
      expect(cases).toHaveLength(document.workspaces[index]!.results.length);
      expect(suite["@tests"]).toBe(String(cases.length));
    });
    const total = document.workspaces.reduce((sum, w) => sum + w.results.length, 0);
    expect(parsed.testsuites["@tests"]).toBe(String(total));
  });

  it("maps fail to failure, unknown to error, n/a and suppressed to skipped", () => {
    const cases = suites.flatMap((suite) => list(suite.testcase));
    const byName = (workspace: number, checkId: string) =>
      list(suites[workspace]!.testcase).find((c) => String(c["@name"]).startsWith(`${checkId} `))!;
    expect(findResult(document, 1, "DATA-12").status).toBe("fail");
    const failure = list(byName(1, "DATA-12").failure)[0]!;
    expect(failure["@type"]).toBe("high");
    expect(String(failure["#"])).toMatch(/fix \(Terraform\):/);
    const unknownCase = cases.find((c) => list(c.error).length > 0)!;
    expect(list(unknownCase.error)[0]!["@message"]).toMatch(/unknown, not a pass/);
    expect(list(byName(1, "IAM-07").skipped)[0]!["@message"]).toMatch(/^suppressed failure: CI token rotated/);
    const failures = document.workspaces.flatMap((w) => w.results).filter((r) => r.status === "fail").length;
    const unknowns = document.workspaces.flatMap((w) => w.results).filter((r) => r.status === "unknown").length;
    expect(parsed.testsuites["@failures"]).toBe(String(failures - 1)); // one is suppressed
    expect(parsed.testsuites["@errors"]).toBe(String(unknowns));
    expect(unknowns).toBeGreaterThan(0);
  });

  it("escapes workspace text and drops characters XML cannot carry", () => {
    expect(xml).not.toContain("<img");
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("&lt;img src=x onerror=alert(1)&gt;");
    const withControl = sampleDocument();
    withControl.workspaces[0]!.workspace.name = "bell\u0007 and nul\u0000";
    const text = renderJunit(withControl);
    expect(text.includes("\u0000") || text.includes("\u0007")).toBe(false);
    expect(() => create(text)).not.toThrow();
  });
});

/** A small RFC 4180 reader: quoted fields, doubled quotes, newlines inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe("CSV", () => {
  const document = withSuppressionAndLocations(sampleDocument());
  const rows = parseCsv(renderCsv(document));

  it("has a header and one row per result with the same columns", () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const total = document.workspaces.reduce((sum, w) => sum + w.results.length, 0);
    expect(rows).toHaveLength(total + 1);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
    const column = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    const iam07 = rows.find((r) => r[column("check_id")] === "IAM-07" && r[column("suppressed")] === "yes")!;
    expect(iam07[column("suppression_reason")]).toBe("CI token rotated by the vault job");
    const data12 = rows.find((r) => r[column("check_id")] === "DATA-12" && r[column("locations")])!;
    expect(data12[column("locations")]).toBe("infra/databricks/clusters.tf:12; infra/my cluster.tf:3");
  });

  it("neutralises cells that a spreadsheet would run as formulas", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(neutralise(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(neutralise("plain")).toBe("plain");
    // A workspace named like a formula, and formula text inside cells, can never start a cell.
    const formulaDoc = sampleDocument();
    formulaDoc.workspaces[0]!.workspace.name = HOSTILE.formula;
    const parsed = parseCsv(renderCsv(formulaDoc));
    for (const row of parsed) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(parsed[1]![0]).toBe(`'${HOSTILE.formula}`);
    // Formula text that is not at the start of a cell stays as written.
    expect(parsed.some((row) => row.some((cell) => cell.includes(HOSTILE.formula)))).toBe(true);
  });
});

describe("Markdown (pull-request comment)", () => {
  const document = withSuppressionAndLocations(sampleDocument());
  const text = renderMarkdown(document);

  it("has a summary table per workspace, failed checks by severity and collapsible details", () => {
    expect(text).toMatch(/^## lakeward/);
    expect(text).toMatch(/\| workspace \| score \| fail \| unknown \|/);
    for (const workspace of document.workspaces) expect(text).toContain(`| ${mdText(workspace.workspace.name)} |`);
    const failedTable = text.slice(text.indexOf("### Failed checks"), text.indexOf("### Unknown"));
    const severities = [...failedTable.matchAll(/^\| \S+ (critical|high|medium|low|info) \|/gm)].map((m) => m[1]);
    const order = ["critical", "high", "medium", "low", "info"];
    expect(severities.length).toBeGreaterThan(0);
    expect(severities).toEqual([...severities].sort((a, b) => order.indexOf(a!) - order.indexOf(b!)));
    expect(text).toMatch(/> \[!WARNING\]\n> \*\*\d+ results are unknown\*\*/);
    expect(text).toContain("### Suppressed failures (1)");
    expect(text).toMatch(/<details><summary><b>fail<\/b> · high · DATA-12 · /);
    expect(text).toMatch(/```hcl\n/);
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  });

  it("escapes HTML, Markdown links and images, table pipes and mentions", () => {
    expect(text).not.toContain("<img");
    expect(text).not.toContain("![pixel](");
    expect(text).not.toContain("[link](javascript");
    expect(text).not.toMatch(/@octo-org/);
    expect(text).toContain("&lt;img src=x onerror=alert\\(1\\)&gt;");
    // Every table row keeps its column count although names contain "|".
    for (const line of text.split("\n").filter((l) => l.startsWith("| ") && l.includes("DATA-12"))) {
      const cells = line.replace(/\\\|/g, "").split("|").length - 2;
      expect(cells).toBe(4);
    }
  });

  it("respects the comment limit by truncating with a note", () => {
    const big: ResultsDocument = sampleDocument();
    // Forty copies of the hostile workspace: far more than a comment can hold.
    const hostile = big.workspaces[1]!;
    big.workspaces = Array.from({ length: 40 }, (_, i) => ({
      ...hostile,
      workspace: { ...hostile.workspace, name: `ws-${i}` },
    }));
    const full = renderMarkdown(big);
    expect(full.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(full).toMatch(/Truncated to fit GitHub's 65,536-character comment limit: .*not shown/);
    const small = renderMarkdown(big, { maxLength: 8000 });
    expect(small.length).toBeLessThanOrEqual(8000);
    expect(small).toMatch(/Truncated/);
    expect(small).toMatch(/\| ws-39 \|/); // the summary table is kept whole
    // Nothing truncated when it fits.
    expect(text).not.toMatch(/Truncated/);
  });
});
