/**
 * Edits to the user's own HCL, in place: a setting's path is followed through the concrete syntax tree
 * (tree-sitter, the parser `lakeward iac` uses) of the resource block, and only the expression that holds
 * the value — or one new line where it is missing — changes, so the patch is as small as a reviewer would
 * write it. Indices are string offsets (web-tree-sitter parses JavaScript strings in UTF-16).
 */
import type { Node } from "web-tree-sitter";
import type { HclObject, HclValue } from "../checks/fix-types.ts";
import { applyToBody, isMapStep, parseStep } from "./declare.ts";
import { comment, renderBody, renderValue } from "./hcl-write.ts";

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

const children = (node: Node): Node[] => node.children.filter((c): c is Node => c !== null);

export function bodyOf(block: Node): Node | undefined {
  return children(block).find((c) => c.type === "body");
}

function identifier(node: Node): string {
  return children(node).find((c) => c.type === "identifier")?.text ?? "";
}

export function attributesOf(body: Node | undefined): Node[] {
  return body ? children(body).filter((c) => c.type === "attribute") : [];
}

export function blocksOf(body: Node | undefined, name?: string): Node[] {
  return body ? children(body).filter((c) => c.type === "block" && (name === undefined || identifier(c) === name)) : [];
}

export function attributeNamed(body: Node | undefined, name: string): Node | undefined {
  return attributesOf(body).find((a) => identifier(a) === name);
}

export function expressionOf(attribute: Node): Node | undefined {
  return children(attribute).find((c) => c.type === "expression");
}

/** A string or bare-word literal's text ("users" → users); null for anything else. */
export function literalText(expression: Node | undefined): string | null {
  if (!expression) return null;
  const text = expression.text.trim();
  if (/^"[^"$%\\]*"$/.test(text)) return text.slice(1, -1);
  if (/^(true|false|-?\d+(\.\d+)?)$/.test(text)) return text;
  return null;
}

/** The block labels of a top-level block: resource "type" "name" → [type, name]. */
export function labelsOf(block: Node): string[] {
  return children(block)
    .filter((c) => c.type === "string_lit" || (c.type === "identifier" && c !== children(block)[0]))
    .map((c) => (c.type === "string_lit" ? c.text.slice(1, -1) : c.text));
}

function lineStart(text: string, index: number): number {
  return text.lastIndexOf("\n", index - 1) + 1;
}

function indentAt(text: string, index: number): string {
  const start = lineStart(text, index);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? "";
}

/** Inserts lines just before a closing brace node, on their own lines. */
function insertBefore(text: string, closing: Node, lines: string, outerIndent: string): TextEdit {
  const start = lineStart(text, closing.startIndex);
  if (/^[ \t]*$/.test(text.slice(start, closing.startIndex))) return { start, end: start, text: `${lines}\n` };
  return { start: closing.startIndex, end: closing.startIndex, text: `\n${lines}\n${outerIndent}` };
}

function closingOf(node: Node, type: "block_end" | "object_end"): Node | undefined {
  if (type === "object_end") return children(node).find((c) => c.type === "object_end");
  return children(node).find((c) => c.type === "block_end");
}

/** The object literal of an attribute's expression, or undefined when the value is anything else. */
function objectOf(attribute: Node): Node | undefined {
  const value = expressionOf(attribute);
  const collection = value && children(value).find((c) => c.type === "collection_value");
  return collection && children(collection).find((c) => c.type === "object");
}

function objectKey(element: Node): string | null {
  const key = children(element).find((c) => c.type === "expression");
  if (!key) return null;
  const text = key.text.trim();
  return /^"[^"]*"$/.test(text) ? text.slice(1, -1) : /^[\w-]+$/.test(text) ? text : null;
}

export type EditResult = { ok: true; edits: TextEdit[] } | { ok: false; reason: string };

/** The comment line(s) naming the check, or nothing when the resource already names it (note undefined). */
const noted = (note: string | undefined, indent: string) => (note ? `${comment(note, indent)}\n` : "");

/** A comment above an existing line, as an edit (none without a note). */
function noteAbove(text: string, node: Node, note: string | undefined, indent: string): TextEdit[] {
  if (!note) return [];
  const start = lineStart(text, node.startIndex);
  return [{ start, end: start, text: noted(note, indent) }];
}

export interface SetOptions {
  /** The comment naming the check above each new or changed line; undefined: no comment. */
  note?: string | undefined;
  /** Leave a value that is already there (a tag the user set) as it is. */
  ifAbsent?: boolean | undefined;
}

