/*
 * Shared by the posture report and the alerts report (inlined before each page's own script, in the
 * same script element): a filterable table of expandable rows, and stacked bar charts. Nothing is
 * written with innerHTML; filters compare data-* keys the generator wrote, never workspace text.
 */
// biome-ignore lint/correctness/noUnusedVariables: the page script inlined after this one uses it
const lakewardUi = {
  /** Shows the rows (tbody elements) `matches` accepts and the search words; counts them. */
  filterRows({ rows, matches, selects, search, reset, count, describe }) {
    const searchText = new Map(rows.map((row) => [row, (row.textContent || "").toLowerCase()]));
    const apply = () => {
      const query = search ? search.value.trim().toLowerCase() : "";
      let visible = 0;
      for (const row of rows) {
        const text = searchText.get(row) || "";
        const show = matches(row) && (!query || query.split(/\s+/).every((word) => text.includes(word)));
        row.hidden = !show;
        if (show) visible++;
      }
      if (count) count.textContent = describe(visible, rows.length);
    };
    for (const select of selects) select?.addEventListener("change", apply);
    search?.addEventListener("input", apply);
    reset?.addEventListener("click", () => {
      for (const element of [...selects, search]) if (element) element.value = "";
      apply();
    });
    apply();
  },

  /** Toggle buttons (aria-controls → the detail element), expand/collapse all, and #anchor links. */
  expandableRows({ toggles, collapsedLabel, expandAll, collapseAll }) {
    const setExpanded = (button, expanded) => {
      const detail = document.getElementById(button.getAttribute("aria-controls") || "");
      if (!detail) return;
      detail.hidden = !expanded;
      button.setAttribute("aria-expanded", String(expanded));
      button.textContent = expanded ? "hide details" : collapsedLabel;
    };
    for (const button of toggles)
      button.addEventListener("click", () => setExpanded(button, button.getAttribute("aria-expanded") !== "true"));
    expandAll?.addEventListener("click", () => {
      for (const button of toggles) if (!button.closest("tbody")?.hidden) setExpanded(button, true);
    });
    collapseAll?.addEventListener("click", () => {
      for (const button of toggles) setExpanded(button, false);
    });
    // A link to a row (#finding-… or #alert-…) opens it.
    const openFromHash = () => {
      const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
      const button = target?.querySelector("button.toggle");
      if (button) setExpanded(button, true);
    };
    window.addEventListener("hashchange", openFromHash);
    openFromHash();
  },

  /** Chart.js with the page's font and no animation; null when Chart.js did not load. */
  charts() {
    const Chart = window.Chart;
    if (!Chart) return null;
    Chart.defaults.animation = false;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    return Chart;
  },

  /** A stacked bar chart: one dataset per series ({key, label, color}) over chart.labels. */
  stackedBar(Chart, canvasId, chart, series, { skipEmpty = false } = {}) {
    const canvas = document.getElementById(canvasId);
    if (!canvas || !chart) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: series
          .map((s) => ({ label: s.label, data: chart.counts[s.key], backgroundColor: s.color, borderWidth: 0 }))
          .filter((dataset) => !skipEmpty || dataset.data.some((value) => value > 0)),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: chart.horizontal ? "y" : "x",
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: {
          x: { stacked: true, ticks: { precision: 0 } },
          y: { stacked: true, ticks: { precision: 0, autoSkip: !chart.horizontal } },
        },
      },
    });
  },
};
