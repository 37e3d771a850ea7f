/**
 * The dashboard's page shell and the small pieces every page uses. Pages are rendered on the server with
 * the report's escaping `html` template (every interpolation is escaped unless already SafeHtml), so a
 * workspace-supplied string — a cluster name, a message, an audit actor — can only ever become text. No
 * inline script or style: the one script and stylesheet are files under /assets (CSP `'self'`), and data
 * for charts travels in <script type="application/json"> blocks, which are never executed, with `<`, `>`
 * and `&` escaped.
 */
import { type HtmlValue, html, jsonForScript, type SafeHtml, trusted } from "../reports/html/escape.ts";
import { VERSION } from "../version.ts";
import { assetUrl } from "./assets.ts";
import type { Session } from "./auth/sessions.ts";

export interface PageContext {
  session: Session | null;
  /** The request path with its query (for the active nav link and `next` after login). */
  path: string;
  now: Date;
}

export type NavKey = "estate" | "findings" | "checks" | "settings" | "detections" | "runs" | "none";

const NAV: [NavKey, string, string][] = [
  ["estate", "/", "Estate"],
  ["findings", "/findings", "Findings"],
  ["checks", "/checks", "Checks"],
  ["settings", "/settings", "Setting history"],
  ["detections", "/detections", "Detections"],
  ["runs", "/runs", "Runs & health"],
];

export interface PageOptions {
  title: string;
  nav: NavKey;
  body: HtmlValue;
  /** Data for the page's charts, read by dashboard.js from #lakeward-data. */
  data?: unknown;
  /** Load Chart.js (pages with charts). */
  charts?: boolean;
  /** Load the permission-path graph's script (pages with reports/html/path-graph.ts views). */
  pathGraphs?: boolean;
  /** A message shown on top (after an action). */
  flash?: { kind: "ok" | "error"; text: string } | null;
}

/**
 * Cytoscape adds a <style> of its own (which the CSP refuses, a console error) unless an element with this id
 * exists: the dashboard's stylesheet link carries it, and dashboard.css gives the graph's box the position
 * Cytoscape wants — as the HTML report does with its inlined <style>.
 */
const CYTOSCAPE_STYLESHEET_ID = "__________cytoscape_stylesheet";

export function page(context: PageContext, options: PageOptions): string {
  const { session } = context;
  const user = session
    ? html`<div class="user"><span class="who" title="signed in with ${session.method === "oidc" ? "single sign-on" : "an API token"}">${session.subject}</span> <span class="role role-${session.role}">${session.role}</span>
<form method="post" action="/logout" class="inline">${csrfField(session)}<button type="submit" class="link">Sign out</button></form></div>`
    : "";
  const nav = session
    ? html`<nav aria-label="Main">${NAV.map(
        ([key, href, label]) =>
          html`<a href="${href}"${key === options.nav ? trusted(' aria-current="page"') : ""}>${label}</a>`,
      )}</nav>`
    : "";
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${options.title} · lakeward</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetUrl("dashboard.css")}"${options.pathGraphs ? trusted(` id="${CYTOSCAPE_STYLESHEET_ID}"`) : ""}>
${options.charts ? html`<script src="${assetUrl("chart.umd.js")}" defer></script>` : ""}
<script src="${assetUrl("dashboard.js")}" defer></script>
${options.pathGraphs ? html`<script src="${assetUrl("path-graph.js")}" defer></script>` : ""}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/">lakeward</a>${nav}${user}</header>
<main id="main" tabindex="-1">
${options.flash ? html`<div class="flash flash-${options.flash.kind}" role="status">${options.flash.text}</div>` : ""}
${options.body}
</main>
<footer class="foot">lakeward ${VERSION} · unknown means lakeward could not read the evidence; it is never counted as a pass.</footer>
${options.data === undefined ? "" : html`<script type="application/json" id="lakeward-data">${trusted(jsonForScript(options.data))}</script>`}
</body>
</html>
`.value;
}

export function csrfField(session: Session): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${session.csrf}">`;
}

/** A time as `<time>` with the ISO value in its title; relative when recent. */
export function time(iso: string | null | undefined, now: Date): SafeHtml {
  if (!iso) return html`<span class="muted">—</span>`;
  const at = new Date(iso);
  const ago = now.getTime() - at.getTime();
  const text =
    ago >= 0 && ago < 60_000
      ? "just now"
      : ago >= 0 && ago < 3_600_000
        ? `${Math.floor(ago / 60_000)} min ago`
        : ago >= 0 && ago < 86_400_000
          ? `${Math.floor(ago / 3_600_000)} h ago`
          : iso.slice(0, 10);
  return html`<time datetime="${iso}" title="${iso.replace("T", " ").replace(/\.\d+Z$/, "Z")}">${text}</time>`;
}

