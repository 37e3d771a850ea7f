/**
 * The "Report formats" section of docs/detections.md, generated with the page (src/docs/generate.ts) from
 * the same format list and file names `lakeward detect` uses, so the page cannot name a file detect does
 * not write.
 */
import { markdownTable } from "../docs.ts";
import { ALERT_CSV_COLUMNS, EVENT_CSV_COLUMNS } from "./csv.ts";
import { ALERT_FILE_NAMES, ALERT_FORMATS, type AlertFormat } from "./output.ts";

const CONTENTS: Record<AlertFormat, string> = {
  console: "the terminal list: alerts by severity with their first evidence events (also printed to stdout)",
  json: "the alerts document (`kind: lakeward-alerts`, schema above): everything the other formats show",
  sarif: "SARIF 2.1.0 for GitHub code scanning: a rule per detection, a result per alert",
  junit: "JUnit XML for CI test views: a test case per detection and workspace, an alert fails it",
  csv: "one row per alert, for spreadsheets",
  "csv-events": "one row per evidence event, keyed by `alert_id`, for filtering and pivoting",
  markdown: "a pull-request or issue comment, cut to GitHub's 65,536 characters",
  html: "one self-contained, offline page: charts, filters, every alert's evidence, rationale and response",
};

const SECTION_BEFORE = "## Pushdown to a SQL warehouse";

export function alertFormatsSection(): string {
  return [
    "## Report formats",
    "",
    "`--format` takes every format of `lakeward scan` — repeatable and comma-separated — plus `csv-events`.",
    "Without `--output`/`--output-dir` a format goes to stdout; `--output FILE` takes one non-console format;",
    "`--output-dir DIR` (created when missing) receives each format under an `alerts…` name. None of them is a",
    "name `scan` writes, so a pipeline can put its posture reports and its alerts into one directory. Console",
    "text is printed to stdout in any case (and saved as `alerts.txt` in `--output-dir`).",
    "",
    "```sh",
    "lakeward detect --logs ./logs --format sarif,junit,html --output-dir reports --fail-on high",
    "lakeward detect --warehouse ID --host https://adb-….azuredatabricks.net --format markdown --output alerts.md",
    "```",
    "",
    ...markdownTable(
      ["format", "file in `--output-dir`", "contents"],
      ALERT_FORMATS.map((format) => [`\`${format}\``, `\`${ALERT_FILE_NAMES[format]}\``, CONTENTS[format]]),
    ),
    "",
    "- **SARIF 2.1.0.** One rule per detection that ran, from its metadata: `shortDescription` is the title,",
    "  `fullDescription` the rationale, `help` (text and Markdown) why it matters, the response guidance, the",
    "  threats, ASB v2 controls and the thresholds of this run; `security-severity` and tags (`threat/AT`,",
    "  `asb/IM-5`) as in the posture SARIF. One result per alert: level `error` for critical and high, `warning`",
    "  for medium, `note` for low and info; the message is the workspace and the alert's summary; `properties`",
    "  hold the facts and the evidence events. The location is a stable pseudo-path",
    "  `azure-databricks/<workspace>/audit-log`, line 1 (the workspace's name from its ARM id, else",
    "  `workspace-<id>`, `account` for account-level events, `multiple-workspaces` or `unknown-workspace`), with",
    "  logical locations for the workspace, the principal and the source IP. `partialFingerprints` carry the",
    "  alert id (`lakewardAlert/v1`) and a hash of it, and `correlationGuid` is derived from it, so GitHub keeps",
    "  tracking the same alert across runs. `automationDetails.id` is `lakeward-detect/<time>`: GitHub files the",
    "  alerts under the category `lakeward-detect`, apart from the posture results. Detections that could not",
    "  run and input problems are tool execution notifications (`executionSuccessful: false` when one failed).",
    "  Tests validate the output against the OASIS SARIF 2.1.0 schema.",
    "- **JUnit XML.** One `<testsuite>` per workspace the alerts came from, with one `<testcase>` per detection",
    "  that ran (`DET-01 Burst of failed sign-ins…`, classname `lakeward.detect.<workspace>`): passed when the",
    "  detection raised no alert there; a `<failure>` (type = the most severe alert's severity) listing every",
    "  alert's summary, principal, IP, time span, facts and first ten evidence events, then the rationale and",
    "  the response; an `<error>` when the detection could not run. Alerts whose evidence names no workspace, or",
    "  several, go to a suite `audit logs` with one test case per detection — as does a run without alerts, so",
    "  every detection still shows as passed.",
    `- **CSV.** \`alerts.csv\`: ${ALERT_CSV_COLUMNS.map((c) => `\`${c}\``).join(", ")} (facts as JSON,`,
    "  lists joined with `; `). `alert-events.csv`:",
    `  ${EVENT_CSV_COLUMNS.map((c) => `\`${c}\``).join(", ")} (the allow-listed request`,
    "  parameters as JSON). RFC 4180 quoting; a cell that starts with `=`, `+`, `-`, `@`, tab or carriage return",
    "  gets a leading `'`, since principals, user agents and parameters come from logs an attacker can write to.",
    "- **Markdown.** Counts by severity, a caution when a detection could not run or input could not be read, a",
    "  table of the alerts (most severe first: detection, workspace, principal, IP, first seen, events, what",
    "  happened), the detections with their outcome and thresholds, then one collapsible `<details>` per alert",
    "  with its facts, an evidence table (up to ten events), the rationale and the response. Parts are added in",
    "  that order while they fit GitHub's 65,536-character comment limit; a note says how many rows and details",
    "  were left out.",
    "- **HTML.** One file, offline, with the posture report's stylesheet and Chart.js inlined and a",
    "  Content-Security-Policy that allows exactly those inline blocks (`default-src 'none'`, no connections).",
    "  Overview (counts by severity and per workspace, source, time window, banners for failed detections and",
    "  unreadable input), charts of alerts by severity, threat and detection, the alerts with filters",
    "  (severity, detection, principal, workspace) and a search over everything an alert shows, each alert",
    "  expanding to its facts, evidence events, rationale, response, threats, ASB controls and thresholds; then",
    "  the detections with their outcome and the input with its problems.",
    "",
    "Everything that comes from a log — principals, IPs, user agents, request parameters, notebook paths — is",
    "escaped for each format: entities in HTML, XML and Markdown, backslash escapes and neutralised mentions in",
    "Markdown, a leading `'` against CSV formulas. test/detect/alerts-browser.test.ts opens the HTML report in",
    "headless Chromium with a principal named `<img src=x onerror=alert(1)>` and script-closing user agents: no",
    "dialog, no injected element, no console error, no request but the file itself, and the filters change the",
    "visible rows. The canary test (test/detect/secrets.test.ts) searches every format for the planted secrets.",
    "",
  ].join("\n");
}

/** docs/detections.md with the report formats section before the warehouse section (or at the end). */
export function withAlertFormats(page: string): string {
  const at = page.indexOf(`\n${SECTION_BEFORE}\n`);
  if (at < 0) return `${page}\n${alertFormatsSection()}`;
  return `${page.slice(0, at + 1)}${alertFormatsSection()}\n${page.slice(at + 1)}`;
}
