/**
 * Reads JSON files so that every error names the file and line. jsonc-parser (the parser behind VS Code's
 * JSON support) gives offsets for syntax errors and for any path in the tree, which plain JSON.parse
 * does not.
 */
import { findNodeAtLocation, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import type { z } from "zod";
import { InputError } from "../errors.ts";
import { type InputKind, readInputText } from "./read-input.ts";

/**
 * Deepest nesting of arrays and objects accepted in any JSON input. lakeward's own files nest about 15
 * levels, ARM templates with nested deployments a few dozen; the recursive parser overflows its stack
 * past a few thousand, so the limit is fixed rather than configurable.
 */
export const MAX_JSON_DEPTH = 512;

export interface ParsedJson {
  file: string;
  text: string;
  value: unknown;
  /** 1-based line of the node at `path`, or of the nearest ancestor that exists. */
  lineOf(path: readonly (string | number)[]): number;
}

/** The line starts of the text last asked about: lineOf is called many times per file, one file after another. */
let indexed: { text: string; starts: number[] } | undefined;

/**
 * 1-based line of an offset. Counting newlines from the start on every call made line lookups quadratic in a
 * template's size (a sizeable share of reading ARM templates, bench:iac); the line starts are indexed once
 * per text and searched.
 */
export function lineAt(text: string, offset: number): number {
  if (indexed?.text !== text) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    indexed = { text, starts };
  }
  // The number of line starts at or before the offset.
  const { starts } = indexed;
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (starts[mid]! <= offset) low = mid + 1;
    else high = mid;
  }
  return Math.max(1, low);
}

/**
 * Where JSON text first nests deeper than `limit` (the offset of the bracket that opens the level past it),
 * or -1: one linear pass that skips strings (and comments in JSONC), so it runs before any recursive code
 * (a parser, structuredClone, a schema) sees the value. Brackets that do not balance are left to the parser.
 */
export function jsonDepthOver(text: string, limit: number, allowComments = false): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \\ */) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > limit) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (depth > 0) depth--;
    } else if (allowComments && c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        const end = text.indexOf("\n", i);
        i = end === -1 ? text.length : end;
      } else if (next === 42 /* * */) {
        const end = text.indexOf("*/", i + 2);
        i = end === -1 ? text.length : end + 1;
      }
    }
  }
  return -1;
}

/** Refuses nesting deeper than MAX_JSON_DEPTH before the recursive parser sees it, naming file and line. */
export function checkJsonDepth(file: string, text: string, allowComments = false): void {
  const at = jsonDepthOver(text, MAX_JSON_DEPTH, allowComments);
  if (at !== -1)
    throw new InputError(
      `${file}: line ${lineAt(text, at)}: nested deeper than ${MAX_JSON_DEPTH} levels (the limit for JSON input)`,
      "No lakeward, Terraform or ARM file nests this deep; check where the file came from.",
    );
}

export function parseJsonText(file: string, text: string, options: { allowComments?: boolean } = {}): ParsedJson {
  checkJsonDepth(file, text, options.allowComments ?? false);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, {
    allowTrailingComma: options.allowComments ?? false,
    disallowComments: !options.allowComments,
  });
  const first = errors[0];
  if (first || !tree) {
    const where = first ? `line ${lineAt(text, first.offset)}` : "line 1";
    const what = first ? printParseErrorCode(first.error) : "empty file";
    throw new InputError(`${file}: ${where}: invalid JSON (${what})`);
  }
  const value: unknown = JSON.parse(options.allowComments ? stripToJson(tree) : text);
  return {
    file,
    text,
    value,
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = findNodeAtLocation(tree, path.slice(0, depth) as (string | number)[]);
        if (node) return lineAt(text, node.offset);
      }
      return 1;
    },
  };
}

/** Rebuilds plain JSON from a jsonc tree (comments and trailing commas removed). */
function stripToJson(node: import("jsonc-parser").Node): string {
  switch (node.type) {
    case "object":
      return `{${(node.children ?? [])
        .map((property) => {
          const [key, value] = property.children ?? [];
          return key && value ? `${JSON.stringify(key.value)}:${stripToJson(value)}` : "";
        })
        .filter(Boolean)
        .join(",")}}`;
    case "array":
      return `[${(node.children ?? []).map(stripToJson).join(",")}]`;
    default:
      return JSON.stringify(node.value);
  }
}

/** Reads a JSON file through the shared input reader (regular files only, the size limit of `kind`). */
export async function readJsonFile(
  file: string,
  options: { kind: InputKind; allowComments?: boolean },
): Promise<ParsedJson> {
  return parseJsonText(file, await readInputText(file, { kind: options.kind }), options);
}

/** Validates parsed JSON against a schema; the first problems are reported with their lines. */
export function validateJson<S extends z.ZodType>(parsed: ParsedJson, schema: S, what: string): z.infer<S> {
  const result = schema.safeParse(parsed.value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const at = path.length ? path.join(".") : "(top level)";
    return `line ${parsed.lineOf(path)}: ${at}: ${issue.message}`;
  });
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : "";
  throw new InputError(`${parsed.file}: not a valid ${what}: ${problems.join("; ")}${more}`);
}
