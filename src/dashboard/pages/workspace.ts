/**
 * A workspace's page: score over time, its runs, open findings with their lifecycle, drift per run (the
 * changed settings with who changed them, and the finding transitions), and the threat model, ASB v2 and
 * CIS §2.1 views of its latest results, and the permission-path graph of each finding that names paths
 * (IAM-20…22) — all drawn by the same render functions as the HTML report.
 */
import { findCheck } from "../../checks/registry.ts";
import type { ResultPath, ResultPaths } from "../../checks/types.ts";
import { html, type SafeHtml } from "../../reports/html/escape.ts";
import { asbSection, cisSection, type MatrixContext, threatSection } from "../../reports/html/matrices.ts";
import { pathGraphView } from "../../reports/html/path-graph.ts";
import type { ResultsDocument } from "../../reports/results-document.ts";
import { checkCatalogue, type WorkspaceReport } from "../../reports/shared.ts";
import type { Store } from "../../store/index.ts";
import { findingCounts, workspaceDrift, workspaceRuns } from "../../store/queries-dashboard.ts";
import { VERSION } from "../../version.ts";
import {
  type PageContext,
  page,
  scoreText,
  scrollTable,
  severityTag,
  stateBadge,
  statusBadge,
  time,
  windowLinks,
} from "../layout.ts";
import { runStatus } from "./estate.ts";
import { FINDING_HEAD, findingRows } from "./findings.ts";

/** A results document around one stored workspace entry, for the shared views. */
export function documentOf(entry: WorkspaceReport, generatedAt: string): ResultsDocument {
  const ids = [...new Set(entry.results.map((r) => r.checkId))];
  return {
    schema: "lakeward/results",
    schemaVersion: 1,
    tool: { name: "lakeward", version: VERSION },
    generatedAt,
    profile: entry.results.some((r) => r.profile === "high") ? "high" : "standard",
    summary: { workspaces: 1, counts: entry.counts },
    workspaces: [entry],
    checks: ids.flatMap((id) => {
      const meta = findCheck(id)?.meta;
      return meta
        ? [
            {
              id,
              title: meta.title,
              category: meta.category,
              severity: meta.severity,
              profile: meta.profile,
              threats: [...meta.threats],
              controls: [...meta.controls],
              cis: [...(meta.cis ?? [])],
              mcsb: [...meta.mcsb],
              guide: [...meta.guide],
            },
          ]
        : [];
    }),
  };
}

/**
 * A stored path in walking order. Since cb041fa the store keeps lists as judged (store/blobs.ts hashes the
 * canonical form, stores the value as given); runs stored before it have their steps sorted. A path is a chain
 * from its principal, so following it puts those steps back (a chain that does not close is left as stored);
 * on a run stored in order it changes nothing. Shortest paths first again.
 */
export function storedPathsInOrder(paths: ResultPaths): ResultPaths {
  const key = (n: { kind: string; label: string }) => `${n.kind}\u0000${n.label}`;
  const ordered = (path: ResultPath): ResultPath => {
    const left = [...path.steps];
    const steps: ResultPath["steps"] = [];
    let at = key(path.principal);
    while (left.length) {
      const next = left.findIndex((step) => key(step.from) === at);
      if (next < 0) return path;
      const [step] = left.splice(next, 1);
      steps.push(step!);
      at = key(step!.to);
    }
    return { ...path, steps };
  };
  const items = paths.items
    .map(ordered)
    .sort((a, b) => a.steps.length - b.steps.length || a.principal.label.localeCompare(b.principal.label));
  return { ...paths, items };
}

/**
 * The permission paths the latest results name (IAM-20…22), one graph per result: the HTML report's view
 * (reports/html/path-graph.ts), its step list the whole view without JavaScript. Null when no result names any.
 */
