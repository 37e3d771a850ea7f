/**
 * Markdown sized for a pull-request comment: a summary table per workspace, the failed checks by
 * severity, unknown results (loudly: they are not passes), suppressed failures, then one collapsible
 * <details> per finding with evidence, rationale and both fixes. GitHub rejects comments over 65,536
 * characters, so sections are added in that order until the budget is spent and the rest is replaced by
 * a note saying what was left out.
 *
 * Workspace-supplied text (names, messages, evidence values) is escaped: HTML special characters become
 * entities, Markdown punctuation is backslash-escaped, line breaks become spaces, and "@" is followed by
 * an invisible word joiner so a cluster named "@org/team" cannot mention anyone.
 */
import { CATEGORIES } from "../checks/types.ts";
import { SEVERITY_MARK } from "../output/severity.ts";
import { GITHUB_COMMENT_LIMIT, htmlText, mdText } from "../output/text.ts";
import type { ResultsDocument } from "./results-document.ts";
import {
  type CheckInfo,
  checkCatalogue,
  compareResults,
  DISPLAY_LABEL,
  displayStatus,
  documentTime,
  formatValue,
  type ResultEntry,
  runFailures,
  type WorkspaceReport,
} from "./shared.ts";
import { categoryScores } from "./views.ts";

export interface MarkdownOptions {
  /** Maximum length in UTF-16 code units (never more than the characters GitHub counts). */
  maxLength?: number;
}

export { GITHUB_COMMENT_LIMIT, mdText };

function fence(code: string, language = ""): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const marks = "`".repeat(longest + 1);
  return `${marks}${language}\n${code}\n${marks}`;
}

function scoreText(score: number | null): string {
  return score === null ? "—" : `${score}/100`;
}

function detailsBlock(result: ResultEntry, workspace: WorkspaceReport, check: CheckInfo | undefined, at: Date): string {
  const shown = displayStatus(result, at);
  const summary = `<b>${htmlText(DISPLAY_LABEL[shown])}</b> · ${result.severity} · ${htmlText(result.checkId)} · ${htmlText(workspace.workspace.name)} — ${htmlText(result.title)}`;
  const lines = [`<details><summary>${summary}</summary>`, "", mdText(result.message), ""];
  if (result.suppression)
    lines.push(
      `**Suppressed:** ${mdText(result.suppression.reason)}${result.suppression.expires ? ` (until ${mdText(result.suppression.expires)})` : ""}`,
      "",
    );
  if (result.resources.length) {
    lines.push("**Resources**", "", ...result.resources.slice(0, 20).map((r) => `- ${mdText(r)}`));
    if (result.resources.length > 20) lines.push(`- … and ${result.resources.length - 20} more`);
    lines.push("");
  }
  if (result.evidence.length) {
    lines.push("**Evidence**", "");
    for (const e of result.evidence) {
      const value = e.reason !== undefined ? `**unknown:** ${mdText(e.reason)}` : mdText(formatValue(e.value, 300));
      lines.push(
        `- ${mdText(e.label)}: ${value} _(${mdText(e.source)})_${e.note ? ` — ${mdText(e.note)}` : ""}${e.partial ? ` — partial: ${mdText(e.partial)}` : ""}`,
      );
    }
    lines.push("");
  }
  if (result.locations?.length)
    lines.push(`**Declared at:** ${result.locations.map((l) => mdText(`${l.file}:${l.line}`)).join(", ")}`, "");
  if (check?.rationale) lines.push(`**Why it matters.** ${mdText(check.rationale)}`, "");
  if (check?.remediation) {
    lines.push(`**Fix in the portal or the Databricks UI.** ${mdText(check.remediation.ui)}`, "");
    lines.push("**Fix in Terraform**", "", fence(check.remediation.terraform, "hcl"), "");
  }
  lines.push("</details>", "");
  return lines.join("\n");
}

interface Section {
  heading: string;
  /** Lines that must accompany the first item (a table header). */
  preamble: string;
  items: string[];
  /** What an item is, for the truncation note ("table rows", "details"). */
  noun: string;
}

