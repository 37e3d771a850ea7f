/**
 * Alerts as one self-contained HTML file that works offline and makes no network request, built like the
 * posture report (src/reports/html.ts): its stylesheet and Chart.js are reused and inlined with this
 * report's own styles and script, and a Content-Security-Policy meta tag allows exactly those inline
 * blocks (by hash) and nothing else — no fetches, no remote images, fonts or forms.
 *
 * Markup is built with the escaping `html` template, so log-supplied text (principals, IPs, user agents,
 * request parameters, notebook paths) only ever becomes text; the script filters rows and draws charts from
 * a JSON block whose `<`, `>` and `&` are \u-escaped, and never uses innerHTML. Filters compare opaque keys
 * (`p3`, `w0`), never log text.
 *
 * Sections: overview (counts by severity, source, time window, warnings), charts by severity, threat and
 * detection, the alerts with filters (severity, detection, principal, workspace) and search, each alert's
 * facts, evidence events, rationale and response guidance, the detections with their thresholds and
 * outcome, and the input read with its problems.
 */
import { readFileSync } from "node:fs";
import { SEVERITIES, type Severity, THREATS, type Threat } from "../../checks/types.ts";
import { html, jsonForScript, type SafeHtml, trusted } from "../../reports/html/escape.ts";
import { contentSecurityPolicy, loadAssets, withSharedUi } from "../../reports/html.ts";
import type { Alert, AlertsDocument } from "../alerts.ts";
import {
  alertWorkspace,
  type DetectionInfo,
  detectionCatalogue,
  paramsText,
  shortTime,
  thresholdText,
  timeSpan,
  whoText,
  workspaceLabel,
} from "./shared.ts";

/** Input problems listed in the page; alerts.json has all of them. */
const MAX_PROBLEMS = 500;

const SEVERITY_COLOR: Record<Severity, string> = {
  critical: "#8e0000",
  high: "#c62828",
  medium: "#ef8f00",
  low: "#1565c0",
  info: "#8c959f",
};

let own: { css: string; client: string } | undefined;

function ownAssets(): { css: string; client: string } {
  if (!own) {
    const here = new URL("./html/", import.meta.url);
    own = {
      css: readFileSync(new URL("alerts.css", here), "utf8"),
      client: withSharedUi(readFileSync(new URL("alerts-client.js", here), "utf8")),
    };
    if (/<\/script/i.test(own.client)) throw new Error("an inlined script contains </script>");
  }
  return own;
}

interface Context {
  document: AlertsDocument;
  catalogue: Map<string, DetectionInfo>;
  /** Opaque filter keys of principals and workspaces, in first-seen order. */
  principals: Map<string, string>;
  workspaces: Map<string, string>;
}

const NO_PRINCIPAL = "(no principal)";

function keysOf(values: readonly string[], prefix: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const value of values) if (!keys.has(value)) keys.set(value, `${prefix}${keys.size}`);
  return keys;
}

function severityBadge(severity: Severity, label: string = severity): SafeHtml {
  return html`<span class="badge sev-bg-${severity}">${label}</span>`;
}

function severityChips(counts: Partial<Record<Severity, number>>): SafeHtml {
  const present = SEVERITIES.filter((s) => (counts[s] ?? 0) > 0);
  if (present.length === 0) return html`<div class="chips"><span class="badge s-pass">no alerts</span></div>`;
  return html`<div class="chips">${present.map((s) => severityBadge(s, `${counts[s]} ${s}`))}</div>`;
}

function sourceText(document: AlertsDocument): string {
  const source = document.source;
  return source.mode === "local"
    ? `${source.events.toLocaleString("en-US")} events from ${source.files} file(s), read with the embedded DuckDB`
    : `${source.table} on SQL warehouse ${source.warehouseId} (${source.host})`;
}

