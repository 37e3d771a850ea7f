/**
 * Setting history: one evidence field of one workspace over time (e.g.
 * databricks.workspaceConf.enableIpAccessLists), every change with the audit actor who made it — the
 * store's settingHistory, as GET /api/v1/workspaces/{id}/settings. Without a path: the fields of the
 * workspace that ever changed, to pick from.
 */
import { html } from "../../reports/html/escape.ts";
import type { Store } from "../../store/index.ts";
import { changedPaths } from "../../store/queries-dashboard.ts";
import { type PageContext, page, scrollTable, time } from "../layout.ts";
import { actorCell } from "./workspace.ts";

export async function settingsPage(store: Store, context: PageContext, query: URLSearchParams) {
  const workspaces = await store.listWorkspaces(context.now);
  const workspaceParam = query.get("workspace");
  const workspace = workspaces.find((w) => String(w.id) === workspaceParam) ?? null;
  const path = (query.get("path") ?? "").trim().slice(0, 500);
  const paths = workspace ? await changedPaths(store.db, workspace.id) : [];
  const changes = workspace && path ? await store.settingHistory(workspace.id, path) : [];
  const option = (value: string, label: string, selected: boolean) =>
    selected
      ? html`<option value="${value}" selected>${label}</option>`
      : html`<option value="${value}">${label}</option>`;
  const body = html`<h1>Setting history</h1>
<form method="get" action="/settings" class="filters" aria-label="Choose a setting">
<label>Workspace<select name="workspace" required>${option("", "choose…", !workspace)}${workspaces.map((w) => option(String(w.id), w.name, w.id === workspace?.id))}</select></label>
<label>Evidence field<input name="path" value="${path}" list="paths" size="48" placeholder="databricks.workspaceConf.enableIpAccessLists"></label>
<datalist id="paths">${paths.map((p) => html`<option value="${p.path}"></option>`)}</datalist>
<button type="submit">Show</button></form>
${
  !workspace
    ? html`<p class="muted">Choose a workspace to see the fields of its evidence that ever changed.</p>`
    : path
      ? html`<h2><span class="mono">${path}</span> in <a href="/workspaces/${workspace.id}">${workspace.name}</a></h2>
${
  changes.length
    ? scrollTable(
        html`<tr><th>seen at run</th><th>field</th><th>before</th><th>after</th><th>changed by</th><th>request</th></tr>`,
        changes.map(
          (c) =>
            html`<tr><td data-label="seen">${time(c.at, context.now)} <a href="/workspaces/${workspace.id}#run-${c.runId}" class="muted">run ${c.runId}</a></td><td class="mono" data-label="field">${c.path}</td><td class="mono" data-label="before">${c.before ?? html`<span class="muted">(absent)</span>`}</td><td class="mono" data-label="after">${c.after ?? html`<span class="muted">(absent)</span>`}</td><td data-label="changed by">${actorCell(c, context.now)}</td><td class="mono" data-label="request">${c.requestId ?? ""}</td></tr>`,
        ),
        { caption: "every change, oldest first", className: "stack-mobile" },
      )
    : html`<p>This field never changed in the stored runs.</p>`
}`
      : html`<h2>Fields of ${workspace.name} that changed</h2>
${
  paths.length
    ? scrollTable(
        html`<tr><th>field</th><th class="num">changes</th><th>last changed</th></tr>`,
        paths.map(
          (p) =>
            html`<tr><td class="mono" data-label="field"><a href="/settings?workspace=${workspace.id}&path=${encodeURIComponent(p.path)}">${p.path}</a></td><td class="num" data-label="changes">${p.changes}</td><td data-label="last changed">${time(p.lastChangedAt, context.now)}</td></tr>`,
        ),
        { caption: "changed fields, most recent first", className: "stack-mobile" },
      )
    : html`<p>No field of this workspace changed between runs yet.</p>`
}`
}`;
  return page(context, { title: "Setting history", nav: "settings", body });
}
