/**
 * Finds the bad lines of a file, with their numbers. DuckDB loads every file in bulk and only tells how
 * many rows of a file were unusable; for those few files this pass streams the lines (or parses the one
 * document) and says which lines and why. It applies the same rule as the load: a record needs a
 * readable time and an action name.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { createGunzip, gunzipSync } from "node:zlib";
import { type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { lineAt } from "../../util/json-file.ts";
import type { JsonLayout, LogFormat } from "./formats.ts";

export interface BadLine {
  line: number;
  reason: string;
}

export interface BadLineReport {
  count: number;
  /** The first bad lines (at most `limit`). */
  lines: BadLine[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const maybeJson = (value: Json | undefined): Json | undefined => {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as Json;
  } catch {
    return value;
  }
};

const text = (value: Json | undefined): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : typeof value === "number" ? String(value) : undefined;

/** Whether a time value is readable the way the load reads it (ISO 8601, LA portal format, epoch s/ms). */
export function readableTime(value: Json | undefined): boolean {
  const t = text(value);
  if (!t) return false;
  if (/^[0-9]{9,14}$/.test(t)) return true;
  if (/^\d{1,2}\/\d{1,2}\/\d{4},? \d{1,2}:\d{2}:\d{2}(\.\d+)? [AP]M$/.test(t)) return true;
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t) && !Number.isNaN(Date.parse(t.replace(/(\.\d{3})\d+/, "$1")));
}

const lastSegment = (value: Json | undefined): string | undefined => text(value)?.split("/").pop() || undefined;

/** Why a parsed record is unusable, or undefined when it is fine. */
export function recordProblem(format: LogFormat, record: Json): string | undefined {
  if (!isObject(record)) return "not a JSON object";
  let time: Json | undefined;
  let action: string | undefined;
  switch (format) {
    case "diagnostic":
    case "eventhub": {
      const properties = maybeJson(record.properties);
      time = record.time;
      action = (isObject(properties) ? text(properties.actionName) : undefined) ?? lastSegment(record.operationName);
      break;
    }
    case "log-analytics-json":
    case "log-analytics-csv":
      time = record.TimeGenerated;
      action = text(record.ActionName) ?? lastSegment(record.OperationName);
      break;
    case "system-table-json":
    case "system-table-parquet":
      time = record.event_time;
      action = text(record.action_name);
      break;
    case "databricks-json":
      time = record.timestamp;
      action = text(record.actionName);
      break;
  }
  // The value is never quoted: a log line may carry a secret in any field.
  if (!readableTime(time))
    return time === undefined ? "no time field" : `unreadable time in field ${TIME_FIELD[format]}`;
  if (!action) return "no action name";
  return undefined;
}

/** The field each format keeps its time in (named in problems instead of its value). */
const TIME_FIELD: Record<LogFormat, string> = {
  diagnostic: "time",
  eventhub: "time",
  "log-analytics-json": "TimeGenerated",
  "log-analytics-csv": "TimeGenerated",
  "system-table-json": "event_time",
  "system-table-parquet": "event_time",
  "databricks-json": "timestamp",
};

/**
 * Why a line is not JSON, from jsonc-parser's error code and offset: JSON.parse's messages quote the
 * text around the error, which may be a secret.
 */
export function jsonSyntaxProblem(text: string): string | undefined {
  const errors: ParseError[] = [];
  parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return undefined;
  return `invalid JSON (${printParseErrorCode(first.error)} at column ${first.offset + 1})`;
}

function lineProblem(format: LogFormat, line: string): string | undefined {
  let value: Json;
  try {
    value = JSON.parse(line) as Json;
  } catch {
    return jsonSyntaxProblem(line) ?? "invalid JSON";
  }
  if (format === "eventhub") {
    if (!isObject(value) || !Array.isArray(value.records)) return 'not an Event Hub message ({"records":[…]})';
    const problems = value.records
      .map((record, index) => {
        const problem = recordProblem("diagnostic", record);
        return problem ? `record ${index + 1}: ${problem}` : undefined;
      })
      .filter((problem): problem is string => problem !== undefined);
    return problems.length ? problems.slice(0, 3).join("; ") : undefined;
  }
  return recordProblem(format, value);
}

/**
 * How a JSON file is laid out, from its first bytes: one array (its first non-blank line opens one), another
 * document (that line is a lone "{", as in a pretty-printed Event Hub message), or one record per line.
 */
export function jsonLayout(head: string): JsonLayout {
  const first =
    head
      .replace(/^\uFEFF/, "")
      .trimStart()
      .split(/\r?\n/, 1)[0]
      ?.trim() ?? "";
  return first.startsWith("[") ? "array" : first === "{" ? "document" : "lines";
}

/** Whether a file holds one JSON document rather than JSON lines (jsonLayout). */
export function isDocumentFile(head: string): boolean {
  return jsonLayout(head) !== "lines";
}

/** Reports the bad lines of a file (streamed when it is JSON lines). `head` is the file's first bytes. */
export async function findBadLines(file: string, format: LogFormat, head: string, limit = 20): Promise<BadLineReport> {
  const gz = file.toLowerCase().endsWith(".gz");
  if (isDocumentFile(head)) {
    const bytes = await readFile(file);
    return documentProblems((gz ? gunzipSync(bytes) : bytes).toString("utf8"), format, limit);
  }
  const report: BadLineReport = { count: 0, lines: [] };
  const lines = createInterface({
    input: gz
      ? createReadStream(file).pipe(createGunzip()).setEncoding("utf8")
      : createReadStream(file, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const raw of lines) {
    number++;
    const line = number === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (line.trim() === "") continue;
    const problem = lineProblem(format, line);
    if (problem) {
      report.count++;
      if (report.lines.length < limit) report.lines.push({ line: number, reason: problem });
    }
  }
  return report;
}

/** A file holding one JSON document (an array of rows, or one Event Hub message). */
function documentProblems(whole: string, format: LogFormat, limit: number): BadLineReport {
  const errors: ParseError[] = [];
  const tree = parseTree(whole, errors, { disallowComments: true });
  const first = errors[0];
  if (first || !tree) {
    return {
      count: 1,
      lines: [
        {
          line: first ? lineAt(whole, first.offset) : 1,
          reason: `invalid JSON (${first ? printParseErrorCode(first.error) : "empty"}); the whole file is unusable`,
        },
      ],
    };
  }
  const value = JSON.parse(whole) as Json;
  const records: { record: Json; offset: number }[] = [];
  const nodes = tree.type === "array" ? (tree.children ?? []) : [];
  if (Array.isArray(value)) {
    for (const [i, record] of value.entries()) records.push({ record, offset: nodes[i]?.offset ?? 0 });
  } else if (isObject(value) && Array.isArray(value.records)) {
    const recordsNode = tree.children?.find((p) => p.children?.[0]?.value === "records")?.children?.[1];
    for (const [i, record] of value.records.entries())
      records.push({ record, offset: recordsNode?.children?.[i]?.offset ?? 0 });
  } else records.push({ record: value, offset: 0 });
  const report: BadLineReport = { count: 0, lines: [] };
  for (const { record, offset } of records) {
    const problem = recordProblem(format === "eventhub" ? "diagnostic" : format, record);
    if (!problem) continue;
    report.count++;
    if (report.lines.length < limit) report.lines.push({ line: lineAt(whole, offset), reason: problem });
  }
  return report;
}
