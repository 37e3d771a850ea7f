/**
 * The terminal report: a table of workspaces, then per workspace its score, its counts and its failed
 * and unknown checks grouped by severity. Lines are cut to the terminal's width; colours follow
 * picocolors' detection (off when not a TTY or with NO_COLOR).
 */
import pc from "picocolors";

type Colors = ReturnType<typeof pc.createColors>;

import { SEVERITIES } from "../checks/types.ts";
import type { CheckResult, WorkspaceResult } from "../engine/evaluate.ts";
import { countBySeverity, severityCountsText, severityPalette } from "../output/severity.ts";
import type { ResultsDocument } from "./results-document.ts";

export interface ConsoleOptions {
  width?: number;
  color?: boolean;
  /**
   * At most this many failed checks listed per workspace, one line each, most severe first; the rest are
   * counted by severity. For a terminal showing many workspaces; files and single workspaces list all.
   */
  failuresPerWorkspace?: number;
}

/** How many failed checks a terminal shows per workspace when it shows several (`--full` shows all). */
export const TERMINAL_FAILURES_PER_WORKSPACE = 8;

function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length <= width ? flat : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

/** Cuts the middle out of a long name: its end (a file and line, an instance key) is what tells names apart. */
function truncateMiddle(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ");
  if (flat.length <= width) return flat;
  const head = Math.ceil((width - 1) * 0.4);
  return `${flat.slice(0, head)}…${flat.slice(flat.length - (width - 1 - head))}`;
}

/** Wraps text at word boundaries to `width` columns, at most `maxLines` lines (the last one cut with …). */
function wrap(text: string, width: number, maxLines = 3): string[] {
  const words = text.replace(/\s+/g, " ").trim().split(" ");
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = truncate(`${kept[maxLines - 1]} ${lines.slice(maxLines).join(" ")}`, width);
    return kept.map((line) => truncate(line, width));
  }
  return lines.map((line) => truncate(line, width));
}

function scoreText(score: number | null, colors: Colors): string {
  if (score === null) return colors.dim("—");
  const text = `${score}/100`;
  return score >= 90 ? colors.green(text) : score >= 60 ? colors.yellow(text) : colors.red(text);
}

export function renderConsole(document: ResultsDocument, options: ConsoleOptions = {}): string {
  const width = Math.max(60, Math.min(options.width ?? 100, 160));
  const colors = pc.createColors(options.color ?? pc.isColorSupported);
  const lines: string[] = [];
  const { summary } = document;
  lines.push(
    colors.bold(`lakeward ${document.tool.version}`) +
      colors.dim(
        ` · profile ${document.profile} · ${summary.workspaces} workspace${summary.workspaces === 1 ? "" : "s"} · ${document.checks.length} checks`,
      ),
  );
  lines.push("");
  for (const problem of document.problems ?? []) {
    const label = problem.fatal ? colors.red("not read".padEnd(8)) : colors.yellow("note".padEnd(8));
    wrap(problem.message, width - 10, 4).forEach((line, i) => {
      lines.push(`${i ? " ".repeat(8) : label}  ${line}`);
    });
  }
  if (document.problems?.length) lines.push("");

  if (document.workspaces.length > 1) {
    // The numbers take 36 columns; the name gets the rest, up to 72.
    const nameWidth = Math.min(
      Math.max(24, Math.min(72, width - 38)),
      Math.max(9, ...document.workspaces.map((w) => w.workspace.name.length)),
    );
    lines.push(colors.dim(`${"workspace".padEnd(nameWidth)}  score    pass  fail  unknown  n/a`));
    for (const workspace of document.workspaces) {
      const c = workspace.counts;
      const score = workspace.score === null ? "—" : String(workspace.score);
      lines.push(
        `${truncateMiddle(workspace.workspace.name, nameWidth).padEnd(nameWidth)}  ${score.padStart(5)}  ${String(c.pass).padStart(6)}  ${String(c.fail).padStart(4)}  ${String(c.unknown).padStart(7)}  ${String(c.not_applicable).padStart(3)}`,
      );
    }
    lines.push("");
  }

  let cut = false;
  for (const workspace of document.workspaces) {
    const rendered = renderWorkspace(workspace, width, colors, options.failuresPerWorkspace);
    cut ||= rendered.cut;
    lines.push(...rendered.lines, "");
  }
  // IaC scans: what a configuration cannot show, once for the whole run (it is in no workspace's score).
  const notJudged = document.notJudged ?? [];
  if (notJudged.length) {
    const head = colors.dim("not judged from IaC  ");
    const body = wrap(
      `${notJudged.length} checks read what only the live workspace, account, Entra ID or audit logs hold, so a configuration cannot show them; they are out of the score (run lakeward scan on the deployed workspace): ${notJudged.map((entry) => entry.checkId).join(" ")}`,
      width - 21,
      12,
    );
    lines.push(head + (body[0] ?? ""), ...body.slice(1).map((line) => `${" ".repeat(21)}${line}`), "");
  }
  const notes = [
    ...(cut
      ? [
          "Only the most severe failures of each workspace are listed here: --full lists every one; the report files (--output-dir) always do.",
        ]
      : []),
    "Unknown means lakeward could not judge: evidence unread, or a setting read but never set with no documented default; it is never counted as a pass. `lakeward checks explain ID` tells how to fix a finding.",
  ];
  for (const note of notes) lines.push(...wrap(note, width, 4).map((line) => colors.dim(line)));
  return `${lines.join("\n")}\n`;
}

