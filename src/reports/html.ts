/**
 * The HTML report: one self-contained file that works offline and makes no network request. Styles,
 * Chart.js (its UMD build) and the report's own script are inlined; a Content-Security-Policy meta tag
 * allows exactly those inline blocks (by hash) and nothing else — no fetches, no images from anywhere,
 * no forms.
 *
 * Everything is rendered on the server side with the escaping `html` template (workspace-supplied text
 * only ever becomes text); the script filters rows and draws charts from a JSON block whose `<`, `>` and
 * `&` are \u-escaped, and never uses innerHTML.
 *
 * Sections: overall and per-category scores, charts by severity, category and threat, the guide's
 * threat model with the state of each mitigation, the ASB v2 baseline matrix (every control, including
 * those the baseline leaves "Guidance: None"), the CIS §2.1 view, the findings with filters and search,
 * and per finding its evidence, rationale and both fixes. Unknown is shown loudly and never as a pass.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  CATEGORIES,
  type Category,
  SEVERITIES,
  type Severity,
  STATUSES,
  THREATS,
  type Threat,
} from "../checks/types.ts";
import { SEVERITY_WEIGHT } from "../engine/score.ts";
import { type HtmlValue, html, jsonForScript, type SafeHtml, trusted } from "./html/escape.ts";
import { asbSection, cisSection, type MatrixContext, threatSection } from "./html/matrices.ts";
import type { ResultsDocument } from "./results-document.ts";
import {
  type CheckInfo,
  checkCatalogue,
  compareResults,
  DISPLAY_LABEL,
  DISPLAY_ORDER,
  type DisplayStatus,
  displayStatus,
  documentProblems,
  documentTime,
  formatValue,
  isUnreadable,
  type ResultEntry,
  runFailures,
  STATUS_LABEL,
  type WorkspaceReport,
} from "./shared.ts";
import { breakdown, type CategoryScores, categoryScores, ROLLUP_LABEL, type Rollup } from "./views.ts";

/** Matrices show one column per workspace up to this many; beyond, only the overall state. */
const MAX_WORKSPACE_COLUMNS = 8;

let assets: { css: string; client: string; chart: string } | undefined;

/**
 * The policy both HTML reports carry: nothing loads from anywhere, and only the inlined scripts and
 * styles given (by their SHA-256) run. Only constants and base64 hashes, so it is written unescaped.
 */
export function contentSecurityPolicy(scripts: readonly string[], styles: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(sha256).join(" ")}`,
    `style-src ${styles.map(sha256).join(" ")}`,
    "img-src data:",
    "font-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** A page script with the code both HTML reports share (report-ui.js) in front: one inline script, one hash. */
export function withSharedUi(pageScript: string): string {
  return `${readFileSync(new URL("./html/report-ui.js", import.meta.url), "utf8")}\n${pageScript}`;
}

export function loadAssets(): { css: string; client: string; chart: string } {
  if (!assets) {
    const here = new URL("./html/", import.meta.url);
    const chartFile = join(dirname(createRequire(import.meta.url).resolve("chart.js")), "chart.umd.js");
    assets = {
      css: readFileSync(new URL("report.css", here), "utf8"),
      client: withSharedUi(readFileSync(new URL("report-client.js", here), "utf8")),
      // The source map comment would only make developer tools look for a file that is not there.
      chart: readFileSync(chartFile, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"),
    };
    if (/<\/script/i.test(assets.chart) || /<\/script/i.test(assets.client))
      throw new Error("an inlined script contains </script>");
  }
  return assets;
}

export function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

function badge(status: DisplayStatus | Rollup, label?: string): SafeHtml {
  const text =
    label ?? (status in DISPLAY_LABEL ? DISPLAY_LABEL[status as DisplayStatus] : ROLLUP_LABEL[status as Rollup]);
  return html`<span class="badge s-${status}">${status === "unknown" ? `⚠ ${text}` : text}</span>`;
}

function scoreClass(score: number): string {
  return score >= 90 ? "good" : score >= 60 ? "mid" : "bad";
}

function scoreBar(score: number | null): SafeHtml {
  if (score === null) return html`<span class="muted">—</span>`;
  return html`<svg class="scorebar" width="80" height="8" viewBox="0 0 100 8" aria-hidden="true"><rect class="track" x="0" y="0" width="100" height="8" rx="2"></rect><rect class="${scoreClass(score)}" x="0" y="0" width="${score}" height="8" rx="2"></rect></svg> <b>${score}</b>`;
}

function gauge(score: number | null): SafeHtml {
  const radius = 36;
  const circumference = 2 * Math.PI * radius;
  const filled = score === null ? 0 : (circumference * score) / 100;
  const color = score === null ? "#b0bec5" : score >= 90 ? "#2e7d32" : score >= 60 ? "#f9a825" : "#c62828";
  return html`<svg class="gauge" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${score === null ? "no score" : `score ${score} of 100`}">
