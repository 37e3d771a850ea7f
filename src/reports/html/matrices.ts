/**
 * The views the HTML report and the dashboard share, so the two never disagree: the guide's threat model
 * with the state of each mitigation, the ASB v2 baseline matrix and the CIS §2.1 view, each rendered from
 * views.ts's data with the escaping `html` template. Only the link of a check differs (an anchor in the
 * report, the check's page in the dashboard): the caller gives it.
 *
 * Layout (report.css): a matrix never widens the page — it scrolls inside its own box, whose header row
 * stays in view. Per-workspace state is two columns whatever the estate's size: the "all workspaces"
 * rollup with how many workspaces are in each state, and one workspace chosen with a selector (the
 * report's script keeps every matrix on the same choice), so 12 or 200 workspaces stay readable.
 */

import type { ResultsDocument } from "../results-document.ts";
import { type CheckInfo, DISPLAY_ORDER, displayStatus } from "../shared.ts";
import {
  asbMatrix,
  cisView,
  type MappedRow,
  ROLLUP_LABEL,
  ROLLUP_ORDER,
  type Rollup,
  threatModel,
  unknownControls,
} from "../views.ts";
import { type HtmlValue, html, type SafeHtml } from "./escape.ts";

export function rollupBadge(state: Rollup): SafeHtml {
  return html`<span class="badge s-${state}">${state === "unknown" ? `⚠ ${ROLLUP_LABEL[state]}` : ROLLUP_LABEL[state]}</span>`;
}

export interface MatrixContext {
  document: ResultsDocument;
  catalogue: Map<string, CheckInfo>;
  at: Date;
  /**
   * Where a check's chip links: the report to the check's findings (an anchor), the dashboard to the
   * check's page. `firstWorkspace` is the index of the first workspace with a result (-1: none).
   */
  checkHref(checkId: string, firstWorkspace: number): string;
}

/** The workspace selector of a matrix's last column (the report's script keeps all matrices on one choice). */
function workspaceSelect(document: ResultsDocument): SafeHtml {
  return html`<select class="ws-select" aria-label="workspace shown in this column">${document.workspaces.map(
    (w, i) => html`<option value="${i}">${w.workspace.name}</option>`,
  )}</select>`;
}

function stateHeaders(document: ResultsDocument): SafeHtml[] {
  if (document.workspaces.length <= 1) return [html`<th class="state">state</th>`];
  return [
    html`<th class="state">all ${document.workspaces.length} workspaces</th>`,
    html`<th class="state ws">${workspaceSelect(document)}</th>`,
  ];
}

/** How many workspaces are in each state, worst first ("gap 3 · unknown 1 · met 8"); nothing when all agree. */
function stateCounts(row: MappedRow): SafeHtml | string {
  const counts = new Map<Rollup, number>();
  for (const state of row.perWorkspace) counts.set(state, (counts.get(state) ?? 0) + 1);
  if (counts.size <= 1) return "";
  const parts = ROLLUP_ORDER.filter((state) => counts.has(state)).map(
    (state) => `${ROLLUP_LABEL[state]} ${counts.get(state)}`,
  );
  return html`<div class="muted ws-counts">${parts.join(" · ")}</div>`;
}

function stateCells(document: ResultsDocument, row: MappedRow): SafeHtml[] {
  if (document.workspaces.length <= 1) return [html`<td class="state">${rollupBadge(row.overall)}</td>`];
  return [
    html`<td class="state">${rollupBadge(row.overall)}${stateCounts(row)}</td>`,
    html`<td class="state ws">${document.workspaces.map(
      (_, i) =>
        html`<span class="ws-state" data-w="${i}"${i === 0 ? "" : " hidden"}>${rollupBadge(row.perWorkspace[i] ?? "not_assessed")}</span>`,
    )}</td>`,
  ];
}

function checkChips(context: MatrixContext, row: MappedRow): SafeHtml {
  if (row.checks.length === 0 && row.notRun.length === 0) return html`<span class="muted">no check yet</span>`;
  const chips = row.checks.map((id) => {
    const results = context.document.workspaces.flatMap((w) => w.results.filter((r) => r.checkId === id));
    const worst = results
      .map((r) => displayStatus(r, context.at))
      .sort((a, b) => DISPLAY_ORDER.indexOf(a) - DISPLAY_ORDER.indexOf(b))[0];
    const first = context.document.workspaces.findIndex((w) => w.results.some((r) => r.checkId === id));
    const title = context.catalogue.get(id)?.title ?? id;
    return html`<a class="chip s-${worst ?? "not_assessed"}" href="${context.checkHref(id, first)}" title="${title}">${id}</a>`;
  });
  const notRun = row.notRun.length
    ? html` <span class="muted" title="lakeward has these checks but this run's profile (${context.document.profile}) did not judge them">+ not judged at this profile: ${row.notRun.join(", ")}</span>`
    : "";
  return html`<div class="chips">${chips}</div>${notRun}`;
}

/**
 * A wide table in its own scrolling box with a sticky header row, so the page itself never scrolls
 * sideways. The box takes keyboard focus (arrow keys scroll it) and is a named region for screen readers.
 */
