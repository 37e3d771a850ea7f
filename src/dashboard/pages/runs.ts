/**
 * Runs and health: every target with its schedule, next run and last run (and "run now" for admins), the
 * runs that failed, were interrupted or were partial with their problems, the latest runs, and the alert
 * channels with their last delivery and failures (the alerts module's health).
 */
import type { ChannelHealth } from "../../alerts/model.ts";
import { html } from "../../reports/html/escape.ts";
import type { Store } from "../../store/index.ts";
import { latestRunPerTarget } from "../../store/queries-dashboard.ts";
import { csrfField, type PageContext, page, scrollTable, time } from "../layout.ts";
import { runStatus } from "./estate.ts";

export async function runsPage(
  store: Store,
  context: PageContext,
  channelHealth: (() => Promise<ChannelHealth[]>) | undefined,
  flash: Parameters<typeof page>[1]["flash"],
) {
  const [targets, recent, failed, interrupted, partial, channels] = await Promise.all([
    latestRunPerTarget(store.db),
    store.listRuns({ limit: 30 }),
    store.listRuns({ status: "failed", limit: 20 }),
    store.listRuns({ status: "interrupted", limit: 20 }),
    store.listRuns({ status: "partial", limit: 20 }),
    channelHealth ? channelHealth().catch(() => null) : Promise.resolve([] as ChannelHealth[]),
  ]);
  const admin = context.session?.role === "admin";
  const troubled = [...failed, ...interrupted, ...partial].sort((a, b) => b.id - a.id).slice(0, 30);
  const body = html`<h1>Runs and health</h1>
<section aria-labelledby="t-h"><h2 id="t-h">Targets and schedules</h2>
${scrollTable(
  html`<tr><th>target</th><th>schedule (UTC)</th><th>next run</th><th>last run</th><th>last success</th>${admin ? html`<th>scan</th>` : ""}</tr>`,
  targets.map(
    (t) =>
      html`<tr><td data-label="target">${t.target} <span class="muted">${t.kind}</span>${t.removed ? html` <span class="muted">(removed from the config)</span>` : ""}</td><td class="mono" data-label="schedule">${t.schedule ?? "on demand"}</td><td data-label="next run">${time(t.nextRunAt, context.now)}</td><td data-label="last run">${t.run ? html`${runStatus(t.run.status)} ${time(t.run.finishedAt ?? t.run.startedAt ?? t.run.queuedAt, context.now)}` : html`<span class="muted">never</span>`}</td><td data-label="last success">${time(t.lastSucceededAt, context.now)}</td>${
        admin && context.session
          ? html`<td data-label="scan">${
              t.removed
                ? ""
                : html`<form method="post" action="/runs" class="inline">${csrfField(context.session)}<input type="hidden" name="target" value="${t.target}"><button type="submit" aria-label="Run ${t.target} now">Run now</button></form>`
            }</td>`
          : ""
      }</tr>`,
  ),
  { caption: "targets", className: "stack-mobile" },
)}</section>
<section aria-labelledby="c-h"><h2 id="c-h">Alert channels</h2>
${
  channels === null
    ? html`<p class="flash flash-error">The alert channels' health could not be read.</p>`
    : channels.length
      ? scrollTable(
          html`<tr><th>channel</th><th>status</th><th>last delivered</th><th>last failure</th><th class="num">failures in a row</th><th class="num">pending</th></tr>`,
          channels.map(
            (ch) =>
              html`<tr><td data-label="channel">${ch.channel} <span class="muted">${ch.type}</span></td><td data-label="status"><span class="badge ${ch.status === "healthy" ? "s-pass" : ch.status === "unknown" ? "s-not_applicable" : "s-fail"}">${ch.status}</span></td><td data-label="last delivered">${time(ch.lastSuccessAt, context.now)}</td><td data-label="last failure">${time(ch.lastFailureAt, context.now)}${ch.lastError ? html`<div class="muted">${ch.lastError}</div>` : ""}</td><td class="num" data-label="failures in a row">${ch.consecutiveFailures}</td><td class="num" data-label="pending">${ch.pending + ch.waiting}</td></tr>`,
          ),
          { caption: "alert channels (this server's view since it started)", className: "stack-mobile" },
        )
      : html`<p class="muted">No alert channel is configured (alerts: in lakeward.yaml, docs/alerts.md).</p>`
}</section>
<section aria-labelledby="f-h"><h2 id="f-h">Failed, interrupted and partial runs</h2>
${
  troubled.length
    ? scrollTable(
        html`<tr><th>run</th><th>target</th><th>status</th><th>when</th><th>problems</th></tr>`,
        troubled.map(
          (r) =>
            html`<tr><td class="num" data-label="run">${r.id}</td><td data-label="target">${r.target}</td><td data-label="status">${runStatus(r.status)}</td><td data-label="when">${time(r.finishedAt ?? r.startedAt ?? r.queuedAt, context.now)}</td><td data-label="problems">${r.problems.length ? html`<ul class="plain">${r.problems.slice(0, 10).map((p) => html`<li><span class="mono">${p.source}</span>: ${p.message}${p.hint ? html` <span class="muted">${p.hint}</span>` : ""}</li>`)}</ul>` : html`<span class="muted">${r.status === "interrupted" ? "its server stopped during the run" : "none recorded"}</span>`}</td></tr>`,
        ),
        { caption: "runs that did not fully succeed", className: "stack-mobile" },
      )
    : html`<p>None.</p>`
}</section>
<section aria-labelledby="r-h"><h2 id="r-h">Latest runs</h2>
${scrollTable(
  html`<tr><th>run</th><th>target</th><th>trigger</th><th>status</th><th>queued</th><th>finished</th><th>by</th></tr>`,
  recent.map(
    (r) =>
      html`<tr><td class="num" data-label="run">${r.id}</td><td data-label="target">${r.target}</td><td data-label="trigger">${r.trigger}</td><td data-label="status">${runStatus(r.status)}</td><td data-label="queued">${time(r.queuedAt, context.now)}</td><td data-label="finished">${time(r.finishedAt, context.now)}</td><td data-label="by">${r.requestedBy ?? ""}</td></tr>`,
  ),
  { caption: "latest 30 runs", className: "stack-mobile" },
)}</section>`;
  return page(context, { title: "Runs and health", nav: "runs", body, flash: flash ?? null });
}
