/*
 * The HTML report's script: charts (Chart.js, inlined before this script) and the findings filter.
 * Data comes from the JSON block; nothing is written with innerHTML; text goes in through textContent.
 * It makes no network request.
 */
(() => {
  const dataElement = document.getElementById("lakeward-data");
  const data = JSON.parse(dataElement ? dataElement.textContent || "{}" : "{}");

  // --- findings: filter and search -----------------------------------------------------------------
  const findings = Array.from(document.querySelectorAll("tbody.finding"));
  const searchText = new Map(findings.map((tbody) => [tbody, (tbody.textContent || "").toLowerCase()]));
  const control = (id) => document.getElementById(id);
  const status = control("filter-status");
  const severity = control("filter-severity");
  const category = control("filter-category");
  const workspace = control("filter-workspace");
  const search = control("filter-search");
  const count = control("finding-count");
  const OPEN = new Set(["fail", "unknown", "manual"]);

  function matches(tbody) {
    const d = tbody.dataset;
    const wanted = status ? status.value : "";
    if (wanted === "open" ? !OPEN.has(d.status) : wanted && d.status !== wanted) return false;
    if (severity?.value && d.severity !== severity.value) return false;
    if (category?.value && d.category !== category.value) return false;
    if (workspace?.value && d.workspace !== workspace.value) return false;
    const query = search ? search.value.trim().toLowerCase() : "";
    if (query) {
      const text = searchText.get(tbody) || "";
      for (const word of query.split(/\s+/)) if (!text.includes(word)) return false;
    }
    return true;
  }

  function apply() {
    let visible = 0;
    for (const tbody of findings) {
      const show = matches(tbody);
      tbody.hidden = !show;
      if (show) visible++;
    }
    if (count) count.textContent = `${visible} of ${findings.length} results shown`;
  }

  for (const element of [status, severity, category, workspace]) element?.addEventListener("change", apply);
  search?.addEventListener("input", apply);
  control("filter-reset")?.addEventListener("click", () => {
    for (const element of [status, severity, category, workspace, search]) if (element) element.value = "";
    apply();
  });

  function setExpanded(button, expanded) {
    const detail = document.getElementById(button.getAttribute("aria-controls") || "");
    if (!detail) return;
    detail.hidden = !expanded;
    button.setAttribute("aria-expanded", String(expanded));
    button.textContent = expanded ? "hide details" : "evidence, why, fix";
  }
  const toggles = Array.from(document.querySelectorAll("button.toggle"));
  for (const button of toggles) {
    button.addEventListener("click", () => setExpanded(button, button.getAttribute("aria-expanded") !== "true"));
  }
  control("expand-all")?.addEventListener("click", () => {
    for (const button of toggles) if (!button.closest("tbody")?.hidden) setExpanded(button, true);
  });
  control("collapse-all")?.addEventListener("click", () => {
    for (const button of toggles) setExpanded(button, false);
  });
  // A link to a finding (#finding-…) opens it.
  function openFromHash() {
    const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    const button = target?.querySelector("button.toggle");
    if (button) setExpanded(button, true);
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
  apply();

  // --- charts ---------------------------------------------------------------------------------------
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
        datasets: series.map((s) => ({
          label: s.label,
          data: chart.counts[s.key],
          backgroundColor: s.color,
          borderWidth: 0,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: chart.horizontal ? "y" : "x",
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: {
          x: { stacked: true, ticks: { precision: 0 } },
          y: { stacked: true, ticks: { precision: 0 } },
        },
      },
    });
  }
  stacked("chart-severity", data.charts.severity);
  stacked("chart-category", data.charts.category);
  stacked("chart-threat", data.charts.threat);

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
