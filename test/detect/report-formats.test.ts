/**
 * The alert report formats (SARIF, JUnit, CSV, Markdown, HTML) on real alerts: generated logs with one
 * attack per detection, plus attacks by principals whose names, user agents and notebook paths try HTML,
 * script, CSV-formula and Markdown injection. Detect runs twice on the same logs, so the SARIF
 * fingerprints can be compared across runs.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import type * as Sarif from "sarif";
import { beforeAll, describe, expect, it } from "vitest";
import { create } from "xmlbuilder2";
import { FILE_NAMES, FORMATS } from "../../src/cli/report-output.ts";
import type { Alert, AlertsDocument } from "../../src/detect/alerts.ts";
import { DETECTIONS, detectionById } from "../../src/detect/detections/registry.ts";
import { writeLogs } from "../../src/detect/generator/generate.ts";
import { buildAlertsDocument } from "../../src/detect/render.ts";
import {
  ALERT_CSV_COLUMNS,
  EVENT_CSV_COLUMNS,
  renderAlertEventsCsv,
  renderAlertsCsv,
} from "../../src/detect/reports/csv.ts";
import { renderAlertsHtml } from "../../src/detect/reports/html.ts";
import { renderAlertsJunit } from "../../src/detect/reports/junit.ts";
import { renderAlertsMarkdown } from "../../src/detect/reports/markdown.ts";
import { ALERT_FILE_NAMES, ALERT_FORMATS } from "../../src/detect/reports/output.ts";
import { buildAlertsSarif, renderAlertsSarif } from "../../src/detect/reports/sarif.ts";
import { alertWorkspace } from "../../src/detect/reports/shared.ts";
import { GITHUB_COMMENT_LIMIT } from "../../src/reports/markdown.ts";
import { runCli } from "../support/cli.ts";
import { DAY, detect, ev, HOUR, MIN, times, WS, withTempDir, writeSystemTableJson } from "./support.ts";

const HOSTILE = {
  html: "<img src=x onerror=alert(1)>",
  script: "</script><script>alert(2)</script>",
  formula: '=hyperlink("http://evil.example/x","click")',
  markdown: "![pixel](http://evil.example/p.png) @octo-org/admins | [link](javascript:alert(3)) `code`",
  path: "/Users/x/<svg onload=alert(4)>",
} as const;

const START = "2026-11-02";

/** Failed sign-ins for a hostile user name (DET-01) and mass exports by a formula-named principal (DET-08). */
function hostileEvents() {
  const t = Date.parse(`${START}T00:00:00Z`) + 3 * DAY + 10 * HOUR;
  return [
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
    ...times(22, (i) =>
      ev({
        at: t + HOUR + i * 2 * MIN,
        service: "workspace",
        action: "workspaceExport",
        email: HOSTILE.formula,
        params: { notebookFullPath: `${HOSTILE.path}${i}`, workspaceExportFormat: "HTML" },
        userAgent: HOSTILE.markdown,
      }),
    ),
  ];
}

async function runDetect(logs: string, now: Date): Promise<AlertsDocument> {
  const result = await detect({ paths: [logs] }, { only: DETECTIONS.map((d) => d.meta.id) });
  return buildAlertsDocument({
    runs: result.runs,
    alerts: result.alerts,
    window: {},
    now,
    source: {
      mode: "local",
      engine: "duckdb",
      files: result.report.files.length,
      events: result.report.events,
      badLines: result.report.badLines,
      problems: result.report.problems,
    },
  });
}

let document: AlertsDocument;
let again: AlertsDocument;

beforeAll(async () => {
  await withTempDir(async (dir) => {
    const logs = join(dir, "logs");
    await writeLogs({ users: 12, days: 4, seed: 5, start: START, out: logs, format: "system-table-json" });
    await writeSystemTableJson(join(logs, "hostile.json"), hostileEvents());
    document = await runDetect(logs, new Date("2026-11-10T08:00:00Z"));
    again = await runDetect(logs, new Date("2026-11-11T08:00:00Z"));
  });
});

const hostileAlert = (principal: string) => {
  const alert = document.alerts.find((a) => a.principal === principal);
  if (!alert) throw new Error(`no alert for ${principal}`);
  return alert;
};

/** The document with one more alert per existing alert, `copies` times (ids kept unique). */
function inflated(copies: number): AlertsDocument {
  const alerts: Alert[] = [];
  for (let i = 0; i < copies; i++)
    for (const alert of document.alerts) alerts.push({ ...alert, id: `${alert.id}-${i}` });
  return { ...document, alerts };
}

