/*
 * The dashboard's one script (served from /assets, CSP script-src 'self'; no inline script anywhere).
 * Pages work without it: it draws the charts from the page's JSON block, makes the heat map a keyboard
 * grid (one tab stop, arrow keys move, Enter opens). It never opens a dialog.
 * Nothing is written with innerHTML: text goes in through textContent, charts get numbers and labels.
 */
(() => {
  const dataElement = document.getElementById("lakeward-data");
  const data = dataElement ? JSON.parse(dataElement.textContent || "{}") : {};

  const COLORS = {
    score: "#0b5cad",
    pass: "#2e7d32",
    fail: "#c62828",
    unknown: "#7b1fa2",
    other: "#8c959f",
    critical: "#6a1b1a",
    high: "#c62828",
    medium: "#e65100",
    low: "#b58900",
    info: "#8c959f",
  };
  const PALETTE = ["#0b5cad", "#c62828", "#2e7d32", "#7b1fa2", "#e65100", "#00838f", "#5d4037", "#b58900"];

  function drawCharts() {
    if (typeof Chart === "undefined") return;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    for (const canvas of document.querySelectorAll("canvas[data-chart]")) {
      const spec = data[canvas.dataset.chart || ""];
      if (!spec) continue;
      if (spec.type === "line") {
        new Chart(canvas, {
          type: "line",
          data: {
            labels: spec.labels,
            datasets: spec.series.map((s, i) => ({
              label: s.label,
              data: s.values,
              borderColor: COLORS[s.key] || PALETTE[i % PALETTE.length],
              backgroundColor: COLORS[s.key] || PALETTE[i % PALETTE.length],
              borderWidth: 2,
              pointRadius: spec.labels.length > 60 ? 0 : 2,
              spanGaps: true,
              stepped: spec.stepped ? "before" : false,
            })),
          },
          options: {
            plugins: { legend: { display: spec.series.length > 1 } },
            scales: {
              x: { ticks: { maxTicksLimit: 8, maxRotation: 0 } },
              y: spec.percent ? { min: 0, max: 100 } : { beginAtZero: true, ticks: { precision: 0 } },
            },
          },
        });
      } else if (spec.type === "stacked") {
        new Chart(canvas, {
          type: "bar",
          data: {
            labels: spec.labels,
            datasets: spec.series.map((s, i) => ({
              label: s.label,
              data: s.values,
              backgroundColor: COLORS[s.key] || PALETTE[i % PALETTE.length],
              barPercentage: 1,
              categoryPercentage: 1,
            })),
          },
          options: {
            plugins: { legend: { position: "bottom" } },
            scales: {
              x: { stacked: true, ticks: { maxTicksLimit: 8, maxRotation: 0 } },
              y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
            },
          },
        });
      }
    }
  }

  /** The heat map: a WAI-ARIA grid. One cell is tabbable; arrows, Home/End move; Enter or click opens. */
  function heatmapGrid() {
    for (const grid of document.querySelectorAll("table.heatmap")) {
      const rows = [...grid.querySelectorAll("tbody tr")];
      const columns = [...grid.querySelectorAll("thead th[data-check]")].map((th) => th.dataset.check);
      const cells = rows.map((row) => [...row.querySelectorAll("td")]);
      if (!cells.length || !cells[0].length) continue;
      let current = cells[0][0];
      current.tabIndex = 0;
      const open = (cell) => {
        const row = cell.closest("tr");
        const check = columns[cells[rows.indexOf(row)].indexOf(cell)];
        if (row && check)
          window.location.assign(
            `/findings?workspace=${row.dataset.workspace}&check=${encodeURIComponent(check)}&state=`,
          );
      };
      const focus = (r, c) => {
        const row = cells[Math.max(0, Math.min(cells.length - 1, r))];
        const cell = row[Math.max(0, Math.min(row.length - 1, c))];
        current.tabIndex = -1;
        cell.tabIndex = 0;
        cell.focus();
        current = cell;
      };
      // The tooltip (workspace · check: status) is made when the pointer first reaches a cell, not sent
      // with each of the thousands of cells.
      grid.addEventListener("mouseover", (event) => {
        const cell = event.target.closest("td");
        if (!cell || cell.title || !grid.contains(cell)) return;
        const row = cell.closest("tr");
        const check = columns[cells[rows.indexOf(row)].indexOf(cell)];
        cell.title = `${row.querySelector("th")?.textContent ?? ""} · ${check}: ${cell.getAttribute("aria-label")}`;
      });
      grid.addEventListener("click", (event) => {
        const cell = event.target.closest("td");
        if (cell && grid.contains(cell)) open(cell);
      });
      grid.addEventListener("keydown", (event) => {
        const cell = event.target.closest("td");
        if (!cell) return;
        const r = rows.indexOf(cell.closest("tr"));
        const c = cells[r].indexOf(cell);
        const moves = {
          ArrowRight: [r, c + 1],
          ArrowLeft: [r, c - 1],
          ArrowDown: [r + 1, c],
          ArrowUp: [r - 1, c],
          Home: [r, 0],
          End: [r, cells[r].length - 1],
          PageDown: [r + 10, c],
          PageUp: [r - 10, c],
        };
        if (event.key in moves) {
          event.preventDefault();
          focus(...moves[event.key]);
        } else if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          open(cell);
        }
      });
    }
  }

  const start = () => {
    drawCharts();
    heatmapGrid();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
