// townpress page script: draws every chart from the option embedded next to
// it, runs the search box, and keeps the language switch on the same view.
// Options are plain data; formatters are added here from the text the
// build wrote into each option, so the published JSON holds no code and
// the script formats no figure of its own. Everything the script
// adds is extra: with it off, every table and link works.
(function () {
  "use strict";
  var cfgEl = document.getElementById("tp-config");
  var cfg = cfgEl ? JSON.parse(cfgEl.textContent) : { root: "", edition: "", lang: document.documentElement.lang, t: {} };
  // t is a UI string with its arguments filled in, as Go's T fills them:
  // %s and %d in order, %[2]s by position, %% a percent sign. key_one is
  // the form for the number 1 ("1 town"), used when the last argument is 1.
  function t(key) {
    var args = Array.prototype.slice.call(arguments, 1), i = 0;
    var s = (args.length && args[args.length - 1] === 1 && cfg.t[key + "_one"]) || cfg.t[key] || key;
    return s.replace(/%(%|(?:\[(\d+)\])?[sd])/g, function (m, what, pos) {
      if (what === "%") return "%";
      var a = pos ? args[pos - 1] : args[i++];
      return a === undefined ? m : String(a);
    });
  }
  // "?embed=<chart id>" shows one chart card alone, for the iframe of the
  // share panel's snippet: the card with its table and source, and a link
  // back to the page, before any chart is drawn.
  var embedID = (/[?&]embed=([a-z0-9-]+)/.exec(location.search) || [])[1];
  var embedCard = embedID && document.getElementById(embedID);
  if (embedCard && embedCard.classList.contains("chart-card")) {
    document.documentElement.classList.add("embed");
    var embedShare = embedCard.querySelector(".chart-share");
    if (embedShare) embedShare.parentNode.removeChild(embedShare);
    var from = document.createElement("p"), back = document.createElement("a");
    from.className = "embed-from";
    back.href = location.href.replace(/[?#].*$/, "") + "#" + embedID;
    back.target = "_top";
    back.textContent = t("embed_from", document.title);
    from.appendChild(back);
    var keep = [embedCard, from], baseMap = document.getElementById("tp-base-map");
    if (baseMap) keep.push(baseMap);
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    keep.forEach(function (n) { document.body.appendChild(n); });
  }
  // Report pages draw SVG, which stays sharp on paper and scales to the
  // printed width; "?print" (how townpress prints its PDFs) turns animation
  // off so the page is complete the moment it is drawn.
  var report = document.body.classList.contains("page-report");
  var printing = report && /[?&]print\b/.test(location.search);
  // "?images" is how build -images opens a page: drawn at once, as for
  // print, so that the images are of the finished charts.
  var still = printing || /[?&]images\b/.test(location.search);
  var tableIcon = "path://M2 3h20v18H2zM2 9h20M2 15h20M9 3v18";

  // ---- figures -------------------------------------------------------
  // The script formats no figure: every number a chart labels or a
  // tooltip shows is text written by the build, with the digits of the
  // page's tables (a float's toLocaleString rounds 6.25 or 2.675 as its
  // binary expansion falls). A chart's option carries that text under
  // "townpress" (internal/chart): per series and point the label, and the
  // tooltip's line where it says more than the label and the unit.
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // count writes a whole number of things, a rank or a number of towns,
  // as the build does: 20,000.
  function count(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  // pointText is the text of one point of a chart drawn from el; a chart
  // without text (a site's own option) shows the point as it was given.
  function pointText(el, p) {
    var tx = el.townpressText, row = tx && tx.text && tx.text[p.seriesIndex];
    if (row && row[p.dataIndex] !== undefined) return row[p.dataIndex];
    var v = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
    return v === null || v === undefined || v === "-" || v === "" ? "—" : String(v);
  }
  // withUnit writes a figure's text with its unit as the build does
  // (i18n.Lang.WithUnit): % and ‰ right after it, any other unit after a
  // space, and "—" alone.
  function withUnit(s, unit) {
    if (s === "—" || !unit) return s;
    return unit === "%" || unit === "‰" ? s + unit : s + " " + unit;
  }
  function tipLine(el, p, unit) {
    var tx = el.townpressText, row = tx && tx.tip && tx.tip[p.seriesIndex];
    if (row && row[p.dataIndex]) return row[p.dataIndex];
    var s = pointText(el, p);
    return withUnit(s, unit);
  }
  // tooltip writes an axis tooltip: the category, then a line per series,
  // then the category's own lines (a stack's total). Every text is
  // escaped: names come from the workbooks. A point whose text is "" is
  // another series' (a line split where its provisional segment is
  // dashed, see internal/chart's Lines): it has no line of its own.
  function tooltip(el, unit) {
    return function (params) {
      params = [].concat(params);
      if (!params.length) return "";
      var out = [esc(params[0].axisValueLabel || params[0].name || "")];
      params.forEach(function (p) {
        if (pointText(el, p) === "") return;
        out.push(p.marker + esc(p.seriesName) + esc(t("colon")) + esc(tipLine(el, p, unit)));
      });
      var tx = el.townpressText, foot = tx && tx.foot && tx.foot[params[0].dataIndex];
      if (foot) out.push(esc(foot));
      return out.join("<br>");
    };
  }
  // setText gives a drawn chart new text, with new data (explore.js).
  function setText(el, text) { el.townpressText = text; }

  // ---- reading modes: 长辈模式 (large text) and high contrast -----------
  // The inline script in the page's head sets the classes before the page
  // is painted, from what the reader chose before (localStorage), and
  // high contrast when the system asks for more contrast and the reader
  // has not turned it off; the switches in the header change them here.
  var root = document.documentElement;
  function mode(name) { return root.classList.contains("tp-" + name); }
  var contrastPalette = ["#0b3d91", "#9a3b00", "#005c43", "#6b4f00", "#5c2a78", "#00527f", "#8f1f50", "#333f4a"];
  // styleOption gives a chart the mode's text: dark enough on white for
  // WCAG AA (4.5:1) in every mode, black in high contrast, larger in
  // 长辈模式; and in high contrast a darker palette.
  function styleOption(o, keep) {
    var big = mode("large"), hc = mode("contrast");
    var ink = hc ? "#000" : "#1b2430", muted = hc ? "#000" : "#56606b", size = big ? 16 : 12;
    function each(x, f) { if (x) [].concat(x).forEach(f); }
    function set(obj, key, val) { obj[key] = merge(obj[key], val); }
    each(o.xAxis, axis);
    each(o.yAxis, axis);
    function axis(a) {
      set(a, "axisLabel", { color: muted, fontSize: size });
      if (hc) set(a, "axisLine", { lineStyle: { color: "#000" } });
    }
    each(o.legend, function (l) {
      set(l, "textStyle", { color: ink, fontSize: size });
      // A series the reader hid stays legible (ECharts' own grey is 1.6:1).
      l.inactiveColor = hc ? "#4d4d4d" : "#6b6b6b";
      set(l, "pageTextStyle", { color: ink });
      set(l, "pageIconColor", hc ? "#000" : "#0b3d91");
    });
    each(o.series, function (s) { set(s, "label", { color: ink, fontSize: size }); });
    if (o.tooltip) set(o, "tooltip", { textStyle: { color: ink, fontSize: big ? 18 : 14 }, borderColor: hc ? "#000" : undefined });
    if (o.toolbox) set(o, "toolbox", { iconStyle: { borderColor: hc ? "#000" : "#56606b" } });
    if (keep.palette) o.color = hc ? contrastPalette : keep.palette;
    // Room above the plot for the toolbox and the tallest bar's label,
    // more for larger text.
    if (o.grid) o.grid = [].concat(o.grid).map(function (g, k) {
      var top = keep.tops[k];
      if (top === undefined || isNaN(top)) return g;
      return merge(g, { top: String(+top + (big ? 24 : 10)) });
    });
    return o;
  }
  function merge(a, b) {
    var out = {}, k;
    if (a && typeof a === "object") for (k in a) out[k] = a[k];
    if (b && typeof b === "object") { for (k in b) if (b[k] !== undefined) out[k] = b[k]; return out; }
    return b;
  }
  // restyle gives every drawn chart the current mode.
  function restyle() {
    known.forEach(function (el) { if (el.townpressChart) restyleOne(el); });
  }
  function restyleOne(el) {
    var chart = el.townpressChart;
    var o = chart.getOption(), p = {};
    ["xAxis", "yAxis", "legend", "series", "grid"].forEach(function (k) {
      if (o[k]) p[k] = o[k].map(function () { return {}; });
    });
    if (o.tooltip) p.tooltip = {};
    if (o.toolbox) p.toolbox = {};
    styleOption(p, el.townpressKeep);
    fitLegend(el, p);
    fitLabels(el, p);
    fitNames(el, p, o);
    thinLabels(el, p, o);
    chart.setOption(p);
    chart.resize();
  }
  function setMode(name, on) {
    root.classList.toggle("tp-" + name, on);
    try { localStorage.setItem("townpress-" + name, on ? "1" : "0"); } catch (e) { /* private mode: for this page only */ }
    document.querySelectorAll("button[data-mode]").forEach(function (b) {
      b.setAttribute("aria-pressed", mode(b.getAttribute("data-mode")) ? "true" : "false");
    });
    restyle();
  }
  document.querySelectorAll("button[data-mode]").forEach(function (b) {
    var name = b.getAttribute("data-mode");
    b.setAttribute("aria-pressed", mode(name) ? "true" : "false");
    b.addEventListener("click", function () { setMode(name, !mode(name)); });
  });
  // Another tab of the site changed the mode: follow it.
  window.addEventListener("storage", function (ev) {
    var m = /^townpress-(large|contrast)$/.exec(ev.key || "");
    if (m && (ev.newValue === "1") !== mode(m[1])) setMode(m[1], ev.newValue === "1");
  });

  // ---- charts from the keyboard ------------------------------------------
  // A drawn chart takes the focus; the arrow keys move from point to
  // point, and each point is read out through a live region as the
  // tooltip writes it (the build's text: "2023年 工业产值 19.9 亿元");
  // Home and End go to the first and last point, Escape leaves the chart
  // for its table. The table stays the whole alternative.
  var live = null;
  function announce(text) {
    if (!live) {
      live = document.createElement("div");
      live.className = "visually-hidden";
      live.id = "tp-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = text;
  }
  // pointSay is what a point is read out as: its category, what the
  // series is, and its figure as the tooltip writes it.
  function pointSay(el, o, s, i) {
    var cats = categories(o), tx = el.townpressText;
    var p = { seriesIndex: s, dataIndex: i, seriesName: o.series[s].name, value: (o.series[s].data || [])[i] };
    var line = tipLine(el, p, el.townpressSpec ? el.townpressSpec.unit : "");
    if (line === "—") line = t("no_data");
    var name = (tx && tx.say && tx.say[s]) || o.series[s].name || "";
    return t("chart_point", cats[i] === undefined ? "" : cats[i], name, line);
  }
  function categories(o) {
    var y = o.yAxis && o.yAxis[0], x = o.xAxis && o.xAxis[0];
    var axis = y && y.type === "category" ? y : x;
    return (axis && axis.data || []).map(function (c) { return c && typeof c === "object" ? c.value : c; });
  }
  function keyboard(el, chart) {
    if (el.townpressKeys) return;
    el.townpressKeys = true;
    el.tabIndex = 0;
    el.setAttribute("role", "application");
    el.setAttribute("aria-roledescription", t("chart_role"));
    // How to use it, said after the chart's own label (which ECharts
    // keeps as its description).
    var hint = document.getElementById("tp-chart-keys");
    if (!hint) {
      hint = document.createElement("p");
      hint.id = "tp-chart-keys";
      hint.className = "visually-hidden";
      hint.textContent = t("chart_keys");
      document.body.appendChild(hint);
    }
    el.setAttribute("aria-describedby", hint.id);
    var at = null; // [series, point]
    function visible(o) {
      var sel = o.legend && o.legend[0] && o.legend[0].selected || {};
      var out = [];
      (o.series || []).forEach(function (s, k) {
        if (sel[s.name] !== false && (s.data || []).length) out.push(k);
      });
      return out;
    }
    function show(o, s, i) {
      at = [s, i];
      chart.dispatchAction({ type: "downplay" });
      chart.dispatchAction({ type: "highlight", seriesIndex: s, dataIndex: i });
      chart.dispatchAction({ type: "showTip", seriesIndex: s, dataIndex: i });
      announce(pointSay(el, o, s, i));
    }
    function leave() {
      chart.dispatchAction({ type: "hideTip" });
      chart.dispatchAction({ type: "downplay" });
      at = null;
    }
    el.addEventListener("keydown", function (ev) {
      var o = chart.getOption(), vis = visible(o);
      if (!vis.length) return;
      var horizontal = o.yAxis && o.yAxis[0] && o.yAxis[0].type === "category";
      var s = at ? at[0] : vis[0], i = at ? at[1] : -1, k = vis.indexOf(s);
      if (k < 0) { k = 0; s = vis[0]; }
      var n = (o.series[s].data || []).length;
      var along = horizontal ? { ArrowUp: -1, ArrowDown: 1 } : { ArrowLeft: -1, ArrowRight: 1 };
      var across = horizontal ? { ArrowLeft: -1, ArrowRight: 1 } : { ArrowUp: -1, ArrowDown: 1 };
      if (along[ev.key]) {
        i = i < 0 ? 0 : Math.max(0, Math.min(n - 1, i + along[ev.key]));
      } else if (across[ev.key]) {
        k = Math.max(0, Math.min(vis.length - 1, k + (at ? across[ev.key] : 0)));
        s = vis[k];
        i = Math.max(0, Math.min((o.series[s].data || []).length - 1, i));
      } else if (ev.key === "Home") {
        i = 0;
      } else if (ev.key === "End") {
        i = n - 1;
      } else if (ev.key === "Escape") {
        ev.preventDefault();
        leave();
        var summary = el.parentNode.querySelector("details.chart-data summary");
        if (summary) summary.focus(); else el.blur();
        return;
      } else {
        return;
      }
      ev.preventDefault();
      show(o, s, i);
    });
    el.addEventListener("blur", function () { if (at) leave(); });
  }

  // ---- charts --------------------------------------------------------
  // A chart is drawn when it comes near the screen, the first screen's
  // first, one a frame: a phone on a slow network gets its page, then the
  // charts it looks at, and ECharts itself (assets/echarts.min.js, the
  // largest file of the site) is loaded only when the first chart is
  // about to be drawn, by a script element, which works from file:// too.
  // Until a chart is drawn its table is the chart; printing draws every
  // chart first, and a printed chart not drawn (ECharts not loaded) prints
  // its table instead.
  var charts = [];
  // prepare adds what the JSON cannot carry: formatters, and tooltips that
  // a finger can open and read.
  function prepare(el, option, decimals, unit) {
    // A town map draws on the site's own base map, which the map page
    // carries (never townpress: it ships no boundaries).
    if (option.geo && !echarts.getMap(option.geo.map)) {
      var base = document.getElementById("tp-base-map");
      if (base && base.getAttribute("data-name") === option.geo.map) {
        try { echarts.registerMap(option.geo.map, JSON.parse(base.textContent)); } catch (e) { console.error("base map: " + e); }
      }
    }
    if (option.townpress) {
      el.townpressText = option.townpress;
      delete option.townpress; // ours, not ECharts'
    }
    // What every chart shares and its element already says stays out of
    // each chart's JSON: the accessible description (the element's label)
    // and the toolbox that saves the image under the chart's id.
    if (!option.aria) {
      option.aria = { enabled: true, label: { enabled: true, description: el.getAttribute("aria-label") || "" } };
    }
    if (!option.toolbox) {
      option.toolbox = { show: true, right: "8", itemSize: 18, itemGap: 14, feature: { saveAsImage: {
        show: true, title: t("save_image"), name: el.id.replace(/-chart$/, "")
      } } };
    }
    option.tooltip = option.tooltip || {};
    option.tooltip.confine = true;
    option.tooltip.triggerOn = "mousemove|click";
    option.tooltip.extraCssText = "max-width:80vw;white-space:normal;";
    option.tooltip.formatter = tooltip(el, unit);
    (option.series || []).forEach(function (s) {
      // A tier of one town would otherwise draw one bar as wide as the chart.
      if (s.type === "bar" && s.barMaxWidth === undefined) s.barMaxWidth = 32;
      if (s.label && s.label.show) {
        s.label.formatter = function (p) { return pointText(el, p); };
      }
    });
    if (still) option.animation = false;
    if (printing) {
      if (option.toolbox) option.toolbox.show = false; // buttons mean nothing on paper
    }
    // A toolbox button opens the table of the chart's numbers below it.
    var details = el.parentNode.querySelector("details.chart-data");
    if (details && option.toolbox && option.toolbox.feature) {
      option.toolbox.feature.myTable = {
        show: true, title: details.querySelector("summary").textContent, icon: tableIcon,
        onclick: function () { details.setAttribute("open", ""); details.scrollIntoView({ block: "nearest" }); }
      };
    }
    // What the modes change, as the chart has it, for when they are
    // turned off again.
    if (!el.townpressKeep) {
      el.townpressKeep = {
        palette: option.color || null,
        tops: [].concat(option.grid || []).map(function (g) { return g.top; }),
        rights: [].concat(option.grid || []).map(function (g) { return g.right; })
      };
    }
    styleOption(option, el.townpressKeep);
    fitLegend(el, option);
    fitLabels(el, option);
    fitNames(el, option, option);
    thinLabels(el, option, option);
    return option;
  }
  // fitLegend gives a chart's legend the width left of the toolbox. A
  // legend cannot have both a left and a right margin in ECharts (it
  // keeps one), so without a width a scrolling legend's pager lands on
  // the toolbox's buttons on a phone. The width is the page's layout,
  // set again when the window is resized.
  //
  // A chart of lines whose legend does not fit there (a town's two
  // ranks on a phone) has it under the toolbox, across the whole chart,
  // on up to three rows, and the plot moves down to make room: one line
  // that scrolls showed the first name and a sliver of the second, so
  // the second line had no name. A legend longer than that scrolls, as
  // does a chart of bars: its static drawing has a one-line legend and
  // ECharts' must take the same room.
  function fitLegend(el, option) {
    var legend = Array.isArray(option.legend) ? option.legend[0] : option.legend;
    if (!legend) return;
    if (el.townpressLegendReserve === undefined) {
      var buttons = option.toolbox && option.toolbox.show !== false && option.toolbox.feature ? Object.keys(option.toolbox.feature).length : 0;
      // Each button is 15 px with 10 px between them, after the toolbox's
      // 8 px margin and 5 px padding; 12 px more keep the two apart.
      el.townpressLegendReserve = buttons ? 8 + 10 + 25 * buttons + 12 : 0;
      var series = [].concat(option.series || []);
      el.townpressLegendNames = series.every(function (s) { return s.type === "line"; }) ? series.map(function (s) { return String(s.name || ""); }) : null;
      // A legend under the plot (explore.js's comparisons) has the
      // toolbox nowhere near it: it keeps its place and only its width.
      el.townpressLegendBelow = legend.bottom !== undefined && legend.top === undefined;
    }
    if (el.townpressLegendBelow) {
      legend.width = Math.max(80, el.clientWidth - el.townpressLegendReserve);
      return;
    }
    var width = el.clientWidth, names = el.townpressLegendNames;
    var size = mode("large") ? 16 : 12, rows = 1;
    legend.type = "scroll";
    legend.top = "4";
    legend.width = Math.max(80, width - el.townpressLegendReserve);
    // ECharts' legend has 5 px of padding on each side.
    if (names && legendRows(names, size, legend.width - 10) > 1) {
      rows = legendRows(names, size, width - 10);
      if (rows <= 3) {
        legend.type = "plain";
        legend.top = "32"; // under the toolbox's buttons
        legend.width = width - 10;
      } else {
        rows = 1;
      }
    }
    // The plot's top as styleOption set it, lower by the rows the legend
    // took beyond the one it had room for.
    var below = rows > 1 || legend.type === "plain" ? 28 + (rows - 1) * (size + 12) : 0;
    var tops = el.townpressKeep && el.townpressKeep.tops;
    if (option.grid && tops) option.grid = [].concat(option.grid).map(function (g, k) {
      var top = tops[k];
      if (top === undefined || isNaN(top)) return g;
      return merge(g, { top: String(+top + (size > 12 ? 24 : 10) + below) });
    });
  }
  // fitLabels leaves room right of the plot for the bars' labels in the
  // mode's text size: a ranking writes its figures right of the bars, in
  // the 48 px the chart asks for, and a trend writes the last year's
  // over its bar, half of it past the bar's middle. In 长辈模式 on a
  // phone 354,040p and 300,000p ran past the chart's edge and were cut.
  function fitLabels(el, option) {
    var keep = el.townpressKeep, tx = el.townpressText;
    if (!option.grid || !keep || !keep.rights || !tx || !tx.text) return;
    if (el.townpressLabels === undefined) {
      var ya = [].concat(option.yAxis || [])[0], xa = [].concat(option.xAxis || [])[0];
      var shown = [].concat(option.series || []).some(function (s) { return s.type === "bar" && s.label && s.label.show; });
      el.townpressLabels = !shown ? null : {
        horizontal: !!(ya && ya.type === "category"),
        bands: xa && xa.data ? xa.data.length : 0
      };
    }
    var labels = el.townpressLabels;
    if (!labels || (!labels.horizontal && !labels.bands)) return;
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = (mode("large") ? 16 : 12) + "px sans-serif";
    var widest = 0, last = 0;
    tx.text.forEach(function (row) {
      (row || []).forEach(function (s, i) {
        var w = measure.measureText(String(s || "")).width;
        widest = Math.max(widest, w);
        if (i === row.length - 1) last = Math.max(last, w);
      });
    });
    // A ranking's label starts 5 px right of its bar. A trend's last
    // label is centred over the last bar, whose middle is half a band
    // in from the plot's right end; the plot, less its axis labels, is
    // taken as three quarters of the chart, which it is at least.
    var need = Math.ceil(labels.horizontal ? widest + 5 + 4 : last / 2 - 0.75 * el.clientWidth / (2 * labels.bands) + 4);
    option.grid = [].concat(option.grid).map(function (g, k) {
      var right = keep.rights[k];
      if (right === undefined) return g;
      var px = /%$/.test(String(right)) ? parseFloat(right) / 100 * el.clientWidth : +right;
      return merge(g, { right: isNaN(px) || px >= need ? right : String(need) });
    });
  }
  // fitNames gives the names of a ranking (a category axis down the left
  // whose labels the build has cut with "…" where they run long) the room
  // the longest needs in the mode's text, up to nameShare of the chart
  // and never less than nameFloor (the 150 px they always had): on a
  // desktop a town's English name reads whole, on a phone the names are
  // cut where they were, and the tooltip has the whole name. The plot
  // area starts after that room, whatever ECharts' cut names measure (it
  // would fit the plot to them, a few pixels either way), as the build's
  // drawing of the chart starts it (render/static.go: rankNameShare),
  // which estimates the names' width where this measures it: while the
  // chart is as wide as the drawing was, in the same mode, it keeps the
  // drawing's room (el.townpressDrawn), so that the bars do not move when
  // the chart takes the drawing's place.
  var nameShare = 0.4, nameFloor = 150;
  function fitNames(el, p, o) {
    var ya = [].concat(o.yAxis || [])[0];
    if (!ya || ya.type !== "category" || !ya.axisLabel || ya.axisLabel.overflow !== "truncate" || !o.grid) return;
    var size = mode("large") ? 16 : 12, w = el.clientWidth, h = el.clientHeight;
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = size + "px sans-serif";
    var widest = 0;
    (ya.data || []).forEach(function (c) {
      widest = Math.max(widest, measure.measureText(String(c !== null && typeof c === "object" ? c.value : c)).width);
    });
    // ECharts measures a name a letter at a time, a few pixels wider than
    // the canvas measures it whole: a name given its own width would lose
    // its last letter.
    var room = Math.min(Math.ceil(widest) + 4, Math.max(nameFloor, nameShare * w));
    var drawn = el.townpressDrawn;
    if (drawn && drawn.width === w && drawn.large === mode("large") && !isNaN(drawn.left)) {
      room = Math.max(1, drawn.left - 0.03 * w - 8);
    } else {
      delete el.townpressDrawn;
    }
    var y = [].concat(p.yAxis || [{}]);
    y[0] = merge(y[0], { axisLabel: merge(y[0] && y[0].axisLabel, { width: Math.floor(room) }) });
    p.yAxis = y;
    // ECharts' 3% margin, the names and their 8 px to the axis; under the
    // plot the value axis' labels, size px high, 8 px below it.
    p.grid = [].concat(p.grid || o.grid.map(function () { return {}; })).map(function (g, k) {
      return k > 0 ? g : merge(g, { containLabel: false, left: String(0.03 * w + room + 8), bottom: String(0.03 * h + size + 8) });
    });
    var right = p.grid[0].right !== undefined ? p.grid[0].right : [].concat(o.grid)[0].right;
    fitTicks(p, o, w - (0.03 * w + room + 8) - px(right, w), size);
  }
  // fitTicks thins the figures under a ranking's plot, width px wide, to
  // one tick in so many: on a phone ECharts wrote eight under a plot of
  // 127 px, 0 5 10 15 20 …, and they touched into one string
  // ("10152025"), which hideOverlap does not hide, touching not being
  // overlapping. The ticks and gridlines stay where ECharts and the
  // static drawing (niceTicks in Go) put them, so that the bars do not
  // move when the chart replaces the drawing; only figures are left out,
  // counted from the axis' start, which keeps 0.
  function fitTicks(p, o, width, size) {
    var xa = [].concat(o.xAxis || [])[0];
    if (!xa || xa.type !== "value") return;
    var lo = 0, hi = 0;
    [].concat(o.series || []).forEach(function (s) {
      (s.data || []).forEach(function (d) {
        var v = Number(d !== null && typeof d === "object" ? d.value : d);
        if (isNaN(v)) return;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      });
    });
    if (hi === lo) hi = 1;
    var step = niceStep((hi - lo) / 5), first = Math.floor(lo / step), last = Math.ceil(hi / step);
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = size + "px sans-serif";
    // The widest figures are at the ends; 8 px keep two apart.
    var widest = Math.max(measure.measureText(commas(first * step)).width, measure.measureText(commas(last * step)).width);
    var every = Math.max(1, Math.ceil((widest + 8) / (width / Math.max(1, last - first))));
    var x = [].concat(p.xAxis || [{}]);
    x[0] = merge(x[0], { axisLabel: merge(x[0] && x[0].axisLabel, {
      formatter: every === 1 ? null : function (v) {
        return Math.round(v / step - first) % every === 0 ? commas(v) : "";
      }
    }) });
    p.xAxis = x;
  }
  // niceStep is ECharts' numberUtil.nice(v, true): 1, 2, 3, 5 or 10 times
  // a power of ten.
  function niceStep(v) {
    var p = Math.pow(10, Math.floor(Math.log10(v))), f = v / p;
    return (f < 1.5 ? 1 : f < 2.5 ? 2 : f < 4 ? 3 : f < 7 ? 5 : 10) * p;
  }
  // commas writes a tick's figure as ECharts does: thousands separated.
  function commas(v) {
    var parts = String(+v.toPrecision(12)).split(".");
    parts[0] = count(parts[0]);
    return parts.join(".");
  }
  // px is a grid margin as ECharts takes it: a number of pixels, or a
  // share of width written "4%".
  function px(v, width) {
    if (v === undefined || v === null || v === "") return 0;
    var s = String(v);
    return /%$/.test(s) ? parseFloat(s) / 100 * width : parseFloat(s) || 0;
  }
  // thinLabels writes into p the labels of o's bars over their columns,
  // one bar in so many counted back from the latest when the chart is too
  // narrow for them all: six-digit figures over the narrow bars of a
  // phone ran into one another. The tooltip and the table below have
  // every figure. (ECharts' labelLayout would do it, at 12 KB more of the
  // bundle every page loads, which a slow phone's budget has not got.)
  function thinLabels(el, p, o) {
    var labels = el.townpressLabels, tx = el.townpressText;
    if (!labels || labels.horizontal || !labels.bands || !tx || !tx.text) return;
    var bars = [];
    [].concat(o.series || []).forEach(function (s, k) {
      if (s.type === "bar" && s.label && s.label.show) bars.push(k);
    });
    if (!bars.length) return;
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = (mode("large") ? 16 : 12) + "px sans-serif";
    var widest = 0;
    tx.text.forEach(function (row) {
      (row || []).forEach(function (s) { widest = Math.max(widest, measure.measureText(String(s || "")).width); });
    });
    // Bars side by side, a band's for each series: each has its share of
    // the plot, taken as three quarters of the chart as in fitLabels.
    var n = labels.bands * bars.length;
    var every = Math.max(1, Math.ceil((widest + 4) / (0.75 * el.clientWidth / n)));
    bars.forEach(function (k, j) {
      var data = ([].concat(o.series)[k].data || []).map(function (d, i) {
        var item = d !== null && typeof d === "object" && !Array.isArray(d) ? d : { value: d };
        return merge(item, { label: merge(item.label, { show: (n - 1 - (i * bars.length + j)) % every === 0 }) });
      });
      p.series[k] = merge(p.series[k], { data: data });
    });
  }
  // legendRows is how many rows ECharts' plain legend takes for names at
  // size px in width px: each item its 25 px symbol, 5 px, its name, and
  // 10 px to the next.
  var measure = null;
  function legendRows(names, size, width) {
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = size + "px sans-serif";
    var rows = 1, x = 0;
    names.forEach(function (n) {
      var w = 30 + measure.measureText(n).width;
      if (x > 0 && x + 10 + w > width) { rows++; x = w; } else x += (x > 0 ? 10 : 0) + w;
    });
    return rows;
  }

  // ECharts, loaded on first need. withECharts calls f once it is there.
  var lib = typeof echarts !== "undefined" ? "ready" : "", libWaiting = [];
  function withECharts(f) {
    if (typeof echarts !== "undefined") { lib = "ready"; return f(); }
    if (lib === "failed") return;
    libWaiting.push(f);
    if (lib === "loading") return;
    lib = "loading";
    var s = document.createElement("script");
    s.src = cfg.root + "assets/" + (cfg.echarts || "echarts.min.js");
    s.onload = function () {
      lib = typeof echarts !== "undefined" ? "ready" : "failed";
      var w = libWaiting;
      libWaiting = [];
      if (lib === "ready") w.forEach(function (g) { g(); });
    };
    s.onerror = function () {
      lib = "failed";
      libWaiting = [];
      console.error("charts: " + s.src + " did not load; the tables under the charts hold their numbers");
      // The tables take the charts' place.
      pendingCharts().forEach(function (el) {
        var d = el.parentNode.querySelector("details.chart-data");
        if (d) d.setAttribute("open", "");
      });
    };
    document.head.appendChild(s);
  }

  // Every chart the page has, drawn or not; queue holds those to draw
  // next, in order.
  var known = [], queue = [], pumping = false;
  function pendingCharts() { return known.filter(function (el) { return !el.townpressChart; }); }
  var seen = "IntersectionObserver" in window && !printing ? new IntersectionObserver(function (entries) {
    var near = [];
    entries.forEach(function (e) {
      if (e.isIntersecting) { near.push(e.target); seen.unobserve(e.target); }
    });
    want(near);
  }, { rootMargin: "50% 0px" }) : null; // half a screen ahead, above and below

  // draw shows option in el: now if el is drawn already, else when it
  // comes near the screen. decimals and unit are the figures'.
  function draw(el, option, decimals, unit) {
    el.townpressSpec = { option: option, decimals: decimals, unit: unit || "" };
    if (el.townpressChart) return render(el);
    if (known.indexOf(el) < 0) known.push(el);
    if (seen) seen.observe(el);
    else want([el]);
  }
  // want queues charts to draw: those on the screen first, then the rest
  // in the page's order.
  function want(els) {
    els.forEach(function (el) { if (!el.townpressChart && queue.indexOf(el) < 0) queue.push(el); });
    if (!queue.length) return;
    var h = window.innerHeight;
    function onScreen(el) { var r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < h ? 0 : 1; }
    queue.sort(function (a, b) { return onScreen(a) - onScreen(b) || known.indexOf(a) - known.indexOf(b); });
    withECharts(pump);
  }
  // pump draws the queue one chart a frame, so that the page keeps
  // answering a finger while its charts are drawn.
  function pump() {
    if (pumping) return;
    pumping = true;
    (function next() {
      var el = queue.shift();
      if (!el) { pumping = false; return; }
      if (!el.townpressChart) render(el);
      requestAnimationFrame(function () { setTimeout(next, 0); });
    })();
  }
  // drawAll draws every chart now, whether near the screen or not: for
  // printing, and for tools that wait for a whole page (cmd/shot, -pdf,
  // the browser tests).
  var allWanted = null; // the callbacks of drawAll, while ECharts loads
  function drawAll(done, still) {
    pendingCharts().forEach(function (el) {
      if (seen) seen.unobserve(el);
      if (still) el.townpressSpec.option.animation = false;
    });
    if (allWanted) { if (done) allWanted.push(done); return; }
    allWanted = done ? [done] : [];
    withECharts(function () {
      pendingCharts().forEach(render);
      queue = [];
      var w = allWanted;
      allWanted = null;
      w.forEach(function (f) { f(); });
    });
  }
  var drawnWaiting = [];
  // whenDrawn calls f with el's ECharts instance once el is drawn.
  function whenDrawn(el, f) {
    if (el.townpressChart) return f(el.townpressChart);
    drawnWaiting.push([el, f]);
  }
  function render(el) {
    var spec = el.townpressSpec, chart = el.townpressChart;
    if (!chart) {
      // The build's drawing of the chart (render/static.go) and its
      // legend give way to the chart, in the same box; the bars are there
      // already, so they do not grow again from nothing.
      var built = el.querySelectorAll(".chart-static, .chart-lg");
      var drawing = el.querySelector(".chart-static");
      if (drawing) el.townpressDrawn = { width: el.clientWidth, large: mode("large"), left: parseFloat(getComputedStyle(drawing).paddingLeft) };
      if (built.length) {
        built.forEach(function (n) { el.removeChild(n); });
        spec.option.animation = false;
      }
      chart = echarts.init(el, null, { renderer: report ? "svg" : "canvas" });
      if (report) chart.on("finished", function () { fitSVG(el); });
      el.townpressChart = chart;
      charts.push(chart);
    }
    chart.setOption(prepare(el, spec.option, spec.decimals, spec.unit), true);
    el.setAttribute("data-drawn", "");
    // The table is open for readers without JavaScript; with the chart
    // drawn, it folds away until asked for.
    var details = el.parentNode.querySelector("details.chart-data");
    if (details && !el.townpressShown) details.removeAttribute("open");
    el.townpressShown = true;
    keyboard(el, chart);
    drawnWaiting = drawnWaiting.filter(function (w) {
      if (w[0] !== el) return true;
      w[1](chart);
      return false;
    });
    return chart;
  }
  // fitSVG gives a drawn SVG chart a viewBox, so print CSS can scale it to
  // the paper's width without cutting it.
  function fitSVG(el) {
    var svg = el.querySelector("svg");
    if (!svg || svg.getAttribute("viewBox")) return;
    var w = parseFloat(svg.getAttribute("width")), h = parseFloat(svg.getAttribute("height"));
    if (w > 0 && h > 0) svg.setAttribute("viewBox", "0 0 " + w + " " + h);
  }
  document.querySelectorAll(".chart").forEach(function (el) {
    var script = el.parentNode.querySelector("script.chart-option");
    if (!script) return;
    var option;
    try { option = JSON.parse(script.textContent); } catch (e) { console.error("chart " + el.id + ": bad option", e); return; }
    // Folded from the start, so that the page does not jump as its
    // charts are drawn; it opens again if ECharts cannot be had.
    var details = el.parentNode.querySelector("details.chart-data");
    if (details) details.removeAttribute("open");
    draw(el, option, parseInt(el.getAttribute("data-decimals"), 10) || 0, el.getAttribute("data-unit") || "");
  });
  // Printing draws what was not drawn yet, without animation, at once.
  window.addEventListener("beforeprint", function () {
    if (typeof echarts === "undefined") {
      // No charts to draw: the tables print instead.
      pendingCharts().forEach(function (el) {
        var d = el.parentNode.querySelector("details.chart-data");
        if (d) d.setAttribute("open", "");
      });
      return;
    }
    pendingCharts().forEach(function (el) {
      el.townpressSpec.option.animation = false;
      render(el).getZr().refreshImmediately();
    });
    queue = [];
  });
  // ---- images for sharing (build -images) -----------------------------
  // townpressImages gives, for build -images, each chart's PNG (at twice
  // its drawn size, on white, without the toolbox's buttons) and SVG, and
  // the page's share card, 1200×630: the site's name, the page's title,
  // its key figure as the page prints it, its first chart and the site's
  // address. The card takes every text from the page; it writes no
  // figure of its own.
  var cardFont = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  function fitText(g, text, x, y, width, size, weight) {
    do { g.font = (weight || "") + " " + size + "px " + cardFont; size -= 2; } while (g.measureText(text).width > width && size > 14);
    if (g.measureText(text).width > width) {
      while (text.length > 1 && g.measureText(text + "…").width > width) text = text.slice(0, -1);
      text += "…";
    }
    g.fillText(text, x, y);
  }
  function textOf(e) { return e ? e.textContent.replace(/\s+/g, " ").trim() : ""; }
  // keyFigure is the page's first headline figure with the year its
  // heading names, or the first two parts of an indicator's total line.
  function keyFigure() {
    var kpi = document.querySelector(".kpi");
    if (kpi) {
      var section = kpi.closest("section"), year = /\d{4}年?/.exec(textOf(section && section.querySelector("h2")));
      var parts = [year ? year[0] : ""].concat([".kpi-label", ".kpi-value", ".kpi-change"].map(function (sel) {
        return textOf(kpi.querySelector(sel));
      }));
      return parts.filter(Boolean).join("  ");
    }
    return textOf(document.querySelector(".scope-total")).split(" · ").slice(0, 2).join("  ");
  }
  // cardTitle is the page's heading without its small print (a unit),
  // or on the home page, whose heading is the site's name, its description.
  function cardTitle() {
    var h1 = document.querySelector("h1"), site = textOf(document.querySelector(".brand-name"));
    if (!h1) return document.title;
    h1 = h1.cloneNode(true);
    Array.prototype.forEach.call(h1.querySelectorAll("small"), function (e) { e.parentNode.removeChild(e); });
    var title = textOf(h1), desc = document.querySelector('meta[name="description"]');
    return title === site && desc ? desc.getAttribute("content") : title;
  }
  window.townpressImages = function (address) {
    var out = { charts: [], card: "" };
    charts.forEach(function (c) {
      var el = c.getDom(), id = el.id.replace(/-chart$/, "");
      var item = { id: id, png: c.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff", excludeComponents: ["toolbox"] }), svg: "" };
      try {
        var o = c.getOption();
        o.animation = false;
        o.toolbox = [{ show: false }];
        var s = echarts.init(null, null, { renderer: "svg", ssr: true, width: el.clientWidth, height: el.clientHeight });
        s.setOption(o);
        item.svg = s.renderToSVGString();
        s.dispose();
      } catch (e) {
        console.warn("svg of " + id + ": " + e);
      }
      out.charts.push(item);
    });
    if (!out.charts.length) return out;
    return new Promise(function (done) {
      var img = new Image();
      img.onload = function () {
        var cv = document.createElement("canvas"), g;
        cv.width = 1200; cv.height = 630;
        g = cv.getContext("2d");
        g.fillStyle = "#fff"; g.fillRect(0, 0, 1200, 630);
        g.fillStyle = "#1f5fa8"; g.fillRect(0, 0, 1200, 64);
        g.fillStyle = "#fff"; g.textBaseline = "middle";
        var site = document.querySelector(".brand-name");
        fitText(g, site ? site.textContent : "", 40, 33, 1120, 28, "bold");
        g.fillStyle = "#1b2430"; g.textBaseline = "alphabetic";
        fitText(g, cardTitle(), 40, 124, 1120, 44, "bold");
        var key = keyFigure(), top = 148;
        if (key) { g.fillStyle = "#1f5fa8"; fitText(g, key, 40, 184, 1120, 30, "bold"); top = 204; }
        var foot = [];
        if (cfg.sample) foot.push(t("sample_data"));
        if (address) foot.push(address);
        var bottom = foot.length ? 580 : 610;
        // The first chart, as large as fits between the figure and the foot.
        var w = img.width, h = img.height, scale = Math.min(1120 / w, (bottom - top) / h);
        g.drawImage(img, 40 + (1120 - w * scale) / 2, top, w * scale, h * scale);
        if (foot.length) { g.fillStyle = "#56697a"; fitText(g, foot.join(" · "), 40, 612, 1120, 20); }
        out.card = cv.toDataURL("image/png");
        done(out);
      };
      img.onerror = function () { done(out); };
      img.src = out.charts[0].png;
    });
  };

  var print = document.querySelector(".print-button");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () {
      drawAll(function () { requestAnimationFrame(function () { window.print(); }); }, true);
    });
  }
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) {
        var el = c.getDom();
        // The legend's width and the bars' labels follow the new width.
        if (el.townpressLegendReserve !== undefined || el.townpressLabels) restyleOne(el);
        else c.resize();
      });
    }, 100);
  });

  // ---- the language switch keeps the view ------------------------------
  // The other edition has the same page at the same relative place; the
  // view a reader chose (year, tier, towns, query) travels in the query and
  // fragment, which the switch carries over.
  function syncLanguageLinks() {
    document.querySelectorAll(".lang a[data-base]").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("data-base") + location.search + location.hash);
    });
  }
  syncLanguageLinks();
  window.addEventListener("hashchange", syncLanguageLinks);

  // ---- search ----------------------------------------------------------
  // The index (assets/search-index.js) calls townpressIndex(ix) when it
  // loads; it is loaded on first use, as a script so file:// works.
  var index = null, waiting = [], loading = false;
  window.townpressIndex = function (ix) {
    index = ix;
    var w = waiting; waiting = [];
    w.forEach(function (f) { f(ix); });
  };
  // An indicator's figures, as assets/data/<indicator>.js gives them
  // (internal/search.Values), and what its ranking of one year shows
  // besides, from assets/data/<indicator>/<year>.js (YearValues): every
  // figure, change, rank and total already written by the build.
  // No prototype: an id such as "constructor" is no indicator.
  var values = Object.create(null), yearValues = Object.create(null), yearWaiting = Object.create(null);
  window.townpressValues = function (v) { values[v.id] = v; };
  window.townpressYear = function (v) {
    var key = v.id + "/" + v.year, w = yearWaiting[key] || [];
    yearValues[key] = v;
    delete yearWaiting[key];
    w.forEach(function (f) { f(v); });
  };
  // withYear calls f with an indicator's figures of one year, loading
  // their file the first time: as a script, so that file:// works.
  function withYear(id, year, f) {
    var key = id + "/" + year;
    if (yearValues[key]) return f(yearValues[key]);
    if (yearWaiting[key]) return yearWaiting[key].push(f);
    yearWaiting[key] = [f];
    var s = document.createElement("script");
    s.src = cfg.root + "assets/data/" + id + "/" + year + ".js";
    s.onerror = function () { delete yearWaiting[key]; console.error("figures did not load: " + s.src); };
    document.head.appendChild(s);
  }
  function withIndex(src, f) {
    if (index) return f(index);
    waiting.push(f);
    if (loading || !src) return;
    loading = true;
    var s = document.createElement("script");
    s.src = src;
    s.onerror = function () { loading = false; console.error("search index did not load: " + src); };
    document.head.appendChild(s);
  }

  // The pieces of the index (internal/search.Shards), which the search
  // box and the search page load when a reader searches: the names that
  // are not towns' (base), the towns a query's first character or two
  // letters can find (t/<key>), and the towns of a county or industry
  // that a query matches (c/<i>, i/<i>). The base lists the town pieces
  // there are.
  var shards = Object.create(null), shardWaiting = Object.create(null);
  window.townpressShard = function (name, data) {
    var w = shardWaiting[name] || [];
    shards[name] = data;
    delete shardWaiting[name];
    w.forEach(function (f) { f(data); });
  };
  function withShard(dir, name, f) {
    if (!name) return f({ towns: [] });
    if (shards[name]) return f(shards[name]);
    if (shardWaiting[name]) return shardWaiting[name].push(f);
    shardWaiting[name] = [f];
    var s = document.createElement("script");
    s.src = dir + name + ".js";
    s.onerror = function () {
      delete shardWaiting[name];
      console.error("search index did not load: " + s.src);
    };
    document.head.appendChild(s);
  }
  // shardKey is internal/search.ShardKey: the piece of towns a query is
  // matched against, "" for a query that matches none (one letter).
  function shardKey(q) {
    if (!q) return "";
    var c0 = q.codePointAt(0);
    if (c0 >= 128) return "u" + c0.toString(16);
    if (q.length === 1) return "";
    var c1 = q.codePointAt(1);
    if (c1 >= 128) return "u" + c1.toString(16);
    var a = q.charCodeAt(0), b = q.charCodeAt(1);
    function plain(c) { return c >= 97 && c <= 122 || c >= 48 && c <= 57; }
    function hex(c) { return (c < 16 ? "0" : "") + c.toString(16); }
    return plain(a) && plain(b) ? q.slice(0, 2) : "x" + hex(a) + hex(b);
  }
  // shardKeys is internal/search.ShardKeys: the pieces any of which holds
  // every town q matches.
  function shardKeys(q) {
    var first = shardKey(q);
    if (!first) return [];
    var out = [first];
    Array.from(q).forEach(function (c) {
      var cp = c.codePointAt(0), k = "u" + cp.toString(16);
      if (cp >= 128 && out.indexOf(k) < 0) out.push(k);
    });
    return out;
  }
  // withSearch calls f with what a search for q needs: the whole index
  // when the page has it, else the pieces q can match, put together as an
  // index whose towns carry their place in the whole one.
  function withSearch(dir, q, f) {
    if (index || !dir) return withIndex(null, f);
    var nq = normalize(q);
    withShard(dir, "base", function (base) {
      function done(lists) {
        var seen = Object.create(null), towns = [];
        lists.forEach(function (l) {
          l.forEach(function (r) { if (!seen[r[7]]) { seen[r[7]] = true; towns.push(r); } });
        });
        f({ tiers: base.tiers, inds: base.inds, counties: base.counties, industries: base.industries, towns: towns });
      }
      // The base lists the pieces there are: a query of another key
      // matches no town.
      if (!base.has) {
        base.has = Object.create(null);
        Array.from(base.chars).forEach(function (c) { base.has["u" + c.codePointAt(0).toString(16)] = true; });
        base.pairs.forEach(function (p) { base.has[p] = true; });
      }
      // Of the pieces that hold every match, the first that is not large.
      // A piece that is not there: no town matches by its own name
      // (through its county or industry, it still may).
      var keys = shardKeys(nq), pick = "";
      if (keys.every(function (k) { return base.has[k]; })) {
        keys.forEach(function (k) {
          if (!pick || base.big[pick] && (base.big[k] || 0) < base.big[pick]) pick = k;
        });
      }
      withShard(dir, pick ? "t/" + pick : "", function (own) {
        // A town is found through its county or industry too.
        var more = [];
        [["counties", "c/"], ["industries", "i/"]].forEach(function (g) {
          base[g[0]].forEach(function (r, i) { if (match(keysOf(r[0], r[1], r[2]), nq) > 0) more.push(g[1] + i); });
        });
        var lists = [own.towns], left = more.length;
        if (!left) return done(lists);
        more.forEach(function (name) {
          withShard(dir, name, function (d) { lists.push(d.towns); if (--left === 0) done(lists); });
        });
      });
    });
  }

  // The matching rule; internal/search.Match is the same in Go and the
  // browser test runs its cases through this one.
  function normalize(q) {
    return String(q).toLowerCase().trim().replace(/[\s'’\-·　]/g, "");
  }
  function keysOf(zh, en, py) {
    var k = { zh: zh || "", en: "", pinyin: "", initials: "", enStarts: [], pinyinStarts: [] };
    (en || "").toLowerCase().split(" ").forEach(function (w) {
      if (!w) return;
      if (k.en) k.enStarts.push(k.en.length);
      k.en += w;
    });
    (py || "").split(" ").filter(Boolean).forEach(function (s) {
      if (k.pinyin) k.pinyinStarts.push(k.pinyin.length);
      k.pinyin += s;
      k.initials += s.charAt(0);
    });
    return k;
  }
  // Letters match inside a name from the start of a word or syllable;
  // one letter alone matches nothing (see internal/search.Match).
  function match(k, q) {
    if (!q || q.length === 1 && q.charCodeAt(0) < 128) return 0;
    var best = 0;
    function inside(key, starts) {
      if (!starts) return key.indexOf(q) >= 0;
      return starts.some(function (at) { return key.indexOf(q, at) === at; });
    }
    function tryKey(key, starts, weight, minInside) {
      if (!key) return;
      var s = 0;
      if (key === q) s = 30;
      else if (key.indexOf(q) === 0) s = 20;
      else if (q.length >= minInside && inside(key, starts)) s = 10;
      else return;
      if (s + weight > best) best = s + weight;
    }
    tryKey(k.zh, null, 4, 1);
    tryKey(k.en, k.enStarts, 3, 2);
    tryKey(k.pinyin, k.pinyinStarts, 2, 2);
    tryKey(k.initials, null, 1, 3);
    return best;
  }

  // entries turns the index into things a reader can open, in this
  // edition's language, each with its keys.
  function entries(ix) {
    if (ix.entries) return ix.entries;
    var en = cfg.en;
    function name(zh, e) { return en && e ? e : zh; }
    function other(zh, e) { return en ? zh : (e || ""); }
    var out = [], counties = [], industries = [], tiers = [];
    ix.tiers.forEach(function (r, i) {
      tiers[i] = name(r[1], r[2]);
      out.push({ kind: "tier", id: r[0], label: tiers[i], other: other(r[1], r[2]), keys: keysOf(r[1], r[2], r[3]),
        href: cfg.edition + "tiers/" + r[0] + "/index.html", order: 1 });
    });
    ix.inds.forEach(function (r) {
      out.push({ kind: "indicator", id: r[0], label: name(r[1], r[2]), other: other(r[1], r[2]), keys: keysOf(r[1], r[2], r[3]),
        href: cfg.edition + "indicators/" + r[0] + "/index.html", order: 2 });
    });
    [[ix.counties, counties, "county"], [ix.industries, industries, "industry"]].forEach(function (g) {
      g[0].forEach(function (r, i) {
        g[1][i] = { label: name(r[0], r[1]), keys: keysOf(r[0], r[1], r[2]) };
        out.push({ kind: g[2], label: g[1][i].label, other: other(r[0], r[1]), keys: g[1][i].keys,
          href: cfg.edition + "search/index.html?q=" + encodeURIComponent(g[1][i].label), order: 3 });
      });
    });
    ix.towns.forEach(function (r, i) {
      var c = counties[r[5]], ind = industries[r[6]];
      out.push({ kind: "town", id: r[0], index: r.length > 7 ? r[7] : i, label: name(r[1], r[2]), other: other(r[1], r[2]), keys: keysOf(r[1], r[2], r[3]),
        tier: tiers[r[4]], tierIndex: r[4], county: c, industry: ind,
        href: cfg.edition + "towns/" + r[0] + "/index.html", order: 0 });
    });
    ix.entries = out;
    return out;
  }

  // find returns the entries matching q, best first. A town also matches
  // through its county and industry, a little below a match of its name.
  function find(ix, q, kinds) {
    q = normalize(q);
    if (!q) return [];
    var hits = [];
    entries(ix).forEach(function (e) {
      if (kinds && kinds.indexOf(e.kind) < 0) return;
      var s = match(e.keys, q), via = "";
      // A county or industry leads to its towns, which should come first.
      if (s > 0 && (e.kind === "county" || e.kind === "industry")) s = Math.max(1, s - 20);
      if (e.kind === "town") {
        var sc = e.county ? match(e.county.keys, q) - 5 : 0;
        var si = e.industry ? match(e.industry.keys, q) - 5 : 0;
        if (sc > s) { s = sc; via = "county"; }
        if (si > s) { s = si; via = "industry"; }
      }
      if (s > 0) hits.push({ e: e, score: s, via: via });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.e.order - b.e.order || (a.e.index || 0) - (b.e.index || 0); });
    return hits;
  }

  function describe(h) {
    var e = h.e, parts = [t("kind_" + e.kind)];
    if (e.kind === "town") {
      parts.push(e.tier);
      if (e.county) parts.push(e.county.label);
      if (e.industry) parts.push(e.industry.label);
    }
    return parts.join(" · ");
  }

  // combobox wires an input, its listbox and its status line by the ARIA
  // combobox pattern: type to filter, arrows to choose, Enter to open,
  // Escape to close.
  function combobox(input, opts) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var form = input.form;
    var status = form && form.querySelector(".search-status");
    var hits = [], active = -1, limit = opts.limit || 8;
    // The search box searches the index's pieces; the comparison page's
    // picker, the whole index the page loads.
    function look(q, f) { if (opts.shards) withSearch(opts.shards, q, f); else withIndex(opts.src, f); }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function setActive(i) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) return;
      active = (i + items.length) % items.length;
      items.forEach(function (li, k) { li.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function render() {
      var q = input.value;
      if (!normalize(q)) { close(); if (status) status.textContent = ""; return; }
      look(q, function (ix) {
        if (input.value !== q) return; // typed on while the index loaded
        hits = find(ix, q, opts.kinds).filter(opts.filter || function () { return true; });
        list.textContent = "";
        hits.slice(0, limit).forEach(function (h, i) {
          var li = document.createElement("li");
          li.id = input.id + "-opt-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          var name = document.createElement("span");
          name.className = "opt-name";
          name.textContent = h.e.label;
          var meta = document.createElement("span");
          meta.className = "opt-meta";
          meta.textContent = describe(h);
          li.appendChild(name);
          li.appendChild(meta);
          li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
          li.addEventListener("click", function () { pick(i); });
          list.appendChild(li);
        });
        if (!hits.length) {
          var none = document.createElement("li");
          none.className = "opt-none";
          none.setAttribute("aria-disabled", "true");
          none.textContent = t("search_none");
          list.appendChild(none);
        }
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        input.removeAttribute("aria-activedescendant");
        active = -1;
        if (status) status.textContent = hits.length ? t("search_count", hits.length) : t("search_none");
      });
    }
    function pick(i) {
      var h = hits[i];
      if (!h) return;
      close();
      opts.onPick(h.e, input);
    }
    input.addEventListener("input", render);
    input.addEventListener("focus", function () {
      if (opts.shards && !index) withShard(opts.shards, "base", function () {}); else withIndex(opts.src, function () {});
    });
    input.addEventListener("keydown", function (ev) {
      switch (ev.key) {
        case "ArrowDown":
          ev.preventDefault();
          if (list.hidden) render(); else setActive(active + 1);
          break;
        case "ArrowUp":
          ev.preventDefault();
          if (!list.hidden) setActive(active - 1);
          break;
        case "Enter":
          if (!list.hidden && active >= 0) { ev.preventDefault(); pick(active); }
          else if (opts.onEnter) { ev.preventDefault(); opts.onEnter(hits); }
          break;
        case "Escape":
          if (!list.hidden) { ev.preventDefault(); close(); } else { input.value = ""; }
          break;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    return { close: close, render: render };
  }

  document.querySelectorAll("form.search").forEach(function (form) {
    var input = form.querySelector("input[role=combobox]");
    if (!input) return;
    combobox(input, {
      shards: form.getAttribute("data-shards"),
      onPick: function (e) { location.href = e.href; }
    });
  });

  // The search page lists every match of ?q=.
  if (cfg.kind === "search") {
    var q = new URLSearchParams(location.search).get("q") || "";
    var pageInput = document.getElementById("q-page");
    if (pageInput) pageInput.value = q;
    var section = document.querySelector(".search-results");
    if (q && section) {
      var form = pageInput && pageInput.form;
      withSearch(form && form.getAttribute("data-shards"), q, function (ix) {
        var hits = find(ix, q, ["town", "tier", "indicator"]);
        var ul = document.getElementById("search-results");
        section.querySelector("h2").textContent = hits.length ? t("search_count", hits.length) : t("search_none");
        hits.forEach(function (h) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = h.e.href;
          a.textContent = h.e.label;
          var meta = document.createElement("small");
          meta.textContent = describe(h) + (h.e.other ? " · " + h.e.other : "");
          li.appendChild(a);
          li.appendChild(meta);
          ul.appendChild(li);
        });
        section.hidden = false;
      });
    }
  }

  // ---- tables wider than the screen ------------------------------------
  // A table that scrolls sideways fades out at its right edge while more
  // of it is to the right: on a phone the edge cut a tier's table in its
  // figures' column, 23.5 showed as 23., and nothing said the table went
  // on. Looked at again when a table scrolls, a folded table opens, the
  // window or the reading mode changes, or the page's tables change.
  function scrollCue(box) {
    box.classList.toggle("more", box.scrollWidth - box.clientWidth - box.scrollLeft > 1);
  }
  var cuePending = false;
  function scrollCues() {
    if (cuePending) return;
    cuePending = true;
    requestAnimationFrame(function () {
      cuePending = false;
      document.querySelectorAll(".table-scroll").forEach(scrollCue);
    });
  }
  document.addEventListener("scroll", function (ev) {
    var box = ev.target;
    if (box.classList && box.classList.contains("table-scroll")) scrollCue(box);
  }, true);
  document.addEventListener("toggle", scrollCues, true); // a <details> opened
  window.addEventListener("resize", scrollCues);
  if ("MutationObserver" in window) {
    new MutationObserver(scrollCues).observe(root, { attributes: true, attributeFilter: ["class"] }); // the modes
    new MutationObserver(scrollCues).observe(document.body, { childList: true, subtree: true });
  }
  scrollCues();

  // What explore.js and the browser tests use.
  window.townpress = {
    config: cfg, t: t, count: count, esc: esc, draw: draw, prepare: prepare, setText: setText,
    drawAll: drawAll, whenDrawn: whenDrawn, relayout: restyleOne, mode: mode, setMode: setMode, pointSay: pointSay,
    withIndex: withIndex, withSearch: withSearch, shardKey: shardKey, shardKeys: shardKeys, values: values, withYear: withYear, entries: entries, find: find,
    normalize: normalize, keysOf: keysOf, match: match, combobox: combobox, withUnit: withUnit,
    syncLanguageLinks: syncLanguageLinks
  };
})();
