/**
 * Loads audit log files into the local `audit` table. Directories are walked recursively; each file's
 * format is recognised from its first bytes (formats.ts); the files of one format are loaded by DuckDB in
 * one statement. A bad line never stops a file and a bad file never stops the others:
 *   - rows without a readable time or action (unparseable lines included: DuckDB keeps them as empty rows)
 *     are counted per file, removed, and located by line with a streaming pass over just those files;
 *   - a file DuckDB cannot read at all (a "Parquet" file that is not Parquet, a truncated file) is reported
 *     by name and skipped.
 * A path given on the command line that does not exist or cannot be read is an input error straight away.
 */
import { constants as fsConstants, readdir } from "node:fs";
import { access, open, stat } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { gunzipSync, constants as zlibConstants } from "node:zlib";
import { InputError } from "../../errors.ts";
import { LOCAL_AUDIT_TABLE } from "../dialect.ts";
import type { LocalDatabase } from "../local.ts";
import { SOURCE_FILE_COLUMN } from "../schema.ts";
import { findBadLines, isDocumentFile } from "./bad-lines.ts";
import {
  csvColumns,
  csvSelect,
  formatSelect,
  isLineFormat,
  LOG_FORMAT_NAMES,
  type LogFormat,
  type ParquetSchema,
  parquetSelect,
  sniffText,
} from "./formats.ts";

export interface IngestProblem {
  file: string;
  /** 1-based line, when known. */
  line?: number;
  message: string;
  /** error: the file (or part of it) could not be read; warning: lines skipped or file not an audit log. */
  level: "error" | "warning";
}

export interface IngestedFile {
  file: string;
  format: LogFormat;
  badLines: number;
}

export interface IngestReport {
  files: IngestedFile[];
  /** Usable events read (all of them, kept or not). */
  events: number;
  /** Events stored in the table (those the `keep` predicate accepted; all when there is none). */
  kept: number;
  badLines: number;
  problems: IngestProblem[];
  /** Files that are not audit logs (the gen-logs manifest, unrecognised text) and were left out. */
  skipped: string[];
}

export interface IngestOptions {
  /** Read every file as this format instead of recognising it. */
  format?: LogFormat;
  /** Bad lines listed per file (all are counted). */
  badLineLimit?: number;
  /**
   * Store only the events this SQL predicate accepts (over event_time, service_name, action_name,
   * status_code, audit_level). Every line is still read, validated and counted; the other columns of
   * rejected events are never computed. `lakeward detect` passes the union of its detections' scopes.
   */
  keep?: string;
  onProgress?: (message: string) => void;
}

const HEAD_BYTES = 16_384;
/** Files per DuckDB statement (about 1 MB of SQL text per 5,000 paths). */
const BATCH_FILES = 20_000;

/** Every file under the given paths, sorted. A missing or unreadable top-level path is an InputError. */
export async function listFiles(paths: readonly string[], problems: IngestProblem[] = []): Promise<string[]> {
  if (paths.length === 0) throw new InputError("no log paths given", "Name files or directories: --logs PATH...");
  const files = new Set<string>();
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
      await access(path, fsConstants.R_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const what =
        code === "ENOENT"
          ? "no such file or directory"
          : code === "EACCES"
            ? "permission denied"
            : (code ?? String(error));
      throw new InputError(
        `${path}: cannot read (${what})`,
        "Check the path; it is resolved from the current directory.",
      );
    }
    if (info.isDirectory()) await walk(resolve(path), files, problems);
    else files.add(resolve(path));
  }
  return [...files].sort();
}

/**
 * Walks a directory tree. Every directory's listing is requested as soon as it is found, with callbacks
 * rather than promises: the libuv pool reads several directories at once, and storage delivery has a
 * directory per hour (about 1.6 times faster than one synchronous readdir after another, which in turn
 * beat awaiting each readdir several times over). Unreadable directories are reported in path order.
 */
