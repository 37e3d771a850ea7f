/**
 * Alerts as Markdown sized for a pull-request or issue comment: counts by severity, warnings for
 * detections that could not run and unreadable input, a table of the alerts (most severe first), the
 * detections with their outcome, then one collapsible <details> per alert with its facts, an evidence table,
 * the rationale and the response guidance. GitHub rejects comments over 65,536 characters: parts are added
 * in that order while they fit, and a note says what was left out (alerts.html and alerts.json have all).
 *
 * Log-supplied text (principals, IPs, user agents, parameters) is escaped with the posture report's
 * escapes: entities for HTML, backslashes for Markdown punctuation, and "@" cannot mention anyone.
 */
import { SEVERITIES } from "../../checks/types.ts";
import { SEVERITY_MARK } from "../../output/severity.ts";
import { GITHUB_COMMENT_LIMIT, htmlText, mdText } from "../../output/text.ts";
import type { Alert, AlertsDocument } from "../alerts.ts";
import {
  alertWorkspace,
  type DetectionInfo,
  detectionCatalogue,
  factsText,
  paramsText,
  shortTime,
  thresholdText,
  timeSpan,
  workspaceLabel,
} from "./shared.ts";

export interface AlertsMarkdownOptions {
  /** Maximum length in UTF-16 code units (never more than GitHub's limit). */
  maxLength?: number;
  /** Evidence events shown per alert (default 10; the JSON keeps up to --max-events). */
  eventsPerAlert?: number;
}

/** A comment being written: items are added whole while they fit, leaving room for the closing note. */
class Comment {
  private text = "";
  private readonly omitted = new Map<string, number>();
  private closed = false;
  private readonly limit: number;
  private readonly reserve: number;
  constructor(limit: number, reserve: number) {
    this.limit = limit;
    this.reserve = reserve;
  }
  private fits(part: string): boolean {
    return !this.closed && this.text.length + part.length + this.reserve <= this.limit;
  }
  /** Adds a part that must come first (the head); it is always kept, the final check cuts if need be. */
  start(part: string): void {
    this.text += part;
  }
  /** Adds items under a heading while they fit (the heading only with its first item); counts the rest. */
  addBlock(heading: string, items: readonly string[], noun: string): void {
    let added = 0;
    for (const item of items) {
      const part = added === 0 ? `${heading}${item}` : item;
      if (!this.fits(part)) break;
      this.text += part;
      added++;
    }
    if (added > 0) this.text += "\n";
    if (added < items.length) {
      this.closed = true;
      this.omitted.set(noun, (this.omitted.get(noun) ?? 0) + items.length - added);
    }
  }
  finish(footer: string): string {
    let text = this.text;
    if (this.omitted.size) {
      const parts = [...this.omitted].map(([noun, count]) => `${count} ${noun}`);
      text += `\n> [!NOTE]\n> Truncated to fit GitHub's ${GITHUB_COMMENT_LIMIT.toLocaleString("en")}-character comment limit: ${parts.join(", ")} not shown. alerts.html and alerts.json have every alert and its evidence.\n`;
    }
    text += footer;
    if (text.length > this.limit) {
      const note = "\n\n> [!NOTE]\n> Truncated: the summary alone exceeds the comment limit. See alerts.html.\n";
      text = text.slice(0, Math.max(0, this.limit - note.length)) + note;
    }
    return text;
  }
}

const cellOrDash = (text: string | null) => (text ? mdText(text) : "—");

function evidenceTable(alert: Alert, perAlert: number): string[] {
  const shown = alert.events.slice(0, perAlert);
  if (shown.length === 0) return ["_No evidence events kept._", ""];
  const lines = [
    "| time | workspace | action | status | source IP | principal | user agent | parameters |",
    "|---|---|---|---:|---|---|---|---|",
    ...shown.map(
      (e) =>
        `| ${mdText(shortTime(e.time))} | ${e.workspace ? mdText(workspaceLabel(e.workspace)) : "—"} | ${mdText(`${e.service ?? "-"}/${e.action ?? "-"}`)} | ${e.status ?? "—"} | ${cellOrDash(e.sourceIp)} | ${cellOrDash(e.principal)} | ${cellOrDash(e.userAgent)} | ${cellOrDash(paramsText(e.params))} |`,
    ),
  ];
  const notShown = alert.events.length - shown.length;
  const notKept = alert.eventCount - alert.events.length;
  const notes = [
    notShown > 0 ? `${notShown} more event(s) in alerts.json and alerts.html` : "",
    notKept > 0 ? `${notKept} matching event(s) not kept (\`--max-events\`)` : "",
  ].filter(Boolean);
  if (notes.length) lines.push("", `_… ${notes.join("; ")}._`);
  lines.push("");
  return lines;
}

