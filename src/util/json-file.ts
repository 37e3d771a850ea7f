/**
 * Reads JSON files so that every error names the file and line. jsonc-parser (the parser behind VS Code's
 * JSON support) gives offsets for syntax errors and for any path in the tree, which plain JSON.parse
 * does not.
 */
import { readFile } from "node:fs/promises";
import { findNodeAtLocation, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import type { z } from "zod";
import { InputError } from "../errors.ts";

export interface ParsedJson {
  file: string;
  text: string;
  value: unknown;
  /** 1-based line of the node at `path`, or of the nearest ancestor that exists. */
  lineOf(path: readonly (string | number)[]): number;
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function parseJsonText(file: string, text: string, options: { allowComments?: boolean } = {}): ParsedJson {
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

export async function readJsonFile(file: string, options: { allowComments?: boolean } = {}): Promise<ParsedJson> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${file}: cannot read (${code === "ENOENT" ? "no such file" : (code ?? String(error))})`,
      code === "ENOENT" ? "Check the path; it is resolved from the current directory." : undefined,
    );
  }
  return parseJsonText(file, text, options);
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