function overview(context: Context): SafeHtml {
  const { document } = context;
  const failed = document.detections.filter((run) => run.status === "failed");
  const source = document.source;
  const unreadable = source.mode === "local" ? source.problems.filter((p) => p.level === "error").length : 0;
  const bad = source.mode === "local" ? source.badLines : 0;
  const byWorkspace = new Map<string, Alert[]>();
  for (const alert of document.alerts) {
    const label = alertWorkspace(alert).label;
    byWorkspace.set(label, [...(byWorkspace.get(label) ?? []), alert]);
  }
  const window =
    document.window.since || document.window.until
      ? `${document.window.since ?? "the first event"} to ${document.window.until ?? "the last event"}`
      : "every event read";
  return html`<section id="overview">
<h1>Azure Databricks audit-log alerts</h1>
<p class="meta">Generated ${document.generatedAt} by lakeward ${document.tool.version} · ${sourceText(document)} · window: ${window}</p>
${failed.length ? html`<div class="banner fatal" role="alert">${failed.length} detection${failed.length === 1 ? "" : "s"} could not run: ${failed.map((run) => `${run.id} (${run.error ?? "unknown error"})`).join("; ")}. The run is incomplete: a missing alert proves nothing.</div>` : ""}
${unreadable ? html`<div class="banner fatal" role="alert">${unreadable} input file${unreadable === 1 ? "" : "s"} could not be read; see <a href="#input">Input</a>. The other files were read.</div>` : ""}
${bad ? html`<div class="banner unknown" role="status">${bad} malformed line${bad === 1 ? " was" : "s were"} skipped; see <a href="#input">Input</a>.</div>` : ""}
<div class="cards">
<div class="card overall"><div class="big-count">${document.alerts.length}</div><div><h3>Alert${document.alerts.length === 1 ? "" : "s"}</h3><div class="muted">${document.detections.length} detection${document.detections.length === 1 ? "" : "s"} ran${failed.length ? `, ${failed.length} failed` : ""}</div>${severityChips(document.counts)}</div></div>
${[...byWorkspace].map(
  ([label, alerts]) =>
    html`<div class="card"><h3>${label}</h3><div class="muted">${alerts.length} alert${alerts.length === 1 ? "" : "s"} · ${new Set(alerts.map((a) => a.detectionId)).size} detection(s)</div>${severityChips(
      Object.fromEntries(SEVERITIES.map((s) => [s, alerts.filter((a) => a.severity === s).length])),
    )}</div>`,
)}
</div>
</section>`;
}

function chartSection(): SafeHtml {
  const figure = (id: string, caption: string, note = "") =>
    html`<figure><figcaption>${caption}</figcaption><div class="chart-box"><canvas id="${id}" role="img" aria-label="${caption}"></canvas></div>${note ? html`<div class="muted note">${note}</div>` : ""}</figure>`;
  return html`<section id="charts"><h2>Alerts at a glance</h2><div class="charts">
${figure("chart-severity", "Alerts by severity")}
${figure(
  "chart-threat",
  "Alerts by threat (an alert counts for each threat of its detection)",
  Object.entries(THREATS)
    .map(([id, name]) => `${id} ${name}`)
    .join(" · "),
)}
${figure("chart-detection", "Alerts by detection")}
</div></section>`;
}

function chartData(context: Context): unknown {
  const { document } = context;
  const series = SEVERITIES.map((s) => ({ key: s, label: s, color: SEVERITY_COLOR[s] }));
  const stack = <K extends string>(
    keys: readonly K[],
    label: (key: K) => string,
    has: (alert: Alert, key: K) => boolean,
  ) => ({
    labels: keys.map(label),
    counts: Object.fromEntries(
      SEVERITIES.map((s) => [
        s,
        keys.map((key) => document.alerts.filter((a) => a.severity === s && has(a, key)).length),
      ]),
    ),
  });
  const threats = Object.keys(THREATS) as Threat[];
  return {
    series,
    severity: stack(
      SEVERITIES,
      (s) => s,
      (a, s) => a.severity === s,
    ),
    threat: stack(
      threats,
      (t) => t,
      (a, t) => a.threats.includes(t),
    ),
    detection: {
      ...stack(
        [...context.catalogue.keys()],
        (id) => id,
        (a, id) => a.detectionId === id,
      ),
      horizontal: true,
    },
  };
}

function evidenceTable(alert: Alert): SafeHtml {
  if (alert.events.length === 0) return html`<p class="muted">No evidence events kept.</p>`;
  const more = alert.eventCount - alert.events.length;
  return html`<table class="evidence"><thead><tr><th>time</th><th>workspace</th><th>action</th><th class="num">status</th><th>source IP</th><th>principal</th><th>user agent</th><th>request parameters</th></tr></thead><tbody>
${alert.events.map(
  (e) =>
    html`<tr><td class="mono nowrap" title="${e.requestId ? `request ${e.requestId}` : ""}">${shortTime(e.time)}</td><td class="wrap" title="${e.workspace ?? ""}">${e.workspace ? workspaceLabel(e.workspace) : ""}</td><td class="mono">${e.service ?? "-"}/${e.action ?? "-"}</td><td class="num">${e.status ?? ""}</td><td class="mono nowrap">${e.sourceIp ?? ""}</td><td class="wrap">${e.principal ?? ""}</td><td class="wrap ua">${e.userAgent ?? ""}</td><td class="mono wrap">${paramsText(e.params)}</td></tr>`,
)}
</tbody></table>${more > 0 ? html`<p class="muted">${more} more matching event${more === 1 ? "" : "s"} not kept (raise <code>--max-events</code> to keep more).</p>` : ""}`;
}

