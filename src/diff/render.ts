/** The diff in the terminal and as JSON. */
import pc from "picocolors";
import type { Change, DiffDocument } from "./diff.ts";

const KIND_LABEL: Record<Change["kind"], string> = {
  new_failure: "NEW FAIL",
  pass_to_unknown: "UNKNOWN",
  resolved: "RESOLVED",
  status_changed: "CHANGED",
  evidence_changed: "EVIDENCE",
};

function verdictText(v: Change["before"]): string {
  return v.suppressed ? `${v.status} (suppressed)` : v.status;
}

function sideText(side: DiffDocument["old"]): string {
  const what = side.kind === "snapshot" ? "snapshot, judged now" : `results v${side.schemaVersion ?? "?"}`;
  return `${side.file} (${what}${side.profile ? `, profile ${side.profile}` : ""}${side.generatedAt ? `, ${side.generatedAt}` : ""}, ${side.workspaces} workspace${side.workspaces === 1 ? "" : "s"})`;
}

export function renderDiffConsole(diff: DiffDocument, options: { color?: boolean } = {}): string {
  const c = pc.createColors(options.color ?? false);
  const paint: Record<Change["kind"], (text: string) => string> = {
    new_failure: c.red,
    pass_to_unknown: c.magenta,
    resolved: c.green,
    status_changed: c.yellow,
    evidence_changed: c.cyan,
  };
  const lines = [c.bold("lakeward diff"), `  OLD ${sideText(diff.old)}`, `  NEW ${sideText(diff.new)}`, ""];
  for (const note of diff.notes) lines.push(c.yellow(`note: ${note}`));
  if (diff.notes.length) lines.push("");
  if (!diff.comparable) {
    lines.push(c.red("Nothing compared: the two files share no workspace."));
    return `${lines.join("\n")}\n`;
  }
  const byWorkspace = new Map<string, Change[]>();
  for (const change of diff.changes)
    byWorkspace.set(change.workspace, [...(byWorkspace.get(change.workspace) ?? []), change]);
  for (const [workspace, changes] of byWorkspace) {
    lines.push(c.bold(workspace));
    for (const change of changes) {
      const head = `  ${paint[change.kind](KIND_LABEL[change.kind].padEnd(9))}${change.severity.padEnd(9)}${change.checkId.padEnd(9)}`;
      const transition =
        change.kind === "evidence_changed"
          ? `still ${verdictText(change.after)}`
          : `${verdictText(change.before)} → ${verdictText(change.after)}`;
      lines.push(`${head}${change.title} (${transition})${change.worse ? c.red(" ▲ worse") : ""}`);
      if (change.kind !== "resolved" && change.after.message) lines.push(`${" ".repeat(29)}${change.after.message}`);
      if (change.resources.added.length) lines.push(`${" ".repeat(29)}+ ${change.resources.added.join(", ")}`);
      if (change.resources.removed.length) lines.push(`${" ".repeat(29)}- ${change.resources.removed.join(", ")}`);
      for (const e of change.evidence)
        lines.push(`${" ".repeat(29)}${e.label}: ${e.before ?? "(absent)"} → ${e.after ?? "(absent)"}`);
    }
    lines.push("");
  }
  if (diff.changes.length === 0) lines.push("No changes in the workspaces both files have.", "");
  const s = diff.summary;
  lines.push(
    `${s.newFailures} new failure${s.newFailures === 1 ? "" : "s"} · ${s.passToUnknown} pass→unknown · ${s.resolved} resolved · ${s.statusChanges} other status change${s.statusChanges === 1 ? "" : "s"} · ${s.evidenceChanges} evidence change${s.evidenceChanges === 1 ? "" : "s"}`,
  );
  lines.push(
    s.worse
      ? c.red(`Worse: ${s.worse} change${s.worse === 1 ? "" : "s"} at or above --fail-on ${diff.failOn} (exit 1).`)
      : c.green(`Nothing got worse at or above --fail-on ${diff.failOn}.`),
  );
  return `${lines.join("\n")}\n`;
}

export function renderDiffJson(diff: DiffDocument): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}