export function days(n: number): string {
  return n === 1 ? "1 day" : `${n} days`;
}

const STATE_LABEL: Record<string, string> = {
  open: "open",
  overdue: "overdue",
  unknown: "⚠ unknown",
  suppressed: "suppressed",
  accepted: "accepted",
  fixed: "fixed",
};

/** A finding's state. */
export function stateBadge(state: string): SafeHtml {
  return html`<span class="badge st-${state}">${STATE_LABEL[state] ?? state}</span>`;
}

const STATUS_TEXT: Record<string, string> = {
  pass: "pass",
  fail: "fail",
  unknown: "⚠ unknown",
  not_applicable: "n/a",
  manual: "manual",
  suppressed: "suppressed",
};

/** A check result's status (a suppressed failure shown as such). */
export function statusBadge(status: string, suppressed = false): SafeHtml {
  const shown = suppressed && status === "fail" ? "suppressed" : status;
  return html`<span class="badge s-${shown}">${STATUS_TEXT[shown] ?? shown}</span>`;
}

export function severityTag(severity: string): SafeHtml {
  return html`<span class="sev sev-${severity}">${severity}</span>`;
}

export function scoreText(score: number | null | undefined): SafeHtml {
  if (score === null || score === undefined) return html`<span class="muted" title="nothing could be judged">—</span>`;
  return html`<b class="score ${score >= 90 ? "good" : score >= 60 ? "mid" : "bad"}">${score}</b>`;
}

/** A small inline SVG line of scores (0–100), drawn on the server: no script, nothing to load. */
export function sparkline(points: readonly { at: string; score: number }[], label: string): SafeHtml {
  if (points.length === 0) return html`<span class="muted">no runs</span>`;
  const width = 120;
  const height = 28;
  const first = Date.parse(points[0]!.at);
  const last = Date.parse(points.at(-1)!.at);
  const span = Math.max(1, last - first);
  const xy = points.map((p) => {
    const x = points.length === 1 ? width : ((Date.parse(p.at) - first) / span) * width;
    const y = height - 2 - (p.score / 100) * (height - 4);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  const end = points.at(-1)!.score;
  // One run so far: a line of one point draws nothing, so a dot where the line will end.
  if (points.length === 1)
    return html`<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}"><circle cx="${width - 3}" cy="${xy[0]!.split(",")[1]!}" r="2.5" class="${end >= 90 ? "good" : end >= 60 ? "mid" : "bad"}"></circle></svg>`;
  return html`<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}"><polyline points="${xy.join(" ")}" class="${end >= 90 ? "good" : end >= 60 ? "mid" : "bad"}"></polyline></svg>`;
}

/** Links to choose a trend window, keeping the other query parameters. */
export function windowLinks(basePath: string, query: URLSearchParams, current: number): SafeHtml {
  return html`<span class="windows" role="group" aria-label="Trend window">${[30, 90, 365].map((d) => {
    const q = new URLSearchParams(query);
    q.set("days", String(d));
    return d === current
      ? html`<a href="${basePath}?${q.toString()}" aria-current="true">${d} d</a>`
      : html`<a href="${basePath}?${q.toString()}">${d} d</a>`;
  })}</span>`;
}

/** The trend window asked for: 30, 90 or 365 days (default 90). */
export function windowDays(value: string | undefined): number {
  const n = Number(value);
  return n === 30 || n === 365 ? n : 90;
}

/** A table inside a container that scrolls sideways on its own, so the page never does. */
export function scrollTable(head: HtmlValue, body: HtmlValue, options: { caption?: string; className?: string } = {}) {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${options.caption ?? "table"}"><table class="${options.className ?? ""}">${options.caption ? html`<caption>${options.caption}</caption>` : ""}<thead>${head}</thead><tbody>${body}</tbody></table></div>`;
}

export function errorPage(context: PageContext, status: number, title: string, text: HtmlValue): string {
  return page(context, {
    title,
    nav: "none",
    body: html`<h1>${title}</h1><p>${text}</p><p><a href="/">Back to the estate</a></p><p class="muted">HTTP ${status}</p>`,
  });
}
