/*
 * The HTML report's script: charts (Chart.js, inlined before this script) and the findings filter, on
 * the shared lakewardUi (report-ui.js, inlined just before).
 * Data comes from the JSON block; nothing is written with innerHTML; text goes in through textContent.
 * It makes no network request.
 */
(() => {
  const dataElement = document.getElementById("lakeward-data");
  const data = JSON.parse(dataElement ? dataElement.textContent || "{}" : "{}");

  const control = (id) => document.getElementById(id);

  // --- findings: filter, search, expandable rows ------------------------------------------------------
  const status = control("filter-status");
  const severity = control("filter-severity");
  const category = control("filter-category");
  const workspace = control("filter-workspace");
  const OPEN = new Set(["fail", "unknown", "manual"]);
  lakewardUi.expandableRows({
    toggles: Array.from(document.querySelectorAll("button.toggle")),
    collapsedLabel: "evidence, why, fix",
    expandAll: control("expand-all"),
    collapseAll: control("collapse-all"),
  });
  lakewardUi.filterRows({
    rows: Array.from(document.querySelectorAll("tbody.finding")),
    matches: (tbody) => {
      const d = tbody.dataset;
      const wanted = status ? status.value : "";
      if (wanted === "open" ? !OPEN.has(d.status) : wanted && d.status !== wanted) return false;
      if (severity?.value && d.severity !== severity.value) return false;
      if (category?.value && d.category !== category.value) return false;
      return !(workspace?.value && d.workspace !== workspace.value);
    },
    selects: [status, severity, category, workspace],
    search: control("filter-search"),
    reset: control("filter-reset"),
    count: control("finding-count"),
    describe: (visible, total) => `${visible} of ${total} results shown`,
  });

  // --- charts ---------------------------------------------------------------------------------------
  const Chart = lakewardUi.charts();
  if (!Chart || !data.charts) return;
  const series = data.charts.series;
  for (const [canvas, chart] of [
    ["chart-severity", data.charts.severity],
    ["chart-category", data.charts.category],
    ["chart-threat", data.charts.threat],
  ])
    lakewardUi.stackedBar(Chart, canvas, chart, series);

  const scores = document.getElementById("chart-scores");
  if (scores && data.charts.scores) {
    new Chart(scores, {
      type: "bar",
      data: {
        labels: data.charts.scores.labels,
        datasets: [
          {
            label: "score (0-100)",
            data: data.charts.scores.values,
            backgroundColor: data.charts.scores.values.map((v) =>
              v === null ? "#b0bec5" : v >= 90 ? "#2e7d32" : v >= 60 ? "#f9a825" : "#c62828",
            ),
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { min: 0, max: 100 } },
      },
    });
  }
})();
