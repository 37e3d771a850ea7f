// Draws each permission-path graph (html/path-graph.ts) with Cytoscape.js, which the page loads before
// this script (the HTML report inlines both; the dashboard serves both as its path-graph.js asset). The elements come
// from a JSON block (never executed); labels are drawn on a canvas as text. Without JavaScript, or when
// Cytoscape is missing, the step-by-step list under each graph is the view.
(() => {
  const cy = globalThis.cytoscape;
  if (typeof cy !== "function") return;
  const COLORS = { user: "#1565c0", group: "#6a1b9a", servicePrincipal: "#00838f", azurePrincipal: "#0277bd" };
  const graphs = {};
  globalThis.lakewardPathGraphs = graphs;
  for (const box of document.querySelectorAll("[data-path-graph]")) {
    const id = box.getAttribute("data-path-graph");
    const source = document.getElementById(`${id}-data`);
    if (!source) continue;
    let data;
    try {
      data = JSON.parse(source.textContent || "");
    } catch {
      continue;
    }
    if (!Array.isArray(data.nodes) || !Array.isArray(data.edges) || data.nodes.length === 0) continue;
    box.classList.add("drawn");
    const layout = {
      name: "breadthfirst",
      directed: true,
      roots: data.nodes
        .filter((n) => n.role === "principal")
        .map((n) => `#${n.id}`)
        .join(", "),
      spacingFactor: 1.1,
    };
    const graph = cy({
      container: box,
      elements: [
        ...data.nodes.map((n) => ({
          group: "nodes",
          data: { id: n.id, label: `${n.label}\n(${n.kind})`, kind: n.kind, role: n.role },
        })),
        ...data.edges.map((e) => ({
          group: "edges",
          data: {
            id: e.id,
            source: e.source,
            target: e.target,
            kind: e.kind,
            label: e.detail ? `${e.kind}: ${e.detail}` : e.kind,
          },
        })),
      ],
      layout,
      userZoomingEnabled: true,
      boxSelectionEnabled: false,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "text-wrap": "wrap",
            "text-max-width": "140px",
            "font-size": "10px",
            "text-valign": "bottom",
            "text-margin-y": 4,
            "background-color": "#78909c",
            shape: "round-rectangle",
            width: 18,
            height: 18,
          },
        },
        ...Object.entries(COLORS).map(([kind, color]) => ({
          selector: `node[kind = "${kind}"]`,
          style: { "background-color": color, shape: "ellipse" },
        })),
        {
          selector: 'node[role = "target"]',
          style: { "background-color": "#c62828", "border-width": 3, "border-color": "#ffb300", width: 26, height: 26 },
        },
        {
          selector: "edge",
          style: {
            label: "data(label)",
            "font-size": "9px",
            "text-rotation": "autorotate",
            "text-background-color": "#ffffff",
            "text-background-opacity": 0.8,
            "curve-style": "bezier",
            "target-arrow-shape": "triangle",
            width: 1.5,
            "line-color": "#90a4ae",
            "target-arrow-color": "#90a4ae",
          },
        },
      ],
    });
    graphs[id] = graph;
    // A finding's graph usually sits in a closed <details>: laid out at zero size, every node lands on one
    // line. Lay it out again whenever its box gets a size (opened, resized, printed).
    let laidOutAt = "";
    new ResizeObserver(([entry]) => {
      const { width, height } = entry.contentRect;
      const size = `${Math.round(width)}x${Math.round(height)}`;
      if (width === 0 || height === 0 || size === laidOutAt) return;
      laidOutAt = size;
      graph.resize();
      graph.layout(layout).run();
    }).observe(box);
  }
})();
