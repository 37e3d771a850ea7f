/**
 * The permission-path graph of a finding (IAM-20…22): ONE view for the HTML report and the dashboard.
 * The server side writes, per finding, (1) a step-by-step list of the paths, which is the whole view without
 * JavaScript (screen readers, phones, a printed report), and (2) the graph's elements as a JSON block that
 * path-graph-client.js draws with Cytoscape.js (bundled offline: inlined in the report, served as the dashboard's
 * path-graph.js asset for its workspace page).
 * Labels reach the page only as escaped text (the `html` template) or as JSON with `<`, `>`, `&` \u-escaped
 * (jsonForScript); Cytoscape draws them on a canvas as text, so no label can become markup.
 * Bounded: at most MAX_DRAWN_PATHS paths and MAX_DRAWN_NODES nodes are drawn; the rest are counted in a note.
 */
import type { ResultPaths } from "../../checks/types.ts";
import { html, jsonForScript, type SafeHtml, trusted } from "./escape.ts";

export const MAX_DRAWN_PATHS = 12;
export const MAX_DRAWN_NODES = 60;

export interface PathGraphNode {
  id: string;
  kind: string;
  label: string;
  /** "principal" where a path starts, "target" where it ends (the admin role, the identity run as). */
  role: "principal" | "target" | "via";
}

export interface PathGraphEdge {
  id: string;
  source: string;
  target: string;
  kind: string;
  detail: string;
}

export interface PathGraphElements {
  nodes: PathGraphNode[];
  edges: PathGraphEdge[];
  /** Paths drawn, and paths found but not drawn (past the caps, or not carried in the results). */
  drawnPaths: number;
  notDrawnPaths: number;
}

const nodeKey = (n: { kind: string; label: string }) => `${n.kind}:${n.label}`;

/** The graph's elements: nodes shared by paths are one node; edges of the same kind and detail, one edge. */
export function pathGraphElements(paths: ResultPaths): PathGraphElements {
  const nodes = new Map<string, PathGraphNode>();
  const edges = new Map<string, PathGraphEdge>();
  let drawnPaths = 0;
  for (const path of paths.items) {
    if (drawnPaths >= MAX_DRAWN_PATHS) break;
    const ends = path.steps.flatMap((s) => [s.from, s.to]);
    const added = new Set(ends.map(nodeKey).filter((k) => !nodes.has(k))).size;
    if (nodes.size + added > MAX_DRAWN_NODES) break;
    const last = path.steps.length - 1;
    path.steps.forEach((step, index) => {
      for (const [end, role] of [
        [step.from, index === 0 ? "principal" : "via"],
        [step.to, index === last ? "target" : "via"],
      ] as const) {
        const key = nodeKey(end);
        const known = nodes.get(key);
        if (!known) nodes.set(key, { id: `n${nodes.size}`, kind: end.kind, label: end.label, role });
        else if (role !== "via" && known.role === "via") known.role = role;
      }
      const source = nodes.get(nodeKey(step.from))!.id;
      const target = nodes.get(nodeKey(step.to))!.id;
      const key = JSON.stringify([source, target, step.kind, step.detail]);
      if (!edges.has(key))
        edges.set(key, { id: `e${edges.size}`, source, target, kind: step.kind, detail: step.detail });
    });
    drawnPaths++;
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    drawnPaths,
    notDrawnPaths: paths.total - drawnPaths,
  };
}

const KIND_LABEL: Record<string, string> = {
  user: "user",
  group: "group",
  servicePrincipal: "service principal",
  azurePrincipal: "Azure principal",
};
const kindLabel = (kind: string) => KIND_LABEL[kind] ?? kind;

/**
 * The text view of the paths: one ordered list of steps per path (its shortest route), then the principal's
 * other routes the results carry; complete without JavaScript. Every carried path is listed — the results
 * already hold at most RESULT_PATH_LIMIT (checks/identity/graph-evidence.ts), each with at most the check's
 * perPrincipal routes.
 */
function pathList(paths: ResultPaths): SafeHtml {
  const listed = paths.items;
  const steps = (list: ResultPaths["items"][number]["steps"]) =>
    html`<ol class="path-steps">${list.map(
      (step) =>
        html`<li><span class="path-edge">${step.kind}${step.detail ? html`: ${step.detail}` : ""}</span> → <span class="wrap">${step.to.label}</span> <span class="muted">(${kindLabel(step.to.kind)})</span></li>`,
    )}</ol>`;
  // A principal's other routes (its shortest is the one listed and drawn) fold away under <details>: open
  // without JavaScript, closed so that a long list stays a list of principals.
  const others = (path: ResultPaths["items"][number]) =>
    path.otherRoutes?.length || path.routesCutOff
      ? html`<details class="path-routes"><summary>${path.otherRoutes?.length ?? 0} other route(s)${path.routesCutOff ? html` <span class="muted">(${path.routesCutOff})</span>` : ""}</summary>${(
          path.otherRoutes ?? []
        ).map(
          (route, i) =>
            html`<p class="path-route">route ${i + 2} <span class="muted">(${route.kind})</span></p>${steps(route.steps)}`,
        )}</details>`
      : "";
  return html`<ol class="path-list">${listed.map(
    (path) =>
      html`<li><span class="path-principal">${path.principal.label}</span> <span class="muted">(${kindLabel(path.principal.kind)}, ${path.kind})</span>${steps(path.steps)}${others(path)}</li>`,
  )}</ol>${paths.total > listed.length ? html`<p class="muted">${paths.total - listed.length} more path(s) not listed; <code>lakeward paths</code> lists every one.</p>` : ""}`;
}

/** The view of one finding's paths; `id` must be unique in the page (letters, digits, `-`). */
export function pathGraphView(paths: ResultPaths, id: string): SafeHtml {
  if (!/^[A-Za-z0-9-]+$/.test(id)) throw new Error(`path graph id ${id} is not letters, digits and -`);
  const elements = pathGraphElements(paths);
  return html`<figure class="path-graph">
<figcaption>${paths.total} permission path(s), step by step</figcaption>
<div class="path-graph-canvas" data-path-graph="${id}" role="img" aria-label="graph of the paths listed below"></div>
${elements.notDrawnPaths > 0 ? html`<p class="muted path-graph-more">${elements.notDrawnPaths} more path(s) not drawn.</p>` : ""}
<script type="application/json" id="${id}-data">${trusted(jsonForScript(elements))}</script>
${pathList(paths)}
</figure>`;
}