function withFailedRun(id: string): AlertsDocument {
  return {
    ...document,
    detections: document.detections.map((run) =>
      run.id === id ? { ...run, status: "failed" as const, alerts: 0, error: "statement timed out" } : run,
    ),
    alerts: document.alerts.filter((alert) => alert.detectionId !== id),
  };
}

describe("the fixture", () => {
  it("has alerts from every detection, the hostile principals among them, in three workspaces, the account and several", () => {
    expect(new Set(document.alerts.map((a) => a.detectionId))).toEqual(new Set(DETECTIONS.map((d) => d.meta.id)));
    expect(hostileAlert(HOSTILE.html).detectionId).toBe("DET-01");
    expect(hostileAlert(HOSTILE.html).events[0]!.userAgent).toBe(HOSTILE.script);
    expect(hostileAlert(HOSTILE.formula).detectionId).toBe("DET-08");
    expect(hostileAlert(HOSTILE.formula).events[0]!.params.notebookFullPath).toContain(HOSTILE.path);
    // The two generated workspaces, the crafted one, the account ("0") — and, for DET-25's lateral
    // movement, five at once (no single workspace: id null).
    expect(new Set(document.alerts.map((a) => alertWorkspace(a).id)).size).toBe(5);
    expect(document.alerts.filter((a) => alertWorkspace(a).id === null).map((a) => a.detectionId)).toEqual(["DET-25"]);
    expect(again.alerts.map((a) => a.id)).toEqual(document.alerts.map((a) => a.id));
  });
});

// --- SARIF -----------------------------------------------------------------------------------------------

const root = new URL("../..", import.meta.url).pathname;
// ajv-formats is CommonJS; its default export arrives wrapped under Node's ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

