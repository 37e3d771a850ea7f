/**
 * Error texts of the SQL engines without the values they quote. DuckDB and Databricks SQL put data into
 * their messages — `value "…password=…" is not valid UTF8`, `Could not convert string '…' to INT`, `The
 * value '…' of the type STRING cannot be cast` — and data read from audit logs may hold secrets. Every
 * engine message that reaches a problem, a detection run's error or a report passes through here: known
 * kinds become a fixed description; any other keeps its wording with every quoted value cut out.
 */
import { scrubValue } from "./alerts.ts";

const KINDS: [RegExp, string | ((match: RegExpExecArray) => string)][] = [
  [/invalid string encoding|not valid utf-?8|invalid unicode|utf-?8 (?:error|decoding)/i, "invalid UTF-8 text"],
  [/malformed json[\s\S]*?at byte (\d+)/i, (m) => `malformed JSON at byte ${m[1]}`],
  [/malformed json/i, "malformed JSON"],
  [/no magic bytes|not a parquet file|too small to be a parquet file|invalid parquet/i, "not a valid Parquet file"],
  [/gzip|zlib|inflate|compressed/i, "corrupt or truncated compressed data"],
  [/out of memory|memory limit/i, "out of memory"],
];

/** Errors about the statement itself (a name it uses), not about data: their quoted identifiers are kept. */
const ABOUT_THE_SQL =
  /^(Binder|Catalog|Parser) Error|Referenced column|UNRESOLVED_COLUMN|TABLE_OR_VIEW_NOT_FOUND|PARSE_SYNTAX_ERROR/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;

/**
 * An engine error's first line, fit for a report: no SQL echo, no DuckDB error class prefix, and no value
 * it quoted. A quoted value may itself hold quotes, so nothing after the first quote is trusted: the text
 * is cut there — except in errors about the statement's own names, where double-quoted identifiers are
 * kept up to the first quote that does not enclose one. Anything credential-like left is fingerprinted.
 */
export function safeEngineMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  for (const [pattern, text] of KINDS) {
    const match = pattern.exec(raw);
    if (match) return typeof text === "string" ? text : text(match);
  }
  const firstLine = raw.split("\n")[0] ?? raw;
  const aboutSql = ABOUT_THE_SQL.test(firstLine);
  const first = firstLine.replace(
    /^(IO|Invalid Input|Conversion|Binder|Parser|Catalog|Invalid|Not implemented|Out of Range) Error: /,
    "",
  );
  let kept = "";
  let rest = first;
  for (;;) {
    const quote = rest.search(/["']/);
    if (quote < 0) {
      kept += rest;
      break;
    }
    kept += rest.slice(0, quote);
    const close = rest[quote] === '"' ? rest.indexOf('"', quote + 1) : -1;
    const inner = close > quote ? rest.slice(quote + 1, close) : "";
    if (!aboutSql || close < 0 || !IDENTIFIER.test(inner)) {
      kept += rest[quote] === "'" ? "'…'" : '"…"';
      break;
    }
    kept += `"${inner}"`;
    rest = rest.slice(close + 1);
  }
  const bounded = kept.length > 200 ? `${kept.slice(0, 199)}…` : kept;
  return scrubValue(bounded.trimEnd());
}
