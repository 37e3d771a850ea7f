/**
 * The estate page: the overall score with its trend, every workspace's score with a sparkline, the heat
 * map of checks × workspaces, "fix these first", finding counts and the last run of every target.
 */
import { CHECKS } from "../../checks/registry.ts";
import type { Severity } from "../../checks/types.ts";
import { SEVERITY_WEIGHT } from "../../engine/score.ts";
import { html, type SafeHtml, trusted } from "../../reports/html/escape.ts";
import type { Store } from "../../store/index.ts";
import type { WorkspaceSummary } from "../../store/queries.ts";
import { failingChecks, findingCounts, latestRunPerTarget, type TargetStatus } from "../../store/queries-dashboard.ts";
import {
  type PageContext,
  page,
  scoreText,
  scrollTable,
  severityTag,
  sparkline,
  statusBadge,
  time,
  windowLinks,
} from "../layout.ts";

const DAY = 86_400_000;

export interface FixFirst {
  checkId: string;
  title: string;
  severity: string;
  workspaces: number;
  ageDays: number;
  priority: number;
}

/**
 * "Fix these first": checks with open findings ranked by severity weight × workspaces affected × age
 * (a finding open for a month counts twice as much as a new one, two months three times…).
 */
export function rankFixFirst(checks: Awaited<ReturnType<typeof failingChecks>>, now: Date, limit = 10): FixFirst[] {
  return checks
    .map((c) => {
      const ageDays = Math.max(0, Math.floor((now.getTime() - Date.parse(c.oldestOpenedAt)) / DAY));
      const weight = SEVERITY_WEIGHT[c.severity as Severity] ?? 1;
      return { ...c, ageDays, priority: Math.round(weight * c.workspaces * (1 + ageDays / 30) * 10) / 10 };
    })
    .sort((a, b) => b.priority - a.priority || a.checkId.localeCompare(b.checkId))
    .slice(0, limit);
}

export function targetRows(targets: TargetStatus[], now: Date): SafeHtml[] {
  return targets.map(
    (t) =>
      html`<tr><td data-label="target">${t.target}${t.removed ? html` <span class="muted">(removed from the config)</span>` : ""}</td><td data-label="last run">${t.run ? html`${runStatus(t.run.status)} ${time(t.run.finishedAt ?? t.run.startedAt ?? t.run.queuedAt, now)}` : html`<span class="muted">never</span>`}</td><td data-label="problems">${t.run?.problems.length ? html`<span class="muted">${t.run.problems.length} problem(s): ${t.run.problems[0]!.message.slice(0, 160)}</span>` : ""}</td><td data-label="next">${time(t.nextRunAt, now)}</td></tr>`,
  );
}

export function runStatus(status: string): SafeHtml {
  const cls =
    status === "succeeded"
      ? "s-pass"
      : status === "partial"
        ? "s-unknown"
        : status === "running" || status === "queued"
          ? "s-not_applicable"
          : "s-fail";
  return html`<span class="badge ${cls}">${status}</span>`;
}

/** The heat map's cells, one per status (statuses are the store's fixed words, never workspace text). */
const CELL: Record<string, string> = Object.fromEntries(
  ["pass", "fail", "unknown", "suppressed", "manual", "not_applicable", "none"].map((status) => [
    status,
    html`<td class="c-${status}" aria-label="${status === "none" ? "not judged" : status.replace("_", " ")}"></td>`
      .value,
  ]),
);

