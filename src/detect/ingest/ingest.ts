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
import { constants as fsConstants } from "node:fs";
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { gunzipSync, constants as zlibConstants } from "node:zlib";
import { LOCAL_AUDIT_TABLE } from "../dialect.ts";
import { safeEngineMessage } from "../engine-errors.ts";
import type { LocalDatabase } from "../local.ts";
import { SOURCE_FILE_COLUMN } from "../schema.ts";
import { findBadLines, jsonLayout } from "./bad-lines.ts";
import { byFile, describeFileType, type LogFile, listLogFiles, mapLimit } from "./files.ts";
import {
  type CsvColumns,
  csvSelect,
  fileList,
  formatSelect,
  isLineFormat,
  type JsonLayout,
  jsonKeys,
  LOG_FORMAT_NAMES,
  type LogFormat,
  laColumns,
  type ParquetSchema,
  parquetSelect,
  REJECTED_COUNTER,
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
  return (await listLogFiles(paths, problems, [])).map((entry) => entry.file);
}

/**
 * Azure's storage delivery path (container insights-logs-<category>, hourly PT1H.json blobs) identifies
 * a diagnostic log without opening it; thousands of hourly files then need no sniffing.
 */
const DIAGNOSTIC_PATH = /[\\/]insights-logs-[^\\/]+[\\/].*[\\/]PT1H\.json$/;

interface SniffedFile {
  file: string;
  format: LogFormat;
  layout: JsonLayout;
  head: string;
  /** CSV header (or the Log Analytics JSON keys), for grouping files that spell their columns alike. */
  header?: string[];
  /** log-analytics-json: the file's name for each Log Analytics field. */
  laNames?: CsvColumns;
}

// O_NONBLOCK: opening a FIFO (swapped in after the listing checked the path) then returns at once
// instead of waiting for a writer; the opened descriptor is checked again before anything is read.
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

class NotRegularFile extends Error {}

