/**
 * The HTML report's views of a results document besides the matrices (html/matrices.ts): the executive
 * summary ("fix these first"), the banner naming the causes of unknown results, and the findings grouped
 * by check with the workspaces under each. Their data comes from summary-views.ts.
 *
 * Layout rules (see report.css): no view is wider than its container; an evidence table scrolls inside
 * its own box.
 */
import { CATEGORIES, type Category, SEVERITIES, type Severity, THREATS } from "../../checks/types.ts";
import type { ResultsDocument } from "../results-document.ts";
import { type CheckInfo, DISPLAY_LABEL, DISPLAY_ORDER, formatValue, type ResultEntry } from "../shared.ts";
import {
  type FindingGroup,
  type FixFirstItem,
  findingGroups,
  fixFirst,
  implicated,
  UNKNOWN_CAUSE_TEXT,
  unknownCauses,
} from "../summary-views.ts";
import { type HtmlValue, html, type SafeHtml } from "./escape.ts";
import { scrollingTable } from "./matrices.ts";
import { badge, checkGroupId, findingId } from "./parts.ts";
import { pathGraphView } from "./path-graph.ts";

export interface ViewContext {
  document: ResultsDocument;
  catalogue: Map<string, CheckInfo>;
  at: Date;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

// --- executive summary ------------------------------------------------------------------------------

function fixItem(item: FixFirstItem, total: number): SafeHtml {
  const names = item.workspaces.map((w) => w.name);
  const shown = names.slice(0, 4).join(", ") + (names.length > 4 ? ` and ${names.length - 4} more` : "");
  const gain =
    item.scoreNow !== null && item.scoreIfFixed !== null && item.scoreIfFixed > item.scoreNow
      ? html` · fixing it everywhere raises the overall score from <b>${item.scoreNow}</b> to <b>${item.scoreIfFixed}</b>`
      : "";
  return html`<li><div class="fix-head"><span class="sev-${item.severity}">${item.severity}</span> <a class="mono" href="#${checkGroupId(item.checkId)}"><b>${item.checkId}</b></a> ${item.title}</div>
<div class="muted">fails in ${item.workspaces.length} of ${plural(total, "workspace")}: ${shown}${gain}</div>
${item.fix ? html`<div class="fix-text">${item.fix}</div>` : ""}</li>`;
}

/** "Fix these first": the few changes that remove the most risk across the estate. */
export function executiveSummary(context: ViewContext): SafeHtml {
  const { document, catalogue, at } = context;
  const items = fixFirst(document, catalogue, at);
  const total = document.workspaces.length;
  const counts = document.summary.counts;
  return html`<section id="summary" class="summary"><h2>Fix these first</h2>
${
  items.length
    ? html`<p class="muted">The failing checks whose fix adds most to the overall score — it weighs each by severity and counts every workspace it fails in. ${plural(counts.fail, "failed result")} in all; the findings below list every one.</p><ol class="fix-first">${items.map((item) => fixItem(item, total))}</ol>`
    : html`<p>No check fails${counts.unknown ? html` — but ${plural(counts.unknown, "result is", "results are")} unknown, which is not a pass (see above)` : ""}.</p>`
}
</section>`;
}

/** The banner about unknown results: how many, and their real causes with what to do next. */
export function unknownBanner(document: ResultsDocument): SafeHtml | string {
  const unknown = document.summary.counts.unknown;
  if (!unknown) return "";
  const causes = unknownCauses(document);
  return html`<div class="banner unknown" role="alert"><div>⚠ ${plural(unknown, "result is", "results are")} UNKNOWN: lakeward could not judge them, and unknown is never counted as a pass — it lowers the score like a failure.</div>
<ul class="causes">${causes.map(
    ({ cause, count, checks }) =>
      html`<li><b>${count}</b> because ${UNKNOWN_CAUSE_TEXT[cause].label} <span class="mono">(${checks.slice(0, 8).join(", ")}${checks.length > 8 ? ", …" : ""})</span> — ${UNKNOWN_CAUSE_TEXT[cause].next}</li>`,
  )}</ul>
<div class="muted">Filter the findings by “unknown” for each reason.</div></div>`;
}

// --- findings -------------------------------------------------------------------------------------------

function evidenceTable(result: ResultEntry): SafeHtml {
  if (result.evidence.length === 0) return html`<p class="muted">No evidence recorded.</p>`;
  const culprits = implicated(result);
  return scrollingTable(
    { label: `evidence of ${result.checkId}`, className: "evidence", box: "evidence-box" },
    html`<tr><th>evidence</th><th>value</th><th>source</th></tr>`,
    result.evidence.map(
      (e, i) =>
        html`<tr${culprits[i] ? html` class="culprit" title="the value behind this finding"` : ""}><td>${culprits[i] ? html`<span class="culprit-mark" aria-label="the value behind this finding">▶</span> ` : ""}${e.label}</td><td class="mono">${e.reason !== undefined ? html`<span class="reason">unknown: ${e.reason}</span>` : formatValue(e.value, 2000)}${e.note ? html`<div class="muted">${e.note}</div>` : ""}${e.partial ? html`<div class="reason">partial: ${e.partial}</div>` : ""}</td><td class="mono src">${e.source}</td></tr>`,
    ),
  );
}

function checkDetail(check: CheckInfo | undefined): SafeHtml {
  const mappings: HtmlValue[] = [
    check?.threats.length
      ? html`<div>Threats: ${check.threats.map((t) => `${t} (${THREATS[t]})`).join(", ")}</div>`
      : "",
    check?.controls.length ? html`<div>ASB v2: ${check.controls.join(", ")}</div>` : "",
    check?.cis.length ? html`<div>CIS §2.1: ${check.cis.join(", ")}</div>` : "",
    check?.guide.length ? html`<div>Guide: ${check.guide.join("; ")}</div>` : "",
  ];
  return html`<div class="detail-grid"><div><h4>Why it matters</h4><p>${check?.rationale ?? "This lakeward does not know this check."}</p>${mappings}</div>
<div>${check?.remediation ? html`<h4>Fix in the portal or the Databricks UI</h4><p>${check.remediation.ui}</p><h4>Fix in Terraform</h4><pre><code>${check.remediation.terraform}</code></pre>` : ""}</div></div>`;
}

function resultRow(entry: FindingGroup["results"][number], checkId: string, single: boolean): SafeHtml {
  const { result, shown, index, workspace } = entry;
  return html`<div class="result st-${shown}" id="${findingId(index, checkId)}" data-status="${shown}" data-workspace="w${index}">
<div class="result-head">${badge(shown)} <b class="wrap">${workspace.workspace.name}</b></div>
<p class="wrap">${result.message}</p>
${result.paths?.items.length ? pathGraphView(result.paths, `pg-${findingId(index, checkId)}`) : ""}
${result.suppression ? html`<p><b>Suppressed:</b> ${result.suppression.reason}${result.suppression.expires ? ` (until ${result.suppression.expires})` : " (no expiry)"} · scope ${result.suppression.scope}</p>` : ""}
${result.attestation ? html`<p><b>Attested</b> by ${result.attestation.by} on ${result.attestation.date}: ${result.attestation.evidence}${result.attestation.expires ? ` (until ${result.attestation.expires})` : ""}</p>` : ""}
${result.resources.length ? html`<details class="sub"><summary>${plural(result.resources.length, "resource")}</summary><ul class="wrap">${result.resources.map((r) => html`<li class="mono">${r}</li>`)}</ul></details>` : ""}
${result.locations?.length ? html`<div class="muted">declared at ${result.locations.map((l, i) => html`${i ? ", " : ""}<span class="mono">${l.file}:${l.line}</span>`)}</div>` : ""}
<details class="sub evidence-details"${shown === "fail" && single ? " open" : ""}><summary>evidence${shown === "fail" ? " (the value behind the failure marked ▶)" : ""}</summary>${evidenceTable(result)}</details>
</div>`;
}

function groupSummary(group: FindingGroup, workspaces: number): string {
  if (workspaces === 1) return "";
  return DISPLAY_ORDER.filter((status) => group.counts[status])
    .map((status) => `${DISPLAY_LABEL[status]} ${group.counts[status]}`)
    .join(" · ");
}

/**
 * The findings: one group per check with the workspaces under it, failing checks first. Passing and
 * not-applicable results are hidden until the status filter asks for them (the script applies the
 * filters; without it every group is listed, closed).
 */
export function findingsSection(context: ViewContext): SafeHtml {
  const { document, catalogue, at } = context;
  const groups = findingGroups(document, at);
  const workspaces = document.workspaces.length;
  const statuses = DISPLAY_ORDER.filter((status) => groups.some((group) => group.counts[status]));
  const option = (value: string, label: string, selected = false) =>
    html`<option value="${value}"${selected ? " selected" : ""}>${label}</option>`;
  const body = groups.map(
    (
      group,
    ) => html`<details class="group st-${group.worst}" id="${checkGroupId(group.checkId)}" data-status="${group.worst}" data-statuses="${Object.keys(group.counts).join(" ")}" data-severity="${group.severity}" data-category="${group.category}">
<summary><span class="group-state">${badge(group.worst)}</span> <span class="sev-${group.severity}">${group.severity}</span> <b class="mono">${group.checkId}</b> <span class="group-title">${group.title}</span>${workspaces > 1 ? html` <span class="muted group-counts">${groupSummary(group, workspaces)}</span>` : ""}</summary>
<div class="group-body">
<div class="results">${group.results.map((entry) => resultRow(entry, group.checkId, group.results.length === 1))}</div>
<details class="sub"><summary>why it matters, how to fix it</summary>${checkDetail(catalogue.get(group.checkId))}</details>
</div></details>`,
  );
  const categories = (Object.keys(CATEGORIES) as Category[]).filter((c) => groups.some((g) => g.category === c));
  return html`<section id="findings"><h2>Findings by check</h2>
<p class="muted">One entry per check, with each workspace's result under it; open one for the evidence (the value behind a failure is marked ▶), why it matters and both fixes. Passing and not-applicable results are hidden while the status filter is “open”.</p>
<div class="filters" role="search">
<label>Status<select id="filter-status">${option("open", "open: fail, unknown, manual, suppressed", true)}${option("", "all, passes included")}${statuses.map((s) => option(s, DISPLAY_LABEL[s]))}</select></label>
<label>Severity<select id="filter-severity">${option("", "all")}${SEVERITIES.map((s: Severity) => option(s, s))}</select></label>
<label>Category<select id="filter-category">${option("", "all")}${categories.map((c) => option(c, CATEGORIES[c]))}</select></label>
${workspaces > 1 ? html`<label>Workspace<select id="filter-workspace">${option("", "all")}${document.workspaces.map((w, i) => option(`w${i}`, w.workspace.name))}</select></label>` : ""}
<label class="search">Search<input type="search" id="filter-search" placeholder="check, title, message, evidence…" autocomplete="off"></label>
<button type="button" class="toggle" id="filter-reset">reset</button>
<button type="button" class="toggle" id="expand-all">open shown</button>
<button type="button" class="toggle" id="collapse-all">close all</button>
<span id="finding-count" aria-live="polite">${plural(groups.length, "check")}</span>
</div>
<div class="groups">${body}</div>
</section>`;
}
