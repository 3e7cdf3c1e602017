// townpress page script: draws every chart from the option embedded next to
// it. Options are plain data; formatters that need the unit and decimals are
// added here, so the published JSON holds no code.
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  var charts = [];
  function format(decimals) {
    return function (v) {
      if (v === null || v === undefined || v === "-" || isNaN(v)) return "—";
      return Number(v).toLocaleString(document.documentElement.lang, {
        minimumFractionDigits: decimals, maximumFractionDigits: decimals
      });
    };
  }
  document.querySelectorAll(".chart").forEach(function (el) {
    var script = el.parentNode.querySelector("script.chart-option");
    if (!script) return;
    var option;
    try { option = JSON.parse(script.textContent); } catch (e) { console.error("chart " + el.id + ": bad option", e); return; }
    var decimals = parseInt(el.getAttribute("data-decimals"), 10) || 0;
    var unit = el.getAttribute("data-unit") || "";
    var fmt = format(decimals);
    option.tooltip = option.tooltip || {};
    option.tooltip.confine = true;
    option.tooltip.valueFormatter = function (v) { return fmt(v) + " " + unit; };
    (option.series || []).forEach(function (s) {
      if (s.label && s.label.show) s.label.formatter = function (p) { return fmt(Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value); };
    });
    var narrow = el.clientWidth < 480;
    if (narrow && option.title) { option.title.textStyle = { fontSize: 13 }; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(option);
    charts.push(chart);
    // The table is open for readers without JavaScript; with the chart
    // drawn, it folds away until asked for.
    var details = el.parentNode.querySelector("details.chart-data");
    if (details) details.removeAttribute("open");
  });
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 100);
  });
})();
