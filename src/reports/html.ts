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
 * Sections: the executive summary ("fix these first"), overall and per-category scores, charts by
 * severity, category and threat, the guide's threat model with the state of each mitigation, the ASB v2
 * baseline matrix (every control, including those the baseline leaves "Guidance: None"), the CIS §2.1
 * view, the findings grouped by check with filters and search, and per result its evidence (the failing
 * value marked), rationale and both fixes. Unknown is shown loudly, with its causes, and never as a pass.
 * The matrices are html/matrices.ts's, which the dashboard renders too; the other views are html/sections.ts.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CATEGORIES, type Category, SEVERITIES, STATUSES, THREATS, type Threat } from "../checks/types.ts";
import { SEVERITY_WEIGHT } from "../engine/score.ts";
import { html, jsonForScript, type SafeHtml, trusted } from "./html/escape.ts";
import { asbSection, cisSection, type MatrixContext, scrollingTable, threatSection } from "./html/matrices.ts";
import { checkGroupId, countChips, gauge, scoreBar } from "./html/parts.ts";
import { executiveSummary, findingsSection, unknownBanner } from "./html/sections.ts";
import type { ResultsDocument } from "./results-document.ts";
import {
  checkCatalogue,
  displayStatus,
  documentProblems,
  documentTime,
  isUnreadable,
  runFailures,
  STATUS_LABEL,
  type WorkspaceReport,
} from "./shared.ts";
import { breakdown, type CategoryScores, categoryScores } from "./views.ts";

let assets: { css: string; client: string; chart: string; pathGraph: string } | undefined;

/** Cytoscape.js (its minified UMD build) and the path graph's script (html/path-graph-client.js), as one script. */
export function pathGraphScript(): string {
  const cytoscapeFile = join(dirname(createRequire(import.meta.url).resolve("cytoscape")), "cytoscape.min.js");
  return `${readFileSync(cytoscapeFile, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n")}\n${readFileSync(new URL("./html/path-graph-client.js", import.meta.url), "utf8")}`;
}

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

