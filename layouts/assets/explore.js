// townpress explore script: the indicator page's year and tier controls
// and the comparison view. Both draw from the search index and the value
// files (assets/data/<indicator>.js), loaded as scripts before this one,
// and keep the reader's choice in the address fragment (#year=2023&tier=
// county, #towns=a,b), so a shared link reopens the same view.
// Every figure, change, rank and total they show was written by the
// build, as the pages write it: the script picks and arranges, and never
// computes or rounds a figure.
(function () {
  "use strict";
  var tp = window.townpress;
  if (!tp) return;
  var cfg = tp.config, t = tp.t;
  var cues = cfg.cues || []; // the comparison's lines: colour, markers, dash

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

  // ---- marks on figures --------------------------------------------------
  // A figure of the value files is its text (or number) alone, or where it
  // has marks {value, mark, note} (internal/search.Marked): its status
  // symbols as pages write them beside it ("pr"; for a number that is
  // none, why: c, x, <) and its footnote's id in the file's notes. The
  // script shows them as the pages do, and decides nothing from them but
  // how to draw.
  function val(x) { return x !== null && typeof x === "object" ? x.value : x; }
  function markOf(x) { return x !== null && typeof x === "object" ? (x.mark || "") : ""; }
  function noteOf(x) { return x !== null && typeof x === "object" ? (x.note || 0) : 0; }
  var hatched = cfg.hatched || {};
  // provisional reports whether a figure is drawn as provisional: its
  // marks hold the provisional symbol (status.Provisional).
  function provisional(x) { return !!hatched.symbol && markOf(x).indexOf(hatched.symbol) >= 0; }
  // A footnote's number is its id in the site's notes, the number the
  // page's legend and every download give it (chart.Marks says why;
  // chart.NoteRef writes it).
  function noteRef(n) { return n >= 1 && n <= 20 ? String.fromCharCode(0x2460 + n - 1) : "(" + n + ")"; }
  function numberOf(id) { return parseInt(id, 10); }
  // labelOf is a figure as a chart's labels and tooltips write it: "24.3r①".
  function labelOf(x) {
    var n = noteOf(x);
    return val(x) + markOf(x) + (n ? noteRef(numberOf(n)) : "");
  }
  // markNames names a figure's marks in the legend's order, "初步数、修订数"
  // ("" for none): cfg.marks lists [symbol, name, legend line].
  function markNames(x) {
    var m = markOf(x), out = [];
    (cfg.marks || []).forEach(function (k) { if (m.indexOf(k[0]) >= 0) out.push(k[1]); });
    return out.join(t("list_sep"));
  }
  // figCell fills a table cell with a figure and its marks, as
  // internal/render's fragments write them: superscripts, the footnote's
  // number linked to the page's legend.
  function figCell(td, x) {
    td.textContent = val(x) === null ? "—" : val(x);
    var m = markOf(x), n = noteOf(x);
    if (m) td.appendChild(el("sup", { "class": "mark" }, m));
    if (n) {
      var sup = el("sup", { "class": "fn" }), k = numberOf(n);
      sup.appendChild(el("a", { href: "#fn-" + k }, noteRef(k)));
      td.appendChild(sup);
    }
    return td;
  }
  // landFootnotes points each footnote number in root that links to no
  // note of the page (the compare page has no legend: it writes a note
  // under its table and under each chart that shows the figure) at the
  // first of root's lines that writes the note, and unlinks a number
  // whose note is nowhere, rather than leave a link a click does nothing
  // with.
  function landFootnotes(root) {
    var lines = Array.prototype.slice.call(root.querySelectorAll("p.table-note, p.chart-note"));
    Array.prototype.forEach.call(root.querySelectorAll('a[href^="#fn-"]'), function (a) {
      var id = a.getAttribute("href").slice(1);
      if (document.getElementById(id)) return;
      var ref = noteRef(parseInt(id.slice(3), 10));
      var line = lines.filter(function (p) { return p.textContent.indexOf(ref + " ") === 0; })[0];
      if (line) line.id = id;
      else a.parentNode.replaceChild(document.createTextNode(a.textContent), a);
    });
  }
  // noteLines are the footnotes of the figures xs, "① …", from the notes
  // of the files they came from.
  function noteLines(xs, notes) {
    var seen = {}, out = [];
    xs.forEach(function (x) {
      var n = noteOf(x);
      if (n && !seen[n]) {
        seen[n] = true;
        out.push({ k: numberOf(n), text: t("footnote", noteRef(numberOf(n)), (notes && notes[n]) || "") });
      }
    });
    out.sort(function (a, b) { return a.k - b.k; });
    return out.map(function (o) { return o.text; });
  }
  // symbolLines are the legend's lines of the marks xs show, "p 初步数，…".
  function symbolLines(xs) {
    var all = "";
    xs.forEach(function (x) { all += markOf(x); });
    return (cfg.marks || []).filter(function (k) { return all.indexOf(k[0]) >= 0; }).map(function (k) { return k[0] + " " + k[2]; });
  }
  // pct is a change as pages write it: "+5.1%", or for a rate "+0.50个百分点".
  function pct(vals, d) {
    d = val(d);
    if (!/\d/.test(d)) return d; // —, or why there is none
    return vals.points ? t("points_fmt", d) : d + "%";
  }
  // totalLine is a scope's total as the page's Go wrote it for the latest
  // year and every tier (render.Page.TotalLine): the same words, in the
  // same order, from the same figures.
  function totalLine(vals, meta, f, title) {
    var text = val(f.text);
    var parts = [/\d/.test(text) ? tp.withUnit(text, meta.unit) : text, t("growth") + " " + pct(vals, f.delta)];
    if (f.growthBasis) parts.push(t(f.growthBasis)); // what the change is, where the office types some
    parts.push(f.of ? t("reporting", f.reporting, f.of) : t("no_members"));
    if (f.what) parts.push(t(f.what) + (f.summed ? t("official_differs", t("reconcile", f.summed)) : "")); // the office's total, or the towns' summed
    if (f["break"]) {
      var prev = tp.count(f.prevReporting) + "/" + tp.count(f.prevOf);
      var typed = f.growthBasis && f.growthBasis !== "basis_computed";
      parts.push(typed ? t("break_tip_typed", prev) : vals.points ? t("break_tip_rate", prev) : t("break_tip", prev, f.matched));
    }
    // The marks at the line's end, as render's marksLine writes them.
    var names = markNames({ mark: markOf(f.text) + markOf(f.delta) }), refs = "";
    [f.text, f.delta].forEach(function (x) {
      var n = noteOf(x);
      if (n && refs.indexOf(noteRef(numberOf(n))) < 0) refs += noteRef(numberOf(n));
    });
    if (names || refs) parts.push(names + refs);
    return title + t("colon") + parts.join(" · ");
  }
  // noteTexts are the footnotes of the data files files by id, in the
  // page's language: on an English page the English text where the
  // workbook gives one (notes_en), else the Chinese after "(in
  // Chinese)", as the build writes them (chart.Marks.NoteText); that
  // Chinese is kept in chineseNotes, for noteEl to say its language.
  var chineseNotes = [];
  function noteTexts(files) {
    var out = {};
    files.forEach(function (f) {
      Object.keys((f && f.notes) || {}).forEach(function (k) {
        var zh = f.notes[k], en = f.notes_en && f.notes_en[k];
        if (!cfg.en || en) { out[k] = cfg.en ? en : zh; return; }
        out[k] = t("note_in_chinese") + " " + zh;
        if (chineseNotes.indexOf(zh) < 0) chineseNotes.push(zh);
      });
    });
    return out;
  }
  // noteEl is a tag of class cls that holds a line of footnotes, a note
  // in Chinese on an English page in a span of lang="zh-CN" (as the
  // build's Frame.NoteHTML writes it).
  function noteEl(tag, cls, line) {
    var e = el(tag, { "class": cls }), rest = line;
    chineseNotes.forEach(function (zh) {
      var i = rest.indexOf(zh);
      if (i < 0) return;
      e.appendChild(document.createTextNode(rest.slice(0, i)));
      e.appendChild(el("span", { lang: "zh-CN" }, zh));
      rest = rest.slice(i + zh.length);
    });
    e.appendChild(document.createTextNode(rest));
    return e;
  }
  // notes replaces a card's footnotes (p.chart-note) with these.
  function setNotes(fig, notes) {
    fig.querySelectorAll("p.chart-note").forEach(function (p) { p.parentNode.removeChild(p); });
    var after = fig.querySelector("details.chart-data");
    notes.forEach(function (n) {
      var p = noteEl("p", "chart-note", n);
      after.parentNode.insertBefore(p, after.nextSibling);
      after = p;
    });
  }

  // ---- indicator page --------------------------------------------------
  // The ranking of any year, over every town or one tier's: the ranks,
  // figures and changes are the build's (assets/data/<indicator>.js); the
  // script only picks the year's column and the tier's towns.
  var controls = document.querySelector("form.controls[data-indicator]");
  if (controls) tp.withIndex(null, function (ix) {
    var id = controls.getAttribute("data-indicator");
    var vals = tp.values[id], meta = indMeta(ix, id);
    if (!vals || !meta) return;
    var yearSel = controls.elements.year, tierSel = controls.elements.tier;
    var rankFig = document.getElementById(id + "-ranking");
    var linesEl = document.getElementById(id + "-towns-chart");
    var totalEl = document.getElementById(id + "-total");
    controls.hidden = false;

    // apply draws the chosen view, once its year's figures are there; a
    // choice made here is written to the address, one read from it is
    // left as it is.
    function apply(ev) {
      var year = parseInt(yearSel.value, 10), tier = tierSel.value;
      if (ev) writeHash({ year: ix.years.indexOf(year) === ix.years.length - 1 ? "" : String(year), tier: tier });
      tp.withYear(id, year, function (yv) {
        // The reader may have chosen again while the year loaded.
        if (parseInt(yearSel.value, 10) !== year || tierSel.value !== tier) return;
        show(year, tier, yv);
      });
    }
    function show(year, tier, yv) {
      var yi = ix.years.indexOf(year), tierIndex = -1;
      ix.tiers.forEach(function (r, i) { if (r[0] === tier) tierIndex = i; });
      var ranks = tierIndex < 0 ? yv.rank : yv.tierRank;
      // A tier's list of a year holds its members of that year: a town
      // recognised later is in none of that year's tier figures.
      var later = {};
      (yv.later || []).forEach(function (i) { later[i] = true; });
      var towns = [];
      ix.towns.forEach(function (r, i) {
        if (tierIndex < 0 || (r[4] === tierIndex && !later[i])) towns.push({ r: r, i: i, rank: ranks[i] });
      });
      // Ranked towns by rank, equal ranks in the towns' order, as the
      // build orders them; towns without a figure after, in their order.
      towns.sort(function (a, b) {
        if ((a.rank > 0) !== (b.rank > 0)) return a.rank > 0 ? -1 : 1;
        return (a.rank - b.rank) || (a.i - b.i);
      });
      var ranked = towns.filter(function (x) { return x.rank > 0; });
      var of = tp.count(ranked.length);
      var title = yearSel.options[yearSel.selectedIndex].getAttribute("data-title");
      if (tierIndex >= 0) title += " · " + tierSel.options[tierSel.selectedIndex].textContent;
      if (rankFig) {
        rankFig.querySelector(".chart-title").textContent = title;
        var chartEl = rankFig.querySelector(".chart");
        chartEl.setAttribute("aria-label", title + t("sentence_end") + t("chart_note"));
        chartEl.style.height = (90 + 30 * Math.max(ranked.length, 3)) + "px";
        // The labels and tooltip lines are those internal/chart writes
        // (rankTip): the figure marked, what its marks mean.
        var text = {
          text: [ranked.map(function (x) { return labelOf(vals.text[x.i][yi]); })],
          tip: [ranked.map(function (x) {
            var fig = vals.text[x.i][yi], names = markNames(fig);
            return tp.withUnit(labelOf(fig), meta.unit) + " · " + t("rank") + " " + tp.count(x.rank) + "/" + of + (names ? t("paren", names) : "");
          })]
        };
        var update = {
          yAxis: [{ data: ranked.map(function (x) { return townName(x.r); }) }],
          series: [{ data: ranked.map(function (x) {
            // A provisional figure's bar is hatched, as the build draws it.
            var r = vals.rows[x.i][yi];
            return provisional(r) ? { value: val(r), itemStyle: hatched.style } : val(r);
          }) }]
        };
        // Now if the chart is drawn, else when it comes into view.
        tp.whenDrawn(chartEl, function (chart) {
          tp.setText(chartEl, text);
          chart.resize();
          chart.setOption(update);
          // The names' room and the figures' are those of the new towns.
          tp.relayout(chartEl);
        });
        var table = rankFig.querySelector("table");
        table.querySelector("caption").textContent = title + " · " + t("unit") + t("colon") + meta.unit;
        var tbody = table.querySelector("tbody");
        tbody.textContent = "";
        towns.forEach(function (x) {
          var tr = el("tr");
          tr.appendChild(el("th", { scope: "row" }, townName(x.r)));
          tr.appendChild(el("td", {}, x.rank > 0 ? tp.count(x.rank) : "—"));
          tr.appendChild(figCell(el("td"), vals.text[x.i][yi]));
          tr.appendChild(figCell(el("td"), yv.delta[x.i]));
          tbody.appendChild(tr);
        });
        // Why a change is "—", once for each reason the rows show; the
        // footnotes of the figures; how provisional bars are drawn: the
        // notes internal/chart writes under a ranking.
        var shown = {}, notes = [], figs = [];
        towns.forEach(function (x) { shown[x.i] = true; figs.push(vals.text[x.i][yi], yv.delta[x.i]); });
        yv.why.forEach(function (w) {
          if (shown[w[0]] && notes.indexOf(t(w[1])) < 0) notes.push(t(w[1]));
        });
        var notesText = noteTexts([vals, yv]);
        notes = notes.concat(noteLines(figs, notesText));
        if (ranked.some(function (x) { return provisional(vals.rows[x.i][yi]); })) notes.push(t("hatched_note"));
        setNotes(rankFig, notes);
      }
      if (totalEl && yv.totals) {
        var label = tierIndex < 0 ? t("indicator_total") : t("tier_total", tierSel.options[tierSel.selectedIndex].textContent);
        totalEl.textContent = totalLine(vals, meta, yv.totals[tierIndex < 0 ? "" : tier], t("scope_year", label, yearSel.options[yearSel.selectedIndex].textContent));
      }
      // All towns over time: the tier filter picks the lines; the legend
      // still shows or hides any town.
      if (linesEl) {
        var selected = {};
        ix.towns.forEach(function (r) { selected[townName(r)] = tierIndex < 0 || r[4] === tierIndex; });
        tp.whenDrawn(linesEl, function (lines) { lines.setOption({ legend: [{ selected: selected }] }); });
      }
      // What the page shows now, for scripts and tests that wait for it.
      controls.setAttribute("data-shown", year + "/" + tier);
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
      var shownFigs = [], files = []; // for the table's notes and legend
      ix.inds.forEach(function (r) {
        var m = indMeta(ix, r[0]), vals = tp.values[r[0]];
        var tr = el("tr");
        var th = el("th", { scope: "row" });
        th.appendChild(el("a", { href: cfg.edition + "indicators/" + m.id + "/index.html" }, m.name));
        th.appendChild(document.createTextNode(t("paren", m.unit)));
        tr.appendChild(th);
        files.push(vals);
        picked.forEach(function (ti) {
          var fig = vals ? vals.text[ti][yi] : "—";
          shownFigs.push(fig);
          tr.appendChild(figCell(el("td", { "class": "num" }), fig));
        });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody);
      wrap.appendChild(table);
      out.appendChild(wrap);
      // The table's footnotes, and what its marks mean (the page's
      // 符号说明 for what the view shows).
      noteLines(shownFigs, noteTexts(files)).concat(symbolLines(shownFigs)).forEach(function (line) {
        out.appendChild(noteEl("p", "table-note", line));
      });

      // One chart per indicator: the picked towns over the years, with its
      // table for readers who cannot see the chart.
      out.appendChild(el("h2", {}, t("compare_trends")));
      var grid = el("div", { "class": "charts grid-2" });
      out.appendChild(grid);
      var yearLabels = ix.years.map(function (y) { return cfg.en ? String(y) : y + "年"; });
      ix.inds.forEach(function (r) {
        var m = indMeta(ix, r[0]), vals = tp.values[r[0]];
        if (!vals) return;
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
        // A town with provisional figures is two series of its name, as
        // internal/chart's Lines draws it: the solid one its final
        // figures, the dashed one its provisional ones and the final ones
        // next to them; each point's text is in the series that owns it.
        var series = [], texts = [], figs = [], dashed = false;
        picked.forEach(function (ti, n) {
          var row = vals.rows[ti], text = vals.text[ti], name = townName(ix.towns[ti]);
          var tr = el("tr");
          tr.appendChild(el("th", { scope: "row" }, name));
          ix.years.forEach(function (y, k) { tr.appendChild(figCell(el("td"), text[k])); figs.push(text[k]); });
          bd.appendChild(tr);
          // Each town's colour, markers and dash, as internal/chart gives
          // them; a town drawn as two series keeps its one colour.
          var cue = cues.length ? cues[n % cues.length] : {};
          var point = function (k) { return val(row[k]) == null ? "-" : val(row[k]); };
          var prov = function (k) { return k >= 0 && k < row.length && provisional(row[k]); };
          var labels = ix.years.map(function (y, k) { return labelOf(text[k]); });
          var line = { name: name, type: "line", symbolSize: 7, connectNulls: false, symbol: cue.s };
          var solid = cue.d && cue.d !== "solid" ? { type: cue.d } : {};
          if (cue.c) { line.itemStyle = { color: cue.c }; solid.color = cue.c; }
          if (!ix.years.some(function (y, k) { return prov(k); })) {
            series.push(Object.assign({ lineStyle: solid, data: ix.years.map(function (y, k) { return point(k); }) }, line));
            texts.push(labels);
            return;
          }
          dashed = true;
          series.push(Object.assign({ lineStyle: solid, data: ix.years.map(function (y, k) { return prov(k) ? "-" : point(k); }) }, line));
          texts.push(labels.map(function (l, k) { return prov(k) ? "" : l; }));
          series.push(Object.assign({ lineStyle: { type: "dashed", color: cue.c },
            data: ix.years.map(function (y, k) { return prov(k) || prov(k - 1) || prov(k + 1) ? point(k) : "-"; }) }, line));
          texts.push(labels.map(function (l, k) { return prov(k) ? l : ""; }));
        });
        tb.appendChild(bd); ts.appendChild(tb); details.appendChild(ts); fig.appendChild(details);
        noteLines(figs, vals.notes).concat(dashed ? [t("dashed_note")] : []).forEach(function (line) {
          fig.appendChild(el("p", { "class": "chart-note" }, line));
        });
        fig.appendChild(el("p", { "class": "chart-source" }, t("source") + t("colon") + cfg.source));
        grid.appendChild(fig);
        tp.draw(chartEl, {
          aria: { enabled: true, label: { enabled: true, description: title + t("sentence_end") + t("chart_note") } },
          color: cues.length ? cues.map(function (c) { return c.c; }) : undefined,
          tooltip: { trigger: "axis" },
          legend: { type: "scroll", bottom: 0 },
          grid: { left: "3%", right: "4%", bottom: 40, top: 20, containLabel: true },
          xAxis: { type: "category", data: yearLabels },
          yAxis: { type: "value", minInterval: m.decimals === 0 ? 1 : 0 },
          series: series,
          // The tooltips show the build's text, as every chart's do.
          townpress: { text: texts }
        }, m.decimals, m.unit);
      });
      landFootnotes(out);
    }
    window.addEventListener("hashchange", load);
    load();
  });
})();
