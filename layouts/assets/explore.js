// townpress explore script: the indicator page's year and tier controls
// and the comparison view. Both draw from the search index and the value
// files (assets/data/<indicator>.js), loaded as scripts before this one,
// and keep the reader's choice in the address fragment (#year=2023&tier=
// county, #towns=a,b), so a shared link reopens the same view.
(function () {
  "use strict";
  var tp = window.townpress;
  if (!tp) return;
  var cfg = tp.config, t = tp.t;

  function readHash() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("=");
      out[decodeURIComponent(i < 0 ? kv : kv.slice(0, i))] = i < 0 ? "" : decodeURIComponent(kv.slice(i + 1));
    });
    return out;
  }
  function writeHash(state) {
    var parts = [];
    Object.keys(state).forEach(function (k) {
      if (state[k]) parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(state[k]).replace(/%2C/g, ","));
    });
    var h = parts.length ? "#" + parts.join("&") : "";
    if (h !== location.hash) history.replaceState(null, "", location.pathname + location.search + h);
    tp.syncLanguageLinks();
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function indMeta(ix, id) {
    for (var i = 0; i < ix.inds.length; i++) {
      var r = ix.inds[i];
      if (r[0] === id) return { id: r[0], name: cfg.en && r[2] ? r[2] : r[1], unit: cfg.en && r[5] ? r[5] : r[4], decimals: r[6], better: r[7] === 1 };
    }
    return null;
  }
  function townName(r) { return cfg.en && r[2] ? r[2] : r[1]; }
  function growth(row, yi) {
    if (!row || yi < 1 || row[yi] == null || row[yi - 1] == null || row[yi - 1] === 0) return null;
    return (row[yi] - row[yi - 1]) / Math.abs(row[yi - 1]) * 100;
  }

  // ---- indicator page --------------------------------------------------
  var controls = document.querySelector("form.controls[data-indicator]");
  if (controls) tp.withIndex(null, function (ix) {
    var id = controls.getAttribute("data-indicator");
    var rows = tp.values[id], meta = indMeta(ix, id);
    if (!rows || !meta) return;
    var fmt = tp.format(meta.decimals), fmt0 = tp.format(0), fmt1 = tp.format(1);
    var yearSel = controls.elements.year, tierSel = controls.elements.tier;
    var rankFig = document.getElementById(id + "-ranking");
    var linesEl = document.getElementById(id + "-towns-chart");
    controls.hidden = false;

    // apply draws the chosen view; a choice made here is written to the
    // address, one read from it is left as it is.
    function apply(ev) {
      var year = parseInt(yearSel.value, 10), yi = ix.years.indexOf(year);
      var tier = tierSel.value, tierIndex = -1;
      ix.tiers.forEach(function (r, i) { if (r[0] === tier) tierIndex = i; });
      if (ev) writeHash({ year: yi === ix.years.length - 1 ? "" : String(year), tier: tier });
      var towns = [];
      ix.towns.forEach(function (r, i) {
        if (tierIndex < 0 || r[4] === tierIndex) towns.push({ r: r, v: rows[i] ? rows[i][yi] : null, g: growth(rows[i], yi) });
      });
      towns.sort(function (a, b) {
        if ((a.v == null) !== (b.v == null)) return a.v == null ? 1 : -1;
        return meta.better ? b.v - a.v : a.v - b.v;
      });
      var ranked = towns.filter(function (x) { return x.v != null; });
      var title = yearSel.options[yearSel.selectedIndex].getAttribute("data-title");
      if (tierIndex >= 0) title += " · " + tierSel.options[tierSel.selectedIndex].textContent;
      if (rankFig) {
        rankFig.querySelector(".chart-title").textContent = title;
        var chartEl = rankFig.querySelector(".chart");
        chartEl.setAttribute("aria-label", title + t("sentence_end") + t("chart_note"));
        chartEl.style.height = (90 + 30 * Math.max(ranked.length, 3)) + "px";
        var chart = echarts.getInstanceByDom(chartEl);
        if (chart) {
          chart.resize();
          chart.setOption({
            yAxis: [{ data: ranked.map(function (x) { return townName(x.r); }) }],
            series: [{ data: ranked.map(function (x) { return x.v; }) }]
          });
        }
        var table = rankFig.querySelector("table");
        table.querySelector("caption").textContent = title + " · " + t("unit") + t("colon") + meta.unit;
        var tbody = table.querySelector("tbody");
        tbody.textContent = "";
        var rank = 0;
        towns.forEach(function (x) {
          var tr = el("tr");
          tr.appendChild(el("th", { scope: "row" }, townName(x.r)));
          tr.appendChild(el("td", {}, x.v == null ? "—" : fmt0(++rank)));
          tr.appendChild(el("td", {}, fmt(x.v)));
          tr.appendChild(el("td", {}, fmt1(x.g)));
          tbody.appendChild(tr);
        });
      }
      // All towns over time: the tier filter picks the lines; the legend
      // still shows or hides any town.
      var lines = linesEl && echarts.getInstanceByDom(linesEl);
      if (lines) {
        var selected = {};
        ix.towns.forEach(function (r) { selected[townName(r)] = tierIndex < 0 || r[4] === tierIndex; });
        lines.setOption({ legend: [{ selected: selected }] });
      }
    }
    function load() {
      var h = readHash();
      if (h.year && ix.years.indexOf(parseInt(h.year, 10)) >= 0) yearSel.value = h.year;
      else yearSel.selectedIndex = 0;
      tierSel.value = "";
      if (h.tier) tierSel.value = h.tier;
      if (tierSel.selectedIndex < 0) tierSel.value = "";
      apply(null);
    }
    yearSel.addEventListener("change", apply);
    tierSel.addEventListener("change", apply);
    window.addEventListener("hashchange", load);
    load();
  });

  // ---- comparison view -------------------------------------------------
  var app = document.querySelector(".compare-app");
  if (app) tp.withIndex(null, function (ix) {
    app.hidden = false;
    // No prototype: a shared link's "towns=constructor" is no town.
    var byId = Object.create(null);
    ix.towns.forEach(function (r, i) { byId[r[0]] = i; });
    var picked = [];
    var chips = app.querySelector(".chips");
    var yearSel = document.getElementById("compare-year");
    var out = document.getElementById("compare-out");
    var empty = app.querySelector(".compare-empty");
    var input = document.getElementById("pick");
    if (yearSel.options.length) yearSel.selectedIndex = yearSel.options.length - 1;

    tp.combobox(input, {
      kinds: ["town"],
      filter: function (h) { return picked.indexOf(h.e.index) < 0; },
      onPick: function (e) { picked.push(e.index); input.value = ""; update(); input.focus(); }
    });
    yearSel.addEventListener("change", update);

    function state() {
      return {
        towns: picked.map(function (i) { return ix.towns[i][0]; }).join(","),
        year: yearSel.selectedIndex === yearSel.options.length - 1 ? "" : yearSel.value
      };
    }
    function load() {
      var h = readHash();
      picked = [];
      (h.towns || "").split(",").forEach(function (id) {
        if (id in byId && picked.indexOf(byId[id]) < 0) picked.push(byId[id]);
      });
      if (h.year) yearSel.value = h.year;
      if (yearSel.selectedIndex < 0 || !h.year) yearSel.selectedIndex = yearSel.options.length - 1;
      render();
    }
    function update() { writeHash(state()); render(); }

    function render() {
      chips.textContent = "";
      chips.setAttribute("aria-label", t("compare_town_count", picked.length));
      picked.forEach(function (ti, k) {
        var li = el("li", { "class": "chip" });
        var a = el("a", { href: cfg.edition + "towns/" + ix.towns[ti][0] + "/index.html" }, townName(ix.towns[ti]));
        var b = el("button", { type: "button", "aria-label": t("compare_remove", townName(ix.towns[ti])) }, "×");
        b.addEventListener("click", function () {
          picked.splice(k, 1);
          update();
          var next = chips.querySelectorAll("button")[Math.min(k, picked.length - 1)];
          (next || input).focus();
        });
        li.appendChild(a);
        li.appendChild(b);
        chips.appendChild(li);
      });
      out.textContent = "";
      empty.hidden = picked.length >= 2;
      if (picked.length < 1) return;
      var year = parseInt(yearSel.value, 10), yi = ix.years.indexOf(year);
      var yearLabel = yearSel.options[yearSel.selectedIndex] ? yearSel.options[yearSel.selectedIndex].textContent : "";

      // The side-by-side table: indicators down, towns across.
      out.appendChild(el("h2", {}, t("compare_table", yearLabel)));
      var wrap = el("div", { "class": "table-scroll" });
      var table = el("table", { "class": "compare-table" });
      table.appendChild(el("caption", { "class": "visually-hidden" }, t("compare_table", yearLabel)));
      var thead = el("thead"), hr = el("tr");
      hr.appendChild(el("th", { scope: "col" }, t("indicator")));
      picked.forEach(function (ti) { hr.appendChild(el("th", { scope: "col" }, townName(ix.towns[ti]))); });
      thead.appendChild(hr);
      table.appendChild(thead);
      var tbody = el("tbody");
      ix.inds.forEach(function (r) {
        var m = indMeta(ix, r[0]), rows = tp.values[r[0]] || [];
        var tr = el("tr");
        var th = el("th", { scope: "row" });
        th.appendChild(el("a", { href: cfg.edition + "indicators/" + m.id + "/index.html" }, m.name));
        th.appendChild(document.createTextNode(t("paren", m.unit)));
        tr.appendChild(th);
        var fmt = tp.format(m.decimals);
        picked.forEach(function (ti) {
          var v = rows[ti] ? rows[ti][yi] : null;
          tr.appendChild(el("td", { "class": "num" }, fmt(v)));
        });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      wrap.appendChild(table);
      out.appendChild(wrap);

      // One chart per indicator: the picked towns over the years, with its
      // table for readers who cannot see the chart.
      out.appendChild(el("h2", {}, t("compare_trends")));
      var grid = el("div", { "class": "charts grid-2" });
      out.appendChild(grid);
      var yearLabels = ix.years.map(function (y) { return cfg.en ? String(y) : y + "年"; });
      ix.inds.forEach(function (r) {
        var m = indMeta(ix, r[0]), rows = tp.values[r[0]] || [];
        var title = t("compare_trend", m.name);
        var fig = el("figure", { "class": "chart-card" });
        var cap = el("figcaption");
        cap.appendChild(el("h3", { "class": "chart-title" }, title));
        var metaP = el("p", { "class": "chart-meta" }, t("unit") + t("colon") + m.unit);
        if (cfg.sample) {
          metaP.appendChild(document.createTextNode(" · "));
          metaP.appendChild(el("span", { "class": "badge sample" }, t("sample_data")));
        }
        cap.appendChild(metaP);
        fig.appendChild(cap);
        var chartEl = el("div", { "class": "chart", id: "compare-" + m.id + "-chart", role: "img",
          "aria-label": title + t("sentence_end") + t("chart_note"), style: "height:300px" });
        fig.appendChild(chartEl);
        var details = el("details", { "class": "chart-data" });
        details.appendChild(el("summary", {}, t("data_table")));
        var ts = el("div", { "class": "table-scroll" }), tb = el("table");
        tb.appendChild(el("caption", {}, title + t("paren", t("unit") + t("colon") + m.unit)));
        var h2 = el("tr");
        h2.appendChild(el("th", { scope: "col" }, t("town")));
        yearLabels.forEach(function (y) { h2.appendChild(el("th", { scope: "col" }, y)); });
        var th2 = el("thead"); th2.appendChild(h2); tb.appendChild(th2);
        var bd = el("tbody");
        var fmt = tp.format(m.decimals);
        var series = picked.map(function (ti) {
          var row = rows[ti] || [];
          var tr = el("tr");
          tr.appendChild(el("th", { scope: "row" }, townName(ix.towns[ti])));
          ix.years.forEach(function (y, k) { tr.appendChild(el("td", {}, fmt(row[k]))); });
          bd.appendChild(tr);
          return { name: townName(ix.towns[ti]), type: "line", symbolSize: 7, connectNulls: false,
            data: ix.years.map(function (y, k) { return row[k] == null ? "-" : row[k]; }) };
        });
        tb.appendChild(bd); ts.appendChild(tb); details.appendChild(ts); fig.appendChild(details);
        fig.appendChild(el("p", { "class": "chart-source" }, t("source") + t("colon") + cfg.source));
        grid.appendChild(fig);
        tp.draw(chartEl, {
          aria: { enabled: true, label: { enabled: true, description: title + t("sentence_end") + t("chart_note") } },
          color: ["#1f5fa8", "#d55e00", "#009e73", "#b8860b", "#8e44ad", "#0072b2", "#cc3e7a", "#56697a"],
          tooltip: { trigger: "axis" },
          legend: { type: "scroll", bottom: 0 },
          grid: { left: "3%", right: "4%", bottom: 40, top: 20, containLabel: true },
          xAxis: { type: "category", data: yearLabels },
          yAxis: { type: "value", minInterval: m.decimals === 0 ? 1 : 0 },
          series: series
        }, m.decimals, m.unit);
      });
    }
    window.addEventListener("hashchange", load);
    load();
  });
})();
