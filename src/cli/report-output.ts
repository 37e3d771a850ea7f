/** Writing a results document in the requested formats, to stdout or files. */
import { basename, join } from "node:path";
import { type Command, Option } from "commander";
import { InputError } from "../errors.ts";
import { checkSingleOutput, parseFormatList, writeFormats } from "../output/write.ts";
import { renderConsole, renderShortSummary, TERMINAL_FAILURES_PER_WORKSPACE } from "../reports/console.ts";
import { renderCsv } from "../reports/csv.ts";
import { renderHtml } from "../reports/html.ts";
import { renderJunit } from "../reports/junit.ts";
import { renderMarkdown } from "../reports/markdown.ts";
import { type ResultsDocument, renderJson, renderJsonChunks } from "../reports/results-document.ts";
import { renderSarif } from "../reports/sarif.ts";
import { checkOutputPaths, type PlannedFile } from "../util/output-file.ts";
import { colorsFor, useColor } from "./terminal.ts";

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

/** The ending of each format's file when --output-name names the files. */
export const EXTENSIONS: Record<Format, string> = {
  console: ".txt",
  json: ".json",
  sarif: ".sarif",
  junit: ".junit.xml",
  csv: ".csv",
  markdown: ".md",
  html: ".html",
};

export interface OutputRequest {
  formats: Format[];
  /** One file, for a single format (console goes to stdout when another format takes the file). */
  output?: string;
  /** A directory that receives every requested format under its standard name. */
  outputDir?: string;
  /** File names in outputDir: this base name plus each format's ending, instead of FILE_NAMES. */
  outputName?: string;
  /** List every failed check on the terminal, even when it shows several workspaces. */
  full?: boolean;
}

/** The output options of scan and iac, as commander gives them. */
export interface OutputFlags {
  format?: string[];
  output?: string;
  outputDir?: string;
  outputName?: string;
  full?: boolean;
}

export const OUTPUT_NAME_HELP =
  "name the files in --output-dir NAME.json, NAME.sarif, …; {time} becomes the run's UTC time (lakeward-{time}), so runs do not overwrite each other";

