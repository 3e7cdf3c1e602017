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
  // Report pages draw SVG, which stays sharp on paper and scales to the
  // printed width; "?print" (how townpress prints its PDFs) turns animation
  // off so the page is complete the moment it is drawn.
  var report = document.body.classList.contains("page-report");
  var printing = report && /[?&]print\b/.test(location.search);
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
  function tipLine(el, p, unit) {
    var tx = el.townpressText, row = tx && tx.tip && tx.tip[p.seriesIndex];
    if (row && row[p.dataIndex]) return row[p.dataIndex];
    var s = pointText(el, p);
    return s === "—" || !unit ? s : s + " " + unit;
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

  // ---- charts --------------------------------------------------------
  var charts = [];
  // prepare adds what the JSON cannot carry: formatters, and tooltips that
  // a finger can open and read.
  function prepare(el, option, decimals, unit) {
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
      option.toolbox = { show: true, right: "8", feature: { saveAsImage: {
        show: true, title: t("save_image"), name: el.id.replace(/-chart$/, "")
      } } };
    }
    option.tooltip = option.tooltip || {};
    option.tooltip.confine = true;
    option.tooltip.triggerOn = "mousemove|click";
    option.tooltip.textStyle = { fontSize: 14 };
    option.tooltip.extraCssText = "max-width:80vw;white-space:normal;";
    option.tooltip.formatter = tooltip(el, unit);
    (option.series || []).forEach(function (s) {
      // A tier of one town would otherwise draw one bar as wide as the chart.
      if (s.type === "bar" && s.barMaxWidth === undefined) s.barMaxWidth = 32;
      if (s.label && s.label.show) s.label.formatter = function (p) { return pointText(el, p); };
    });
    if (printing) {
      option.animation = false;
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
    return option;
  }
  function draw(el, option, decimals, unit) {
    if (typeof echarts === "undefined") return null;
    var chart = echarts.getInstanceByDom(el);
    if (!chart) {
      chart = echarts.init(el, null, { renderer: report ? "svg" : "canvas" });
      if (report) chart.on("finished", function () { fitSVG(el); });
    }
    chart.setOption(prepare(el, option, decimals, unit), true);
    if (charts.indexOf(chart) < 0) charts.push(chart);
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
  if (typeof echarts !== "undefined") {
    document.querySelectorAll(".chart").forEach(function (el) {
      var script = el.parentNode.querySelector("script.chart-option");
      if (!script) return;
      var option;
      try { option = JSON.parse(script.textContent); } catch (e) { console.error("chart " + el.id + ": bad option", e); return; }
      draw(el, option, parseInt(el.getAttribute("data-decimals"), 10) || 0, el.getAttribute("data-unit") || "");
      // The table is open for readers without JavaScript; with the chart
      // drawn, it folds away until asked for.
      var details = el.parentNode.querySelector("details.chart-data");
      if (details) details.removeAttribute("open");
    });
  }
  var print = document.querySelector(".print-button");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 100);
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

  // The matching rule; internal/search.Match is the same in Go and the
  // browser test runs its cases through this one.
  function normalize(q) {
    return String(q).toLowerCase().trim().replace(/[\s'’\-·　]/g, "");
  }
  function keysOf(zh, en, py) {
    var syl = (py || "").split(" ").filter(Boolean);
    return {
      zh: zh || "", en: (en || "").toLowerCase().replace(/ /g, ""),
      pinyin: syl.join(""), initials: syl.map(function (s) { return s.charAt(0); }).join("")
    };
  }
  function match(k, q) {
    if (!q) return 0;
    var best = 0;
    function tryKey(key, weight, minInside) {
      if (!key) return;
      var s = 0;
      if (key === q) s = 30;
      else if (key.indexOf(q) === 0) s = 20;
      else if (q.length >= minInside && key.indexOf(q) >= 0) s = 10;
      else return;
      if (s + weight > best) best = s + weight;
    }
    tryKey(k.zh, 4, 1);
    tryKey(k.en, 3, 2);
    tryKey(k.pinyin, 2, 2);
    tryKey(k.initials, 1, 3);
    return best;
  }

  // entries turns the index into things a reader can open, in this
  // edition's language, each with its keys.
  var entryCache = null;
  function entries(ix) {
    if (entryCache) return entryCache;
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
      out.push({ kind: "town", id: r[0], index: i, label: name(r[1], r[2]), other: other(r[1], r[2]), keys: keysOf(r[1], r[2], r[3]),
        tier: tiers[r[4]], tierIndex: r[4], county: c, industry: ind,
        href: cfg.edition + "towns/" + r[0] + "/index.html", order: 0 });
    });
    entryCache = out;
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
      withIndex(opts.src, function (ix) {
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
    input.addEventListener("focus", function () { withIndex(opts.src, function () {}); });
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
      src: form.getAttribute("data-index"),
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
      withIndex(null, function (ix) {
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

  // What explore.js and the browser tests use.
  window.townpress = {
    config: cfg, t: t, count: count, esc: esc, draw: draw, prepare: prepare, setText: setText,
    withIndex: withIndex, values: values, withYear: withYear, entries: entries, find: find,
    normalize: normalize, keysOf: keysOf, match: match, combobox: combobox,
    syncLanguageLinks: syncLanguageLinks
  };
})();
