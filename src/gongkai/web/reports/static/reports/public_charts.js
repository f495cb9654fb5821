// Draws the charts of a public report page from the JSON the server embeds (#chart-data):
// one bar chart per breakdown of the year, and one line chart of the agency's years.
// A value that was not reported is null and drawn as a gap, never as zero.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const palette = ["#9b1c1c", "#114a8b", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f"];

  function barOption(chart) {
    return {
      color: palette,
      title: { text: chart.title, left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "未填报" : v + " 件") },
      grid: { left: 16, right: 16, top: 48, bottom: 8, containLabel: true },  // rotated labels stay inside on a phone
      xAxis: { type: "category", data: chart.labels, axisLabel: { interval: 0, rotate: chart.labels.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: chart.values, label: { show: true, position: "top" }, barMaxWidth: 40 }],
    };
  }

  function trendOption(series) {
    return {
      color: palette,
      title: { text: "历年情况", left: "center", textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis" },
      legend: { bottom: 0 },
      grid: { left: 48, right: 16, top: 48, bottom: 56 },
      xAxis: { type: "category", data: series[0].labels.map((year) => year + "年") },
      yAxis: { type: "value", minInterval: 1 },
      series: series.map((s) => ({ name: s.title, type: "line", data: s.values, connectNulls: false,
                                   symbolSize: 8, label: { show: series[0].labels.length < 8, position: "top" } })),
    };
  }

  document.querySelectorAll(".chart[data-chart]").forEach(function (element) {
    const option = element.dataset.chart === "trend" ? trendOption(data.trend)
      : barOption(data.year[Number(element.dataset.index)]);
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(option);
    // Follows its box, which the grid narrows on a phone or when the window shrinks.
    new ResizeObserver(() => chart.resize()).observe(element);
  });
})();