function renderWorkspace(
  workspace: WorkspaceResult,
  width: number,
  colors: Colors,
  failuresPerWorkspace?: number,
): { lines: string[]; cut: boolean } {
  const lines: string[] = [];
  const where = [workspace.workspace.host, workspace.workspace.location].filter(Boolean).join(" · ");
  lines.push(`${colors.bold(workspace.workspace.name)}${where ? colors.dim(`  ${where}`) : ""}`);
  const readAs = workspace.collection.readAs;
  if (readAs && (!readAs.workspaceAdmin || readAs.metastoreAdmin === false))
    lines.push(
      ...wrap(
        `read as ${readAs.name}, ${readAs.workspaceAdmin ? "not a metastore admin" : "not a workspace admin"}: some lists may be incomplete, so a check that would pass on them is unknown`,
        width - 4,
      ).map((line, i) => colors.yellow(`  ${i ? "  " : ""}${line}`)),
    );
  const c = workspace.counts;
  lines.push(
    `  score ${scoreText(workspace.score, colors)}   ${colors.green(`pass ${c.pass}`)}  ${c.fail ? colors.red(`fail ${c.fail}`) : `fail 0`}  ${c.unknown ? colors.magenta(`unknown ${c.unknown}`) : "unknown 0"}  ${colors.dim(`n/a ${c.not_applicable}`)}${c.manual ? `  manual ${c.manual}` : ""}`,
  );
  const fatal = workspace.collection.problems.filter((problem) => problem.fatal);
  for (const problem of fatal) {
    lines.push(`  ${colors.magenta(truncate(`! ${problem.source}: ${problem.message}`, width - 2))}`);
    if (problem.hint) lines.push(...wrap(problem.hint, width - 4, 3).map((line) => colors.dim(`    ${line}`)));
  }
  // The problems the progress lines counted, each distinct message once with the endpoints it came from.
  const bySource = new Map<string, string[]>();
  for (const problem of workspace.collection.problems.filter((p) => !p.fatal))
    bySource.set(problem.message, [...(bySource.get(problem.message) ?? []), problem.source]);
  for (const [message, sources] of bySource) {
    const text = `! ${message} — ${sources.length > 1 ? `${sources.length} reads: ` : ""}${sources.join(", ")}`;
    const body = wrap(text, width - 4, failuresPerWorkspace === undefined ? 4 : 2);
    lines.push(...body.map((line, i) => colors.yellow(`  ${i ? "  " : ""}${line}`)));
  }

  const capped = failuresPerWorkspace !== undefined;
  const row = (label: string, paint: (text: string) => string, result: CheckResult) => {
    const head = `  ${label.padEnd(9)}${result.checkId.padEnd(9)}`;
    // IaC results say where, as Checkov's "File: main.tf:7" does: where the last fact it read (the one that decided) is declared.
    const at = result.locations?.[result.locations.length - 1];
    const body = wrap(`${at ? `${at.file}:${at.line} · ` : ""}${result.message}`, width - head.length, capped ? 1 : 3);
    lines.push(paint(head) + (body[0] ?? ""), ...body.slice(1).map((line) => `${" ".repeat(head.length)}${line}`));
  };
  const failures = SEVERITIES.flatMap((severity) =>
    workspace.results.filter((r) => r.status === "fail" && r.severity === severity),
  );
  const shown = capped ? failures.slice(0, failuresPerWorkspace) : failures;
  const paint = severityPalette(colors);
  for (const result of shown) row(result.severity, paint[result.severity], result);
  const hidden = failures.slice(shown.length);
  if (hidden.length) {
    lines.push(
      colors.dim(
        `  … ${hidden.length} more failed check${hidden.length === 1 ? "" : "s"} (${severityCountsText(countBySeverity(hidden))})`,
      ),
    );
  }
  // Unknown results of a fatally unreadable workspace all say the same thing; the line above covers them.
  const unknowns = workspace.results.filter((r) => r.status === "unknown");
  if (fatal.length && unknowns.length > 3) {
    lines.push(colors.magenta(`  unknown  ${unknowns.length} checks could not be judged (see above)`));
  } else {
    // Many checks often share one reason (no account API given, objects not declared in IaC): say it once.
    const groups = new Map<string, CheckResult[]>();
    for (const result of unknowns) {
      const reason = result.evidence.find((e) => e.reason)?.reason ?? result.message;
      groups.set(reason, [...(groups.get(reason) ?? []), result]);
    }
    for (const [reason, results] of groups) {
      if (results.length < 3) {
        for (const result of results) row("unknown", colors.magenta, result);
        continue;
      }
      const head = "  unknown  ";
      const body = wrap(`${results.map((r) => r.checkId).join(" ")}: ${reason}`, width - head.length);
      lines.push(
        colors.magenta(head) + (body[0] ?? ""),
        ...body.slice(1).map((line) => `${" ".repeat(head.length)}${line}`),
      );
    }
  }
  if (c.fail === 0 && c.unknown === 0)
    lines.push(colors.green(`  every check of this profile passes or does not apply`));
  return { lines, cut: hidden.length > 0 };
}

/**
 * The one-line summary printed when the console report itself was not asked for (only files were): what
 * was judged and the counts, as Prowler and Checkov print after writing their files.
 */
export function renderShortSummary(document: ResultsDocument, options: { color?: boolean } = {}): string {
  const colors = pc.createColors(options.color ?? false);
  const { summary } = document;
  const c = summary.counts;
  const scores = document.workspaces.map((w) => w.score).filter((s): s is number => s !== null);
  const scoreText =
    scores.length === 0
      ? "no score (nothing could be judged)"
      : scores.length === 1
        ? `score ${scores[0]}/100`
        : `scores ${Math.min(...scores)}–${Math.max(...scores)}`;
  const counts = [
    c.fail ? colors.red(`${c.fail} fail`) : "0 fail",
    c.unknown ? colors.magenta(`${c.unknown} unknown`) : "0 unknown",
    colors.green(`${c.pass} pass`),
    `${c.not_applicable} n/a`,
    ...(c.manual ? [`${c.manual} manual`] : []),
  ];
  return `lakeward: ${summary.workspaces} workspace${summary.workspaces === 1 ? "" : "s"} · ${document.checks.length} checks · profile ${document.profile}: ${counts.join(", ")} · ${scoreText}\n`;
}