function detail(alert: Alert, info: DetectionInfo | undefined): SafeHtml {
  const facts = Object.entries(alert.facts).filter(([, value]) => value !== null && value !== "");
  return html`<div class="detail-grid"><div>
<h4>What happened</h4><p class="wrap">${alert.summary}</p>
<p class="muted">Alert <span class="mono">${alert.id}</span> · ${timeSpan(alert)} · ${alert.eventCount} matching event${alert.eventCount === 1 ? "" : "s"}${whoText(alert) ? ` · ${whoText(alert)}` : ""}</p>
${facts.length ? html`<h4>Facts</h4><table class="facts"><tbody>${facts.map(([name, value]) => html`<tr><th>${name}</th><td class="wrap">${value}</td></tr>`)}</tbody></table>` : ""}
</div><div>
<h4>Why it matters</h4><p>${info?.rationale ?? "This lakeward does not know this detection."}</p>
<h4>Response</h4><p>${info?.response ?? "See docs/detections.md of the lakeward version that wrote these alerts."}</p>
<div>Threats: ${alert.threats.map((t) => `${t} (${THREATS[t]})`).join(", ") || "—"}</div>
<div>ASB v2: ${alert.controls.join(", ") || "—"}</div>
${info ? html`<div>Thresholds: <span class="mono">${thresholdText(info.thresholds)}</span></div>` : ""}
</div></div>
<h4>Evidence events (${alert.events.length} of ${alert.eventCount})</h4>${evidenceTable(alert)}`;
}

