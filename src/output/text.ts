/**
 * Text for each output format, once for posture results and detection alerts: both carry strings chosen
 * by others (workspace settings, cluster names, log principals, user agents), and each format makes them
 * inert in its own way — a spreadsheet formula, an XML control character, Markdown or HTML markup.
 */

/** GitHub's limit for an issue or pull-request comment body. */
export const GITHUB_COMMENT_LIMIT = 65_536;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises a CSV cell that a spreadsheet would evaluate as a formula. */
export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** True for characters XML 1.0 cannot carry: C0 controls other than tab, newline and carriage return, U+FFFE/F. */
function invalidInXml(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
}

/** Text XML 1.0 can carry: each character it cannot becomes U+FFFD (xmlbuilder2 escapes the rest). */
export function xmlText(text: string): string {
  let out = "";
  for (const char of text) out += invalidInXml(char.charCodeAt(0)) ? "\uFFFD" : char;
  return out;
}

/** Escapes text for Markdown paragraphs and table cells. */
export function mdText(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]()#|~!])/g, "\\$1")
    .replace(/@/g, "@\u2060");
}

/** Escapes text inside raw HTML in Markdown (a <summary>), where Markdown escapes would show literally. */
export function htmlText(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/@/g, "@\u2060");
}

/** "2026-11-02 09:14:03Z": an ISO time, shorter. */
export function shortTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}
