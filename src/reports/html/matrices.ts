/**
 * The views the HTML report and the dashboard share, so the two never disagree: the guide's threat model
 * with the state of each mitigation, the ASB v2 baseline matrix and the CIS §2.1 view, each rendered from
 * views.ts's data with the escaping `html` template. Only the link of a check differs (an anchor in the
 * report, the check's page in the dashboard): the caller gives it.
 */

import type { ResultsDocument } from "../results-document.ts";
import { type CheckInfo, DISPLAY_ORDER, displayStatus } from "../shared.ts";
import {
  asbMatrix,
  cisView,
  type MappedRow,
  ROLLUP_LABEL,
  type Rollup,
  threatModel,
  unknownControls,
} from "../views.ts";
import { html, type SafeHtml } from "./escape.ts";

export function rollupBadge(state: Rollup): SafeHtml {
  return html`<span class="badge s-${state}">${state === "unknown" ? `⚠ ${ROLLUP_LABEL[state]}` : ROLLUP_LABEL[state]}</span>`;
}

export interface MatrixContext {
  document: ResultsDocument;
  catalogue: Map<string, CheckInfo>;
  at: Date;
  /** Per-workspace columns in matrices, or none when there are too many workspaces. */
  columns: { index: number; name: string }[];
  /**
   * Where a check's chip links: the report to the first workspace's result of the check (an anchor), the
   * dashboard to the check's page. `firstWorkspace` is the index of the first workspace with a result (-1: none).
   */
  checkHref(checkId: string, firstWorkspace: number): string;
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

function stateCells(context: MatrixContext, row: MappedRow): SafeHtml[] {
  return [
    ...context.columns.map((column) => html`<td>${rollupBadge(row.perWorkspace[column.index] ?? "not_assessed")}</td>`),
    html`<td>${rollupBadge(row.overall)}</td>`,
  ];
}

function stateHeaders(context: MatrixContext): SafeHtml[] {
  return [
    ...context.columns.map((column) => html`<th class="wrap ws">${column.name}</th>`),
    html`<th>${context.columns.length === 1 ? "state" : "all workspaces"}</th>`,
  ];
}

export function threatSection(context: MatrixContext): SafeHtml {
  const views = threatModel(context.document, context.catalogue, context.at);
  return html`<section id="threats"><h2>Threat model</h2>
<p class="muted">The five threats of the best-practices guide (section 4), each with the guide's mitigation strategies, the configuration sections they point to, and the state of the checks that implement those sections. A mitigation is “met” only when every result is a pass; one unknown makes it unknown.</p>
${views.map(
  (
    view,
  ) => html`<div class="threat" id="threat-${view.threat}"><h3>${view.threat} · ${view.title} ${rollupBadge(view.overall)}</h3>
<div class="muted">Checks tagged ${view.threat}: ${view.tagged.fail} fail · ${view.tagged.unknown} unknown · ${view.tagged.pass} pass · ${view.tagged.not_applicable} n/a${view.tagged.manual ? ` · ${view.tagged.manual} manual` : ""}</div>
<table><thead><tr><th>mitigation strategy</th><th>guide sections → checks</th>${stateHeaders(context)}</tr></thead><tbody>
${view.mitigations.map(
  (m) =>
    html`<tr><td><b>${m.strategy}</b></td><td><ul class="sections">${m.sections.map(
      (s) =>
        html`<li>${s.title}${s.checks.length ? html` → <span class="mono">${s.checks.join(", ")}</span>` : html` <span class="muted">(no check${m.notRun.length ? " at this profile" : ""})</span>`}</li>`,
    )}</ul>${m.checks.length ? checkChips(context, m) : ""}${
      m.checks.length && m.sections.some((s) => s.checks.length === 0)
        ? html`<div class="muted">State from the checked sections only; ${m.sections.filter((s) => s.checks.length === 0).length} of ${m.sections.length} sections have no check.</div>`
        : ""
    }</td>${stateCells(context, m)}</tr>`,
)}
</tbody></table></div>`,
)}
</section>`;
}

export function asbSection(context: MatrixContext): SafeHtml {
  const rows = asbMatrix(context.document, context.catalogue, context.at);
  const stray = unknownControls(context.catalogue);
  let family = "";
  const body: SafeHtml[] = [];
  for (const row of rows) {
    if (row.control.family !== family) {
      family = row.control.family;
      body.push(
        html`<tr class="family"><td colspan="${5 + context.columns.length + 1}">${row.control.family} · ${row.familyTitle}</td></tr>`,
      );
    }
    body.push(
      html`<tr id="asb-${row.control.id}"><td class="mono"><b>${row.control.id}</b></td><td>${row.control.title}</td><td>${row.control.responsibility === "unset" ? html`<span class="muted">not stated</span>` : row.control.responsibility}</td><td>${row.control.guidance ? "yes" : html`<span class="muted">Guidance: None</span>`}</td><td>${checkChips(context, row)}</td>${stateCells(context, row)}</tr>`,
    );
  }
  const covered = rows.filter((row) => row.checks.length > 0).length;
  return html`<section id="asb"><h2>Azure Security Benchmark v2 baseline</h2>
<p class="muted">All ${rows.length} controls of the “Azure security baseline for Azure Databricks”, including those the baseline leaves as “Guidance: None”, with who is responsible, the checks that give evidence for each and their state. ${covered} of ${rows.length} controls have checks in this run; “not assessed” means no check of this run covers the control.</p>
<table><thead><tr><th>control</th><th>title</th><th>responsibility</th><th>guidance</th><th>checks</th>${stateHeaders(context)}</tr></thead><tbody>
${body}
</tbody></table>
${stray.length ? html`<p class="muted">Checks also name controls the baseline does not list: ${stray.join(", ")}.</p>` : ""}
</section>`;
}

export function cisSection(context: MatrixContext): SafeHtml {
  const rows = cisView(context.document, context.catalogue, context.at);
  return html`<section id="cis"><h2>CIS Microsoft Azure Foundations Benchmark §2.1 (Azure Databricks)</h2>
<table><thead><tr><th>item</th><th>recommendation</th><th>checks</th>${stateHeaders(context)}</tr></thead><tbody>
${rows.map(
  (row) =>
    html`<tr id="cis-${row.id}"><td class="mono"><b>${row.id}</b></td><td>${row.title}</td><td>${checkChips(context, row)}</td>${stateCells(context, row)}</tr>`,
)}
</tbody></table></section>`;
}