function walk(root: string, files: Set<string>, problems: IngestProblem[]): Promise<void> {
  const unreadable: IngestProblem[] = [];
  return new Promise((done) => {
    let pending = 0;
    const visit = (dir: string) => {
      pending++;
      readdir(dir, { withFileTypes: true }, (error, entries) => {
        if (error) {
          unreadable.push({
            file: dir,
            message: `cannot read directory (${error.code ?? String(error)})`,
            level: "error",
          });
        } else {
          for (const entry of entries) {
            if (entry.name.startsWith(".")) continue;
            const path = join(dir, entry.name);
            if (entry.isDirectory()) visit(path);
            else if (entry.isFile() || entry.isSymbolicLink()) files.add(path);
          }
        }
        if (--pending === 0) {
          problems.push(...unreadable.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
          done();
        }
      });
    };
    visit(root);
  });
}

/**
 * Azure's storage delivery path (container insights-logs-<category>, hourly PT1H.json blobs) identifies
 * a diagnostic log without opening it; thousands of hourly files then need no sniffing.
 */
const DIAGNOSTIC_PATH = /[\\/]insights-logs-[^\\/]+[\\/].*[\\/]PT1H\.json$/;

interface SniffedFile {
  file: string;
  format: LogFormat;
  layout: "lines" | "document";
  head: string;
  /** CSV header, for grouping files of one header. */
  header?: string[];
}

async function readHead(file: string): Promise<{ head: Buffer; tail: Buffer; size: number }> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(4, size));
    await handle.read(tail, 0, tail.length, Math.max(0, size - 4));
    return { head, tail, size };
  } finally {
    await handle.close();
  }
}

const isGzip = (file: string) => file.toLowerCase().endsWith(".gz");

function headText(file: string, head: Buffer): string {
  if (!isGzip(file)) return head.toString("utf8");
  try {
    return gunzipSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString("utf8");
  } catch {
    return "";
  }
}

function splitCsvHeader(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(current);
      current = "";
    } else current += ch;
  }
  fields.push(current);
  return fields.map((field) => field.trim());
}