/**
 * The edits that set `path` to `value` inside one block (a resource, or a nested block), a comment naming
 * the check above each new or changed line. Fails (with why) where the value is held by an expression
 * lakeward will not rewrite (a `merge(…)`, a variable): that change is left to the reviewer. The edits of
 * one call never overlap; apply them before the next change to the same text (the caller re-parses).
 */
export function setInBlock(
  text: string,
  block: Node,
  path: readonly string[],
  value: HclValue,
  options: SetOptions = {},
): EditResult {
  const { note, ifAbsent } = options;
  const [first, ...rest] = path;
  const body = bodyOf(block);
  const closing = closingOf(block, "block_end");
  if (first === undefined || !closing) return { ok: false, reason: "nothing to set" };
  const indent = `${indentAt(text, block.startIndex)}  `;
  const { name, select, existing } = parseStep(first);
  if (rest.length === 0) {
    const attribute = attributeNamed(body, name);
    if (attribute) {
      const expression = expressionOf(attribute);
      if (!expression) return { ok: false, reason: `${name} has no value` };
      const rendered = renderValue(value, indent);
      if (ifAbsent || expression.text.trim() === rendered) return { ok: true, edits: [] };
      return {
        ok: true,
        edits: [
          ...noteAbove(text, attribute, note, indent),
          { start: expression.startIndex, end: expression.endIndex, text: rendered },
        ],
      };
    }
    const line = `${noted(note, indent)}${renderBody({ [name]: value }, indent)}`;
    return { ok: true, edits: [insertBefore(text, closing, line, indent.slice(2))] };
  }
  if (!select && isMapStep(name, rest)) {
    // A map attribute (custom_config, spark_conf, tags): the key inside its object literal.
    const key = rest[0]!;
    const attribute = attributeNamed(body, name);
    if (!attribute) {
      const map: Record<string, HclValue> = {};
      applyToBody(map, [key], value);
      const line = `${noted(note, indent)}${renderBody({ [name]: map }, indent)}`;
      return { ok: true, edits: [insertBefore(text, closing, line, indent.slice(2))] };
    }
    const object = objectOf(attribute);
    const end = object && closingOf(object, "object_end");
    if (!object || !end)
      return {
        ok: false,
        reason: `${name} is an expression (${expressionOf(attribute)?.text.split("\n")[0]}), not a map lakeward edits`,
      };
    const inner = `${indentAt(text, attribute.startIndex)}  `;
    const element = children(object).find((c) => c.type === "object_elem" && objectKey(c) === key);
    const rendered = renderValue(value, inner);
    if (element) {
      const valueNode = children(element).filter((c) => c.type === "expression")[1];
      if (!valueNode) return { ok: false, reason: `${name}.${key} has no value` };
      if (ifAbsent || valueNode.text.trim() === rendered) return { ok: true, edits: [] };
      return {
        ok: true,
        edits: [
          ...noteAbove(text, element, note, inner),
          { start: valueNode.startIndex, end: valueNode.endIndex, text: rendered },
        ],
      };
    }
    const line = `${noted(note, inner)}${inner}${JSON.stringify(key)} = ${rendered}`;
    return { ok: true, edits: [insertBefore(text, end, line, inner.slice(2))] };
  }
  // A nested block (custom_parameters, access_control[group_name=users], job_cluster → new_cluster).
  let nested = blocksOf(body, name);
  if (select)
    nested = nested.filter((b) => {
      const attribute = attributeNamed(bodyOf(b), select[0]);
      return attribute !== undefined && literalText(expressionOf(attribute)) === select[1];
    });
  if (nested.length === 0) {
    if (existing) return { ok: true, edits: [] };
    if (select && blocksOf(body, name).length && rest.length === 1 && rest[0] === select[0])
      return { ok: true, edits: [] }; // renaming a selected block that is not there: nothing to change
    const created: Record<string, HclValue> = {};
    applyToBody(created, path, value);
    const line = `${noted(note, indent)}${renderBody(created as HclObject, indent)}`;
    return { ok: true, edits: [insertBefore(text, closing, line, indent.slice(2))] };
  }
  const edits: TextEdit[] = [];
  for (const target of nested) {
    const result = setInBlock(text, target, rest, value, options);
    if (!result.ok) return result;
    edits.push(...result.edits);
  }
  return { ok: true, edits };
}

/** Applies edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}
