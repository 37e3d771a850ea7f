/**
 * Writing an alerts document in the requested formats, to stdout or files: the formats of `lakeward scan`
 * (console, json, sarif, junit, csv, markdown, html) plus `csv-events`, one row per evidence event.
 *
 * In --output-dir every format gets an `alerts…` name, never a name `scan` uses, so one directory can hold
 * a pipeline's posture reports and its alerts side by side.
 */
import { join } from "node:path";
import { checkSingleOutput, parseFormatList, writeFormats } from "../../output/write.ts";
import type { AlertsDocument } from "../alerts.ts";
import { renderAlertsConsole, renderAlertsJson } from "../render.ts";
import { renderAlertEventsCsv, renderAlertsCsv } from "./csv.ts";
import { renderAlertsHtml } from "./html.ts";
import { renderAlertsJunit } from "./junit.ts";
import { renderAlertsMarkdown } from "./markdown.ts";
import { renderAlertsSarif } from "./sarif.ts";

export const ALERT_FORMATS = ["console", "json", "sarif", "junit", "csv", "csv-events", "markdown", "html"] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

/** The file each format gets in --output-dir. */
export const ALERT_FILE_NAMES: Record<AlertFormat, string> = {
  console: "alerts.txt",
  json: "alerts.json",
  sarif: "alerts.sarif",
  junit: "alerts-junit.xml",
  csv: "alerts.csv",
  "csv-events": "alert-events.csv",
  markdown: "alerts.md",
  html: "alerts.html",
};

/** One line per format, for --help. */
export const ALERT_FORMAT_HELP = `Formats (--format, repeatable or comma-separated; files as named in --output-dir):
  console     the terminal list of alerts (alerts.txt)
  json        the alerts document, schema in docs/schema/alerts.schema.json (alerts.json)
  sarif       SARIF 2.1.0 for GitHub code scanning, a result per alert (alerts.sarif)
  junit       JUnit XML, a test case per detection and workspace (alerts-junit.xml)
  csv         one row per alert, safe against formula injection (alerts.csv)
  csv-events  one row per evidence event, with its alert_id (alert-events.csv)
  markdown    a pull-request comment, cut to GitHub's 65,536 characters (alerts.md)
  html        a self-contained report: charts, filters, evidence and response (alerts.html)`;

export interface AlertOutputRequest {
  formats: AlertFormat[];
  /** One file, for a single non-console format (or the console text when it is the only format). */
  output?: string;
  /** A directory that receives every requested format under its alerts… name. */
  outputDir?: string;
}

export function parseAlertFormats(values: readonly string[] | undefined): AlertFormat[] {
  return parseFormatList(values, ALERT_FORMATS);
}

export function renderAlerts(format: AlertFormat, document: AlertsDocument, width = 200, color = false): string {
  switch (format) {
    case "console":
      return renderAlertsConsole(document, { width, color });
    case "json":
      return renderAlertsJson(document);
    case "sarif":
      return renderAlertsSarif(document);
    case "junit":
      return renderAlertsJunit(document);
    case "csv":
      return renderAlertsCsv(document);
    case "csv-events":
      return renderAlertEventsCsv(document);
    case "markdown":
      return renderAlertsMarkdown(document);
    case "html":
      return renderAlertsHtml(document);
  }
}

/** Checks a request before any work is done: --output names one file. */
export function checkAlertOutput(request: AlertOutputRequest): void {
  checkSingleOutput(request);
}

/**
 * Writes the outputs; returns the files written. Console text goes to stdout (with the terminal's width
 * and colours) unless it is the only format and --output names a file; in --output-dir it is also saved.
 */
export async function writeAlertReports(
  document: AlertsDocument,
  request: AlertOutputRequest,
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  color = false,
): Promise<string[]> {
  const width = stdout.isTTY ? (stdout.columns ?? 100) : 200;
  const { outputDir } = request;
  return writeFormats(
    request,
    {
      terminal: () => renderAlerts("console", document, width, color),
      file: (format) => renderAlerts(format, document),
      fileInDir: (format) => (outputDir ? join(outputDir, ALERT_FILE_NAMES[format]) : undefined),
    },
    stdout,
  );
}
