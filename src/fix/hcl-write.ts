/**
 * Writes HCL the way `terraform fmt` lays it out (two-space indent, `=` aligned within a run of one-line
 * attributes, a blank line before a nested block). Hand-written: no npm package writes HCL2 (the ones that
 * exist parse it), and the output is small and fixed in shape. Every generated file is parsed back with the
 * parser `lakeward iac` uses (tests), so a writer bug shows up as a syntax error there.
 *
 * Keys starting with "#" are comments: their string value is written as `# …` lines in place.
 */
import { type HclObject, type HclValue, isBlocks, isExpression } from "../checks/fix-types.ts";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An HCL string literal: JSON escapes, plus the template markers `${` and `%{` doubled. */
export function hclString(text: string): string {
  return JSON.stringify(text).replaceAll("${", "$${").replaceAll("%{", "%%{");
}

export function comment(text: string, indent = ""): string {
  return text
    .split("\n")
    .map((line) => (line ? `${indent}# ${line}` : `${indent}#`))
    .join("\n");
}

function isScalar(value: HclValue): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value) || isExpression(value);
}

export function renderValue(value: HclValue, indent = ""): string {
  if (value === null) return "null";
  if (typeof value === "string") return hclString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isExpression(value)) return value.hcl;
  if (isBlocks(value)) throw new Error("nested blocks are not values");
  if (Array.isArray(value)) {
    const items = value as readonly HclValue[];
    const inline = `[${items.map((item) => renderValue(item, indent)).join(", ")}]`;
    if (items.every(isScalar) && inline.length <= 100 && !inline.includes("\n")) return inline;
    const inner = `${indent}  `;
    return `[\n${items.map((item) => `${inner}${renderValue(item, inner)},`).join("\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as HclObject);
  if (entries.length === 0) return "{}";
  return `{\n${renderEntries(entries, `${indent}  `, true)}\n${indent}}`;
}

function renderKey(key: string, quoteKeys: boolean): string {
  return quoteKeys || !IDENTIFIER.test(key) ? hclString(key) : key;
}

/** Attributes (aligned in runs), comments and nested blocks of one body or object. */
function renderEntries(entries: [string, HclValue][], indent: string, objectKeys: boolean): string {
  const out: string[] = [];
  let run: { key: string; value: string }[] = [];
  const flush = () => {
    const width = Math.max(0, ...run.filter((a) => !a.value.includes("\n")).map((a) => a.key.length));
    for (const a of run)
      out.push(`${indent}${a.value.includes("\n") ? a.key : a.key.padEnd(width)} = ${a.value.trimStart()}`);
    run = [];
  };
  for (const [key, value] of entries) {
    if (key.startsWith("#")) {
      flush();
      out.push(comment(String(value), indent));
      continue;
    }
    if (isBlocks(value)) {
      flush();
      for (const body of value.blocks) {
        if (out.length && !out[out.length - 1]?.trimStart().startsWith("#")) out.push("");
        out.push(renderBlockText(key, [], body, indent));
      }
      continue;
    }
    const text = renderValue(value, indent);
    run.push({ key: renderKey(key, objectKeys), value: text });
    // A multi-line value ends the run: terraform fmt aligns only adjacent one-line attributes.
    if (text.includes("\n")) flush();
  }
  flush();
  return out.join("\n");
}

export function renderBody(body: HclObject, indent = "  "): string {
  return renderEntries(Object.entries(body), indent, false);
}

function renderBlockText(type: string, labels: readonly string[], body: HclObject, indent: string): string {
  const head = [type, ...labels.map(hclString)].join(" ");
  const inner = renderEntries(Object.entries(body), `${indent}  `, false);
  return inner ? `${indent}${head} {\n${inner}\n${indent}}` : `${indent}${head} {}`;
}

/** A top-level block: `resource "type" "name" { … }`, `variable "x" { … }`, `import { … }`. */
export function renderBlock(type: string, labels: readonly string[], body: HclObject): string {
  return renderBlockText(type, labels, body, "");
}