export function pathsSection(entry: WorkspaceReport): SafeHtml | null {
  const named = entry.results.filter((r) => Array.isArray(r.paths?.items) && r.paths.items.length > 0);
  if (!named.length) return null;
  return html`<section aria-labelledby="paths-h" id="paths"><h2 id="paths-h">Permission paths</h2>
<p class="muted">Who reaches admin or runs code as another identity, and how, as the latest results name it. <code>lakeward paths</code> lists every route on the command line.</p>
${named.map(
  (
    result,
    index,
  ) => html`<h3><a href="/checks/${encodeURIComponent(result.checkId)}" class="mono">${result.checkId}</a> ${result.title} ${statusBadge(result.status, Boolean(result.suppression))}</h3>
<p class="wrap">${result.message}</p>
${pathGraphView(storedPathsInOrder(result.paths!), `pg-${result.checkId.replace(/[^A-Za-z0-9-]/g, "-")}-${index}`)}`,
)}</section>`;
}

function change(before: string | null, after: string | null): SafeHtml {
  return html`<span class="change"><del>${before ?? "(absent)"}</del> → <ins>${after ?? "(absent)"}</ins></span>`;
}

export function actorCell(
  s: { actor: string | null; actorTime: string | null; sourceIp: string | null; auditAction: string | null },
  now: Date,
): SafeHtml {
  if (!s.actor)
    return html`<span class="muted" title="no audit event matched this change (is serve.audit configured?)">unknown</span>`;
  return html`<b>${s.actor}</b>${s.sourceIp ? html` <span class="muted">from ${s.sourceIp}</span>` : ""}${s.auditAction ? html` <span class="muted mono">${s.auditAction}</span>` : ""} ${time(s.actorTime, now)}`;
}

