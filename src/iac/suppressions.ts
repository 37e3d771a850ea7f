/**
 * Inline suppressions: `# lakeward:ignore CHECK-ID[,CHECK-ID…] reason` (also `//` in HCL and in JSONC
 * ARM templates) on a resource's first line or in the comment lines directly above it; in Terraform JSON,
 * a `"//": "lakeward:ignore CHECK-ID reason"` property inside the resource. An optional
 * `expires=YYYY-MM-DD` in the reason bounds it, like a config-file suppression. They are turned into
 * config-file suppressions scoped to the one workspace (src/engine/policy.ts applies them), so a
 * suppressed failure keeps its status, is shown apart with the reason and does not fail --fail-on.
 */
import type { SourceLocation } from "../evidence/fact.ts";

export interface InlineSuppression {
  file: string;
  line: number;
  checks: string[];
  reason: string;
  expires: string | undefined;
}

/** A declared resource that suppressions can sit on. */
export interface Declaration {
  address: string;
  file: string;
  line: number;
  endLine: number;
}

const PATTERN =
  /(?:#|\/\/|\/\*|"\/\/"\s*:\s*")\s*lakeward:ignore\s+([A-Za-z]+-\d+(?:\s*,\s*[A-Za-z]+-\d+)*)\s*(.*?)\s*(?:\*\/|",?)?\s*$/;

/** Terraform JSON has no comments; its comment property `"//": "…"` inside a resource carries the suppression. */
const JSON_COMMENT_PROPERTY = /^\s*"\/\/"\s*:/;

export function findSuppressions(file: string, text: string): { found: InlineSuppression[]; problems: string[] } {
  const found: InlineSuppression[] = [];
  const problems: string[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, index) => {
    if (!raw.includes("lakeward:ignore")) return;
    const match = PATTERN.exec(raw);
    if (!match) {
      problems.push(`${file}:${index + 1}: lakeward:ignore without a check id is ignored`);
      return;
    }
    let reason = (match[2] ?? "").replace(/^[-:–—]\s*/, "");
    const expiry = /\bexpires=(\d{4}-\d{2}-\d{2})\b/.exec(reason);
    if (expiry) reason = reason.replace(expiry[0], "").trim();
    if (!reason) {
      problems.push(
        `${file}:${index + 1}: lakeward:ignore ${match[1]} has no reason and is ignored (say why the risk is accepted)`,
      );
      return;
    }
    found.push({
      file,
      line: index + 1,
      checks: (match[1] ?? "").split(",").map((id) => id.trim().toUpperCase()),
      reason,
      expires: expiry?.[1],
    });
  });
  return { found, problems };
}

/** Whether the suppression sits on the declaration's first line or in the comment lines just above it. */
export function appliesTo(suppression: InlineSuppression, declaration: Declaration, text: string): boolean {
  if (suppression.file !== declaration.file) return false;
  if (suppression.line === declaration.line) return true;
  const lines = text.split("\n");
  if (suppression.line > declaration.line)
    return suppression.line <= declaration.endLine && JSON_COMMENT_PROPERTY.test(lines[suppression.line - 1] ?? "");
  for (let line = suppression.line + 1; line < declaration.line; line++) {
    const content = (lines[line - 1] ?? "").trim();
    if (content && !/^(#|\/\/|\/\*|\*)/.test(content)) return false;
  }
  return true;
}

/** Whether a result location falls inside the declaration. */
export function within(location: SourceLocation, declaration: Declaration): boolean {
  return (
    location.file === declaration.file && location.line >= declaration.line && location.line <= declaration.endLine
  );
}
