/**
 * A check's page (and the list of every check): its state in every workspace now, how many workspaces
 * passed, failed or were unknown each day over the window, and its explanation and both fixes, from the
 * check's metadata (the same text the reports and `lakeward checks explain` print).
 */
import { CHECKS, findCheck } from "../../checks/registry.ts";
import { CATEGORIES, THREATS } from "../../checks/types.ts";
import { html } from "../../reports/html/escape.ts";
import type { Store } from "../../store/index.ts";
import { checkAcrossEstate, checkTimeline } from "../../store/queries-dashboard.ts";
import { type PageContext, page, scrollTable, severityTag, statusBadge, time, windowLinks } from "../layout.ts";

export async function checksListPage(store: Store, context: PageContext) {
  const cells = await store.currentResults();
  const tally = new Map<string, { fail: number; unknown: number; pass: number }>();
  for (const c of cells) {
    const t = tally.get(c.checkId) ?? { fail: 0, unknown: 0, pass: 0 };
    if (c.status === "fail" && !c.suppressed) t.fail++;
    else if (c.status === "unknown") t.unknown++;
    else if (c.status === "pass") t.pass++;
    tally.set(c.checkId, t);
  }
  const body = html`<h1>Checks</h1><p class="muted">Every check lakeward has, with its state across the estate now.</p>
${scrollTable(
  html`<tr><th>check</th><th>category</th><th>severity</th><th class="num">fail</th><th class="num">unknown</th><th class="num">pass</th></tr>`,
  CHECKS.map((c) => {
    const t = tally.get(c.meta.id);
    return html`<tr><td data-label="check"><a href="/checks/${c.meta.id}"><b class="mono">${c.meta.id}</b> ${c.meta.title}</a></td><td data-label="category">${CATEGORIES[c.meta.category]}</td><td data-label="severity">${severityTag(c.meta.severity)}</td><td class="num" data-label="fail">${t?.fail ?? 0}</td><td class="num" data-label="unknown">${t?.unknown ?? 0}</td><td class="num" data-label="pass">${t?.pass ?? 0}</td></tr>`;
  }),
  { caption: "checks", className: "stack-mobile" },
)}`;
  return page(context, { title: "Checks", nav: "checks", body });
}

export async function checkPage(
  store: Store,
  context: PageContext,
  checkId: string,
  query: URLSearchParams,
  windowDays: number,
): Promise<string | null> {
  const check = findCheck(checkId);
  if (!check) return null;
  const { meta } = check;
  const [rows, timeline] = await Promise.all([
    checkAcrossEstate(store.db, meta.id),
    checkTimeline(store.db, meta.id, { now: context.now, days: windowDays }),
  ]);
  const order = ["fail", "unknown", "manual", "pass", "not_applicable"];
  rows.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || a.workspace.localeCompare(b.workspace));
  const counts = { fail: 0, unknown: 0, pass: 0 };
  for (const r of rows) if (r.status in counts) counts[r.status as keyof typeof counts]++;
  const body = html`<p class="muted"><a href="/checks">Checks</a> ›</p>
<h1><span class="mono">${meta.id}</span> ${meta.title}</h1>
<p>${severityTag(meta.severity)} · ${CATEGORIES[meta.category]} · profile ${meta.profile} · threats ${meta.threats.map((t) => `${t} (${THREATS[t]})`).join(", ") || "—"} · ASB v2 ${meta.controls.join(", ") || "—"}${meta.cis?.length ? ` · CIS §2.1 ${meta.cis.join(", ")}` : ""}</p>
<div class="cards">
<div class="card"><div class="big"><a href="/findings?check=${meta.id}&state=open,overdue">${counts.fail}</a></div><div class="label">workspaces failing</div></div>
<div class="card"><div class="big">${counts.unknown}</div><div class="label">unknown</div></div>
<div class="card"><div class="big">${counts.pass}</div><div class="label">passing</div></div>
</div>
<div class="grid2">
<section aria-labelledby="time-h"><h2 id="time-h">Across the estate over time ${windowLinks(`/checks/${meta.id}`, query, windowDays)}</h2>
<div class="chart-box"><canvas data-chart="timeline" role="img" aria-label="workspaces passing, failing and unknown for ${meta.id} per day"></canvas></div></section>
<section aria-labelledby="why-h"><h2 id="why-h">Why it matters</h2><p>${meta.rationale}</p>
${meta.guide.length ? html`<p class="muted">Guide: ${meta.guide.join("; ")}</p>` : ""}</section>
</div>
<section aria-labelledby="fix-h"><h2 id="fix-h">How to fix</h2>
<h3>In the Azure portal or the Databricks UI</h3><p>${meta.remediation.ui}</p>
<h3>In Terraform</h3><pre><code>${meta.remediation.terraform}</code></pre></section>
<section aria-labelledby="ws-h"><h2 id="ws-h">In every workspace now</h2>
${
  rows.length
    ? scrollTable(
        html`<tr><th>workspace</th><th>status</th><th>since</th><th>message</th></tr>`,
        rows.map(
          (r) =>
            html`<tr id="w${r.workspaceId}"><td data-label="workspace"><a href="/workspaces/${r.workspaceId}">${r.workspace}</a>${r.gone ? html` <span class="muted">(gone)</span>` : ""}</td><td data-label="status">${statusBadge(r.status, r.suppressed)}</td><td data-label="since">${time(r.since, context.now)}</td><td data-label="message">${r.message}</td></tr>`,
        ),
        { caption: `${meta.id} in every workspace`, className: "stack-mobile" },
      )
    : html`<p class="muted">No workspace has a result of this check yet (it may need the high profile).</p>`
}</section>`;
  return page(context, {
    title: `${meta.id} ${meta.title}`,
    nav: "checks",
    body,
    charts: true,
    data: {
      timeline: {
        type: "stacked",
        labels: timeline.map((p) => p.at.slice(0, 10)),
        series: [
          { key: "fail", label: "fail", values: timeline.map((p) => p.fail) },
          { key: "unknown", label: "unknown", values: timeline.map((p) => p.unknown) },
          { key: "pass", label: "pass", values: timeline.map((p) => p.pass) },
          { key: "other", label: "n/a or manual", values: timeline.map((p) => p.other) },
        ],
      },
    },
  });
}