/** `20261201T221500Z`: sortable, and valid in a file name everywhere. */
function compactTime(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/**
 * Checks the output options before anything is read, so a mistake costs no scan: several formats need
 * --output-dir (on stdout they would run together), --output takes one format, --output-dir alone writes
 * every format, and --output-name names the files (default directory: the current one).
 */
export function planOutput(flags: OutputFlags, at: Date): OutputRequest {
  if (flags.output && (flags.outputDir || flags.outputName))
    throw new InputError(
      `--output names one file; --output-${flags.outputDir ? "dir" : "name"} names a directory's files: give one of them`,
    );
  const toFiles = Boolean(flags.outputDir || flags.outputName);
  const formats = flags.format?.length
    ? parseFormats(flags.format)
    : toFiles
      ? [...FORMATS]
      : (["console"] as Format[]);
  if (flags.output && formats.filter((format) => format !== "console").length > 1)
    throw new InputError(
      "--output names one file but several formats were asked for",
      "Use --output-dir DIR to write each format there.",
    );
  if (!flags.output && !toFiles && formats.length > 1)
    throw new InputError(
      `--format ${formats.join(",")}: several formats would all be written to the terminal, one after the other`,
      "Give --output-dir DIR to write each format into its own file, or ask for one format.",
    );
  let outputName: string | undefined;
  if (flags.outputName !== undefined) {
    outputName = flags.outputName.replaceAll("{time}", compactTime(at));
    if (!outputName || /[\\/]/.test(outputName) || outputName.startsWith("."))
      throw new InputError(
        `--output-name ${flags.outputName}: give a file name without a directory (the directory is --output-dir)`,
      );
  }
  return {
    formats,
    ...(flags.output ? { output: flags.output } : {}),
    ...(toFiles ? { outputDir: flags.outputDir ?? "." } : {}),
    ...(outputName ? { outputName } : {}),
    full: Boolean(flags.full),
  };
}

/** The file a format is written to in the request's directory. */
export function outputFile(request: OutputRequest, format: Format): string | undefined {
  if (!request.outputDir) return undefined;
  return join(
    request.outputDir,
    request.outputName ? `${request.outputName}${EXTENSIONS[format]}` : FILE_NAMES[format],
  );
}

export function parseFormats(values: readonly string[] | undefined): Format[] {
  return parseFormatList(values, FORMATS);
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

/**
 * Checks the request and every path it will write — plus `also`: other files (--save-snapshot) and other
 * names in --output-dir (demo's snapshot.json) — before the command reads anything, so a long scan never
 * ends in "cannot write" (issue 10, item 17).
 */
export async function checkReportOutputs(
  request: OutputRequest,
  also: { files?: PlannedFile[]; namesInDir?: string[] } = {},
): Promise<void> {
  checkSingleOutput(request);
  await checkOutputPaths({
    files: [...(request.output ? [{ option: "--output", path: request.output }] : []), ...(also.files ?? [])],
    ...(request.outputDir
      ? {
          directory: {
            option: "--output-dir",
            path: request.outputDir,
            names: [
              ...request.formats.map((format) => basename(outputFile(request, format) ?? FILE_NAMES[format])),
              ...(also.namesInDir ?? []),
            ],
          },
        }
      : {}),
  });
}

/** Writes the outputs; returns the files written. Console output goes to stdout unless a file is named. */
export async function writeReports(
  document: ResultsDocument,
  request: OutputRequest,
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
): Promise<string[]> {
  const width = stdout.columns ?? 100;
  const color = useColor(stdout);
  // Several workspaces on a terminal: the most severe failures of each, one line apiece, so the summary
  // fits a screen; the file copy and the other formats keep everything.
  const terminalCap =
    document.workspaces.length > 1 && !request.full ? { failuresPerWorkspace: TERMINAL_FAILURES_PER_WORKSPACE } : {};
  return writeFormats(
    request,
    {
      terminal: () => renderConsole(document, { width, color, ...terminalCap }),
      // JSON in small pieces, result by result (a large document is never one string), the rest whole.
      file: (format) => (format === "json" ? renderJsonChunks(document) : render(format, document, 100, false)),
      fileInDir: (format) => outputFile(request, format),
    },
    stdout,
  );
}

/** --format, --output, --output-dir, --output-name and --full, the same on scan and iac. */
export function addOutputOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--format <format...>",
        `output formats: ${FORMATS.join(", ")} (repeatable; default console, or every format with --output-dir)`,
      ),
    )
    .option("--output <file>", "write the one format asked for to this file (console output stays on the terminal)")
    .option("--output-dir <dir>", "write every requested format (all of them unless --format says) into this directory")
    .option("--output-name <name>", OUTPUT_NAME_HELP)
    .option("--full", "list every failed check on the terminal (with several workspaces it lists the most severe)");
}

/**
 * Writes the reports, then says on stderr what was written, the short summary when the console report was
 * not shown, and why the exit code is what it is. Returns nothing: the caller sets the exit code.
 */
export async function writeReportsAndSummary(
  document: ResultsDocument,
  request: OutputRequest,
  io: {
    stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
    stderr: NodeJS.WritableStream & { isTTY?: boolean };
  },
  outcome: { quiet: boolean; exitReason: string },
): Promise<void> {
  const written = await writeReports(document, request, io.stdout);
  if (outcome.quiet) return;
  const colors = colorsFor(io.stderr);
  for (const file of written) io.stderr.write(colors.dim(`wrote ${file}\n`));
  const consoleShown =
    request.formats.includes("console") && !(request.output && request.formats.every((f) => f === "console"));
  if (!consoleShown) io.stderr.write(renderShortSummary(document, { color: useColor(io.stderr) }));
  io.stderr.write(colors.dim(`${outcome.exitReason}\n`));
}
