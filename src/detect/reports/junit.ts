/**
 * Alerts as JUnit XML, for CI systems that show test results (Azure DevOps, GitLab, Jenkins).
 *
 * One <testsuite> per workspace the alerts came from, with one <testcase> per detection that ran:
 *   no alert from the detection in that workspace   → passed
 *   alerts                                           → <failure> (type = the most severe alert's severity;
 *                                                      message = the count and first summary; text = every
 *                                                      alert's evidence summary, then rationale and response)
 *   the detection could not run                      → <error>: never a pass
 * Alerts whose workspace is unknown (events without one, or from several workspaces) — and every detection
 * when no alert names a workspace, so a clean run still lists each detection as passed — go to one more
 * suite, "audit logs", with one test case per detection.
 */
import { create } from "xmlbuilder2";
import { xmlText as clean } from "../../output/text.ts";
import type { Alert, AlertsDocument } from "../alerts.ts";
import { alertWorkspace, type DetectionInfo, detectionCatalogue, evidenceSummary, worstSeverity } from "./shared.ts";

type XMLBuilder = ReturnType<typeof create>;

/** Evidence events listed per alert in a failure's text. */
const EVENTS_PER_ALERT = 10;

function failureText(alerts: readonly Alert[], info: DetectionInfo): string {
  const lines: string[] = [];
  for (const alert of alerts) lines.push(...evidenceSummary(alert, EVENTS_PER_ALERT), "");
  if (info.rationale) lines.push(`why it matters: ${info.rationale}`, "");
  if (info.response) lines.push(`response: ${info.response}`);
  return clean(lines.join("\n").trimEnd());
}

function sourceText(document: AlertsDocument): string {
  const source = document.source;
  return source.mode === "local"
    ? `${source.events} events from ${source.files} file(s), local DuckDB`
    : `${source.table} on warehouse ${source.warehouseId} (${source.host})`;
}

interface Suite {
  name: string;
  workspaceId: string | null;
  alerts: Alert[];
}

function addSuite(root: XMLBuilder, document: AlertsDocument, suite: Suite, catalogue: DetectionInfo[]) {
  const counts = { tests: catalogue.length, failures: 0, errors: 0 };
  const cases = catalogue.map((info) => {
    const alerts = suite.alerts.filter((alert) => alert.detectionId === info.id);
    if (info.run?.status === "failed") counts.errors++;
    else if (alerts.length) counts.failures++;
    return { info, alerts };
  });
  const element = root.ele("testsuite", {
    name: clean(suite.name),
    tests: String(counts.tests),
    failures: String(counts.failures),
    errors: String(counts.errors),
    skipped: "0",
    time: "0",
    timestamp: document.generatedAt.replace(/\.\d+Z$/, "").replace(/Z$/, ""),
    hostname: clean(suite.name),
  });
  const properties = element.ele("properties");
  const property = (name: string, value: string | null | undefined) => {
    if (value) properties.ele("property", { name, value: clean(value) });
  };
  property("workspaceId", suite.workspaceId);
  property("source", sourceText(document));
  property("since", document.window.since);
  property("until", document.window.until);
  for (const { info, alerts } of cases) {
    const testcase = element.ele("testcase", {
      name: clean(`${info.id} ${info.title}`),
      classname: clean(`lakeward.detect.${suite.name}`),
      time: "0",
    });
    if (info.run?.status === "failed") {
      testcase
        .ele("error", {
          message: clean(`${info.id} could not run: ${info.run.error ?? "unknown error"}`),
          type: "error",
        })
        .txt(clean(`The detection could not run, so its absence of alerts proves nothing. ${info.run.error ?? ""}`));
    } else if (alerts.length) {
      const first = alerts[0]!;
      testcase
        .ele("failure", {
          message: clean(`${alerts.length} alert(s): ${first.summary}${alerts.length > 1 ? " …" : ""}`),
          type: worstSeverity(alerts.map((alert) => alert.severity)),
        })
        .txt(failureText(alerts, info));
    }
  }
  return counts;
}

export function renderAlertsJunit(document: AlertsDocument): string {
  const catalogue = [...detectionCatalogue(document).values()];
  const suites = new Map<string, Suite>();
  const unplaced: Alert[] = [];
  for (const alert of document.alerts) {
    const workspace = alertWorkspace(alert);
    if (workspace.id === null) {
      unplaced.push(alert);
      continue;
    }
    const suite = suites.get(workspace.id);
    if (suite) suite.alerts.push(alert);
    else suites.set(workspace.id, { name: workspace.label, workspaceId: workspace.id, alerts: [alert] });
  }
  const all = [...suites.values()];
  // Two workspaces of one name (in two subscriptions) keep apart by their ids.
  const names = all.map((suite) => suite.name);
  for (const suite of all)
    if (names.filter((name) => name === suite.name).length > 1) suite.name = `${suite.name} (${suite.workspaceId})`;
  if (unplaced.length || all.length === 0) all.push({ name: "audit logs", workspaceId: null, alerts: unplaced });
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele("testsuites", { name: "lakeward detect" });
  const totals = { tests: 0, failures: 0, errors: 0 };
  for (const suite of all) {
    const counts = addSuite(root, document, suite, catalogue);
    totals.tests += counts.tests;
    totals.failures += counts.failures;
    totals.errors += counts.errors;
  }
  for (const [key, value] of Object.entries(totals)) root.att(key, String(value));
  root.att("skipped", "0");
  root.att("time", "0");
  return `${root.end({ prettyPrint: true })}\n`;
}