function alertsSection(context: Context): SafeHtml {
  const { document, catalogue, principals, workspaces } = context;
  const rows = document.alerts.map((alert) => {
    const workspace = alertWorkspace(alert);
    const id = `alert-${alert.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
    return html`<tbody class="alert sv-${alert.severity}" id="${id}" data-severity="${alert.severity}" data-detection="${alert.detectionId}" data-principal="${principals.get(alert.principal ?? NO_PRINCIPAL) ?? ""}" data-workspace="${workspaces.get(workspace.label) ?? ""}">
<tr class="row"><td>${severityBadge(alert.severity)}</td><td><b class="mono">${alert.detectionId}</b> ${alert.title}</td><td class="wrap">${workspace.label}</td><td class="wrap principal">${alert.principal ?? html`<span class="muted">—</span>`}${alert.sourceIp ? html`<div class="mono muted">${alert.sourceIp}</div>` : ""}</td><td class="mono nowrap">${shortTime(alert.firstSeen)}${alert.lastSeen !== alert.firstSeen ? html`<br>${shortTime(alert.lastSeen)}` : ""}</td><td class="num">${alert.eventCount}</td><td class="wrap">${alert.summary}<br><button type="button" class="toggle" aria-expanded="false" aria-controls="${id}-detail">evidence, why, response</button></td></tr>
<tr class="detail" id="${id}-detail" hidden><td colspan="7">${detail(alert, catalogue.get(alert.detectionId))}</td></tr>
</tbody>`;
  });
  const option = (value: string, label: string) => html`<option value="${value}">${label}</option>`;
  const presentSeverities = SEVERITIES.filter((s) => document.alerts.some((a) => a.severity === s));
  const presentDetections = [...catalogue.values()].filter((info) =>
    document.alerts.some((a) => a.detectionId === info.id),
  );
  return html`<section id="alerts"><h2>Alerts</h2>
${
  document.alerts.length === 0
    ? html`<p class="none">No alerts: no detection found its pattern in the events read.</p>`
    : html`<div class="filters" role="search">
<label>Severity<select id="filter-severity">${option("", "all")}${presentSeverities.map((s) => option(s, s))}</select></label>
<label>Detection<select id="filter-detection">${option("", "all")}${presentDetections.map((info) => option(info.id, `${info.id} ${info.title}`))}</select></label>
<label>Principal<select id="filter-principal">${option("", "all")}${[...principals].map(([name, key]) => option(key, name))}</select></label>
<label>Workspace<select id="filter-workspace">${option("", "all")}${[...workspaces].map(([label, key]) => option(key, label))}</select></label>
<label>Search<input type="search" id="filter-search" placeholder="principal, IP, user agent, action, parameter…" autocomplete="off"></label>
<button type="button" class="toggle" id="filter-reset">reset</button>
<button type="button" class="toggle" id="expand-all">expand shown</button>
<button type="button" class="toggle" id="collapse-all">collapse all</button>
<span id="alert-count" aria-live="polite">${document.alerts.length} of ${document.alerts.length} alerts shown</span>
</div>
<table class="alerts"><thead><tr><th>severity</th><th>detection</th><th>workspace</th><th>principal / IP</th><th>first / last seen</th><th class="num">events</th><th>what happened</th></tr></thead>
${rows}
</table>`
}
</section>`;
}

function detectionsSection(context: Context): SafeHtml {
  const { document, catalogue } = context;
  return html`<section id="detections"><h2>Detections</h2>
<table><thead><tr><th>detection</th><th>severity</th><th>threats</th><th>ASB v2</th><th>thresholds (this run)</th><th class="num">alerts</th><th>outcome</th></tr></thead><tbody>
${[...catalogue.values()].map((info) => {
  const count = document.alerts.filter((a) => a.detectionId === info.id).length;
  const outcome =
    info.run?.status === "failed"
      ? html`<span class="badge s-fail">could not run</span> <span class="wrap">${info.run.error ?? ""}</span>`
      : info.run
        ? count
          ? html`<span class="badge s-fail">alerts</span>`
          : html`<span class="badge s-pass">no alert</span>`
        : html`<span class="muted">not in this run's list</span>`;
  return html`<tr><td><b class="mono">${info.id}</b> ${info.title}</td><td class="sev-${info.severity}">${info.severity}</td><td>${info.threats.join(" ")}</td><td>${info.controls.join(" ")}</td><td class="mono wrap">${thresholdText(info.thresholds)}</td><td class="num">${count}</td><td>${outcome}</td></tr>`;
})}
</tbody></table></section>`;
}

function inputSection(document: AlertsDocument): SafeHtml {
  const source = document.source;
  if (source.mode === "warehouse") {
    return html`<section id="input"><h2>Input</h2>
<p>Table <span class="mono">${source.table}</span> on SQL warehouse <span class="mono">${source.warehouseId}</span> of <span class="mono">${source.host}</span> (Databricks SQL; detections pushed down).</p></section>`;
  }
  const problems = source.problems;
  return html`<section id="input"><h2>Input</h2>
<p>${source.files} file(s), ${source.events.toLocaleString("en-US")} events, ${source.badLines} bad line(s) skipped (embedded DuckDB).</p>
${
  problems.length
    ? html`<table><thead><tr><th>level</th><th>file</th><th class="num">line</th><th>problem</th></tr></thead><tbody>${problems
        .slice(0, MAX_PROBLEMS)
        .map(
          (p) =>
            html`<tr><td>${p.level === "error" ? html`<b class="sev-high">error</b>` : "warning"}</td><td class="mono wrap">${p.file}</td><td class="num">${p.line ?? ""}</td><td class="wrap">${p.message}</td></tr>`,
        )}</tbody></table>${problems.length > MAX_PROBLEMS ? html`<p class="muted">${problems.length - MAX_PROBLEMS} more in alerts.json.</p>` : ""}`
    : html`<p class="muted">Every file was read without a problem.</p>`
}
</section>`;
}

export function renderAlertsHtml(document: AlertsDocument): string {
  const { css, chart } = loadAssets();
  const mine = ownAssets();
  const context: Context = {
    document,
    catalogue: detectionCatalogue(document),
    principals: keysOf(
      document.alerts.map((a) => a.principal ?? NO_PRINCIPAL),
      "p",
    ),
    workspaces: keysOf(
      document.alerts.map((a) => alertWorkspace(a).label),
      "w",
    ),
  };
  const csp = contentSecurityPolicy([chart, mine.client], [css, mine.css]);
  const count = document.alerts.length;
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lakeward ${document.tool.version}">
<title>lakeward detect · ${count} alert${count === 1 ? "" : "s"}</title>
<style>${trusted(css)}</style>
<style>${trusted(mine.css)}</style>
</head>
<body>
<header class="top"><div class="brand">lakeward detect</div><nav><a href="#overview">Overview</a><a href="#charts">Charts</a><a href="#alerts">Alerts</a><a href="#detections">Detections</a><a href="#input">Input</a></nav></header>
<main>
${overview(context)}
${chartSection()}
${alertsSection(context)}
${detectionsSection(context)}
${inputSection(document)}
<footer>Generated by lakeward ${document.tool.version}. Alerts carry only the request parameters each detection lists; credential-like values are replaced by fingerprints. Everything from the logs is shown as text. This file is self-contained and makes no network request.</footer>
</main>
<script type="application/json" id="lakeward-data">${trusted(jsonForScript({ charts: chartData(context) }))}</script>
<script>${trusted(chart)}</script>
<script>${trusted(mine.client)}</script>
</body>
</html>
`;
  return page.value;
}