async function readHead(file: string): Promise<{ head: Buffer; tail: Buffer; size: number }> {
  const handle = await open(file, OPEN_FLAGS);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new NotRegularFile(describeFileType(info));
    const { size } = info;
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
      message:
        error instanceof NotRegularFile
          ? `not read: it is ${error.message}; lakeward reads only regular files`
          : `cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      level: "error",
    });
    skipped.push(file);
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
  if (sniffed === "log-analytics-json") {
    // The file's own spelling of each column (newer tables write SourceIpAddress).
    const names = laColumns(jsonKeys(head));
    return {
      file,
      format: sniffed,
      layout: jsonLayout(head),
      head,
      laNames: names,
      header: Object.values(names).filter((name): name is string => name !== undefined),
    };
  }
  return { file, format: sniffed, layout: jsonLayout(head), head };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Loads the files under `paths` into the `audit` table of `db`. */
export async function ingest(
  db: LocalDatabase,
  paths: readonly string[],
  options: IngestOptions = {},
): Promise<IngestReport> {
  const problems: IngestProblem[] = [];
  const skipped: string[] = [];
  const files = await listLogFiles(paths, problems, skipped);
  return ingestFiles(db, files, options, { problems, skipped });
}

/** Loads listed files (listLogFiles) into the `audit` table; problems and skips already found are kept. */
export async function ingestFiles(
  db: LocalDatabase,
  files: readonly LogFile[],
  options: IngestOptions = {},
  found: { problems: IngestProblem[]; skipped: string[] } = { problems: [], skipped: [] },
): Promise<IngestReport> {
  const { problems, skipped } = found;
  // Files are recognised 32 at a time; their problems are listed in file order, not in the order reads finish.
  const sniffProblems: IngestProblem[] = [];
  const sniffed = (
    await mapLimit(files, 32, (entry) => sniff(entry.file, options.format, sniffProblems, skipped))
  ).filter((entry): entry is SniffedFile => entry !== undefined);
  problems.push(...sniffProblems.sort(byFile));
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
  // Rows the `keep` predicate rejects are counted by a sequence (formats.ts). A statement that fails has
  // advanced it for rows that will be read again file by file: those steps are taken off.
  const counted = async () => Number((await db.rows(`SELECT currval('${REJECTED_COUNTER}') AS n`))[0]?.n ?? 0) - 1;
  let uncounted = 0;
  if (options.keep) {
    await db.run(`CREATE OR REPLACE SEQUENCE ${REJECTED_COUNTER} START WITH 1`);
    // currval needs one nextval first: it then says 1 for "nothing counted".
    await db.run(`SELECT nextval('${REJECTED_COUNTER}')`);
  }
  const insert = async (select: string) => {
    const before = options.keep ? await counted() : 0;
    try {
      await db.run(`INSERT INTO ${LOCAL_AUDIT_TABLE} BY NAME ${select}`);
    } catch (error) {
      if (options.keep) uncounted += (await counted()) - before;
      throw error;
    }
  };
  const parquetSchema = async (names: readonly string[]): Promise<ParquetSchema> => {
    const described = await db.rows(
      `DESCRIBE SELECT * FROM read_parquet(${fileList(names)}, union_by_name = true, hive_partitioning = false)`,
    );
    return Object.fromEntries(described.map((row) => [String(row.column_name), String(row.column_type)]));
  };
  const selectFor = async (group: SniffedFile[]): Promise<string> => {
    const first = group[0]!;
    const names = group.map((entry) => entry.file);
    if (first.format === "system-table-parquet") return parquetSelect(names, await parquetSchema(names), options.keep);
    if (first.format === "log-analytics-csv") {
      const table = `lw_rejects_${rejectIndex++}`;
      csvRejects.push(table);
      return csvSelect(names, first.header ?? [], table, options.keep);
    }
    return formatSelect(first.format, names, first.layout, options.keep, first.laNames);
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
            problems.push(await unreadableFile(db, entry, error, parquetSchema));
          }
        }
      }
    }
  }

  // Unusable rows (no time or no action: unparseable lines among them) carry their file; count them per
  // file, count the usable ones (those stored and, with a `keep` predicate, those it rejected), then leave
  // only the usable rows stored.
  const stats = await db.rows(
    `SELECT ${SOURCE_FILE_COLUMN} AS file, count(*) AS n FROM ${LOCAL_AUDIT_TABLE} GROUP BY ${SOURCE_FILE_COLUMN}`,
  );
  const badByFile = new Map(stats.filter((row) => row.file !== null).map((row) => [String(row.file), Number(row.n)]));
  const rejected = options.keep ? (await counted()) - uncounted : 0;
  if (options.keep) await db.run(`DROP SEQUENCE ${REJECTED_COUNTER}`);
  const usable = Number(stats.find((row) => row.file === null)?.n ?? 0) + rejected;
  const kept = await compact(db);

  const rejectsByFile = new Map<string, { line: number; message: string; more: number }[]>();
  for (const table of csvRejects) {
    try {
      // The reject's error_message and csv_line quote the row: only its kind and column are reported.
      const rejects = await db.rows(
        `SELECT s.file_path AS file, e.line AS line, e.error_type AS kind, e.column_idx AS col, e.column_name AS name FROM ${table} e JOIN ${table}_scan s ON e.scan_id = s.scan_id AND e.file_id = s.file_id ORDER BY s.file_path, e.line, e.column_idx`,
      );
      // DuckDB records a short row once per missing column: one bad row is one bad line, with its first
      // reason and how many more there were (the rows come sorted by file, line and column).
      for (const reject of rejects) {
        const file = String(reject.file);
        const line = Number(reject.line);
        const list = rejectsByFile.get(file) ?? [];
        const last = list[list.length - 1];
        if (last?.line === line) last.more++;
        else list.push({ line, message: csvRejectText(reject), more: 0 });
        rejectsByFile.set(file, list);
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
          message: `bad CSV row (${reject.message}${reject.more ? ` and ${reject.more} more` : ""})`,
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
 * Leaves only the usable rows: the unusable ones (few; rows the `keep` predicate rejects were never stored)
 * are deleted. Returns the number of rows left.
 */
async function compact(db: LocalDatabase): Promise<number> {
  await db.run(`DELETE FROM ${LOCAL_AUDIT_TABLE} WHERE ${SOURCE_FILE_COLUMN} IS NOT NULL`);
  return Number((await db.rows(`SELECT count(*) AS n FROM ${LOCAL_AUDIT_TABLE}`))[0]?.n ?? 0);
}

/** A CSV reject as text: its kind (TOO MANY COLUMNS, INVALID UNICODE …) and column, never the row. */
function csvRejectText(reject: Record<string, unknown>): string {
  const kind = String(reject.kind ?? "error").toLowerCase();
  const column = Number(reject.col);
  const name =
    typeof reject.name === "string" && /^[A-Za-z_][A-Za-z0-9_ [\]]{0,63}$/.test(reject.name) ? reject.name : "";
  return Number.isFinite(column) && column > 0 ? `${kind} at column ${column}${name ? ` (${name})` : ""}` : kind;
}

/**
 * The problem of a file DuckDB could not read at all, located without quoting it: for JSON lines the first
 * line that does not parse; for Parquet with invalid text, the column and row that hold it.
 */
async function unreadableFile(
  db: LocalDatabase,
  entry: SniffedFile,
  error: unknown,
  parquetSchema: (names: readonly string[]) => Promise<ParquetSchema>,
): Promise<IngestProblem> {
  const base = { file: entry.file, level: "error" as const };
  const reason = safeEngineMessage(error);
  if (isLineFormat(entry.format)) {
    // Where a JSON file breaks (a truncated or hand-edited document), if the line pass can tell.
    const first = (await findBadLinesSafely(entry, 1))?.lines[0];
    if (first)
      return { ...base, line: first.line, message: `cannot read as ${entry.format} (${first.reason}); skipped` };
  }
  if (entry.format === "system-table-parquet" && reason === "invalid UTF-8 text") {
    const where = await locateParquetText(db, entry.file, parquetSchema).catch(() => undefined);
    if (where)
      return {
        ...base,
        message: `cannot read as ${entry.format}: invalid UTF-8 text in column ${where.column}, ${where.row ? `row ${where.row}` : "row not located (the column is decoded page by page)"}; the file was skipped`,
      };
  }
  return { ...base, message: `cannot read as ${entry.format} (${reason}); skipped` };
}

/** At most this many probes to find the row of a bad value (a binary search over 2^30 rows). */
const MAX_ROW_PROBES = 32;

/**
 * Which column (and, when it can be proven, which row) of a Parquet file holds text that is not UTF-8.
 * Each column is decoded on its own (Parquet is columnar, so a probe reads one column), then the rows of
 * the bad one are bisected with the reader's row number. DuckDB applies that filter before decoding plain
 * text columns but decodes maps and lists page by page, so a row is named only when every other row of
 * the column is shown to decode.
 */
async function locateParquetText(
  db: LocalDatabase,
  file: string,
  parquetSchema: (names: readonly string[]) => Promise<ParquetSchema>,
): Promise<{ column: string; row?: number } | undefined> {
  const source = `read_parquet(${fileList([file])}, file_row_number = true, hive_partitioning = false)`;
  const decodes = async (column: string, where = "TRUE") => {
    try {
      await db.rows(`SELECT max(length(CAST(${column} AS VARCHAR))) AS n FROM ${source} WHERE ${where}`);
      return true;
    } catch {
      return false;
    }
  };
  for (const name of Object.keys(await parquetSchema([file]))) {
    if (name === "file_row_number" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    const column = `"${name}"`;
    if (await decodes(column)) continue;
    const total = Number((await db.rows(`SELECT count(*) AS n FROM ${source}`))[0]?.n ?? 0);
    // Rows [0, lo) are known to decode; rows [0, hi) are known not to.
    let lo = 0;
    let hi = total;
    for (let probes = 0; hi - lo > 1 && probes < MAX_ROW_PROBES; probes++) {
      const mid = Math.floor((lo + hi) / 2);
      if (await decodes(column, `file_row_number < ${mid}`)) lo = mid;
      else hi = mid;
    }
    // Row lo (0-based) is the bad one only if every row after it decodes too.
    const proven = hi - lo === 1 && (await decodes(column, `file_row_number > ${lo}`));
    return proven ? { column: name, row: lo + 1 } : { column: name };
  }
  return undefined;
}

async function findBadLinesSafely(entry: SniffedFile, limit: number) {
  try {
    const head = entry.head || headText(entry.file, (await readHead(entry.file)).head);
    return await findBadLines(entry.file, entry.format, head, limit);
  } catch {
    return undefined;
  }
}