function heatmap(workspaces: WorkspaceSummary[], cells: Awaited<ReturnType<Store["currentResults"]>>): SafeHtml {
  const byWorkspace = new Map<number, Map<string, string>>();
  const failing = new Map<string, number>();
  for (const cell of cells) {
    const shown = cell.suppressed && cell.status === "fail" ? "suppressed" : cell.status;
    const row = byWorkspace.get(cell.workspaceId) ?? new Map<string, string>();
    byWorkspace.set(cell.workspaceId, row);
    row.set(cell.checkId, shown);
    if (shown === "fail" || shown === "unknown") failing.set(cell.checkId, (failing.get(cell.checkId) ?? 0) + 1);
  }
  const titles = new Map(CHECKS.map((c) => [c.meta.id, c.meta.title]));
  const checkIds = [...new Set(cells.map((c) => c.checkId))].sort(
    (a, b) => (failing.get(b) ?? 0) - (failing.get(a) ?? 0) || a.localeCompare(b),
  );
  const rows = workspaces
    .filter((w) => byWorkspace.has(w.id))
    .map((w) => {
      const row = byWorkspace.get(w.id)!;
      // A cell's label is for screen readers (its row and column headers name the workspace and check), its
      // colour for the eye; dashboard.js adds the tooltip and the grid's tab stop. Kept this small because
      // 200 workspaces × ~100 checks are 20,000 cells: every attribute repeated per cell was a megabyte.
      return html`<tr data-workspace="${w.id}"><th class="ws" scope="row"><a href="/workspaces/${w.id}" tabindex="-1">${w.name}</a></th>${trusted(
        checkIds.map((id) => CELL[row.get(id) ?? "none"] ?? CELL.none).join(""),
      )}</tr>`;
    });
  return html`<div class="legend" aria-hidden="true"><span><i class="c-fail"></i>fail</span><span><i class="c-unknown"></i>unknown</span><span><i class="c-suppressed"></i>suppressed</span><span><i class="c-manual"></i>manual</span><span><i class="c-pass"></i>pass</span><span><i class="c-none"></i>n/a or not judged</span></div>
<div class="table-wrap tall" role="region" aria-label="Heat map of checks by workspace (arrow keys move, Enter opens the findings)">
<table class="heatmap" role="grid" aria-label="checks by workspace"><thead><tr><th class="corner">workspace · check</th>${checkIds.map(
    (id) =>
      html`<th data-check="${id}" scope="col" title="${id} ${titles.get(id) ?? ""}"><a href="/checks/${id}" tabindex="-1">${id}</a></th>`,
  )}</tr></thead><tbody>${rows}</tbody></table></div>
<p class="muted">Workspaces worst first, checks with the most failing or unknown workspaces first. A cell opens that workspace's findings of the check; the check id opens the check.</p>`;
}

export interface EstateContent {
  body: SafeHtml;
  data: unknown;
}

/**
 * The estate page's content: the same for every viewer (nothing of the session in it), so app.ts keeps it
 * in a RenderCache under the store's version.
 */