export async function workspacePage(
  store: Store,
  context: PageContext,
  workspaceId: number,
  query: URLSearchParams,
  windowDays: number,
): Promise<string | null> {
  const { now } = context;
  const workspace = (await store.listWorkspaces(now)).find((w) => w.id === workspaceId);
  if (!workspace) return null;
  const [scores, runs, findings, drift, counts] = await Promise.all([
    // the daily rollup (the day's last run), not the raw runs: at most one point a day however often it ran
    store.workspaceTrend({ workspaceId, days: windowDays, now }),
    workspaceRuns(store.db, workspaceId, 30),
    store.listFindings(
      { workspaceId, states: ["open", "overdue", "unknown", "accepted", "suppressed"], limit: 500 },
      now,
    ),
    workspaceDrift(store.db, workspaceId, 300),
    findingCounts(store.db, { now, days: 7, workspaceId }),
  ]);
  const latest = workspace.latest;
  const entry = latest
    ? ((await store.runResults(latest.runId, workspaceId))[0] as WorkspaceReport | undefined)
    : undefined;

  // Drift grouped by run, newest first.
  const byRun = new Map<
    number,
    { at: string; settings: typeof drift.settings; transitions: typeof drift.transitions }
  >();
  for (const s of drift.settings) {
    const group = byRun.get(s.runId) ?? { at: s.at, settings: [], transitions: [] };
    group.settings.push(s);
    byRun.set(s.runId, group);
  }
  for (const t of drift.transitions) {
    if (t.runId === null) continue;
    const group = byRun.get(t.runId) ?? { at: t.at, settings: [], transitions: [] };
    group.transitions.push(t);
    byRun.set(t.runId, group);
  }
  const driftRuns = [...byRun.entries()].sort((a, b) => b[1].at.localeCompare(a[1].at)).slice(0, 20);

  let views: SafeHtml = html`<p class="muted">No stored results yet.</p>`;
  const paths = entry ? pathsSection(entry) : null;
  if (entry && latest) {
    const document = documentOf(entry, latest.at);
    const matrix: MatrixContext = {
      document,
      catalogue: checkCatalogue(document),
      at: new Date(latest.at),
      checkHref: (checkId) => `/checks/${encodeURIComponent(checkId)}`,
    };
    views = html`${threatSection(matrix)}${asbSection(matrix)}${cisSection(matrix)}`;
  }

  const body = html`<p class="muted"><a href="/">Estate</a> ›</p>
<h1>${workspace.name}</h1>
<p class="muted mono">${workspace.resourceId ?? workspace.host ?? ""}</p>
${workspace.goneAt ? html`<div class="flash flash-error">Discovery stopped listing this workspace ${time(workspace.goneAt, now)}; its history is kept.</div>` : ""}
<div class="cards">
<div class="card"><div class="big">${scoreText(latest?.score)}</div><div class="label">score (latest run ${time(latest?.at, now)})</div></div>
<div class="card"><div class="big"><a href="/findings?workspace=${workspaceId}&state=open,overdue">${counts.open + counts.overdue}</a></div><div class="label">open findings</div></div>
<div class="card"><div class="big">${counts.new}</div><div class="label">new in 7 days</div></div>
<div class="card"><div class="big">${counts.overdue}</div><div class="label">overdue</div></div>
<div class="card"><div class="big">${counts.unknown}</div><div class="label">unknown</div></div>
<div class="card"><div class="big"><a href="/settings?workspace=${workspaceId}">history</a></div><div class="label">of every setting</div></div>
</div>
${latest?.problems.length ? html`<div class="flash flash-error"><b>Problems while reading:</b> <ul>${latest.problems.slice(0, 20).map((p) => html`<li><span class="mono">${p.source}</span>: ${p.message}</li>`)}</ul></div>` : ""}
<div class="grid2">
<section aria-labelledby="score-h"><h2 id="score-h">Score over time ${windowLinks(`/workspaces/${workspaceId}`, query, windowDays)}</h2>
<div class="chart-box"><canvas data-chart="score" role="img" aria-label="${workspace.name} score over the last ${windowDays} days"></canvas></div></section>
<section aria-labelledby="runs-h"><h2 id="runs-h">Runs</h2>
${scrollTable(
  html`<tr><th>run</th><th>status</th><th class="num">score</th><th class="num">changes</th></tr>`,
  runs.map(
    (r) =>
      html`<tr><td data-label="run"><a href="#run-${r.runId}">${time(r.at, now)}</a> <span class="muted">${r.trigger}</span></td><td data-label="status">${runStatus(r.status)}</td><td class="num" data-label="score">${scoreText(r.score)}</td><td class="num" data-label="changes">${r.settingChanges} settings · ${r.transitions} findings</td></tr>`,
  ),
  { caption: "latest 30 runs", className: "stack-mobile" },
)}</section>
</div>
<section aria-labelledby="findings-h"><h2 id="findings-h">Open findings (${findings.total})</h2>
${findings.findings.length ? scrollTable(FINDING_HEAD, findingRows(findings.findings, context, { showWorkspace: false }), { caption: "findings that are not fixed", className: "stack-mobile" }) : html`<p>None: every finding of this workspace is fixed.</p>`}
</section>
${paths ?? ""}
<section aria-labelledby="drift-h"><h2 id="drift-h">Drift</h2>
<p class="muted">What changed at each run: every changed setting (even those no check reads), who changed it when an audit event says so, and the findings that opened, reopened or were fixed.</p>
${
  driftRuns.length
    ? driftRuns.map(
        ([runId, group]) => html`<h3 id="run-${runId}">Run ${runId} · ${time(group.at, now)}</h3>
${
  group.settings.length
    ? scrollTable(
        html`<tr><th>setting</th><th>change</th><th>changed by</th></tr>`,
        group.settings.map(
          (s) =>
            html`<tr><td class="mono" data-label="setting"><a href="/settings?workspace=${workspaceId}&path=${encodeURIComponent(s.path)}">${s.path}</a></td><td data-label="change">${change(s.before, s.after)}</td><td data-label="changed by">${actorCell(s, now)}</td></tr>`,
        ),
        { caption: "changed settings", className: "stack-mobile" },
      )
    : ""
}
${group.transitions.length ? html`<ul>${group.transitions.map((t) => html`<li>${severityTag(t.severity)} <a href="/checks/${t.checkId}" class="mono">${t.checkId}</a> ${t.title}${t.resource ? html` <span class="mono">(${t.resource})</span>` : ""}: ${t.from ? stateBadge(t.from) : html`<span class="muted">new</span>`} → ${stateBadge(t.to)}${t.note ? html` <span class="muted">${t.note}</span>` : ""}</li>`)}</ul>` : ""}`,
      )
    : html`<p class="muted">No change between runs yet.</p>`
}</section>
${views}`;
  return page(context, {
    title: workspace.name,
    nav: "estate",
    body,
    charts: true,
    pathGraphs: paths !== null,
    data: {
      score: {
        type: "line",
        percent: true,
        labels: scores.map((s) => s.day),
        series: [{ key: "score", label: "score", values: scores.map((s) => s.score) }],
      },
    },
  });
}