/** Recognises one file; problems and skips are recorded, and undefined returned, for files not loaded. */
async function sniff(
  file: string,
  forced: LogFormat | undefined,
  problems: IngestProblem[],
  skipped: string[],
): Promise<SniffedFile | undefined> {
  if (!forced && DIAGNOSTIC_PATH.test(file)) return { file, format: "diagnostic", layout: "lines", head: "" };
  let bytes: Awaited<ReturnType<typeof readHead>>;
  try {
    bytes = await readHead(file);
  } catch (error) {
    problems.push({
      file,
      message: `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      level: "error",
    });
    return undefined;
  }
  if (bytes.size === 0) {
    skipped.push(file);
    return undefined;
  }
  const ext = extname(file.replace(/\.gz$/i, "")).toLowerCase();
  const magic = bytes.head.subarray(0, 4).toString("latin1");
  if (forced === "system-table-parquet" || ext === ".parquet" || magic === "PAR1") {
    if (magic !== "PAR1" || bytes.tail.toString("latin1") !== "PAR1") {
      problems.push({
        file,
        message: "not a Parquet file (the PAR1 magic bytes are missing at its start or end); skipped",
        level: "error",
      });
      return undefined;
    }
    return { file, format: "system-table-parquet", layout: "document", head: "" };
  }
  const head = headText(file, bytes.head);
  const sniffed = forced ?? sniffText(head);
  if (sniffed === "manifest") {
    skipped.push(file);
    return undefined;
  }
  if (!sniffed) {
    problems.push({
      file,
      message: `not a recognised audit log (${ext || "no extension"}); skipped. Formats: ${LOG_FORMAT_NAMES.join(", ")}`,
      level: "warning",
    });
    skipped.push(file);
    return undefined;
  }
  if (sniffed === "log-analytics-csv") {
    const header = splitCsvHeader(head.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "");
    return { file, format: sniffed, layout: "lines", head, header };
  }
  return { file, format: sniffed, layout: isDocumentFile(head) ? "document" : "lines", head };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** First line of an engine error, without DuckDB's "LINE 1:" SQL echo. */
function engineMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split("\n")[0] ?? message).replace(/^(IO|Invalid Input|Conversion|Binder|Parser) Error: /, "");
}

/** Loads the files into the `audit` table of `db`. */
export async function ingest(
  db: LocalDatabase,
  paths: readonly string[],
  options: IngestOptions = {},
): Promise<IngestReport> {
  const problems: IngestProblem[] = [];
  const skipped: string[] = [];
  const files = await listFiles(paths, problems);
  // Files are recognised 32 at a time; their problems are listed in file order, not in the order reads finish.
  const sniffProblems: IngestProblem[] = [];
  const sniffed = (await mapLimit(files, 32, (file) => sniff(file, options.format, sniffProblems, skipped))).filter(
    (entry): entry is SniffedFile => entry !== undefined,
  );
  problems.push(...sniffProblems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)));
  skipped.sort();

  const groups = new Map<string, SniffedFile[]>();
  for (const entry of sniffed) {
    const key = `${entry.format}|${entry.layout}|${entry.header?.join("\u0001") ?? ""}`;
    const group = groups.get(key) ?? [];
    group.push(entry);
    groups.set(key, group);
  }
  const byFormat = new Map<LogFormat, number>();
  for (const entry of sniffed) byFormat.set(entry.format, (byFormat.get(entry.format) ?? 0) + 1);
  options.onProgress?.(
    `reading ${sniffed.length} file(s): ${[...byFormat].map(([format, n]) => `${format} ${n}`).join(", ") || "none"}`,
  );

  const failed = new Set<string>();
  const csvRejects: string[] = [];
  let rejectIndex = 0;
  const insert = (select: string) => db.run(`INSERT INTO ${LOCAL_AUDIT_TABLE} BY NAME ${select}`);
  const selectFor = async (group: SniffedFile[]): Promise<string> => {
    const first = group[0]!;
    const names = group.map((entry) => entry.file);
    if (first.format === "system-table-parquet") {
      const described = await db.rows(
        `DESCRIBE SELECT * FROM read_parquet([${names.map((f) => `'${f.replaceAll("'", "''")}'`).join(", ")}], union_by_name = true, hive_partitioning = false)`,
      );
      const schema: ParquetSchema = Object.fromEntries(
        described.map((row) => [String(row.column_name), String(row.column_type)]),
      );
      return parquetSelect(names, schema, options.keep);
    }
    if (first.format === "log-analytics-csv") {
      const table = `lw_rejects_${rejectIndex++}`;
      csvRejects.push(table);
      return csvSelect(names, csvColumns(first.header ?? []), table, options.keep);
    }
    return formatSelect(first.format, names, first.layout, options.keep);
  };

  for (const group of groups.values()) {
    for (const batch of chunks(group, BATCH_FILES)) {
      try {
        await insert(await selectFor(batch));
      } catch {
        // One unreadable file fails the whole statement: load the batch file by file to name the culprit.
        for (const entry of batch) {
          try {
            await insert(await selectFor([entry]));
          } catch (error) {
            failed.add(entry.file);
            // For JSON, say where it breaks (a truncated or hand-edited document), if the line pass can tell.
            const located = isLineFormat(entry.format) ? await findBadLinesSafely(entry, 1) : undefined;
            const first = located?.lines[0];
            problems.push({
              file: entry.file,
              ...(first ? { line: first.line } : {}),
              message: `cannot read as ${entry.format} (${first ? first.reason : engineMessage(error)}); skipped`,
              level: "error",
            });
          }
        }
      }
    }
  }

  // Unusable rows (no time or no action: unparseable lines among them) carry their file; count them per
  // file, count the usable ones, then keep only the usable rows the `keep` predicate accepts.
  const stats = await db.rows(
    `SELECT ${SOURCE_FILE_COLUMN} AS file, count(*) AS n FROM ${LOCAL_AUDIT_TABLE} GROUP BY ${SOURCE_FILE_COLUMN}`,
  );
  const badByFile = new Map(stats.filter((row) => row.file !== null).map((row) => [String(row.file), Number(row.n)]));
  const usable = Number(stats.find((row) => row.file === null)?.n ?? 0);
  const kept = await compact(db, options.keep);

  const rejectsByFile = new Map<string, { line: number; message: string }[]>();
  for (const table of csvRejects) {
    try {
      const rejects = await db.rows(
        `SELECT s.file_path AS file, e.line AS line, e.error_message AS message FROM ${table} e JOIN ${table}_scan s ON e.scan_id = s.scan_id AND e.file_id = s.file_id ORDER BY s.file_path, e.line`,
      );
      for (const reject of rejects) {
        const list = rejectsByFile.get(String(reject.file)) ?? [];
        list.push({ line: Number(reject.line), message: String(reject.message) });
        rejectsByFile.set(String(reject.file), list);
      }
    } catch {
      // No rejects recorded for this group.
    }
  }

  const limit = options.badLineLimit ?? 20;
  const report: IngestReport = { files: [], events: usable, kept, badLines: 0, problems, skipped };
  for (const entry of sniffed) {
    if (failed.has(entry.file)) continue;
    const bad = badByFile.get(entry.file) ?? 0;
    let badLines = bad;
    const rejects = rejectsByFile.get(entry.file) ?? [];
    if (entry.format === "log-analytics-csv") {
      badLines += rejects.length;
      for (const reject of rejects.slice(0, limit))
        problems.push({
          file: entry.file,
          line: reject.line,
          message: `bad CSV row (${reject.message})`,
          level: "warning",
        });
      if (bad > 0)
        problems.push({
          file: entry.file,
          message: `${bad} row(s) without a readable TimeGenerated or action; skipped`,
          level: "warning",
        });
    } else if (isLineFormat(entry.format) && bad > 0) {
      const found = await findBadLinesSafely(entry, limit);
      if (found) {
        badLines = Math.max(badLines, found.count);
        for (const bad of found.lines)
          problems.push({ file: entry.file, line: bad.line, message: `${bad.reason}; line skipped`, level: "warning" });
        if (found.count > found.lines.length)
          problems.push({
            file: entry.file,
            message: `${found.count - found.lines.length} more bad line(s) not listed`,
            level: "warning",
          });
      }
    } else if (bad > 0) {
      problems.push({
        file: entry.file,
        message: `${bad} record(s) without a readable time or action; skipped`,
        level: "warning",
      });
    }
    report.files.push({ file: entry.file, format: entry.format, badLines });
    report.badLines += badLines;
  }
  return report;
}

/**
 * Leaves only the usable rows the `keep` predicate accepts. With a predicate the table is rebuilt rather than
 * deleted from: most loaded rows are dropped, and a table of mostly deleted rows slows every detection's scan.
 * Returns the number of rows left.
 */
async function compact(db: LocalDatabase, keep: string | undefined): Promise<number> {
  if (!keep) {
    // Only the few unusable rows go: deleting them is cheaper than copying the table.
    await db.run(`DELETE FROM ${LOCAL_AUDIT_TABLE} WHERE ${SOURCE_FILE_COLUMN} IS NOT NULL`);
  } else {
    const rebuilt = `${LOCAL_AUDIT_TABLE}_lw_compact`;
    // Rows the predicate rejected were loaded as NULLs (formats.ts): the kept rows are those with a time.
    await db.run(
      `CREATE OR REPLACE TABLE ${rebuilt} AS SELECT * FROM ${LOCAL_AUDIT_TABLE} WHERE ${SOURCE_FILE_COLUMN} IS NULL AND event_time IS NOT NULL`,
    );
    await db.run(`DROP TABLE ${LOCAL_AUDIT_TABLE}`);
    await db.run(`ALTER TABLE ${rebuilt} RENAME TO ${LOCAL_AUDIT_TABLE}`);
  }
  return Number((await db.rows(`SELECT count(*) AS n FROM ${LOCAL_AUDIT_TABLE}`))[0]?.n ?? 0);
}

async function findBadLinesSafely(entry: SniffedFile, limit: number) {
  try {
    const head = entry.head || headText(entry.file, (await readHead(entry.file)).head);
    return await findBadLines(entry.file, entry.format, head, limit);
  } catch {
    return undefined;
  }
}
