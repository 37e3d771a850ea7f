/**
 * Detections: audit-log alerts over time (per day and detection), filtered by detection and workspace,
 * each with the evidence events it was raised on (only the columns and allow-listed request parameters
 * the detection keeps; see src/detect/alerts.ts).
 */
import { html, type SafeHtml } from "../../reports/html/escape.ts";
import type { Store } from "../../store/index.ts";
import { detectionAlerts } from "../../store/queries-dashboard.ts";
import { type PageContext, page, scrollTable, severityTag, time, windowLinks } from "../layout.ts";

interface EvidenceEvent {
  time?: string;
  workspace?: string | null;
  service?: string | null;
  action?: string | null;
  principal?: string | null;
  sourceIp?: string | null;
  status?: number | null;
  requestId?: string | null;
  params?: Record<string, string>;
}

function events(alert: Record<string, unknown>): SafeHtml {
  const list = Array.isArray(alert.events) ? (alert.events as EvidenceEvent[]).slice(0, 50) : [];
  if (!list.length) return html`<p class="muted">No evidence events kept.</p>`;
  return scrollTable(
    html`<tr><th>time</th><th>action</th><th>principal</th><th>source IP</th><th>status</th><th>parameters</th></tr>`,
    list.map(
      (e) =>
        html`<tr><td class="mono" data-label="time">${e.time ?? ""}</td><td class="mono" data-label="action">${e.service ?? ""}.${e.action ?? ""}</td><td data-label="principal">${e.principal ?? ""}</td><td class="mono" data-label="source IP">${e.sourceIp ?? ""}</td><td data-label="status">${e.status ?? ""}</td><td class="mono" data-label="parameters">${Object.entries(
          e.params ?? {},
        )
          .map(([k, v]) => `${k}=${v}`)
          .join(" ")}</td></tr>`,
    ),
    { caption: "evidence events", className: "stack-mobile" },
  );
}

export async function detectionsPage(store: Store, context: PageContext, query: URLSearchParams, windowDays: number) {
  const detectionId = query.get("detection")?.trim() || undefined;
  const workspace = query.get("workspace")?.trim() || undefined;
  const found = await detectionAlerts(store.db, {
    now: context.now,
    days: windowDays,
    ...(detectionId ? { detectionId } : {}),
    ...(workspace ? { workspace } : {}),
    limit: 200,
  });
  const days: string[] = [];
  for (let i = windowDays - 1; i >= 0; i--)
    days.push(new Date(context.now.getTime() - i * 86_400_000).toISOString().slice(0, 10));
  const ids = [...new Set(found.perDay.map((p) => p.detectionId))].sort();
  const shown = detectionId ? ids.filter((id) => id === detectionId) : ids;
  const count = new Map(found.perDay.map((p) => [`${p.day} ${p.detectionId}`, p.count]));
  const option = (value: string, label: string, selected: boolean) =>
    selected
      ? html`<option value="${value}" selected>${label}</option>`
      : html`<option value="${value}">${label}</option>`;
  const q = new URLSearchParams(query);
  const body = html`<h1>Detections</h1>
<form method="get" action="/detections" class="filters" aria-label="Filter detections">
<input type="hidden" name="days" value="${windowDays}">
<label>Detection<select name="detection">${option("", "any", !detectionId)}${ids.map((id) => option(id, id, id === detectionId))}</select></label>
<label>Workspace<select name="workspace">${option("", "any", !workspace)}${found.workspaces.map((w) => option(w, w, w === workspace))}</select></label>
<button type="submit">Filter</button> <a href="/detections">reset</a></form>
<section aria-labelledby="over-h"><h2 id="over-h">Alerts per day ${windowLinks("/detections", q, windowDays)}</h2>
<div class="chart-box"><canvas data-chart="perDay" role="img" aria-label="detection alerts per day and detection, last ${windowDays} days"></canvas></div></section>
<section aria-labelledby="list-h"><h2 id="list-h">Alerts (${found.alerts.length}${found.alerts.length === 200 ? "+, newest 200" : ""})</h2>
${
  found.alerts.length
    ? found.alerts.map((a) => {
        const alert = a.alert as Record<string, unknown>;
        return html`<details class="card"><summary>${severityTag(a.severity)} <b class="mono">${a.detectionId}</b> ${String(alert.title ?? "")} · ${a.workspace ?? "account"} · ${time(a.firstSeenAt, context.now)} · ${a.eventCount} event${a.eventCount === 1 ? "" : "s"}</summary>
<p>${String(alert.summary ?? "")}</p>
<p class="muted">principal ${String(alert.principal ?? "—")} · source IP ${String(alert.sourceIp ?? "—")} · first ${a.firstSeenAt} · last ${a.lastSeenAt}</p>
${events(alert)}</details>`;
      })
    : html`<p>No detection alert in the last ${windowDays} days${detectionId || workspace ? " for this filter" : ""}. Detections run when serve.detect sources are configured (docs/serve.md).</p>`
}</section>`;
  return page(context, {
    title: "Detections",
    nav: "detections",
    body,
    charts: true,
    data: {
      perDay: {
        type: "stacked",
        labels: days,
        series: shown.map((id) => ({ key: id, label: id, values: days.map((d) => count.get(`${d} ${id}`) ?? 0) })),
      },
    },
  });
}
