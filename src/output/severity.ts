/**
 * Severity, once for every output: posture results and detection alerts carry the same five severities
 * (src/checks/types.ts), so their order, their worst, their counts and how each format shows them (a
 * terminal colour, a Markdown mark, a SARIF level and GitHub security-severity) live here, read by the
 * report formats of `scan` (src/reports) and of `detect` (src/detect/reports) alike.
 */
import type pc from "picocolors";
import type * as Sarif from "sarif";
import { SEVERITIES, type Severity } from "../checks/types.ts";

type Colors = ReturnType<typeof pc.createColors>;

/** 0 for critical … 4 for info: sorting by it puts the most severe first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** The most severe of some severities (info when there are none). */
export function worstSeverity(severities: readonly Severity[]): Severity {
  return SEVERITIES.find((severity) => severities.includes(severity)) ?? "info";
}

/** How many items of each severity (every severity present, zero when none). */
export function countBySeverity(items: readonly { severity: Severity }[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const item of items) counts[item.severity]++;
  return counts;
}

/** Terminal colours per severity, from the caller's palette, so `color: false` means no escape codes at all. */
export function severityPalette(colors: Colors): Record<Severity, (text: string) => string> {
  return {
    critical: (t) => colors.bold(colors.red(t)),
    high: colors.red,
    medium: colors.yellow,
    low: colors.cyan,
    info: colors.dim,
  };
}

/** "2 high, 1 medium": the non-zero counts, most severe first, each painted when a paint is given. */
export function severityCountsText(
  counts: Partial<Record<Severity, number>>,
  paint: (severity: Severity, text: string) => string = (_, text) => text,
): string {
  return SEVERITIES.filter((severity) => (counts[severity] ?? 0) > 0)
    .map((severity) => paint(severity, `${counts[severity]} ${severity}`))
    .join(", ");
}

/** Markdown (pull-request comments): a coloured square and the word, readable without colour. */
export const SEVERITY_MARK: Record<Severity, string> = {
  critical: "🟥 critical",
  high: "🟧 high",
  medium: "🟨 medium",
  low: "🟦 low",
  info: "⬜ info",
};

/** GitHub maps security-severity to critical (≥ 9.0), high (7.0–8.9), medium (4.0–6.9) and low (0.1–3.9). */
export const SARIF_SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: undefined,
};

export const SARIF_LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};
