/**
 * Writing a document in the requested formats, to the terminal or files: one writer for `scan`'s results
 * (src/cli/report-output.ts) and `detect`'s alerts (src/detect/reports/output.ts), which differ only in
 * their formats, file names and renderers.
 *
 * The rules: --output names one file and takes the one non-console format (or the console text when that
 * is all that was asked for); the console text otherwise goes to the terminal, and into the output
 * directory too when there is one; every other format goes to its file in the directory, or to stdout.
 */
import { InputError } from "../errors.ts";
import { ensureOutputDirectory, writeOutputFile } from "../util/output-file.ts";

export interface FormatRequest<F extends string> {
  formats: readonly F[];
  /** One file, for a single non-console format (or the console text when it is the only format). */
  output?: string;
  /** A directory that receives every requested format. */
  outputDir?: string;
}

export interface FormatRenderers<F extends string> {
  /** The console text for the terminal (its width and colours). */
  terminal(): string;
  /** A format as written to a file or piped to stdout (no colour), whole or in pieces. */
  file(format: F): string | Iterable<string>;
  /** The file a format gets in the output directory; undefined without one. */
  fileInDir(format: F): string | undefined;
}

/** `--format a,b --format c` → [a, b, c], each checked against the formats there are. */
export function parseFormatList<F extends string>(values: readonly string[] | undefined, formats: readonly F[]): F[] {
  const asked = (values?.length ? values : ["console"])
    .flatMap((value) => value.split(","))
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value !== "");
  for (const format of asked) {
    if (!(formats as readonly string[]).includes(format))
      throw new InputError(`unknown --format ${format}`, `Formats: ${formats.join(", ")}.`);
  }
  return [...new Set(asked)] as F[];
}

/** --output names one file: several non-console formats need a directory. */
export function checkSingleOutput(request: FormatRequest<string>): void {
  if (request.output && request.formats.filter((f) => f !== "console").length > 1) {
    throw new InputError(
      "--output names one file but several formats were asked for",
      "Use --output-dir DIR to write each format there.",
    );
  }
}

/** Writes every requested format; returns the files written. */
export async function writeFormats<F extends string>(
  request: FormatRequest<F>,
  renderers: FormatRenderers<F>,
  stdout: NodeJS.WritableStream,
): Promise<string[]> {
  checkSingleOutput(request);
  if (request.outputDir) await ensureOutputDirectory(request.outputDir);
  const written: string[] = [];
  const intoOutput = request.output ? (request.formats.find((format) => format !== "console") ?? "console") : undefined;
  for (const format of request.formats) {
    if (request.output && format === intoOutput) {
      await writeOutputFile(request.output, renderers.file(format));
      written.push(request.output);
      continue;
    }
    if (format === "console") stdout.write(renderers.terminal());
    const file = renderers.fileInDir(format);
    if (file) {
      await writeOutputFile(file, renderers.file(format));
      written.push(file);
    } else if (format !== "console") await writePieces(stdout, renderers.file(format));
  }
  return written;
}

/** Writes pieces to a stream, waiting whenever it asks to (a pipe read slower than the pieces come). */
async function writePieces(stream: NodeJS.WritableStream, pieces: string | Iterable<string>): Promise<void> {
  // Only a real stream's explicit false means "wait"; a test's stand-in that returns nothing never drains.
  for (const piece of typeof pieces === "string" ? [pieces] : pieces)
    if (stream.write(piece) === false && typeof stream.once === "function")
      await new Promise<void>((resolve) => stream.once("drain", () => resolve()));
}
