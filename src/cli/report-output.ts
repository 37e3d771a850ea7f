/** Writing a results document in the requested formats, to stdout or files. */
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { renderConsole, TERMINAL_FAILURES_PER_WORKSPACE } from "../reports/console.ts";
import { renderCsv } from "../reports/csv.ts";
import { renderHtml } from "../reports/html.ts";
import { renderJunit } from "../reports/junit.ts";
import { renderMarkdown } from "../reports/markdown.ts";
import { type ResultsDocument, renderJson } from "../reports/results-document.ts";
import { renderSarif } from "../reports/sarif.ts";
import { ensureOutputDirectory, writeOutputFile } from "../util/output-file.ts";

export const FORMATS = ["console", "json", "sarif", "junit", "csv", "markdown", "html"] as const;
export type Format = (typeof FORMATS)[number];

/** The file each format gets in --output-dir. */
export const FILE_NAMES: Record<Format, string> = {
  console: "summary.txt",
  json: "results.json",
  sarif: "results.sarif",
  junit: "junit.xml",
  csv: "results.csv",
  markdown: "summary.md",
  html: "report.html",
};

/** One line per format, for --help. */
export const FORMAT_HELP = `Formats (--format, repeatable or comma-separated; files as named in --output-dir):
  console   the terminal summary (summary.txt)
  json      the results document, schema in docs/schema (results.json)
  sarif     SARIF 2.1.0 for GitHub code scanning (results.sarif)
  junit     JUnit XML, one test case per check and workspace (junit.xml)
  csv       one row per result, safe against formula injection (results.csv)
  markdown  a pull-request comment, cut to GitHub's 65,536 characters (summary.md)
  html      a self-contained report with charts, threat model, ASB and CIS views (report.html)`;

export interface OutputRequest {
  formats: Format[];
  /** One file, for a single non-console format. */
  output?: string;
  /** A directory that receives every requested format under its standard name. */
  outputDir?: string;
  /** List every failed check on the terminal, even when it shows several workspaces. */
  full?: boolean;
}

export function parseFormats(values: readonly string[] | undefined): Format[] {
  const formats = (values?.length ? values : ["console"])
    .flatMap((value) => value.split(","))
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value !== "");
  for (const format of formats) {
    if (!(FORMATS as readonly string[]).includes(format))
      throw new InputError(`unknown --format ${format}`, `Formats: ${FORMATS.join(", ")}.`);
  }
  return [...new Set(formats)] as Format[];
}

export function render(format: Format, document: ResultsDocument, width = 100, color = false): string {
  switch (format) {
    case "console":
      return renderConsole(document, { width, color });
    case "json":
      return renderJson(document);
    case "sarif":
      return renderSarif(document);
    case "junit":
      return renderJunit(document);
    case "csv":
      return renderCsv(document);
    case "markdown":
      return renderMarkdown(document);
    case "html":
      return renderHtml(document);
  }
}

/** Writes the outputs; returns the files written. Console output goes to stdout unless a file is named. */
export async function writeReports(
  document: ResultsDocument,
  request: OutputRequest,
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
): Promise<string[]> {
  const width = stdout.columns ?? 100;
  const color = Boolean(stdout.isTTY);
  const written: string[] = [];
  if (request.output && request.formats.filter((f) => f !== "console").length > 1) {
    throw new InputError(
      "--output names one file but several formats were asked for",
      "Use --output-dir DIR to write each format there.",
    );
  }
  if (request.outputDir) await ensureOutputDirectory(request.outputDir);
  for (const format of request.formats) {
    if (format === "console") {
      // Several workspaces on a terminal: the most severe failures of each, one line apiece, so the
      // summary fits a screen; the file copy and the other formats keep everything.
      const terminalCap =
        document.workspaces.length > 1 && !request.full
          ? { failuresPerWorkspace: TERMINAL_FAILURES_PER_WORKSPACE }
          : {};
      stdout.write(renderConsole(document, { width, color, ...terminalCap }));
      if (request.outputDir) {
        const file = join(request.outputDir, FILE_NAMES.console);
        await writeOutputFile(file, render("console", document, 100, false));
        written.push(file);
      }
      continue;
    }
    const file = request.output ?? (request.outputDir ? join(request.outputDir, FILE_NAMES[format]) : undefined);
    if (!file) {
      stdout.write(render(format, document, width, false));
      continue;
    }
    await writeOutputFile(file, render(format, document, width, false));
    written.push(file);
  }
  return written;
}