export function renderMarkdown(document: ResultsDocument, options: MarkdownOptions = {}): string {
  const limit = Math.min(options.maxLength ?? GITHUB_COMMENT_LIMIT, GITHUB_COMMENT_LIMIT);
  const at = documentTime(document);
  const catalogue = checkCatalogue(document);
  const scores = categoryScores(document);
  const all = document.workspaces.flatMap((workspace) => workspace.results.map((result) => ({ workspace, result })));
  const byStatus = (status: ReturnType<typeof displayStatus>) =>
    all
      .filter(({ result }) => displayStatus(result, at) === status)
      .sort((a, b) => compareResults(a.result, b.result, at));
  const failed = byStatus("fail");
  const unknown = byStatus("unknown");
  const suppressed = byStatus("suppressed");
  const manual = byStatus("manual");

  const head: string[] = [
    "## lakeward: Azure Databricks security posture",
    "",
    `**${document.workspaces.length} workspace${document.workspaces.length === 1 ? "" : "s"}** · profile \`${document.profile}\` · ${document.checks.length} checks · overall score **${scoreText(scores.overall.score)}** · ${mdText(document.generatedAt)}`,
    "",
  ];
  if (unknown.length) {
    head.push(
      "> [!WARNING]",
      `> **${unknown.length} result${unknown.length === 1 ? " is" : "s are"} unknown**: lakeward could not judge them (evidence unread, or a setting never set with no documented default). Unknown is never counted as a pass; it lowers the score like a failure.`,
      "",
    );
  }
  for (const problem of runFailures(document))
    head.push("> [!CAUTION]", `> Not read: ${mdText(problem.message)}. This report is incomplete.`, "");
  const unreadable = document.workspaces.filter((w) => w.collection.problems.some((p) => p.fatal));
  if (unreadable.length) {
    head.push(
      "> [!CAUTION]",
      `> Could not read at all: ${unreadable.map((w) => mdText(w.workspace.name)).join(", ")}.`,
      "",
    );
  }
  const categories = Object.keys(CATEGORIES) as (keyof typeof CATEGORIES)[];
  head.push(
    `| workspace | score | fail | unknown | pass | n/a | manual | suppressed | ${categories.map((c) => CATEGORIES[c].toLowerCase()).join(" | ")} |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|${categories.map(() => "---:").join("|")}|`,
  );
  scores.workspaces.forEach((row, index) => {
    const workspace = document.workspaces[index]!;
    const c = workspace.counts;
    const suppressedCount = workspace.results.filter((r) => displayStatus(r, at) === "suppressed").length;
    head.push(
      `| ${mdText(row.name)} | ${scoreText(row.score)} | ${c.fail - suppressedCount} | ${c.unknown} | ${c.pass} | ${c.not_applicable} | ${c.manual} | ${suppressedCount} | ${categories.map((cat) => scoreText(row.categories[cat].score)).join(" | ")} |`,
    );
  });
  head.push("");

  const row = ({ workspace, result }: (typeof all)[number], last: string) =>
    `| ${SEVERITY_MARK[result.severity]} | **${mdText(result.checkId)}** ${mdText(result.title)} | ${mdText(workspace.workspace.name)} | ${mdText(last)} |`;
  const sections: Section[] = [
    {
      heading: `### Failed checks (${failed.length})`,
      preamble: "| severity | check | workspace | finding |\n|---|---|---|---|",
      items: failed.map((entry) => row(entry, entry.result.message)),
      noun: "failed-check rows",
    },
    {
      heading: `### Unknown: could not verify (${unknown.length})`,
      preamble: "| severity | check | workspace | why |\n|---|---|---|---|",
      items: unknown.map((entry) => row(entry, entry.result.message)),
      noun: "unknown rows",
    },
    {
      heading: `### Suppressed failures (${suppressed.length})`,
      preamble: "| severity | check | workspace | suppression |\n|---|---|---|---|",
      items: suppressed.map((entry) =>
        row(
          entry,
          `${entry.result.suppression?.reason ?? ""}${entry.result.suppression?.expires ? ` (until ${entry.result.suppression.expires})` : ""}`,
        ),
      ),
      noun: "suppressed rows",
    },
    {
      heading: `### Manual checks without an attestation (${manual.length})`,
      preamble: "| severity | check | workspace | note |\n|---|---|---|---|",
      items: manual.map((entry) => row(entry, entry.result.message)),
      noun: "manual rows",
    },
    {
      heading: "### Details",
      preamble: "",
      items: [...failed, ...unknown].map(({ workspace, result }) =>
        detailsBlock(result, workspace, catalogue.get(result.checkId), at),
      ),
      noun: "finding details",
    },
  ];

  const footer =
    "\n<sub>Generated by lakeward. Unknown means the evidence could not be read: it is never a pass. `lakeward checks explain ID` shows every fix.</sub>\n";
  const reserve = 400 + footer.length;
  let text = `${head.join("\n")}\n`;
  const omitted: string[] = [];
  let full = false;
  for (const section of sections) {
    if (section.items.length === 0) continue;
    if (full) {
      omitted.push(`${section.items.length} ${section.noun}`);
      continue;
    }
    let block = `${section.heading}\n\n${section.preamble ? `${section.preamble}\n` : ""}`;
    let added = 0;
    for (const item of section.items) {
      const piece = `${item}\n`;
      if (text.length + block.length + piece.length + reserve > limit) break;
      block += piece;
      added++;
    }
    if (added > 0) text += `${block}\n`;
    if (added < section.items.length) {
      omitted.push(`${section.items.length - added} ${section.noun}`);
      full = true;
    }
  }
  if (omitted.length) {
    text += `> [!NOTE]\n> Truncated to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en")}-character comment limit: ${omitted.join(", ")} not shown. The HTML report (report.html) and results.json have everything.\n`;
  }
  text += footer;
  if (text.length > limit) {
    // Only when even the summary table does not fit (hundreds of workspaces): cut hard, with a note.
    const note = "\n\n> [!NOTE]\n> Truncated: the summary alone exceeds the comment limit. See report.html.\n";
    text = text.slice(0, Math.max(0, limit - note.length)) + note;
  }
  return text;
}
