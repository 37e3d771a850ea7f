/*
 * The alerts report's script: charts (Chart.js, inlined before this script) and the alerts filter, on
 * the shared lakewardUi (src/reports/html/report-ui.js, inlined just before). Data comes from the JSON
 * block; filters compare opaque keys (data-principal="p3"), never log text. No network request.
 */
(() => {
  const dataElement = document.getElementById("lakeward-data");
  const data = JSON.parse(dataElement ? dataElement.textContent || "{}" : "{}");
  const control = (id) => document.getElementById(id);

  // --- alerts: filter, search, expandable rows ------------------------------------------------------
  const filters = {
    severity: control("filter-severity"),
    detection: control("filter-detection"),
    principal: control("filter-principal"),
    workspace: control("filter-workspace"),
  };
  lakewardUi.expandableRows({
    toggles: Array.from(document.querySelectorAll("tbody.alert button.toggle")),
    collapsedLabel: "evidence, why, response",
    expandAll: control("expand-all"),
    collapseAll: control("collapse-all"),
  });
  lakewardUi.filterRows({
    rows: Array.from(document.querySelectorAll("tbody.alert")),
    matches: (tbody) =>
      Object.entries(filters).every(([key, select]) => !select?.value || tbody.dataset[key] === select.value),
    selects: Object.values(filters),
    search: control("filter-search"),
    reset: control("filter-reset"),
    count: control("alert-count"),
    describe: (visible, total) => `${visible} of ${total} alerts shown`,
  });

  // --- charts: alerts stacked by severity ------------------------------------------------------------
  const Chart = lakewardUi.charts();
  if (!Chart || !data.charts) return;
  const series = data.charts.series;
  for (const [canvas, chart] of [
    ["chart-severity", data.charts.severity],
    ["chart-threat", data.charts.threat],
    ["chart-detection", data.charts.detection],
  ])
    lakewardUi.stackedBar(Chart, canvas, chart, series, { skipEmpty: true });
})();
