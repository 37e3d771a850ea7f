/**
 * The findings page: findings with their lifecycle, filtered by state, severity, workspace, check,
 * threat, control and age (the store's listFindings, as GET /api/v1/findings); accepting (waiving) a
 * finding with owner, reason and expiry, for admins; and the same list as CSV.
 */
import { stringify } from "csv-stringify/sync";
import { ASB_CONTROLS } from "../../catalogue/asb.ts";
import { CHECKS } from "../../checks/registry.ts";
import { SEVERITIES, THREATS } from "../../checks/types.ts";
import { neutralise } from "../../reports/csv.ts";
import { html, type SafeHtml } from "../../reports/html/escape.ts";
import { FINDING_STATES, type FindingState } from "../../results/alert-event.ts";
import type { Store } from "../../store/index.ts";
import type { FindingFilter, FindingView } from "../../store/queries.ts";
import { csrfField, type PageContext, page, scrollTable, severityTag, stateBadge, time } from "../layout.ts";

export const FINDING_HEAD = html`<tr><th>finding</th><th>state</th><th>severity</th><th>resource</th><th>first seen</th><th class="num">age</th><th>owner · due</th></tr>`;
const FINDING_HEAD_WS = html`<tr><th>finding</th><th>workspace</th><th>state</th><th>severity</th><th>resource</th><th>first seen</th><th class="num">age</th><th>owner · due</th></tr>`;

export interface FindingQuery {
  filter: FindingFilter;
  /** The query string that gives this filter (for links, paging and the CSV). */
  search: URLSearchParams;
  error: string | null;
}

const DEFAULT_STATES: FindingState[] = ["open", "overdue", "unknown"];

/** The filter a findings URL asks for; unknown values are reported, not ignored. */
export function parseFindingQuery(query: URLSearchParams): FindingQuery {
  const search = new URLSearchParams();
  const filter: FindingFilter = {};
  const errors: string[] = [];
  const list = (name: string) =>
    (query.get(name) ?? "")
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
  const stateParam = query.get("state");
  const states = stateParam === null ? DEFAULT_STATES : list("state");
  const badState = states.find((s) => !(FINDING_STATES as readonly string[]).includes(s));
  if (badState) errors.push(`unknown state ${badState}`);
  else if (states.length) filter.states = states as FindingState[];
  search.set("state", states.join(","));
  const severities = list("severity");
  const badSeverity = severities.find((s) => !(SEVERITIES as readonly string[]).includes(s));
  if (badSeverity) errors.push(`unknown severity ${badSeverity}`);
  else if (severities.length) {
    filter.severities = severities;
    search.set("severity", severities.join(","));
  }
  const workspace = query.get("workspace");
  if (workspace) {
    if (/^\d+$/.test(workspace)) {
      filter.workspaceId = Number(workspace);
      search.set("workspace", workspace);
    } else errors.push("workspace must be a workspace id");
  }
  for (const [name, key] of [
    ["check", "checkId"],
    ["threat", "threat"],
    ["control", "control"],
  ] as const) {
    const value = query.get(name)?.trim();
    if (value) {
      if (value.length > 100) errors.push(`${name} is too long`);
      else {
        filter[key] = value;
        search.set(name, value);
      }
    }
  }
  const age = query.get("minAgeDays");
  if (age) {
    const n = Number(age);
    if (!Number.isFinite(n) || n < 0) errors.push("minAgeDays must be a number of days");
    else {
      filter.minAgeDays = n;
      search.set("minAgeDays", String(n));
    }
  }
  const offset = Number(query.get("offset") ?? 0);
  filter.offset = Number.isInteger(offset) && offset >= 0 ? offset : 0;
  filter.limit = 100;
  return { filter, search, error: errors.length ? errors.join("; ") : null };
}

