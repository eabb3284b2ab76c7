// xinbao insights: draws each <div data-chart-url> with ECharts from its JSON endpoint (no inline script).
(function () {
  "use strict";
  function option(data) {
    var cols = data.columns, rows = data.rows;
    if (data.kind === "pie") {
      return {
        tooltip: { trigger: "item" },
        legend: { bottom: 0 },
        series: [{ type: "pie", radius: "65%", data: rows.map(function (r) { return { name: String(r[0]), value: r[data.series[0]] }; }) }]
      };
    }
    var horizontal = data.kind === "hbar";
    var labelCol = cols.length > 1 && typeof rows[0] !== "undefined" && typeof rows[0][0] === "number" && cols.length > 2 ? 1 : 0;
    var labels = rows.map(function (r) { return String(r[labelCol]); });
    var lines = data.lines || [];
    var series = data.series.map(function (i) {
      var isLine = lines.indexOf(i) >= 0 || data.kind === "line";
      return { name: cols[i], type: isLine ? "line" : "bar", yAxisIndex: isLine && lines.length && data.kind !== "line" ? 1 : 0,
        data: rows.map(function (r) { return r[i] === null ? null : r[i]; }) };
    });
    var category = { type: "category", data: labels, axisLabel: { interval: 0, rotate: horizontal ? 0 : (labels.length > 6 ? 30 : 0) } };
    var value = [{ type: "value" }];
    if (lines.length && data.kind !== "line") { value.push({ type: "value", max: 100 }); }
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: horizontal ? 120 : 40, right: 40, bottom: 60, top: 30 },
      xAxis: horizontal ? value[0] : category,
      yAxis: horizontal ? Object.assign(category, { inverse: true }) : value,
      series: series
    };
  }
  function draw(el) {
    return fetch(el.getAttribute("data-chart-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var note = el.parentNode.querySelector(".xb-chart-note");
        if (note) { note.textContent = data.note || ""; }
        if (!data.rows.length) { el.textContent = el.getAttribute("data-empty") || "暂无数据"; el.style.height = "auto"; return; }
        var chart = window.echarts.init(el, null, { renderer: "canvas" });
        chart.setOption(option(data));
        el.setAttribute("data-rendered", "1");
        window.addEventListener("resize", function () { chart.resize(); });
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.echarts) { return; }
    // One chart at a time: a dozen simultaneous requests gain little and load the server (and SQLite).
    var charts = Array.prototype.slice.call(document.querySelectorAll("[data-chart-url]"));
    charts.reduce(function (previous, el) {
      return previous.then(function () { return draw(el).catch(function () { el.textContent = "—"; }); });
    }, Promise.resolve());
  });
})();
