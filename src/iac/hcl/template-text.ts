/**
 * How a heredoc's text becomes its value, shared by both HCL parsers (parse.ts's tree-sitter converter and
 * fast-parse.ts), so that the two cannot drift apart on it: the rest of the opening line and the closing
 * line's indentation are dropped, and with `<<-` the common indentation of the non-blank lines.
 */
import type { Expr } from "./ast.ts";

/**
 * A heredoc from its template: the text from just after the opening identifier up to the closing one, with
 * its interpolations (`$${` and `%%{` already read as the literal `${` and `%{`).
 */
export function finishHeredoc(inner: Expr, strip: boolean, openId: string, line: number): Expr {
  if (inner.kind === "unsupported") return inner;
  const fix = (text: string, first: boolean, last: boolean) => {
    let out = text;
    if (first) out = out.replace(/^[^\n]*\n/, "");
    if (last) out = out.replace(/[ \t]*$/, "");
    return out;
  };
  let parts: (string | Expr)[] =
    inner.kind === "template" ? inner.parts : inner.kind === "literal" ? [String(inner.value ?? "")] : [];
  parts = parts.map((part, i) => {
    if (typeof part !== "string") return part;
    let text = part;
    if (i === 0) text = text.replace(new RegExp(`^${openId}`), "");
    return fix(text, i === 0, i === parts.length - 1);
  });
  if (strip) {
    const lines = parts
      .filter((p): p is string => typeof p === "string")
      .join("\u0000")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const indent = Math.min(...lines.map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0));
    if (Number.isFinite(indent) && indent > 0) {
      const re = new RegExp(`(^|\\n)[ \\t]{0,${indent}}`, "g");
      parts = parts.map((part, i) =>
        typeof part === "string" ? (i === 0 ? part.replace(/^[ \t]*/, "") : part).replace(re, "$1") : part,
      );
    }
  }
  if (parts.every((p) => typeof p === "string")) return { kind: "literal", value: parts.join(""), line };
  return { kind: "template", parts, line };
}
