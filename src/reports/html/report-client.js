/*
 * The HTML report's script: charts (Chart.js, inlined before this script), the findings filter over
 * the groups of results per check, the workspace column of the matrices, on the shared lakewardUi
 * (report-ui.js, inlined just before).
 * Data comes from the JSON block; nothing is written with innerHTML; text goes in through textContent.
 * It makes no network request.
 */
(() => {
  const dataElement = document.getElementById("lakeward-data");
  const data = JSON.parse(dataElement ? dataElement.textContent || "{}" : "{}");

  const control = (id) => document.getElementById(id);

  // --- the matrices' workspace column: one choice for every matrix -----------------------------------
  const wsSelects = Array.from(document.querySelectorAll("select.ws-select"));
  const showWorkspace = (value) => {
    for (const select of wsSelects) select.value = value;
    for (const span of document.querySelectorAll("span.ws-state")) span.hidden = span.dataset.w !== value;
  };
  for (const select of wsSelects) select.addEventListener("change", () => showWorkspace(select.value));

  // --- findings: groups per check, filtered by status, severity, category, workspace and search -------
  const status = control("filter-status");
  const severity = control("filter-severity");
  const category = control("filter-category");
  const workspace = control("filter-workspace");
  const search = control("filter-search");
  const count = control("finding-count");
  const OPEN = new Set(["fail", "unknown", "manual", "suppressed"]);
  const groups = Array.from(document.querySelectorAll("details.group")).map((group) => {
    const title = (group.querySelector("summary")?.textContent || "").toLowerCase();
    const results = Array.from(group.querySelectorAll("div.result")).map((row) => ({
      row,
      text: `${title} ${(row.textContent || "").toLowerCase()}`,
    }));
    const detailText = (group.querySelector(".detail-grid")?.textContent || "").toLowerCase();
    return { group, results, detailText };
  });
  const apply = () => {
    const wanted = status ? status.value : "";
    const query = search ? search.value.trim().toLowerCase() : "";
    const words = query ? query.split(/\s+/) : [];
    let shownGroups = 0;
    let shownResults = 0;
    for (const { group, results, detailText } of groups) {
      const d = group.dataset;
      const groupOk =
        !(severity?.value && d.severity !== severity.value) && !(category?.value && d.category !== category.value);
      let visible = 0;
      for (const { row, text } of results) {
        const s = row.dataset.status;
        const show =
          groupOk &&
          (wanted === "open" ? OPEN.has(s) : !wanted || s === wanted) &&
          !(workspace?.value && row.dataset.workspace !== workspace.value) &&
          words.every((word) => text.includes(word) || detailText.includes(word));
        row.hidden = !show;
        if (show) visible++;
      }
      group.hidden = visible === 0;
      if (visible) {
        shownGroups++;
        shownResults += visible;
      }
    }
    if (count)
      count.textContent = `${shownGroups} of ${groups.length} checks shown (${shownResults} result${shownResults === 1 ? "" : "s"})`;
  };
  for (const select of [status, severity, category, workspace]) select?.addEventListener("change", apply);
  search?.addEventListener("input", apply);
  control("filter-reset")?.addEventListener("click", () => {
    for (const element of [severity, category, workspace, search]) if (element) element.value = "";
    if (status) status.value = "open";
    apply();
  });
  control("expand-all")?.addEventListener("click", () => {
    for (const { group } of groups) if (!group.hidden) group.open = true;
  });
  control("collapse-all")?.addEventListener("click", () => {
    for (const { group } of groups) group.open = false;
  });
  // A link to a check (#check-…) or to one workspace's result (#finding-…) opens it, even when the
  // filters hide it (a link from the matrices to a passing check shows the passes).
  const openFromHash = () => {
    const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    const group = target?.closest("details.group");
    if (!group) return;
    if (group.hidden || target.hidden) {
      for (const element of [severity, category, workspace, search]) if (element) element.value = "";
      if (status) status.value = "";
      apply();
    }
    group.open = true;
    // Below the sticky header and filter bar, not under them.
    target.scrollIntoView();
    const bars = [document.querySelector("header.top"), document.querySelector(".filters")];
    const covered = Math.max(
      0,
      ...bars.map((bar) =>
        bar && getComputedStyle(bar).position === "sticky" ? bar.getBoundingClientRect().bottom : 0,
      ),
    );
    if (covered > 0) window.scrollBy(0, -covered - 8);
  };
  window.addEventListener("hashchange", openFromHash);
  apply();
  openFromHash();
  // The browser scrolls to the fragment itself once the page has loaded: place it again after that.
  window.addEventListener("load", () => setTimeout(openFromHash, 0));

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