function ownerCell(f: FindingView, now: Date): SafeHtml {
  const parts: SafeHtml[] = [];
  if (f.acceptance)
    parts.push(
      html`<div>accepted for <b>${f.acceptance.owner}</b> until ${f.acceptance.expires.slice(0, 10)} <span class="muted">by ${f.acceptance.by}: ${f.acceptance.reason}</span></div>`,
    );
  if (f.suppression)
    parts.push(
      html`<div class="muted">suppressed in the config: ${f.suppression.reason}${f.suppression.expires ? ` (until ${f.suppression.expires})` : ""}</div>`,
    );
  if (f.dueAt) parts.push(html`<div>due ${time(f.dueAt, now)}</div>`);
  return parts.length ? html`${parts}` : html`<span class="muted">—</span>`;
}

function acceptForm(f: FindingView, context: PageContext): SafeHtml {
  if (context.session?.role !== "admin" || !["open", "overdue", "unknown"].includes(f.state)) return html``;
  const tomorrow = new Date(context.now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  return html`<details class="accept"><summary>Accept (waive)…</summary>
<form method="post" action="/findings/${f.id}/accept" class="stack">${csrfField(context.session)}
<input type="hidden" name="back" value="${context.path}">
<label>Owner (who answers for it)<input name="owner" required maxlength="200" autocomplete="off"></label>
<label>Reason (at least 10 characters)<textarea name="reason" required minlength="10" maxlength="2000" rows="2"></textarea></label>
<label>Until (it reopens by itself then)<input name="expires" type="date" required value="${tomorrow}"></label>
<button type="submit">Accept finding</button></form></details>`;
}

export function findingRows(
  findings: readonly FindingView[],
  context: PageContext,
  options: { showWorkspace: boolean },
): SafeHtml[] {
  return findings.map(
    (f) =>
      html`<tr id="finding-${f.id}"><td data-label="finding"><a href="/checks/${f.checkId}" class="mono"><b>${f.checkId}</b></a> ${f.title}<div class="muted">${f.message}</div>${f.reopenCount ? html`<div class="muted">reopened ${f.reopenCount}× (last ${f.reopenedAt?.slice(0, 10) ?? ""})</div>` : ""}${acceptForm(f, context)}</td>${options.showWorkspace ? html`<td data-label="workspace"><a href="/workspaces/${f.workspaceId}">${f.workspace}</a></td>` : ""}<td data-label="state">${stateBadge(f.state)}</td><td data-label="severity">${severityTag(f.severity)}</td><td class="mono" data-label="resource">${f.resource || html`<span class="muted">workspace</span>`}</td><td data-label="first seen">${time(f.firstSeenAt, context.now)}</td><td class="num" data-label="age">${f.ageDays} d</td><td data-label="owner · due">${ownerCell(f, context.now)}</td></tr>`,
  );
}

function option(value: string, label: string, selected: boolean): SafeHtml {
  return selected
    ? html`<option value="${value}" selected>${label}</option>`
    : html`<option value="${value}">${label}</option>`;
}

export async function findingsPage(
  store: Store,
  context: PageContext,
  query: URLSearchParams,
  flash: Parameters<typeof page>[1]["flash"],
) {
  const parsed = parseFindingQuery(query);
  const [result, workspaces] = await Promise.all([
    parsed.error ? Promise.resolve({ total: 0, findings: [] }) : store.listFindings(parsed.filter, context.now),
    store.listWorkspaces(context.now),
  ]);
  const f = parsed.filter;
  const stateValue = parsed.search.get("state") ?? "";
  const stateChoices: [string, string][] = [
    ["open,overdue,unknown", "not fixed (open, overdue, unknown)"],
    ["open,overdue", "open and overdue"],
    ...FINDING_STATES.map((s) => [s, s] as [string, string]),
    ["", "every state"],
  ];
  const offset = f.offset ?? 0;
  const pageLink = (to: number) => {
    const q = new URLSearchParams(parsed.search);
    q.set("offset", String(to));
    return `/findings?${q.toString()}`;
  };
  const body = html`<h1>Findings</h1>
<form method="get" action="/findings" class="filters" role="search" aria-label="Filter findings">
<label>State<select name="state">${stateChoices.map(([v, l]) => option(v, l, v === stateValue))}${stateChoices.some(([v]) => v === stateValue) ? "" : option(stateValue, stateValue, true)}</select></label>
<label>Severity<select name="severity">${option("", "any", !f.severities)}${SEVERITIES.map((s) => option(s, s, f.severities?.length === 1 && f.severities[0] === s))}${f.severities && f.severities.length > 1 ? option(f.severities.join(","), f.severities.join(", "), true) : ""}</select></label>
<label>Workspace<select name="workspace">${option("", "any", f.workspaceId === undefined)}${workspaces.map((w) => option(String(w.id), w.name, w.id === f.workspaceId))}</select></label>
<label>Check<select name="check">${option("", "any", !f.checkId)}${CHECKS.map((c) => option(c.meta.id, `${c.meta.id} ${c.meta.title}`, c.meta.id === f.checkId))}</select></label>
<label>Threat<select name="threat">${option("", "any", !f.threat)}${Object.entries(THREATS).map(([k, v]) => option(k, `${k} · ${v}`, k === f.threat))}</select></label>
<label>ASB control<select name="control">${option("", "any", !f.control)}${ASB_CONTROLS.map((c) => option(c.id, `${c.id} ${c.title}`, c.id === f.control))}</select></label>
<label>Open at least (days)<input name="minAgeDays" type="number" min="0" step="1" value="${f.minAgeDays ?? ""}" inputmode="numeric"></label>
<button type="submit">Filter</button> <a href="/findings">reset</a>
<a href="/findings.csv?${parsed.search.toString()}" download>Export CSV</a>
</form>
${parsed.error ? html`<div class="flash flash-error" role="alert">${parsed.error}</div>` : ""}
<p aria-live="polite">${result.total} finding${result.total === 1 ? "" : "s"}${result.total > 100 ? ` · ${offset + 1}–${Math.min(offset + 100, result.total)} shown` : ""}</p>
${result.findings.length ? scrollTable(FINDING_HEAD_WS, findingRows(result.findings, context, { showWorkspace: true }), { caption: "findings, most severe and oldest first", className: "stack-mobile" }) : html`<p>No finding matches.</p>`}
<p>${offset > 0 ? html`<a href="${pageLink(Math.max(0, offset - 100))}">← previous</a> ` : ""}${offset + 100 < result.total ? html`<a href="${pageLink(offset + 100)}">next →</a>` : ""}</p>`;
  return page(context, { title: "Findings", nav: "findings", body, flash: flash ?? null });
}

const CSV_HEADER = [
  "id",
  "workspace",
  "check_id",
  "title",
  "severity",
  "state",
  "resource",
  "message",
  "first_seen_at",
  "last_seen_at",
  "opened_at",
  "age_days",
  "fixed_at",
  "time_to_fix_seconds",
  "reopen_count",
  "due_at",
  "accepted_owner",
  "accepted_reason",
  "accepted_until",
  "accepted_by",
  "threats",
  "controls",
];

/** The filtered findings as CSV (every page, at most 100,000 rows), formula-like cells neutralised. */
export async function findingsCsv(
  store: Store,
  query: URLSearchParams,
  now: Date,
): Promise<{ csv: string } | { error: string }> {
  const parsed = parseFindingQuery(query);
  if (parsed.error) return { error: parsed.error };
  const rows: string[][] = [CSV_HEADER];
  for (let offset = 0; offset < 100_000; offset += 1000) {
    const { findings } = await store.listFindings({ ...parsed.filter, limit: 1000, offset }, now);
    for (const f of findings)
      rows.push(
        [
          String(f.id),
          f.workspace,
          f.checkId,
          f.title,
          f.severity,
          f.state,
          f.resource,
          f.message,
          f.firstSeenAt,
          f.lastSeenAt,
          f.openedAt,
          String(f.ageDays),
          f.fixedAt ?? "",
          f.timeToFixSeconds === null ? "" : String(f.timeToFixSeconds),
          String(f.reopenCount),
          f.dueAt ?? "",
          f.acceptance?.owner ?? "",
          f.acceptance?.reason ?? "",
          f.acceptance?.expires ?? "",
          f.acceptance?.by ?? "",
          f.threats.join(" "),
          f.controls.join(" "),
        ].map(neutralise),
      );
    if (findings.length < 1000) break;
  }
  return { csv: stringify(rows) };
}