function detailsBlock(alert: Alert, info: DetectionInfo | undefined, perAlert: number): string {
  const workspace = alertWorkspace(alert);
  const summary = `<b>${alert.severity}</b> · ${htmlText(alert.detectionId)} · ${htmlText(alert.principal ?? alert.sourceIp ?? workspace.label)} — ${htmlText(alert.summary)}`;
  const facts = factsText(alert.facts);
  const lines = [
    `<details><summary>${summary}</summary>`,
    "",
    `**${mdText(alert.title)}** · alert \`${alert.id}\` · ${mdText(workspace.label)} · ${mdText(timeSpan(alert))} · ${alert.eventCount} event(s)`,
    "",
  ];
  if (alert.principal || alert.sourceIp)
    lines.push(`**Principal:** ${cellOrDash(alert.principal)} · **source IP:** ${cellOrDash(alert.sourceIp)}`, "");
  if (facts) lines.push(`**Facts:** ${mdText(facts)}`, "");
  lines.push(...evidenceTable(alert, perAlert));
  if (info?.rationale) lines.push(`**Why it matters.** ${mdText(info.rationale)}`, "");
  if (info?.response) lines.push(`**Response.** ${mdText(info.response)}`, "");
  lines.push("</details>", "", "");
  return lines.join("\n");
}

export function renderAlertsMarkdown(document: AlertsDocument, options: AlertsMarkdownOptions = {}): string {
  const limit = Math.min(options.maxLength ?? GITHUB_COMMENT_LIMIT, GITHUB_COMMENT_LIMIT);
  const perAlert = Math.max(1, options.eventsPerAlert ?? 10);
  const catalogue = detectionCatalogue(document);
  const alerts = document.alerts;
  const source = document.source;
  const failed = document.detections.filter((run) => run.status === "failed");

  const from =
    source.mode === "local"
      ? `${source.events.toLocaleString("en-US")} events from ${source.files} file(s)`
      : `\`${mdText(source.table)}\` on warehouse \`${mdText(source.warehouseId)}\``;
  const window =
    document.window.since || document.window.until
      ? ` · window ${mdText(document.window.since ?? "…")} to ${mdText(document.window.until ?? "…")}`
      : "";
  const bySeverity = SEVERITIES.filter((s) => (document.counts[s] ?? 0) > 0)
    .map((s) => `${SEVERITY_MARK[s]} ${document.counts[s]}`)
    .join(" · ");
  const head = [
    `## lakeward detect: ${alerts.length} alert${alerts.length === 1 ? "" : "s"} in Azure Databricks audit logs`,
    "",
    `${bySeverity || "No alerts."} — ${document.detections.length} detections ran over ${from}${window} · ${mdText(document.generatedAt)}`,
    "",
  ];
  if (failed.length) {
    head.push(
      "> [!CAUTION]",
      `> ${failed.length} detection${failed.length === 1 ? "" : "s"} could not run (the run is incomplete, and a missing alert proves nothing): ${failed.map((run) => `${mdText(run.id)} (${mdText(run.error ?? "unknown error")})`).join("; ")}.`,
      "",
    );
  }
  if (source.mode === "local" && (source.problems.length || source.badLines)) {
    const errors = source.problems.filter((p) => p.level === "error").length;
    head.push(
      errors ? "> [!CAUTION]" : "> [!WARNING]",
      `> Input problems: ${errors} file(s) could not be read, ${source.badLines} bad line(s) skipped (${source.problems.length} problem(s) listed in alerts.json).`,
      "",
    );
  }

  const alertRows = alerts.map((alert) => {
    const workspace = alertWorkspace(alert);
    return `| ${SEVERITY_MARK[alert.severity]} | **${mdText(alert.detectionId)}** | ${mdText(workspace.label)} | ${cellOrDash(alert.principal)} | ${cellOrDash(alert.sourceIp)} | ${mdText(shortTime(alert.firstSeen))} | ${alert.eventCount} | ${mdText(alert.summary)} |\n`;
  });
  const detectionRows = [...catalogue.values()].map((info) => {
    const count = alerts.filter((alert) => alert.detectionId === info.id).length;
    const outcome = info.run?.status === "failed" ? "**could not run**" : count ? `**${count}**` : "0";
    return `| ${mdText(info.id)} | ${mdText(info.title)} | ${info.severity} | ${outcome} | ${mdText(thresholdText(info.thresholds))} |\n`;
  });

  const footer =
    "\n<sub>Generated by lakeward detect. Alerts carry only the request parameters each detection lists; credential-like values are fingerprinted. `lakeward detect --list` shows every detection and threshold.</sub>\n";
  const comment = new Comment(limit, 400 + footer.length);
  comment.start(`${head.join("\n")}\n`);
  comment.addBlock(
    `### Alerts (${alerts.length})\n\n| severity | detection | workspace | principal | source IP | first seen | events | what happened |\n|---|---|---|---|---|---|---:|---|\n`,
    alertRows,
    "alert rows",
  );
  comment.addBlock(
    "### Detections\n\n| detection | title | severity | alerts | thresholds |\n|---|---|---|---:|---|\n",
    detectionRows,
    "detection rows",
  );
  comment.addBlock(
    "### Evidence\n\n",
    alerts.map((alert) => detailsBlock(alert, catalogue.get(alert.detectionId), perAlert)),
    "alert details",
  );
  return comment.finish(footer);
}
