/** Writing a results document in the requested formats, to stdout or files. */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { writeOutputFile } from "../evidence/snapshot.ts";
import { renderConsole } from "../reports/console.ts";
import { type ResultsDocument, renderJson } from "../reports/results-document.ts";

export const FORMATS = ["console", "json"] as const;
export type Format = (typeof FORMATS)[number];

const FILE_NAMES: Record<Format, string> = { console: "summary.txt", json: "results.json" };

export interface OutputRequest {
  formats: Format[];
  /** One file, for a single non-console format. */
  output?: string;
  /** A directory that receives every requested format under its standard name. */
  outputDir?: string;
}

export function parseFormats(values: readonly string[] | undefined): Format[] {
  const formats = (values?.length ? values : ["console"])
    .flatMap((value) => value.split(","))
    .map((value) => value.trim());
  for (const format of formats) {
    if (!(FORMATS as readonly string[]).includes(format))
      throw new InputError(`unknown --format ${format}`, `Formats: ${FORMATS.join(", ")}.`);
  }
  return [...new Set(formats)] as Format[];
}

function render(format: Format, document: ResultsDocument, width: number, color: boolean): string {
  return format === "json" ? renderJson(document) : renderConsole(document, { width, color });
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
  if (request.outputDir) {
    try {
      await mkdir(request.outputDir, { recursive: true });
    } catch (error) {
      throw new InputError(
        `cannot create ${request.outputDir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        "Choose a writable --output-dir.",
      );
    }
  }
  for (const format of request.formats) {
    if (format === "console") {
      stdout.write(render("console", document, width, color));
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