export async function estateContent(
  store: Store,
  now: Date,
  query: URLSearchParams,
  windowDays: number,
): Promise<EstateContent> {
  const [workspaces, trend, trends, cells, counts, failing, targets] = await Promise.all([
    store.listWorkspaces(now),
    store.scoreHistory({ days: windowDays, now }),
    // the daily rollup, averaged per bucket so a sparkline has at most ~60 points (30 d: days, 90 d: two
    // days, 365 d: weeks) — a 120-pixel line shows no more
    store.workspaceTrends({ now, days: windowDays, bucketDays: Math.ceil(windowDays / 60) }),
    store.currentResults(),
    findingCounts(store.db, { now, days: 7 }),
    failingChecks(store.db),
    latestRunPerTarget(store.db),
  ]);
  const sparklines = new Map(
    trends.map((t) => [t.workspaceId, t.points.map((p) => ({ at: `${p.day}T00:00:00Z`, score: p.score }))]),
  );
  const live = workspaces.filter((w) => !w.goneAt);
  const scored = live.map((w) => w.latest?.score).filter((s): s is number => typeof s === "number");
  const overall = scored.length ? Math.round(scored.reduce((a, b) => a + b, 0) / scored.length) : null;
  const fixFirst = rankFixFirst(failing, now);
  const sorted = [...live].sort(
    (a, b) => (a.latest?.score ?? -1) - (b.latest?.score ?? -1) || a.name.localeCompare(b.name),
  );
  const gone = workspaces.filter((w) => w.goneAt);
  const card = (label: string, value: number | string | SafeHtml, href?: string) =>
    html`<div class="card"><div class="big">${href ? html`<a href="${href}">${value}</a>` : value}</div><div class="label">${label}</div></div>`;
  const body = html`<h1>Estate</h1>
<p class="muted">${live.length} workspace${live.length === 1 ? "" : "s"} watched${gone.length ? ` · ${gone.length} gone` : ""} · ${targets.length} target${targets.length === 1 ? "" : "s"}</p>
<div class="cards">
${card("overall score (mean of the workspaces' latest)", scoreText(overall))}
${card("open findings", counts.open + counts.overdue, "/findings?state=open,overdue")}
${card("new in 7 days", counts.new, "/findings?state=open,overdue,unknown&sort=new")}
${card("reopened in 7 days", counts.reopened, "/findings?state=open,overdue&reopened=1")}
${card("overdue", counts.overdue, "/findings?state=overdue")}
${card("unknown (could not read)", counts.unknown, "/findings?state=unknown")}
${card("accepted (waived)", counts.accepted, "/findings?state=accepted")}
${card("fixed in 7 days", counts.fixed, "/findings?state=fixed")}
</div>
<div class="grid2">
<section aria-labelledby="trend-h"><h2 id="trend-h">Score over time ${windowLinks("/", query, windowDays)}</h2>
<div class="chart-box"><canvas data-chart="estateTrend" role="img" aria-label="Estate score, daily mean of the workspaces, last ${windowDays} days"></canvas></div></section>
<section aria-labelledby="targets-h"><h2 id="targets-h">Targets</h2>
${scrollTable(html`<tr><th>target</th><th>last run</th><th>problems</th><th>next</th></tr>`, targetRows(targets, now), { caption: "last run of each target", className: "stack-mobile" })}
<p><a href="/runs">All runs and health</a></p></section>
</div>
<section aria-labelledby="fix-h"><h2 id="fix-h">Fix these first</h2>
<p class="muted">Open failures ranked by severity × workspaces affected × age.</p>
${
  fixFirst.length
    ? scrollTable(
        html`<tr><th class="num">#</th><th>check</th><th>severity</th><th class="num">workspaces</th><th class="num">open for</th><th class="num">priority</th></tr>`,
        fixFirst.map(
          (f, i) =>
            html`<tr><td class="num" data-label="rank">${i + 1}</td><td data-label="check"><a href="/checks/${f.checkId}"><b class="mono">${f.checkId}</b> ${f.title}</a></td><td data-label="severity">${severityTag(f.severity)}</td><td class="num" data-label="workspaces"><a href="/findings?check=${f.checkId}&state=open,overdue">${f.workspaces}</a></td><td class="num" data-label="open for">${f.ageDays} d</td><td class="num" data-label="priority">${f.priority}</td></tr>`,
        ),
        { caption: "checks to fix first", className: "stack-mobile" },
      )
    : html`<p>No open failures.</p>`
}</section>
<section aria-labelledby="ws-h"><h2 id="ws-h">Workspaces</h2>
${scrollTable(
  html`<tr><th>workspace</th><th class="num">score</th><th>trend (${windowDays} d)</th><th class="num">fail</th><th class="num">unknown</th><th class="num">open findings</th><th>last run</th></tr>`,
  sorted.map(
    (w) =>
      html`<tr><td data-label="workspace"><a href="/workspaces/${w.id}">${w.name}</a>${w.latest?.problems.some((p) => p.fatal) ? html` ${statusBadge("unknown")}` : ""}</td><td class="num" data-label="score">${scoreText(w.latest?.score)}</td><td data-label="trend">${sparkline(sparklines.get(w.id) ?? [], `${w.name} score, last ${windowDays} days`)}</td><td class="num" data-label="fail">${w.latest?.counts.fail ?? 0}</td><td class="num" data-label="unknown">${w.latest?.counts.unknown ?? 0}</td><td class="num" data-label="open findings"><a href="/findings?workspace=${w.id}&state=open,overdue,unknown">${w.openFindings}</a></td><td data-label="last run">${time(w.latest?.at, now)}</td></tr>`,
  ),
  { caption: "workspaces, worst score first", className: "stack-mobile" },
)}</section>
<section aria-labelledby="heat-h"><h2 id="heat-h">Heat map</h2>
${cells.length ? heatmap(sorted, cells) : html`<p class="muted">No results yet: the first run has not finished.</p>`}
</section>`;
  return {
    body,
    data: {
      estateTrend: {
        type: "line",
        percent: true,
        labels: trend.map((p) => p.at.slice(0, 10)),
        series: [{ key: "score", label: "estate score", values: trend.map((p) => p.score) }],
      },
    },
  };
}

/** The estate content as it is kept between requests: the body already UTF-8 encoded. */
export interface EncodedEstate {
  body: Buffer;
  data: unknown;
}

export async function encodedEstate(
  store: Store,
  now: Date,
  query: URLSearchParams,
  windowDays: number,
): Promise<EncodedEstate> {
  const { body, data } = await estateContent(store, now, query, windowDays);
  return { body: Buffer.from(body.value, "utf8"), data };
}

const BODY_MARK = "<!--lakeward:estate-body-->";

/**
 * The estate page for one viewer: their page shell around the kept content, as byte chunks — not one
 * string, nor one buffer: a megabyte-long string body is checked for well-formed UTF-16 and encoded again
 * on every request, and joining the chunks copies the megabyte (measured under load: most of a cached
 * request's time).
 */
export function estatePage(context: PageContext, content: EncodedEstate): Uint8Array[] {
  const shell = page(context, {
    title: "Estate",
    nav: "estate",
    body: trusted(BODY_MARK),
    charts: true,
    data: content.data,
  });
  const at = shell.indexOf(BODY_MARK);
  return [
    Buffer.from(shell.slice(0, at), "utf8"),
    content.body,
    Buffer.from(shell.slice(at + BODY_MARK.length), "utf8"),
  ];
}
