/*
 * The alerts report's script: charts (Chart.js, inlined before this script) and the alerts filter.
 * Data comes from the JSON block; nothing is written with innerHTML; filters compare opaque keys
 * (data-principal="p3"), never log text. It makes no network request.
 */
(() => {
  const dataElement = document.getElementById("lakeward-data");
  const data = JSON.parse(dataElement ? dataElement.textContent || "{}" : "{}");

  // --- alerts: filter and search -------------------------------------------------------------------
  const alerts = Array.from(document.querySelectorAll("tbody.alert"));
  const searchText = new Map(alerts.map((tbody) => [tbody, (tbody.textContent || "").toLowerCase()]));
  const control = (id) => document.getElementById(id);
  const filters = {
    severity: control("filter-severity"),
    detection: control("filter-detection"),
    principal: control("filter-principal"),
    workspace: control("filter-workspace"),
  };
  const search = control("filter-search");
  const count = control("alert-count");

  function matches(tbody) {
    for (const [key, select] of Object.entries(filters)) {
      if (select?.value && tbody.dataset[key] !== select.value) return false;
    }
    const query = search ? search.value.trim().toLowerCase() : "";
    if (query) {
      const text = searchText.get(tbody) || "";
      for (const word of query.split(/\s+/)) if (!text.includes(word)) return false;
    }
    return true;
  }

  function apply() {
    let visible = 0;
    for (const tbody of alerts) {
      const show = matches(tbody);
      tbody.hidden = !show;
      if (show) visible++;
    }
    if (count) count.textContent = `${visible} of ${alerts.length} alerts shown`;
  }

  for (const select of Object.values(filters)) select?.addEventListener("change", apply);
  search?.addEventListener("input", apply);
  control("filter-reset")?.addEventListener("click", () => {
    for (const element of [...Object.values(filters), search]) if (element) element.value = "";
    apply();
  });

  function setExpanded(button, expanded) {
    const detail = document.getElementById(button.getAttribute("aria-controls") || "");
    if (!detail) return;
    detail.hidden = !expanded;
    button.setAttribute("aria-expanded", String(expanded));
    button.textContent = expanded ? "hide details" : "evidence, why, response";
  }
  const toggles = Array.from(document.querySelectorAll("tbody.alert button.toggle"));
  for (const button of toggles) {
    button.addEventListener("click", () => setExpanded(button, button.getAttribute("aria-expanded") !== "true"));
  }
  control("expand-all")?.addEventListener("click", () => {
    for (const button of toggles) if (!button.closest("tbody")?.hidden) setExpanded(button, true);
  });
  control("collapse-all")?.addEventListener("click", () => {
    for (const button of toggles) setExpanded(button, false);
  });
  // A link to an alert (#alert-DET-01-…) opens it.
  function openFromHash() {
    const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    const button = target?.querySelector("button.toggle");
    if (button) setExpanded(button, true);
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
  apply();

  // --- charts: alerts stacked by severity ------------------------------------------------------------
  const Chart = window.Chart;
  if (!Chart || !data.charts) return;
  Chart.defaults.animation = false;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  const series = data.charts.series;

  function stacked(canvasId, chart) {
    const canvas = document.getElementById(canvasId);
    if (!canvas) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: series
          .map((s) => ({ label: s.label, data: chart.counts[s.key], backgroundColor: s.color, borderWidth: 0 }))
          .filter((dataset) => dataset.data.some((value) => value > 0)),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: chart.horizontal ? "y" : "x",
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: {
          x: { stacked: true, ticks: { precision: 0 } },
          y: { stacked: true, ticks: { precision: 0, autoSkip: false } },
        },
      },
    });
  }
  stacked("chart-severity", data.charts.severity);
  stacked("chart-threat", data.charts.threat);
  stacked("chart-detection", data.charts.detection);
})();