async function sarifValidator() {
  const schema = JSON.parse(await readFile(join(root, "test/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe("SARIF 2.1.0", () => {
  it("validates against the official schema, which rejects a broken log", async () => {
    const validate = await sarifValidator();
    const log = JSON.parse(renderAlertsSarif(document));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    const broken = structuredClone(log);
    broken.runs[0].results[0].level = "high";
    expect(validate(broken)).toBe(false);
    const failed = JSON.parse(renderAlertsSarif(withFailedRun("DET-04")));
    expect(validate(failed), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
  });

  it("has one rule per detection from its metadata, help = rationale + response", () => {
    const rules = buildAlertsSarif(document).runs[0]!.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(DETECTIONS.map((d) => d.meta.id));
    for (const rule of rules) {
      const meta = detectionById(rule.id)!.meta;
      expect(rule.shortDescription?.text).toBe(meta.title);
      expect(rule.fullDescription?.text).toBe(meta.rationale);
      expect(rule.help?.text).toContain(meta.rationale);
      expect(rule.help?.text).toContain(meta.response);
      expect(rule.help?.markdown).toContain(`**Response.** ${meta.response}`);
      expect(rule.properties?.tags).toEqual(expect.arrayContaining(meta.threats.map((t) => `threat/${t}`)));
      expect(rule.properties?.tags).toEqual(expect.arrayContaining(meta.controls.map((c) => `asb/${c}`)));
    }
    expect(rules.find((r) => r.id === "DET-02")?.properties?.["security-severity"]).toBe("8.0");
    expect(rules.find((r) => r.id === "DET-02")?.defaultConfiguration?.level).toBe("error");
  });

  it("has one result per alert with its level, a location GitHub accepts and logical locations", () => {
    const run = buildAlertsSarif(document).runs[0]!;
    const results = run.results ?? [];
    expect(results).toHaveLength(document.alerts.length);
    const level: Record<Alert["severity"], Sarif.Result.level> = {
      critical: "error",
      high: "error",
      medium: "warning",
      low: "note",
      info: "note",
    };
    results.forEach((result, index) => {
      const alert = document.alerts[index]!;
      expect(result.ruleId).toBe(alert.detectionId);
      expect(run.tool.driver.rules?.[result.ruleIndex ?? -1]?.id).toBe(alert.detectionId);
      expect(result.level).toBe(level[alert.severity]);
      expect(result.message.text).toContain(alert.summary);
      const location = result.locations?.[0];
      expect(location?.physicalLocation?.artifactLocation?.uri).toMatch(
        /^azure-databricks\/[A-Za-z0-9._-]+\/audit-log$/,
      );
      expect(location?.physicalLocation?.region?.startLine).toBe(1);
      const logical = location?.logicalLocations ?? [];
      if (alertWorkspace(alert).id !== null) expect(logical[0]?.fullyQualifiedName).toBe(alertWorkspace(alert).id);
      if (alert.principal) expect(logical.map((l) => l.name)).toContain(alert.principal);
      if (alert.sourceIp) expect(logical.map((l) => l.name)).toContain(alert.sourceIp);
      expect(result.properties?.events).toEqual(alert.events);
    });
    // The generated workspaces are named by their ARM id's last segment; the crafted one by its number.
    expect(results.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri)).toContain(
      `azure-databricks/workspace-${WS.id}/audit-log`,
    );
  });

  it("keeps partialFingerprints stable across runs: the alert id", () => {
    const first = buildAlertsSarif(document).runs[0]!.results!;
    const second = buildAlertsSarif(again).runs[0]!.results!;
    expect(document.generatedAt).not.toBe(again.generatedAt);
    expect(second.map((r) => r.partialFingerprints)).toEqual(first.map((r) => r.partialFingerprints));
    expect(second.map((r) => r.correlationGuid)).toEqual(first.map((r) => r.correlationGuid));
    expect(first.map((r) => r.partialFingerprints?.["lakewardAlert/v1"])).toEqual(document.alerts.map((a) => a.id));
    const hashes = first.map((r) => r.partialFingerprints?.primaryLocationLineHash);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it("reports a detection that could not run as a failed execution", () => {
    const run = buildAlertsSarif(withFailedRun("DET-04")).runs[0]!;
    expect(run.invocations?.[0]?.executionSuccessful).toBe(false);
    expect(run.invocations?.[0]?.toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: "error", message: { text: "DET-04 could not run: statement timed out" } }),
    ]);
    expect(buildAlertsSarif(document).runs[0]!.invocations?.[0]?.executionSuccessful).toBe(true);
  });
});

// --- JUnit -----------------------------------------------------------------------------------------------

type XmlNode = { [key: string]: XmlNode | XmlNode[] | string | undefined };
const decode = (text: unknown) =>
  String(text)
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
const list = (value: XmlNode | XmlNode[] | string | undefined): XmlNode[] =>
  value === undefined ? [] : Array.isArray(value) ? value : typeof value === "string" ? [] : [value];
const parseJunit = (xml: string) =>
  list((create(xml).end({ format: "object" }) as unknown as { testsuites: XmlNode }).testsuites.testsuite);

describe("JUnit XML", () => {
  it("has a suite per workspace with a test case per detection; an alert fails its case", () => {
    const suites = parseJunit(renderAlertsJunit(document));
    // Alerts of several workspaces go to the suite "audit logs" (last).
    const workspaces = [
      ...new Set(document.alerts.filter((a) => alertWorkspace(a).id !== null).map((a) => alertWorkspace(a).label)),
      "audit logs",
    ];
    expect(suites.map((s) => decode(s["@name"]))).toEqual(workspaces);
    for (const suite of suites) {
      const cases = list(suite.testcase);
      expect(cases.map((c) => decode(c["@name"]).split(" ")[0])).toEqual(DETECTIONS.map((d) => d.meta.id));
      const label = decode(suite["@name"]);
      const alerts = document.alerts.filter((a) =>
        label === "audit logs" ? alertWorkspace(a).id === null : alertWorkspace(a).label === label,
      );
      for (const testcase of cases) {
        const id = decode(testcase["@name"]).split(" ")[0]!;
        const mine = alerts.filter((a) => a.detectionId === id);
        const failures = list(testcase.failure);
        expect(failures.length, `${label} ${id}`).toBe(mine.length ? 1 : 0);
        if (mine.length) {
          const text = decode(failures[0]!["#"]);
          expect(decode(failures[0]!["@message"])).toMatch(new RegExp(`^${mine.length} alert\\(s\\): `));
          for (const alert of mine) {
            expect(text).toContain(alert.summary);
            expect(text).toContain(alert.id);
          }
          expect(text).toContain("evidence events:");
          expect(text).toContain(`response: ${detectionById(id)!.meta.response}`);
        }
      }
      expect(suite["@failures"]).toBe(String(new Set(alerts.map((a) => a.detectionId)).size));
    }
  });

  it("escapes log text, names the hostile principal and user agent as text", () => {
    const xml = renderAlertsJunit(document);
    expect(xml).not.toContain(HOSTILE.html);
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("&lt;img src=x onerror=alert(1)&gt;");
    const det01 = parseJunit(xml)
      .flatMap((s) => list(s.testcase))
      .flatMap((c) => list(c.failure))
      .map((f) => decode(f["#"]))
      .find((text) => text.includes(HOSTILE.html));
    expect(det01).toContain(HOSTILE.script);
  });

  it("passes every detection when nothing fired, and errors a detection that could not run", () => {
    const clean = parseJunit(renderAlertsJunit({ ...document, alerts: [] }));
    expect(clean).toHaveLength(1);
    expect(decode(clean[0]!["@name"])).toBe("audit logs");
    expect(list(clean[0]!.testcase)).toHaveLength(DETECTIONS.length);
    expect(list(clean[0]!.testcase).every((c) => !c.failure && !c.error)).toBe(true);
    const failed = parseJunit(renderAlertsJunit(withFailedRun("DET-04")));
    for (const suite of failed) {
      const det04 = list(suite.testcase).find((c) => decode(c["@name"]).startsWith("DET-04 "))!;
      expect(decode(list(det04.error)[0]!["@message"])).toBe("DET-04 could not run: statement timed out");
      expect(suite["@errors"]).toBe("1");
    }
  });

  it("puts alerts whose workspace is unknown into one suite with a case per detection", () => {
    const [first, ...rest] = document.alerts;
    const unplaced = { ...first!, events: first!.events.map((e) => ({ ...e, workspace: null })) };
    const suites = parseJunit(renderAlertsJunit({ ...document, alerts: [unplaced, ...rest] }));
    const audit = suites.find((s) => decode(s["@name"]) === "audit logs")!;
    const cases = list(audit.testcase);
    expect(cases).toHaveLength(DETECTIONS.length);
    const failing = cases.filter((c) => list(c.failure).length);
    const unplacedAlready = rest.filter((a) => alertWorkspace(a).id === null).map((a) => a.detectionId);
    expect(failing.map((c) => decode(c["@name"]).split(" ")[0]).sort()).toEqual(
      [...new Set([first!.detectionId, ...unplacedAlready])].sort(),
    );
  });
});

// --- CSV -------------------------------------------------------------------------------------------------

/** RFC 4180 fields: quoted fields with doubled quotes and newlines inside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const pattern = /("((?:[^"]|"")*)"|[^,\n]*)(,|\n|$)/gy;
  let row: string[] = [];
  for (let match = pattern.exec(text); match && match[0] !== ""; match = pattern.exec(text)) {
    row.push(match[2] !== undefined ? match[2].replace(/""/g, '"') : match[1]!);
    if (match[3] !== ",") {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe("CSV", () => {
  it("has one row per alert, formula-safe", () => {
    const [header, ...rows] = parseCsv(renderAlertsCsv(document));
    expect(header).toEqual([...ALERT_CSV_COLUMNS]);
    expect(rows.map((r) => r[0])).toEqual(document.alerts.map((a) => a.id));
    const column = (name: (typeof ALERT_CSV_COLUMNS)[number]) => ALERT_CSV_COLUMNS.indexOf(name);
    const formula = rows.find((r) => r[column("principal")]!.includes("hyperlink"))!;
    expect(formula[column("principal")]).toBe(`'${HOSTILE.formula}`);
    expect(formula[column("detection_id")]).toBe("DET-08");
    expect(JSON.parse(formula[column("facts")]!)).toEqual(hostileAlert(HOSTILE.formula).facts);
    expect(formula[column("user_agents")]).toBe(HOSTILE.markdown);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("csv-events has one row per evidence event, keyed by alert id", () => {
    const [header, ...rows] = parseCsv(renderAlertEventsCsv(document));
    expect(header).toEqual([...EVENT_CSV_COLUMNS]);
    expect(rows).toHaveLength(document.alerts.reduce((sum, a) => sum + a.events.length, 0));
    const alert = hostileAlert(HOSTILE.formula);
    const mine = rows.filter((r) => r[0] === alert.id);
    expect(mine).toHaveLength(alert.events.length);
    const params = EVENT_CSV_COLUMNS.indexOf("params");
    expect(mine.map((r) => JSON.parse(r[params]!))).toEqual(alert.events.map((e) => e.params));
    expect(mine[0]![EVENT_CSV_COLUMNS.indexOf("principal")]).toBe(`'${HOSTILE.formula}`);
  });
});

// --- Markdown --------------------------------------------------------------------------------------------

describe("Markdown", () => {
  it("lists every alert by severity, with one collapsible evidence block each", () => {
    // The alerts of DET-01..13 fit one comment (with all thirty detections' the fixture is cut, which the
    // truncation test covers).
    const small = { ...document, alerts: document.alerts.filter((a) => Number(a.detectionId.slice(4)) <= 13) };
    const text = renderAlertsMarkdown(small);
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(text).not.toContain("Truncated");
    expect(text.match(/<details><summary>/g)).toHaveLength(small.alerts.length);
    const rows = text.split("\n").filter((line) => /^\| \S+ (critical|high|medium|low|info) \| \*\*DET-/.test(line));
    expect(rows).toHaveLength(small.alerts.length);
    const order = ["critical", "high", "medium", "low", "info"];
    const severities = rows.map((row) => order.findIndex((s) => row.includes(` ${s} |`)));
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
    // Evidence tables and the detection's guidance are inside the blocks.
    const det08 = text.slice(text.indexOf("<details><summary><b>high</b> · DET-08"));
    expect(det08).toMatch(/\| time \| workspace \| action \|/);
    expect(det08).toContain(`**Response.**`);
  });

  it("escapes log text: no raw HTML, no mention, no link or image", () => {
    const text = renderAlertsMarkdown(document);
    expect(text).not.toContain(HOSTILE.html);
    expect(text).toContain("&lt;img src=x onerror=alert\\(1\\)&gt;");
    expect(text).not.toContain("<script>");
    expect(text).not.toContain("![pixel](");
    expect(text).not.toContain("[link](javascript");
    expect(text).not.toMatch(/@octo-org/);
    expect(text).toContain("@\u2060octo-org");
  });

  it("fits GitHub's comment limit with a note when there are too many alerts", () => {
    const many = inflated(40);
    const text = renderAlertsMarkdown(many);
    expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(text).toMatch(/> Truncated to fit GitHub's 65,536-character comment limit: .*\d+ alert details/);
    const small = renderAlertsMarkdown(document, { maxLength: 8000 });
    expect(small.length).toBeLessThanOrEqual(8000);
    expect(small).toMatch(/alert rows|alert details/);
    expect(small.endsWith("</sub>\n")).toBe(true);
  });
});

// --- HTML (static; the browser test opens it) -------------------------------------------------------------

describe("HTML", () => {
  const page = () => renderAlertsHtml(document);

  it("is one file with a strict CSP and no remote reference", () => {
    const text = page();
    expect(text).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
    expect(text).toContain("connect-src 'none'");
    expect(text).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(text.match(/<script/g)).toHaveLength(3);
  });

  it("escapes log text everywhere", () => {
    const text = page();
    for (const value of [HOSTILE.html, HOSTILE.script, HOSTILE.path]) expect(text).not.toContain(value);
    expect(text).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(text).toContain("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(text).toContain("/Users/x/&lt;svg onload=alert(4)&gt;");
  });

  it("shows every alert with its evidence rows, rationale and response", () => {
    const text = page();
    expect(text.match(/<tbody class="alert /g)).toHaveLength(document.alerts.length);
    const evidenceRows = (text.match(/<table class="evidence">[\s\S]*?<\/table>/g) ?? []).map(
      (table) => (table.match(/<tr>/g) ?? []).length - 1,
    );
    expect(evidenceRows).toEqual(document.alerts.map((a) => a.events.length).filter((n) => n > 0));
    for (const { meta } of DETECTIONS) expect(text).toContain(meta.response.replace(/'/g, "&#39;"));
  });
});

// --- Edge cases: no alerts, a warehouse source --------------------------------------------------------------

describe("every format", () => {
  const warehouse = (): AlertsDocument => ({
    ...document,
    source: {
      mode: "warehouse",
      engine: "databricks-sql",
      host: "https://adb-1.1.azuredatabricks.net",
      warehouseId: "abc123",
      table: "system.access.audit",
    },
  });

  it("renders a run without alerts as a clean result", async () => {
    const empty = { ...document, alerts: [], counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } };
    const validate = await sarifValidator();
    const log = buildAlertsSarif(empty);
    expect(validate(JSON.parse(JSON.stringify(log)))).toBe(true);
    expect(log.runs[0]!.results).toEqual([]);
    expect(log.runs[0]!.tool.driver.rules).toHaveLength(DETECTIONS.length);
    expect(renderAlertsMarkdown(empty)).toMatch(
      new RegExp(`^## lakeward detect: 0 alerts[^\\n]*\\n\\nNo alerts\\. — ${DETECTIONS.length} detections ran`),
    );
    expect(renderAlertsCsv(empty).trim()).toBe(ALERT_CSV_COLUMNS.join(","));
    expect(renderAlertsHtml(empty)).toContain("No alerts: no detection found its pattern");
  });

  it("names a warehouse source", async () => {
    const validate = await sarifValidator();
    expect(validate(JSON.parse(renderAlertsSarif(warehouse())))).toBe(true);
    expect(renderAlertsMarkdown(warehouse())).toContain("`system.access.audit` on warehouse `abc123`");
    expect(renderAlertsHtml(warehouse())).toContain("on SQL warehouse abc123 (https://adb-1.1.azuredatabricks.net)");
    expect(renderAlertsJunit(warehouse())).toContain('value="system.access.audit on warehouse abc123');
  });

  it("keeps two workspaces of one name apart in JUnit", () => {
    const rename = (alert: Alert, id: string): Alert => ({
      ...alert,
      events: alert.events.map((e) => ({ ...e, workspace: id })),
    });
    const [a, b] = document.alerts;
    const twins = {
      ...document,
      alerts: [rename(a!, "/subscriptions/1/x/workspaces/prod"), rename(b!, "/subscriptions/2/x/workspaces/prod")],
    };
    expect(parseJunit(renderAlertsJunit(twins)).map((s) => decode(s["@name"]))).toEqual([
      "prod (/subscriptions/1/x/workspaces/prod)",
      "prod (/subscriptions/2/x/workspaces/prod)",
    ]);
  });
});

// --- CLI -------------------------------------------------------------------------------------------------

describe("lakeward detect --format", () => {
  it("accepts every format scan accepts, plus csv-events, and never reuses a scan file name", () => {
    for (const format of FORMATS) expect(ALERT_FORMATS).toContain(format);
    const scanNames = new Set(Object.values(FILE_NAMES));
    for (const name of Object.values(ALERT_FILE_NAMES)) expect(scanNames.has(name)).toBe(false);
  });

  it("writes every format into --output-dir, one to --output, and lists them in --help", async () => {
    await withTempDir(async (dir) => {
      const hostile = join(dir, "hostile.json");
      await writeSystemTableJson(hostile, hostileEvents());
      const out = join(dir, "reports");
      const run = await runCli([
        "detect",
        "--logs",
        hostile,
        "--format",
        "sarif,junit",
        "--format",
        "csv,csv-events",
        "--format",
        "markdown,html,json,console",
        "--output-dir",
        out,
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("DET-01");
      expect((await readdir(out)).sort()).toEqual(Object.values(ALERT_FILE_NAMES).sort());
      for (const format of ALERT_FORMATS) expect(run.stderr).toContain(`wrote ${join(out, ALERT_FILE_NAMES[format])}`);
      const json = JSON.parse(await readFile(join(out, "alerts.json"), "utf8"));
      const sarif = JSON.parse(await readFile(join(out, "alerts.sarif"), "utf8"));
      expect(sarif.runs[0].results).toHaveLength(json.alerts.length);
      expect(await readFile(join(out, "alerts.txt"), "utf8")).toContain("DET-08");

      const single = join(dir, "one.sarif");
      const one = await runCli(["detect", "--logs", hostile, "-q", "--format", "sarif", "--output", single]);
      expect(one.code).toBe(1);
      expect(one.stdout).toBe("");
      expect(JSON.parse(await readFile(single, "utf8")).version).toBe("2.1.0");
      const md = await runCli(["detect", "--logs", hostile, "-q", "--format", "markdown"]);
      expect(md.stdout).toMatch(/^## lakeward detect: 2 alerts/);

      const several = await runCli(["detect", "--logs", hostile, "--format", "sarif,html", "--output", single]);
      expect(several.code).toBe(2);
      expect(several.stderr).toMatch(/--output names one file but several formats/);
      const unknown = await runCli(["detect", "--logs", hostile, "--format", "pdf"]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(`Formats: ${ALERT_FORMATS.join(", ")}.`);
    });
    const help = await runCli(["detect", "--help"]);
    for (const format of ALERT_FORMATS)
      expect(help.stdout).toMatch(
        new RegExp(`^  ${format} +.*\\(${ALERT_FILE_NAMES[format].replace(".", "\\.")}\\)$`, "m"),
      );
    expect(help.stdout).toContain("--output-dir <dir>");
  });
});