export function loadAssets(): { css: string; client: string; chart: string; pathGraph: string } {
  if (!assets) {
    const here = new URL("./html/", import.meta.url);
    const chartFile = join(dirname(createRequire(import.meta.url).resolve("chart.js")), "chart.umd.js");
    assets = {
      // The shared views' rules first (the dashboard serves the same file), then the report's own.
      css: `${readFileSync(new URL("shared-views.css", here), "utf8")}\n${readFileSync(new URL("report.css", here), "utf8")}`,
      client: withSharedUi(readFileSync(new URL("report-client.js", here), "utf8")),
      // The source map comment would only make developer tools look for a file that is not there.
      chart: readFileSync(chartFile, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n"),
      pathGraph: pathGraphScript(),
    };
    if ([assets.chart, assets.client, assets.pathGraph].some((script) => /<\/script/i.test(script)))
      throw new Error("an inlined script contains </script>");
  }
  return assets;
}

export function sha256(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

// --- sections ----------------------------------------------------------------------------------------

function overview(context: MatrixContext, scores: CategoryScores): SafeHtml {
  const { document, at } = context;
  const suppressedOf = (w: WorkspaceReport) => w.results.filter((r) => displayStatus(r, at) === "suppressed").length;
  const totalSuppressed = document.workspaces.reduce((sum, w) => sum + suppressedOf(w), 0);
  const categories = presentCategories(document);
  const categoryRow = (name: SafeHtml | string, score: number | null, cells: CategoryScores["overall"]["categories"]) =>
    html`<tr><td class="wrap">${name}</td><td>${scoreBar(score)}</td>${categories.map(
      (c) =>
        html`<td>${scoreBar(cells[c].score)}<div class="muted">${cells[c].counts.fail} fail · ${cells[c].counts.unknown} unknown · ${cells[c].counts.pass} pass</div></td>`,
    )}</tr>`;
  return html`<section id="overview"><h2>Overview</h2>
<div class="cards">
<div class="card overall">${gauge(scores.overall.score)}<div><h3>Overall score</h3><div class="muted">severity-weighted, all workspaces</div>${countChips(document.summary.counts, totalSuppressed)}</div></div>
${document.workspaces.map(
  (workspace) =>
    html`<div class="card"><h3>${workspace.workspace.name}</h3><div class="host">${workspace.workspace.host ?? workspace.workspace.resourceId ?? ""}</div>${readAsLine(workspace.collection.readAs)}<div>score ${scoreBar(workspace.score)}</div>${countChips(workspace.counts, suppressedOf(workspace))}</div>`,
)}
</div>
<h3>Scores by category</h3>
${scrollingTable(
  { label: "scores by category", className: "scores" },
  html`<tr><th>workspace</th><th>score</th>${categories.map((c) => html`<th>${CATEGORIES[c]}</th>`)}</tr>`,
  [
    ...scores.workspaces.map((row) => categoryRow(row.name, row.score, row.categories)),
    document.workspaces.length > 1
      ? categoryRow(html`<b>all workspaces</b>`, scores.overall.score, scores.overall.categories)
      : "",
  ],
)}
<p class="muted">Score = weight of passing results ÷ weight of pass + fail + unknown results; weights by severity: ${SEVERITIES.map((s) => `${s} ${SEVERITY_WEIGHT[s]}`).join(", ")}. Not-applicable and manual results are left out. “—” means nothing could be judged.</p>
</section>`;
}

/** The page's title block and the banners that must be read before anything else. */
function heading(context: MatrixContext): SafeHtml {
  const { document } = context;
  const unreadable = document.workspaces.filter(isUnreadable);
  return html`<h1>Azure Databricks security posture</h1>
<p class="meta">Generated ${document.generatedAt} by lakeward ${document.tool.version} · profile <b>${document.profile}</b> · ${document.workspaces.length} workspace${document.workspaces.length === 1 ? "" : "s"} · ${document.checks.length} checks</p>
${unknownBanner(document)}
${runFailures(document).map(
  (problem) =>
    html`<div class="banner fatal" role="alert">Not read: ${problem.message}. This report is incomplete.</div>`,
)}
${
  unreadable.length
    ? html`<div class="banner fatal" role="alert">Could not read at all: ${unreadable.map((w) => w.workspace.name).join(", ")}. Every check of ${unreadable.length === 1 ? "this workspace" : "these workspaces"} is unknown.</div>`
    : ""
}`;
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

function collectionSection(document: ResultsDocument): SafeHtml {
  const problems = documentProblems(document);
  const rows = document.workspaces.map(
    (w) =>
      html`<tr><td class="wrap">${w.workspace.name}</td><td class="mono wrap">${w.workspace.resourceId ?? w.workspace.host ?? ""}</td><td>${w.workspace.location ?? ""}</td><td>${w.workspace.origin}</td><td class="num">${w.collection.requests}</td><td class="num">${w.collection.retries}</td><td>${w.collection.startedAt}</td></tr>`,
  );
  return html`<section id="collection"><h2>Collection</h2>
${scrollingTable(
  { label: "workspaces read" },
  html`<tr><th>workspace</th><th>resource</th><th>location</th><th>origin</th><th class="num">requests</th><th class="num">retries</th><th>read at</th></tr>`,
  rows,
)}
${
  problems.length
    ? html`<h3>Problems while reading</h3>${scrollingTable(
        { label: "problems while reading" },
        html`<tr><th>workspace</th><th>source</th><th>problem</th><th>fatal</th></tr>`,
        problems.map(
          (p) =>
            html`<tr><td class="wrap">${p.workspace}</td><td class="mono wrap">${p.source}</td><td class="wrap">${p.message}</td><td>${p.fatal ? html`<b>yes</b>` : "no"}</td></tr>`,
        ),
      )}`
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
  const { css, client, chart, pathGraph } = loadAssets();
  // Cytoscape (~430 kB) is inlined only when some finding names permission paths. It would inject a <style>
  // (which the CSP forbids) unless an element with its stylesheet id exists: the report's own style carries
  // that id, and report.css gives the graph's container the position it wants.
  const hasPaths = document.workspaces.some((w) => w.results.some((r) => r.paths?.items.length));
  const at = documentTime(document);
  const catalogue = checkCatalogue(document);
  const context: MatrixContext = { document, catalogue, at, checkHref: (checkId) => `#${checkGroupId(checkId)}` };
  const csp = contentSecurityPolicy(hasPaths ? [chart, client, pathGraph] : [chart, client], [css]);
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
<style${hasPaths ? trusted(' id="__________cytoscape_stylesheet"') : ""}>${trusted(css)}</style>
</head>
<body>
<header class="top"><div class="brand">lakeward</div><nav><a href="#summary">Fix first</a><a href="#overview">Overview</a><a href="#charts">Charts</a><a href="#threats">Threat model</a><a href="#asb">ASB v2 baseline</a><a href="#cis">CIS §2.1</a><a href="#findings">Findings</a><a href="#collection">Collection</a></nav></header>
<main>
${heading(context)}
${executiveSummary(context)}
${overview(context, categoryScores(document))}
${chartSection()}
${threatSection(context)}
${asbSection(context)}
${cisSection(context)}
${findingsSection(context)}
${collectionSection(document)}
<footer>Generated by lakeward ${document.tool.version}. Unknown means lakeward could not judge a check (its evidence was not read, or was read and decides nothing, as with a setting never set that has no documented default); it is never counted as a pass. Statuses: ${STATUSES.map((s) => STATUS_LABEL[s]).join(", ")}. This file is self-contained and makes no network request.</footer>
</main>
<script type="application/json" id="lakeward-data">${trusted(jsonForScript({ charts: chartData(document) }))}</script>
<script>${trusted(chart)}</script>
<script>${trusted(client)}</script>
${hasPaths ? html`<script>${trusted(pathGraph)}</script>` : ""}
</body>
</html>
`;
  return page.value;
}