<circle cx="48" cy="48" r="${radius}" fill="none" stroke="#e6eaee" stroke-width="10"></circle>
<circle cx="48" cy="48" r="${radius}" fill="none" stroke="${color}" stroke-width="10" stroke-dasharray="${filled.toFixed(1)} ${circumference.toFixed(1)}" transform="rotate(-90 48 48)"></circle>
<text x="48" y="56" text-anchor="middle">${score === null ? "—" : String(score)}</text></svg>`;
}

function countChips(counts: Record<string, number>, suppressed: number): SafeHtml {
  const chips: SafeHtml[] = [];
  const fail = (counts.fail ?? 0) - suppressed;
  if (fail) chips.push(badge("fail", `${fail} fail`));
  if (counts.unknown) chips.push(badge("unknown", `${counts.unknown} unknown`));
  if (suppressed) chips.push(badge("suppressed", `${suppressed} suppressed`));
  if (counts.manual) chips.push(badge("manual", `${counts.manual} manual`));
  chips.push(badge("pass", `${counts.pass ?? 0} pass`));
  if (counts.not_applicable) chips.push(badge("not_applicable", `${counts.not_applicable} n/a`));
  return html`<div class="chips">${chips}</div>`;
}

function findingId(workspaceIndex: number, checkId: string): string {
  return `finding-${workspaceIndex}-${checkId.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

interface Context extends MatrixContext {}

// --- sections ----------------------------------------------------------------------------------------

function overview(context: Context, scores: CategoryScores): SafeHtml {
  const { document, at } = context;
  const unknownCount = document.summary.counts.unknown;
  const unreadable = document.workspaces.filter(isUnreadable);
  const suppressedOf = (w: WorkspaceReport) => w.results.filter((r) => displayStatus(r, at) === "suppressed").length;
  const totalSuppressed = document.workspaces.reduce((sum, w) => sum + suppressedOf(w), 0);
  const categories = presentCategories(document);
  const categoryRow = (name: SafeHtml | string, score: number | null, cells: CategoryScores["overall"]["categories"]) =>
    html`<tr><td class="wrap">${name}</td><td>${scoreBar(score)}</td>${categories.map(
      (c) =>
        html`<td>${scoreBar(cells[c].score)}<div class="muted">${cells[c].counts.fail} fail · ${cells[c].counts.unknown} unknown · ${cells[c].counts.pass} pass</div></td>`,
    )}</tr>`;
  return html`<section id="overview">
<h1>Azure Databricks security posture</h1>
<p class="meta">Generated ${document.generatedAt} by lakeward ${document.tool.version} · profile <b>${document.profile}</b> · ${document.workspaces.length} workspace${document.workspaces.length === 1 ? "" : "s"} · ${document.checks.length} checks</p>
${
  unknownCount
    ? html`<div class="banner unknown" role="alert">⚠ ${unknownCount} result${unknownCount === 1 ? " is" : "s are"} UNKNOWN: lakeward could not read the evidence (permissions, an endpoint missing, a host unreachable). Unknown is never counted as a pass — it lowers the score like a failure. Filter the findings by “unknown” to see why.</div>`
    : ""
}
${runFailures(document).map(
  (problem) =>
    html`<div class="banner fatal" role="alert">Not read: ${problem.message}. This report is incomplete.</div>`,
)}
${
  unreadable.length
    ? html`<div class="banner fatal" role="alert">Could not read at all: ${unreadable.map((w) => w.workspace.name).join(", ")}. Every check of ${unreadable.length === 1 ? "this workspace" : "these workspaces"} is unknown.</div>`
    : ""
}
<div class="cards">
<div class="card overall">${gauge(scores.overall.score)}<div><h3>Overall score</h3><div class="muted">severity-weighted, all workspaces</div>${countChips(document.summary.counts, totalSuppressed)}</div></div>
${document.workspaces.map(
  (workspace) =>
    html`<div class="card"><h3>${workspace.workspace.name}</h3><div class="host">${workspace.workspace.host ?? workspace.workspace.resourceId ?? ""}</div>${readAsLine(workspace.collection.readAs)}<div>score ${scoreBar(workspace.score)}</div>${countChips(workspace.counts, suppressedOf(workspace))}</div>`,
)}
</div>
<h2>Scores by category</h2>
<table class="scores"><thead><tr><th>workspace</th><th>score</th>${categories.map((c) => html`<th>${CATEGORIES[c]}</th>`)}</tr></thead><tbody>
${scores.workspaces.map((row) => categoryRow(row.name, row.score, row.categories))}
${document.workspaces.length > 1 ? categoryRow(html`<b>all workspaces</b>`, scores.overall.score, scores.overall.categories) : ""}
</tbody></table>
<p class="muted">Score = weight of passing results ÷ weight of pass + fail + unknown results; weights by severity: ${SEVERITIES.map((s) => `${s} ${SEVERITY_WEIGHT[s]}`).join(", ")}. Not-applicable and manual results are left out. “—” means nothing could be judged.</p>
</section>`;
}

/** Categories that have at least one check in this run, in the catalogue's order. */
function presentCategories(document: ResultsDocument): Category[] {
  const used = new Set(document.checks.map((check) => check.category));
  return (Object.keys(CATEGORIES) as Category[]).filter((category) => used.has(category));
}

function chartSection(): SafeHtml {
  const figure = (id: string, caption: string) =>
    html`<figure><figcaption>${caption}</figcaption><div class="chart-box"><canvas id="${id}" role="img" aria-label="${caption}"></canvas></div></figure>`;
  return html`<section id="charts"><h2>Results at a glance</h2><div class="charts">
${figure("chart-severity", "Results by severity")}
${figure("chart-category", "Results by category")}
${figure("chart-threat", "Results by threat (a result counts for each threat its check mitigates)")}
${figure("chart-scores", "Score per workspace")}
</div></section>`;
}

function chartData(document: ResultsDocument): unknown {
  const b = breakdown(document);
  const series = [
    { key: "fail", label: "fail", color: "#c62828" },
    { key: "unknown", label: "unknown (not a pass)", color: "#7b1fa2" },
    { key: "manual", label: "manual", color: "#b58900" },
    { key: "pass", label: "pass", color: "#2e7d32" },
    { key: "not_applicable", label: "n/a", color: "#b0b8c1" },
  ];
  const table = <K extends string>(
    keys: readonly K[],
    labels: (key: K) => string,
    counts: Record<K, Record<string, number>>,
  ) => ({
    labels: keys.map(labels),
    counts: Object.fromEntries(STATUSES.map((status) => [status, keys.map((key) => counts[key][status] ?? 0)])),
  });
  const threats = [...(Object.keys(THREATS) as Threat[]), "none" as const];
  return {
    series,
    severity: table(SEVERITIES, (s) => s, b.severity),
    category: { ...table(presentCategories(document), (c) => CATEGORIES[c], b.category), horizontal: true },
    threat: {
      ...table(threats, (t) => (t === "none" ? "— (patch hygiene)" : t), b.threat),
      horizontal: false,
    },
    scores: {
      labels: document.workspaces.map((w) => w.workspace.name),
      values: document.workspaces.map((w) => w.score),
    },
  };
}

function evidenceTable(result: ResultEntry): SafeHtml {
  if (result.evidence.length === 0) return html`<p class="muted">No evidence recorded.</p>`;
  return html`<table class="evidence"><thead><tr><th>evidence</th><th>value</th><th>source</th></tr></thead><tbody>
${result.evidence.map(
  (e) =>
    html`<tr><td>${e.label}</td><td class="mono">${e.reason !== undefined ? html`<span class="reason">unknown: ${e.reason}</span>` : formatValue(e.value, 2000)}${e.note ? html`<div class="muted">${e.note}</div>` : ""}${e.partial ? html`<div class="reason">partial: ${e.partial}</div>` : ""}</td><td class="mono">${e.source}</td></tr>`,
)}
</tbody></table>`;
}

function detail(result: ResultEntry, check: CheckInfo | undefined): SafeHtml {
  const mappings: HtmlValue[] = [
    check?.threats.length
      ? html`<div>Threats: ${check.threats.map((t) => `${t} (${THREATS[t]})`).join(", ")}</div>`
      : "",
    check?.controls.length ? html`<div>ASB v2: ${check.controls.join(", ")}</div>` : "",
    check?.cis.length ? html`<div>CIS §2.1: ${check.cis.join(", ")}</div>` : "",
    check?.guide.length ? html`<div>Guide: ${check.guide.join("; ")}</div>` : "",
  ];
  return html`<div class="detail-grid"><div>
<h4>Finding</h4><p class="wrap">${result.message}</p>
${result.suppression ? html`<p><b>Suppressed:</b> ${result.suppression.reason}${result.suppression.expires ? ` (until ${result.suppression.expires})` : " (no expiry)"} · scope ${result.suppression.scope}</p>` : ""}
${result.attestation ? html`<p><b>Attested</b> by ${result.attestation.by} on ${result.attestation.date}: ${result.attestation.evidence}${result.attestation.expires ? ` (until ${result.attestation.expires})` : ""}</p>` : ""}
${result.resources.length ? html`<h4>Resources</h4><ul class="wrap">${result.resources.map((r) => html`<li class="mono">${r}</li>`)}</ul>` : ""}
${result.locations?.length ? html`<h4>Declared at</h4><ul>${result.locations.map((l) => html`<li class="mono">${l.file}:${l.line}</li>`)}</ul>` : ""}
<h4>Evidence</h4>${evidenceTable(result)}
</div><div>
<h4>Why it matters</h4><p>${check?.rationale ?? "This lakeward does not know this check."}</p>
${mappings}
${check?.remediation ? html`<h4>Fix in the portal or the Databricks UI</h4><p>${check.remediation.ui}</p><h4>Fix in Terraform</h4><pre><code>${check.remediation.terraform}</code></pre>` : ""}
</div></div>`;
}

function findingsSection(context: Context): SafeHtml {
  const { document, catalogue, at } = context;
  const entries = document.workspaces
    .flatMap((workspace, index) => workspace.results.map((result) => ({ workspace, index, result })))
    .sort((a, b) => compareResults(a.result, b.result, at) || a.index - b.index);
  const present = new Set(entries.map((e) => displayStatus(e.result, at)));
  const statusOptions = DISPLAY_ORDER.filter((s) => present.has(s));
  const rows = entries.map(({ workspace, index, result }) => {
    const shown = displayStatus(result, at);
    const id = findingId(index, result.checkId);
    return html`<tbody class="finding st-${shown}" id="${id}" data-status="${shown}" data-severity="${result.severity}" data-category="${result.category}" data-workspace="w${index}">
<tr class="row"><td>${badge(shown)}</td><td class="sev-${result.severity}">${result.severity}</td><td><b class="mono">${result.checkId}</b> ${result.title}</td><td class="wrap">${workspace.workspace.name}</td><td class="wrap">${result.message}<br><button type="button" class="toggle" aria-expanded="false" aria-controls="${id}-detail">evidence, why, fix</button></td></tr>
<tr class="detail" id="${id}-detail" hidden><td colspan="5">${detail(result, catalogue.get(result.checkId))}</td></tr>
</tbody>`;
  });
  const option = (value: string, label: string) => html`<option value="${value}">${label}</option>`;
  return html`<section id="findings"><h2>Findings</h2>
<div class="filters" role="search">
<label>Status<select id="filter-status">${option("", "all")}${option("open", "open: fail, unknown, manual")}${statusOptions.map((s) => option(s, DISPLAY_LABEL[s]))}</select></label>
<label>Severity<select id="filter-severity">${option("", "all")}${SEVERITIES.map((s: Severity) => option(s, s))}</select></label>
<label>Category<select id="filter-category">${option("", "all")}${(Object.keys(CATEGORIES) as Category[]).map((c) => option(c, CATEGORIES[c]))}</select></label>
<label>Workspace<select id="filter-workspace">${option("", "all")}${document.workspaces.map((w, i) => option(`w${i}`, w.workspace.name))}</select></label>
<label>Search<input type="search" id="filter-search" placeholder="check, title, message, evidence…" autocomplete="off"></label>
<button type="button" class="toggle" id="filter-reset">reset</button>
<button type="button" class="toggle" id="expand-all">expand shown</button>
<button type="button" class="toggle" id="collapse-all">collapse all</button>
<span id="finding-count" aria-live="polite">${entries.length} of ${entries.length} results shown</span>
</div>
<table class="findings"><thead><tr><th>status</th><th>severity</th><th>check</th><th>workspace</th><th>finding</th></tr></thead>
${rows}
</table></section>`;
}

function collectionSection(document: ResultsDocument): SafeHtml {
  const problems = documentProblems(document);
  const rows = document.workspaces.map(
    (w) =>
      html`<tr><td class="wrap">${w.workspace.name}</td><td class="mono wrap">${w.workspace.resourceId ?? w.workspace.host ?? ""}</td><td>${w.workspace.location ?? ""}</td><td>${w.workspace.origin}</td><td class="num">${w.collection.requests}</td><td class="num">${w.collection.retries}</td><td>${w.collection.startedAt}</td></tr>`,
  );
  return html`<section id="collection"><h2>Collection</h2>
<table><thead><tr><th>workspace</th><th>resource</th><th>location</th><th>origin</th><th class="num">requests</th><th class="num">retries</th><th>read at</th></tr></thead><tbody>${rows}</tbody></table>
${
  problems.length
    ? html`<h3>Problems while reading</h3><table><thead><tr><th>workspace</th><th>source</th><th>problem</th><th>fatal</th></tr></thead><tbody>${problems.map(
        (p) =>
          html`<tr><td class="wrap">${p.workspace}</td><td class="mono wrap">${p.source}</td><td class="wrap">${p.message}</td><td>${p.fatal ? html`<b>yes</b>` : "no"}</td></tr>`,
      )}</tbody></table>`
    : html`<p class="muted">Every source answered.</p>`
}
</section>`;
}

/** Who the workspace was read as; a warning when that identity could not see every object. */
function readAsLine(readAs: ResultsDocument["workspaces"][number]["collection"]["readAs"]): SafeHtml | string {
  if (!readAs) return "";
  const rights = [
    readAs.workspaceAdmin ? "workspace admin" : "not a workspace admin",
    readAs.metastoreAdmin === null ? "" : readAs.metastoreAdmin ? "metastore admin" : "not a metastore admin",
  ].filter(Boolean);
  const limited = !readAs.workspaceAdmin || readAs.metastoreAdmin === false;
  return html`<div class="${limited ? "reason" : "muted"}">read as ${readAs.name} · ${rights.join(" · ")}</div>`;
}

export function renderHtml(document: ResultsDocument): string {
  const { css, client, chart } = loadAssets();
  const at = documentTime(document);
  const catalogue = checkCatalogue(document);
  const context: Context = {
    document,
    catalogue,
    at,
    checkHref: (checkId, first) => `#${first >= 0 ? findingId(first, checkId) : "findings"}`,
    columns:
      document.workspaces.length <= MAX_WORKSPACE_COLUMNS
        ? document.workspaces.map((w, index) => ({ index, name: w.workspace.name }))
        : [],
  };
  const csp = contentSecurityPolicy([chart, client], [css]);
  const title = `lakeward report · ${document.workspaces.length} workspace${document.workspaces.length === 1 ? "" : "s"} · profile ${document.profile}`;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lakeward ${document.tool.version}">
<title>${title}</title>
<style>${trusted(css)}</style>
</head>
<body>
<header class="top"><div class="brand">lakeward</div><nav><a href="#overview">Overview</a><a href="#charts">Charts</a><a href="#threats">Threat model</a><a href="#asb">ASB v2 baseline</a><a href="#cis">CIS §2.1</a><a href="#findings">Findings</a><a href="#collection">Collection</a></nav></header>
<main>
${overview(context, categoryScores(document))}
${chartSection()}
${threatSection(context)}
${asbSection(context)}
${cisSection(context)}
${findingsSection(context)}
${collectionSection(document)}
<footer>Generated by lakeward ${document.tool.version}. Unknown means lakeward could not read the evidence; it is never counted as a pass. Statuses: ${STATUSES.map((s) => STATUS_LABEL[s]).join(", ")}. This file is self-contained and makes no network request.</footer>
</main>
<script type="application/json" id="lakeward-data">${trusted(jsonForScript({ charts: chartData(document) }))}</script>
<script>${trusted(chart)}</script>
<script>${trusted(client)}</script>
</body>
</html>
`;
  return page.value;
}