export function scrollingTable(
  table: { label: string; className?: string; box?: string },
  head: SafeHtml,
  body: HtmlValue,
): SafeHtml {
  return html`<div class="matrix${table.box ? ` ${table.box}` : ""}" tabindex="0" role="region" aria-label="${table.label}"><table${table.className ? html` class="${table.className}"` : ""}><thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

export function threatSection(context: MatrixContext): SafeHtml {
  const { document } = context;
  const views = threatModel(document, context.catalogue, context.at);
  return html`<section id="threats"><h2>Threat model</h2>
<p class="muted">The five threats of the best-practices guide (section 4), each with the guide's mitigation strategies, the configuration sections they point to, and the state of the checks that implement those sections. A mitigation is “met” only when every result is a pass; one unknown makes it unknown.</p>
${views.map(
  (
    view,
  ) => html`<div class="threat" id="threat-${view.threat}"><h3>${view.threat} · ${view.title} ${rollupBadge(view.overall)}</h3>
<div class="muted">Checks tagged ${view.threat}: ${view.tagged.fail} fail · ${view.tagged.unknown} unknown · ${view.tagged.pass} pass · ${view.tagged.not_applicable} n/a${view.tagged.manual ? ` · ${view.tagged.manual} manual` : ""}</div>
${scrollingTable(
  { label: `${view.threat} · ${view.title}: mitigations`, className: "threat-table" },
  html`<tr><th>mitigation strategy</th><th>guide sections → checks</th>${stateHeaders(document)}</tr>`,
  view.mitigations.map(
    (m) =>
      html`<tr><td><b>${m.strategy}</b></td><td><ul class="sections">${m.sections.map(
        (s) =>
          html`<li>${s.title}${s.checks.length ? html` → <span class="mono">${s.checks.join(", ")}</span>` : html` <span class="muted">(no check${m.notRun.length ? " at this profile" : ""})</span>`}</li>`,
      )}</ul>${m.checks.length ? checkChips(context, m) : ""}${
        m.checks.length && m.sections.some((s) => s.checks.length === 0)
          ? html`<div class="muted">State from the checked sections only; ${m.sections.filter((s) => s.checks.length === 0).length} of ${m.sections.length} sections have no check.</div>`
          : ""
      }</td>${stateCells(document, m)}</tr>`,
  ),
)}</div>`,
)}
</section>`;
}

export function asbSection(context: MatrixContext): SafeHtml {
  const { document } = context;
  const rows = asbMatrix(document, context.catalogue, context.at);
  const stray = unknownControls(context.catalogue);
  const columns = 5 + stateHeaders(document).length;
  let family = "";
  const body: SafeHtml[] = [];
  for (const row of rows) {
    if (row.control.family !== family) {
      family = row.control.family;
      body.push(html`<tr class="family"><td colspan="${columns}">${row.control.family} · ${row.familyTitle}</td></tr>`);
    }
    body.push(
      html`<tr id="asb-${row.control.id}"><td class="mono"><b>${row.control.id}</b></td><td>${row.control.title}</td><td class="opt">${row.control.responsibility === "unset" ? html`<span class="muted">not stated</span>` : row.control.responsibility}</td><td class="opt">${row.control.guidance ? "yes" : html`<span class="muted">Guidance: None</span>`}</td><td>${checkChips(context, row)}</td>${stateCells(document, row)}</tr>`,
    );
  }
  const covered = rows.filter((row) => row.checks.length > 0).length;
  return html`<section id="asb"><h2>Azure Security Benchmark v2 baseline</h2>
<p class="muted">All ${rows.length} controls of the “Azure security baseline for Azure Databricks”, including those the baseline leaves as “Guidance: None”, with who is responsible, the checks that give evidence for each and their state. ${covered} of ${rows.length} controls have checks in this run; “not assessed” means no check of this run covers the control.</p>
${scrollingTable(
  { label: "ASB v2 controls", className: "asb-table" },
  html`<tr><th>control</th><th>title</th><th class="opt">responsibility</th><th class="opt">guidance</th><th>checks</th>${stateHeaders(document)}</tr>`,
  body,
)}
${stray.length ? html`<p class="muted">Checks also name controls the baseline does not list: ${stray.join(", ")}.</p>` : ""}
</section>`;
}

export function cisSection(context: MatrixContext): SafeHtml {
  const { document } = context;
  const rows = cisView(document, context.catalogue, context.at);
  return html`<section id="cis"><h2>CIS Microsoft Azure Foundations Benchmark §2.1 (Azure Databricks)</h2>
${scrollingTable(
  { label: "CIS §2.1 recommendations", className: "cis-table" },
  html`<tr><th>item</th><th>recommendation</th><th>checks</th>${stateHeaders(document)}</tr>`,
  rows.map(
    (row) =>
      html`<tr id="cis-${row.id}"><td class="mono"><b>${row.id}</b></td><td>${row.title}</td><td>${checkChips(context, row)}</td>${stateCells(document, row)}</tr>`,
  ),
)}</section>`;
}
