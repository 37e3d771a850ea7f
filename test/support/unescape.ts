/**
 * A report's text with each format's escapes undone — HTML/XML entities, Markdown backslashes and word
 * joiners, JSON \u escapes, doubled CSV quotes — so that canary tests find an escaped secret too.
 */
export function unescaped(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    .replace(/\\([\\`*_[\]()#|~!-])/g, "$1")
    .replace(/\u2060/g, "")
    .replace(/""/g, '"');
}
