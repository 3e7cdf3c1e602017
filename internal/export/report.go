package export

import (
	"fmt"
	"strings"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/i18n"
	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
)

// Report builds the tables of one year's report in one language: the same
// figures, in the same order, as the report page.
type Report struct {
	Site *model.Site
	Lang *i18n.Lang
	Year int

	notesOfBasis *basisNotes // made once
}

func (r *Report) yi() int                             { return r.Site.YearIndex(r.Year) }
func (r *Report) indName(ind *model.Indicator) string { return r.Lang.Pick(ind.Name, ind.NameEn) }
func (r *Report) unit(ind *model.Indicator) string    { return r.Lang.Pick(ind.Unit, ind.UnitEn) }
func (r *Report) tierName(t *model.Tier) string       { return r.Lang.Pick(t.Name, t.NameEn) }
func (r *Report) townName(t *model.Town) string       { return r.Lang.Pick(t.Name, t.NameEn) }

// withUnit is a header with its unit: 工业产值（亿元） or Industrial output (100 million yuan).
func (r *Report) withUnit(name, unit string) string {
	if unit == "" {
		return name
	}
	if r.Lang.IsEn() {
		return name + " (" + unit + ")"
	}
	return name + "（" + unit + "）"
}

// Title is the report's title, as on its page.
func (r *Report) Title() string { return r.Lang.T("report_title", r.Year) }

// Notes go under every table: missing values, the source, and the sample-data
// warning when the site carries one.
func (r *Report) Notes(extra ...string) []string {
	cfg := r.Site.Config.Site
	notes := append([]string{}, extra...)
	notes = append(notes, r.Lang.T("note_missing"), r.Lang.T("wb_rounding_"+r.Site.Rule.String()))
	notes = append(notes, r.Lang.T("source")+": "+r.Lang.Pick(cfg.Source, cfg.SourceEn))
	if cfg.SampleData {
		notes = append(notes, r.Lang.T("sample_data")+": "+r.Lang.T("sample_data_note"))
	}
	if n := r.Lang.Pick(cfg.Note, cfg.NoteEn); n != "" {
		notes = append(notes, n)
	}
	return notes
}

// fig writes a figure in a text cell as the report's number cells show
// it: rounded by the site's rule, with thousands separators; — when
// missing.
func (r *Report) fig(d num.Dec, places int) string {
	if !d.OK() {
		return "—"
	}
	return d.Grouped(places, r.Site.Rule)
}

// Tables are the report's sheets: summary, totals by year, targets, towns,
// one per tier, and the rankings with their charts.
func (r *Report) Tables() []*Table {
	out := []*Table{r.Summary(), r.Trend()}
	if len(r.Site.TargetsOf(r.Year)) > 0 {
		out = append(out, r.Targets())
	}
	out = append(out, r.Towns())
	for _, tier := range r.Site.Tiers {
		out = append(out, r.TierTable(tier))
	}
	return append(out, r.Ranking(), r.NotesSheet())
}

// Summary holds the city's headline figures: each total with the towns it
// covers this year and the year before, and its change on the year
// before over the towns that reported in both (the matched basis; for a
// rate, its change in percentage points), with a note where the change
// is missing or the towns reporting differ from the year before's.
func (r *Report) Summary() *Table {
	yi := r.yi()
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "summary", Sheet: r.Lang.T("sheet_summary"), Missing: "—",
		Title: r.Title() + " · " + r.Lang.T("report_headline"),
		Columns: []Column{
			{Name: "indicator", Title: r.Lang.T("indicator"), Type: "string"},
			{Name: "unit", Title: r.Lang.T("unit"), Type: "string"},
			{Name: "value", Title: r.Lang.Year(r.Year), Type: "number"},
			{Name: "reporting", Title: r.Lang.T("wb_coverage_col", r.Lang.Year(r.Year)), Type: "string", Right: true},
			{Name: "previous", Title: r.Lang.Year(r.Year - 1), Type: "number"},
			{Name: "prev_reporting", Title: r.Lang.T("wb_coverage_col", r.Lang.Year(r.Year-1)), Type: "string", Right: true},
			{Name: "matched", Title: r.Lang.T("wb_matched_col"), Type: "integer"},
			{Name: "change", Title: r.Lang.T("change"), Type: "number"},
			{Name: "growth", Title: r.withUnit(r.Lang.T("growth"), "%"), Type: "number", Decimals: model.GrowthDecimals},
			{Name: "change_pp", Title: r.Lang.T("change_points"), Type: "number"},
			{Name: "note", Title: r.Lang.T("wb_note_col"), Type: "string"},
			{Name: "basis", Title: r.w("col_basis"), Type: "string"},
			{Name: "summed", Title: r.w("col_summed"), Type: "number"},
		},
		Notes:  r.Notes(r.figureNotes()...),
		Legend: r.legend,
	}
	for _, ind := range r.Site.Indicators {
		if !ind.HasTotal() {
			continue
		}
		f := r.Site.ScopeFigure(ind, r.Site.Tiers, yi)
		prev := Text("")
		if yi > 0 {
			prev = Text(r.coverage(f.PrevReporting, f.PrevOf, false))
		}
		// A level's change is in its unit and its growth in percent, over
		// the matched towns; a rate's change is in percentage points
		// between the two years' totals, and it has no growth.
		matched, change, growth, points := Int(f.Matched), value(f.Change, ind.Decimals), value(f.Delta.Value, f.Delta.Decimals), Blank()
		if ind.Rate() {
			matched, change, growth, points = Blank(), Blank(), Blank(), value(f.Delta.Value, f.Delta.Decimals)
		}
		summed := Blank()
		if f.Official {
			summed = value(f.Summed, ind.Decimals)
		}
		t.Rows = append(t.Rows, []Cell{
			Text(r.indName(ind)), Text(r.unit(ind)),
			value(f.Value, ind.Decimals), Text(r.coverage(f.Reporting, f.Of, false)),
			value(f.Previous, ind.Decimals), prev, matched,
			change, growth, points, Text(r.figureNote(ind, f)), Text(r.basis(ind, f, true)), summed,
		})
	}
	return t
}

// coverage is a total's coverage, "12/13": the towns that reported of
// the members that year, marked when it differs from the year before's.
func (r *Report) coverage(reporting, of int, changed bool) string {
	if of == 0 {
		return ""
	}
	s := r.Lang.Int(reporting) + "/" + r.Lang.Int(of)
	if changed {
		s += r.Lang.T("wb_break_mark")
	}
	return s
}

// figureNote says why a total's change is missing, or that the towns
// behind it differ from the year before's and on what basis it changed.
func (r *Report) figureNote(ind *model.Indicator, f model.Figure) string {
	switch {
	case !f.Delta.Valid() && f.Delta.Why != model.NoTotal:
		return r.Lang.T("wb_why_" + whyCode(f.Delta.Why))
	case !f.Break():
		return ""
	case ind.Rate():
		return r.Lang.T("wb_break_rate", r.coverage(f.PrevReporting, f.PrevOf, false), r.coverage(f.Reporting, f.Of, false))
	}
	key := "wb_break"
	if f.Matched == 1 {
		key = "wb_break_one" // "over the 1 town", not "towns"
	}
	return r.Lang.T(key, r.coverage(f.PrevReporting, f.PrevOf, false), r.coverage(f.Reporting, f.Of, false), r.Lang.Int(f.Matched))
}

// figureNotes go under every table of totals: what a total is, its basis
// of change, and for a site with rates how their totals are made.
func (r *Report) figureNotes() []string {
	headline := "headline_note"
	if r.Site.HasOfficial() {
		headline = "headline_note_official" // as the pages say it
	}
	notes := []string{r.Lang.T(headline), r.Lang.T("wb_basis_note")}
	for _, ind := range r.Site.Indicators {
		if ind.Rate() {
			notes = append(notes, r.Lang.T("wb_rate_note"))
			break
		}
	}
	return append(append(notes, r.officialNotes()...), r.typedNotes()...)
}

// basis says what a total is (the office's own, the towns' sum or a
// rate's ratio) and what its growth is (the office's as published, at
// comparable prices or not, or computed).
func (r *Report) basis(ind *model.Indicator, f model.Figure, growth bool) string {
	var parts []string
	if b := basisOf(ind, f); b != "" {
		parts = append(parts, r.w("basis_"+b))
	}
	switch {
	case !growth:
	case f.Delta.Typed && f.Delta.Comparable:
		parts = append(parts, r.w("growth_typed_comp"))
	case f.Delta.Typed:
		parts = append(parts, r.w("growth_typed"))
	case f.Delta.Valid():
		parts = append(parts, r.w("growth_computed"))
	}
	return strings.Join(parts, r.w("legend_sep"))
}

// officialNotes say which indicators' totals in the report are the
// office's own, and of which scopes; typedNotes which growths are the
// office's as published (a town's typed growth in the report's year, or
// a total row's).
func (r *Report) officialNotes() []string { return r.basisNotes().official }
func (r *Report) typedNotes() []string    { return r.basisNotes().typed }

type basisNotes struct{ official, typed []string }

func (r *Report) basisNotes() *basisNotes {
	if r.notesOfBasis != nil {
		return r.notesOfBasis
	}
	yi := r.yi()
	var official, typed, comparable []string
	var scopes []string
	scopeSeen := map[string]bool{}
	for _, ind := range r.Site.Indicators {
		isOfficial, isTyped := false, false
		for k, sc := range scopesOf(r.Site) {
			for i, f := range r.Site.ScopeFigures(ind, sc.tiers) {
				if i > yi {
					break
				}
				if f.Official {
					isOfficial = true
					name := r.Lang.T("all_towns")
					if k < len(r.Site.Tiers) {
						name = r.tierName(r.Site.Tiers[k])
					}
					if !scopeSeen[name] {
						scopeSeen[name] = true
						scopes = append(scopes, name)
					}
				}
				isTyped = isTyped || (i == yi && f.Delta.Typed)
			}
		}
		for _, town := range r.Site.Towns {
			if isTyped {
				break
			}
			if d := town.Typed[ind.ID].At(yi); d.Valid() || d.Flag != 0 {
				isTyped = true
			}
		}
		if isOfficial {
			official = append(official, r.indName(ind))
		}
		switch {
		case isTyped && ind.Comparable() && !ind.Rate():
			comparable = append(comparable, r.indName(ind))
		case isTyped:
			typed = append(typed, r.indName(ind))
		}
	}
	n := &basisNotes{}
	sep := r.Lang.T("list_sep")
	if len(official) > 0 {
		n.official = append(n.official, r.w("official_note", strings.Join(official, sep), strings.Join(scopes, sep)))
	}
	if len(comparable) > 0 {
		n.typed = append(n.typed, r.w("typed_note", strings.Join(comparable, sep), r.w("typed_comparable")))
	}
	if len(typed) > 0 {
		n.typed = append(n.typed, r.w("typed_note", strings.Join(typed, sep), ""))
	}
	r.notesOfBasis = n
	return n
}

// legend words what a report sheet's cells show: each mark, and the
// footnotes they refer to.
func (r *Report) legend(shown Shown) []string {
	var lines []string
	if flags := shownFlags(shown.Flags); len(flags) > 0 {
		var b strings.Builder
		b.WriteString(r.w("legend"))
		for i, f := range flags {
			if i > 0 {
				b.WriteString(r.w("legend_sep"))
			}
			w := f.Words()
			b.WriteString(r.w("legend_item", legendSymbol(f), r.Lang.Pick(w.Name, w.NameEn), r.Lang.Pick(w.Meaning, w.MeaningEn)))
		}
		lines = append(lines, b.String())
	}
	for _, n := range shown.Notes() {
		lines = append(lines, r.w("footnote", noteMark(n), r.noteText(n)))
	}
	return lines
}

// Trend holds every tier's total of every indicator with totals, a row
// per indicator and tier and a column per year up to the report's, each
// under a row of the towns it covers (marked where they changed), so the
// sheet stays narrow enough to print; the first two summed indicators are
// charted, each tier's part stacked. A rate's totals are not charted:
// stacked, they would add up to a sum it never has.
func (r *Report) Trend() *Table {
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "trend", Sheet: r.Lang.T("sheet_trend"), Missing: "—",
		Title: r.Title() + " · " + r.Lang.T("report_trend"),
		Columns: []Column{
			{Name: "indicator", Title: r.Lang.T("indicator"), Type: "string"},
			{Name: "scope", Title: r.Lang.T("tier"), Type: "string"},
		},
		Notes:        r.Notes(r.figureNotes()...),
		Legend:       r.legend,
		TotalRows:    map[int]bool{},
		CoverageRows: map[int]bool{},
	}
	n := 0
	for _, y := range r.Site.Years {
		if y <= r.Year {
			t.Columns = append(t.Columns, Column{Name: fmt.Sprint(y), Title: r.Lang.Year(y), Type: "number"})
			n++
		}
	}
	charted := 0
	for _, ind := range r.Site.Indicators {
		if !ind.HasTotal() {
			continue
		}
		name := r.withUnit(r.indName(ind), r.unit(ind))
		var rows []int
		scope := func(label string, tiers []*model.Tier, total bool) {
			figs := r.Site.ScopeFigures(ind, tiers)
			row := []Cell{Text(name), Text(label)}
			cov := []Cell{Text(name), Text(r.Lang.T("wb_coverage_row", label))}
			for i := range n {
				row = append(row, value(figs[i].Value, ind.Decimals))
				cov = append(cov, Text(r.coverage(figs[i].Reporting, figs[i].Of, figs[i].Break())))
			}
			if total {
				t.TotalRows[len(t.Rows)] = true
			} else {
				rows = append(rows, len(t.Rows))
			}
			t.CoverageRows[len(t.Rows)+1] = true
			t.Rows = append(t.Rows, row, cov)
		}
		for _, tier := range r.Site.Tiers {
			scope(r.tierName(tier), []*model.Tier{tier}, false)
		}
		scope(r.Lang.T("total"), r.Site.Tiers, true)
		if charted < 2 && n > 0 && ind.Summed() {
			charted++
			t.Charts = append(t.Charts, ChartSpec{
				Title: r.Lang.T("city_trend", r.indName(ind)), Kind: "col-stacked",
				SeriesRows: rows, FirstCol: 2, YAxisTitle: r.unit(ind),
			})
		}
	}
	return t
}

// Targets lists the action plan's targets for the year and how they
// stand: the target's value and the actual with the places
// TargetResult.Decimals gives them, the gap, for an "each" target the
// towns that meet it, and for every target measured on towns' figures
// the towns with data and, by name, those without.
func (r *Report) Targets() *Table {
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "targets", Sheet: r.Lang.T("sheet_targets"), Missing: "—",
		Title: r.Title() + " · " + r.Lang.T("targets"),
		Columns: []Column{
			{Name: "target", Title: r.Lang.T("target"), Type: "string"},
			{Name: "scope", Title: r.Lang.T("scope"), Type: "string"},
			{Name: "indicator", Title: r.Lang.T("indicator"), Type: "string"},
			{Name: "compare", Title: r.Lang.T("compare_col"), Type: "string"},
			{Name: "goal", Title: r.Lang.T("target_value"), Type: "number"},
			{Name: "actual", Title: r.Lang.T("actual"), Type: "number"},
			{Name: "gap", Title: r.Lang.T("gap"), Type: "number"},
			{Name: "unit", Title: r.Lang.T("unit"), Type: "string"},
			{Name: "towns_met", Title: r.Lang.T("wb_towns_met_col"), Type: "integer"},
			{Name: "reporting", Title: r.Lang.T("wb_target_coverage_col"), Type: "string", Right: true},
			{Name: "missing", Title: r.Lang.T("wb_target_missing_col"), Type: "string"},
			{Name: "status", Title: r.Lang.T("status"), Type: "string"},
			{Name: "basis", Title: r.w("col_basis"), Type: "string"},
		},
		Legend: r.legend,
	}
	for _, tr := range r.Site.TargetsOf(r.Year) {
		d := tr.Decimals()
		unit, ind := r.Lang.T("unit_towns"), ""
		switch {
		case tr.Measure == config.Growth:
			unit = "%"
		case tr.Indicator != nil:
			unit = r.unit(tr.Indicator)
		}
		if tr.Indicator != nil {
			ind = r.indName(tr.Indicator)
		}
		var scope string
		for k, tier := range tr.Scope {
			if k > 0 {
				scope += "+"
			}
			scope += r.tierName(tier)
		}
		// An "each" target's value is every town's goal (2.5 platforms);
		// what it measures is how many towns meet it.
		actual, gap, met := value(tr.Actual, d), value(tr.Gap(), d), Blank()
		if tr.Measure == config.Each {
			actual, gap, met = Blank(), Blank(), value(tr.Actual, 0)
		}
		cov, missing := Blank(), Blank()
		if n, of, ok := targetCoverage(tr); ok {
			cov, missing = Text(r.coverage(n, of, false)), Text(r.townList(tr.Missing, 10))
		}
		basis := ""
		if tr.Measure == config.Total || tr.Measure == config.Growth {
			basis = r.basis(tr.Indicator, tr.Figure, tr.Measure == config.Growth)
		}
		t.Rows = append(t.Rows, []Cell{
			Text(r.Lang.Pick(tr.Text, tr.TextEn)), Text(scope), Text(ind),
			Text(r.compareText(tr)), Num(tr.Goal, d), actual, gap, Text(unit),
			met, cov, missing, Text(r.Lang.T("status_" + string(tr.Status))), Text(basis),
		})
	}
	t.Notes = r.Notes(append(r.targetSources(), r.Lang.T("target_note"))...)
	return t
}

// targetSources name the source of every target of the year, each once,
// with the targets it sets.
func (r *Report) targetSources() []string {
	var out []string
	for _, s := range r.targetSourceList() {
		out = append(out, r.Lang.T("target_source")+": "+s[0]+s[1])
	}
	return out
}

// targetSourceList is every source of the year's targets, in the
// targets' order, with the targets it sets: (source, " (target; …)").
func (r *Report) targetSourceList() [][2]string {
	var sources []string
	targets := map[string][]string{}
	for _, tr := range r.Site.TargetsOf(r.Year) {
		s := r.Lang.Pick(tr.Source, tr.SourceEn)
		if s == "" {
			continue
		}
		if _, seen := targets[s]; !seen {
			sources = append(sources, s)
		}
		targets[s] = append(targets[s], r.Lang.Pick(tr.Text, tr.TextEn))
	}
	out := make([][2]string, len(sources))
	for i, s := range sources {
		out[i] = [2]string{s, r.w("target_list", strings.Join(targets[s], r.Lang.T("list_sep")))}
	}
	return out
}

// targetCoverage is how many of the towns a target is measured on have
// the figures it needs: a total's reporting towns, a growth's towns with
// figures in both years (the matched basis), an "each" target's towns
// with a figure. ok is false for a count of new towns, which needs none.
func targetCoverage(tr *model.TargetResult) (n, of int, ok bool) {
	switch tr.Measure {
	case config.Total:
		return tr.Figure.Reporting, tr.Figure.Of, true
	case config.Growth:
		return tr.Figure.Matched, tr.Figure.Of, true
	case config.Each:
		return tr.Of - len(tr.Missing), tr.Of, true
	}
	return 0, 0, false
}

// townList names up to limit towns, then says how many more there are.
func (r *Report) townList(towns []*model.Town, limit int) string {
	var b strings.Builder
	for i, t := range towns {
		if i == limit {
			b.WriteString(r.Lang.T("wb_and_more", r.Lang.Int(len(towns)-limit)))
			break
		}
		if i > 0 {
			b.WriteString(r.Lang.T("list_sep"))
		}
		b.WriteString(r.townName(t))
	}
	return b.String()
}

func (r *Report) compareText(tr *model.TargetResult) string {
	s := map[string]string{">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}[tr.Compare] + " " + r.fig(tr.Goal, tr.Decimals())
	if tr.Measure == config.Each {
		return r.Lang.T("each_town") + " " + s
	}
	return s
}

// townColumns are the indicator columns of a town table: each indicator's
// value and its growth on the year before.
func (r *Report) townColumns() []Column {
	var cols []Column
	for _, ind := range r.Site.Indicators {
		cols = append(cols,
			Column{Name: ind.ID, Title: r.withUnit(r.indName(ind), r.unit(ind)), Type: "number", Decimals: ind.Decimals, Unit: ind.Unit},
			r.deltaColumn(ind))
	}
	return cols
}

// deltaColumn is the column of an indicator's year-on-year change: its
// growth in percent, or for a rate its change in percentage points.
func (r *Report) deltaColumn(ind *model.Indicator) Column {
	if ind.Rate() {
		return Column{Name: ind.ID + "_change_pp", Title: r.indName(ind) + " " + r.Lang.T("change_points"), Type: "number", Decimals: ind.Decimals, Unit: "percentage points"}
	}
	return Column{Name: ind.ID + "_growth", Title: r.withUnit(r.indName(ind)+" "+r.Lang.T("growth"), "%"), Type: "number", Decimals: model.GrowthDecimals, Unit: "%"}
}

// appendTownCells appends a town's value and growth of every indicator in
// year index yi.
func (r *Report) appendTownCells(cells []Cell, town *model.Town, yi int) []Cell {
	for _, ind := range r.Site.Indicators {
		d := town.Delta(ind, yi) // the office's growth where it typed one
		cells = append(cells, value(town.Values[ind.ID].At(yi), ind.Decimals), value(d.Value, d.Decimals))
	}
	return cells
}

// Towns lists every town with its figures for the year.
func (r *Report) Towns() *Table {
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "towns", Sheet: r.Lang.T("sheet_towns"), Missing: "—",
		Title: r.Title() + " · " + r.Lang.T("report_towns"),
		Columns: append([]Column{
			{Name: "town", Title: r.Lang.T("town"), Type: "string"},
			{Name: "tier", Title: r.Lang.T("tier"), Type: "string"},
			{Name: "county", Title: r.Lang.T("county"), Type: "string"},
			{Name: "industry", Title: r.Lang.T("industry"), Type: "string"},
		}, r.townColumns()...),
		Notes:  r.Notes(r.typedNotes()...),
		Legend: r.legend,
	}
	// A row per town, made as the sheet is written.
	yi := r.yi()
	t.N = len(r.Site.Towns)
	t.Make = func(i int, row []Cell) []Cell {
		town := r.Site.Towns[i]
		row = append(row,
			Text(r.townName(town)), Text(r.tierName(town.Tier)),
			Text(r.Lang.Pick(town.County, town.CountyEn)), Text(r.Lang.Pick(town.Industry, town.IndustryEn)))
		return r.appendTownCells(row, town, yi)
	}
	return t
}

// TierTable lists a tier's members with a total row: the totals over the
// members that reported, and the growth over those that reported both years.
func (r *Report) TierTable(tier *model.Tier) *Table {
	first := r.Site.Indicators[0]
	yi := r.yi()
	// The tier's members in the report's year: a town recognised later
	// is not in the tier's figures of that year, nor on its sheet.
	members := r.Site.MembersIn(tier, r.Year)
	all := len(members)
	notes := r.figureNotes()
	if len(members) > maxChartBars {
		// A tier of a national site has thousands of members, every one
		// of them on the towns sheet already: its own sheet lists the
		// leading ones.
		members = model.Leading(members, first.ID, yi, maxTierRows)
		notes = append(notes, r.Lang.T("tier_sheet_top", r.indName(first), len(members), r.Lang.Int(all), r.Lang.T("sheet_towns")))
	}
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "tier-" + tier.ID, Sheet: r.tierName(tier), Missing: "—",
		Title: r.Title() + " · " + r.tierName(tier),
		Columns: append([]Column{
			{Name: "town", Title: r.Lang.T("town"), Type: "string"},
			{Name: "county", Title: r.Lang.T("county"), Type: "string"},
			{Name: "industry", Title: r.Lang.T("industry"), Type: "string"},
		}, r.townColumns()...),
		Notes:        r.Notes(notes...),
		Legend:       r.legend,
		TotalRows:    map[int]bool{},
		CoverageRows: map[int]bool{},
	}
	// A row per member listed, made as the sheet is written, then the
	// total row of the whole tier.
	var total []Cell
	t.N = len(members)
	t.Make = func(i int, row []Cell) []Cell {
		if k := i - len(members); k >= 0 {
			// The total row and its coverage row, each a row's width of total.
			w := len(t.Columns)
			return append(row, total[k*w:(k+1)*w]...)
		}
		town := members[i]
		row = append(row,
			Text(r.townName(town)), Text(r.Lang.Pick(town.County, town.CountyEn)), Text(r.Lang.Pick(town.Industry, town.IndustryEn)))
		return r.appendTownCells(row, town, yi)
	}
	if len(members) > 0 {
		// The total row, then the towns each total covers: reporting of
		// members (marked where they changed) under the total, the towns
		// its growth is over under the growth.
		total = []Cell{Text(r.Lang.T("total")), Text(""), Text("")}
		cov := []Cell{Text(r.Lang.T("reporting_col")), Text(""), Text("")}
		for _, ind := range r.Site.Indicators {
			if !ind.HasTotal() {
				total = append(total, Blank(), Blank())
				cov = append(cov, Blank(), Blank())
				continue
			}
			f := r.Site.ScopeFigure(ind, []*model.Tier{tier}, yi)
			total = append(total, value(f.Value, ind.Decimals), value(f.Delta.Value, f.Delta.Decimals))
			basis := ""
			if !ind.Rate() && f.Delta.Valid() {
				basis = r.Lang.T("wb_matched_short", r.Lang.Int(f.Matched))
			}
			cov = append(cov, Text(r.coverage(f.Reporting, f.Of, f.Break())), Text(basis))
		}
		t.TotalRows[t.N] = true
		t.CoverageRows[t.N+1] = true
		total = append(total, cov...)
		t.N += 2
	}
	return t
}

// The report workbook's caps for large tiers: a chart of more than
// maxChartBars bars cannot be read, so a ranking of more towns shows the
// leading chartTop (as the pages' rankings do), and a tier's sheet lists
// its leading maxTierRows members; every town is on the towns sheet.
const (
	maxChartBars = 30
	chartTop     = 20
	maxTierRows  = 100
)

// Ranking ranks the towns on the first indicator as the report page's
// charts do: every town, then each tier's members, best first, equal
// values sharing a rank (model.Site.Ranked), towns without a value after them
// unranked. A scope of more than maxChartBars towns lists its leading
// chartTop, then one row for the others (their total, for a summed
// indicator) and one for the towns without data. Each scope has its bar
// chart, drawn from its rows in this order.
func (r *Report) Ranking() *Table {
	ind, yi := r.Site.Indicators[0], r.yi()
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "ranking", Sheet: r.Lang.T("wb_sheet_ranking"), Missing: "—",
		Title: r.Title() + " · " + r.Lang.T("wb_ranking_title", r.indName(ind)),
		Columns: []Column{
			{Name: "scope", Title: r.Lang.T("scope"), Type: "string"},
			{Name: "rank", Title: r.Lang.T("rank"), Type: "integer"},
			{Name: "town", Title: r.Lang.T("town"), Type: "string"},
			{Name: ind.ID, Title: r.withUnit(r.indName(ind), r.unit(ind)), Type: "number", Decimals: ind.Decimals, Unit: ind.Unit},
			r.deltaColumn(ind),
		},
		Notes:  r.Notes(append([]string{r.Lang.T("wb_ranking_note")}, r.typedNotes()...)...),
		Legend: r.legend,
	}
	// Every scope's ranking is cut from the site's, made once a build.
	site := r.Site.Ranked(ind, yi)
	scope := func(name, title string, towns []*model.Town) {
		ranking := site.Among(towns)
		drawn := ranking.Towns
		capped := len(towns) > maxChartBars
		if capped {
			drawn = drawn[:min(chartTop, len(drawn))]
		}
		first := len(t.Rows)
		var shown num.Sum
		for k, town := range drawn {
			v := town.Values[ind.ID].At(yi)
			shown.Add(v.Dec)
			d := town.Delta(ind, yi)
			t.Rows = append(t.Rows, []Cell{Text(name), Int(ranking.RankAt(k)), Text(r.townName(town)), value(v, ind.Decimals), value(d.Value, d.Decimals)})
		}
		if len(drawn) > 0 {
			t.Charts = append(t.Charts, ChartSpec{Title: title, Kind: "bar", Category: 2, Values: []int{3},
				FirstRow: first, Rows: len(drawn), YAxisTitle: r.unit(ind)})
		}
		if !capped {
			for _, town := range towns {
				if ranking.Position(town) < 0 {
					t.Rows = append(t.Rows, []Cell{Text(name), NoNum(), Text(r.townName(town)), NoNum(), NoNum()})
				}
			}
			return
		}
		if others := len(ranking.Towns) - len(drawn); others > 0 {
			total := Blank()
			if ind.Summed() {
				var all num.Sum
				all.Add(ranking.Total.Dec)
				total = value(model.V(all.Sub(&shown)), ind.Decimals)
			}
			t.Rows = append(t.Rows, []Cell{Text(name), Text("…"), Text(r.Lang.T("others_towns", others)), total, Blank()})
		}
		if ranking.Missing > 0 {
			t.Rows = append(t.Rows, []Cell{Text(name), NoNum(), Text(r.Lang.T("missing_towns", ranking.Missing)), NoNum(), NoNum()})
		}
	}
	scope(r.Lang.T("all_towns"), r.Lang.T("towns_output", r.indName(ind), r.Year), r.Site.Towns)
	for _, tier := range r.Site.Tiers {
		scope(r.tierName(tier), r.Lang.T("tier_compare", r.indName(ind), r.Year)+" · "+r.tierName(tier), r.Site.MembersIn(tier, r.Year))
	}
	return t
}

// Props are the report workbook's document properties.
func (r *Report) Props() Props {
	cfg := r.Site.Config.Site
	lang := "zh-CN"
	if r.Lang.IsEn() {
		lang = "en"
	}
	return Props{
		Title:       r.Title(),
		Subject:     r.Lang.Pick(cfg.Title, cfg.TitleEn),
		Creator:     r.Lang.Pick(cfg.Organiser, cfg.OrganiserEn),
		Description: r.Lang.Pick(cfg.Description, cfg.DescEn),
		Keywords:    r.Lang.T("report_keywords"),
		Language:    lang,
		Time:        FixedTime(r.Site),
	}
}

// FixedTime dates a workbook at the end of the data's last year: stable
// from build to build, and still a meaningful date.
func FixedTime(site *model.Site) string {
	return fmt.Sprintf("%d-12-31T00:00:00Z", max(site.LatestYear(), 2000))
}

// NotesSheet is the report's 说明: the legend of the marks its sheets
// show, the footnotes they refer to, every indicator's definition
// (指标解释), the sources (the site's, and every target's with the
// targets it sets), and what the figures are. Its rows are made as the
// workbook is written, from what the sheets before it show.
func (r *Report) NotesSheet() *Table {
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "notes", Sheet: r.w("sheet_notes"),
		Title: r.Title() + " · " + r.w("notes_title"),
		Columns: []Column{
			{Name: "section", Title: r.w("col_section"), Type: "string"},
			{Name: "item", Title: r.w("col_item"), Type: "string"},
			{Name: "text", Title: r.w("col_text"), Type: "string"},
		},
	}
	t.Fill = func(shown Shown) [][]Cell {
		var rows [][]Cell
		add := func(section, item, text string) {
			if text != "" {
				rows = append(rows, []Cell{Text(section), Text(item), Text(text)})
			}
		}
		sec := r.w("sec_legend")
		for _, f := range shownFlags(shown.Flags) {
			w := f.Words()
			add(sec, legendSymbol(f), r.Lang.Pick(w.Name, w.NameEn)+r.w("colon")+r.Lang.Pick(w.Meaning, w.MeaningEn))
		}
		add(sec, "—", r.w("no_data"))
		for _, n := range shown.Notes() {
			add(r.w("sec_footnotes"), noteMark(n), r.noteText(n))
		}
		sec = r.w("sec_definitions")
		for _, ind := range r.Site.Indicators {
			m, item := ind.Meta, r.indName(ind)
			add(sec, item, r.Lang.T("unit")+r.w("colon")+r.unit(ind))
			for _, field := range []struct{ key, zh, en string }{
				{"meta_definition", m.Definition, m.DefinitionEn}, {"meta_scope", m.Scope, m.ScopeEn}, {"meta_method", m.Method, m.MethodEn},
				{"meta_source", m.Source, m.SourceEn}, {"meta_frequency", m.Frequency, m.FrequencyEn},
				{"meta_updated", m.Updated, m.Updated}, {"meta_next", m.NextUpdate, m.NextUpdate}, {"meta_breaks", m.Breaks, m.BreaksEn},
			} {
				if text := r.Lang.Pick(field.zh, field.en); text != "" {
					add(sec, item, r.w(field.key)+r.w("colon")+text)
				}
			}
			// A growth at current prices, computed or typed, is what a
			// reader expects; the others are said.
			switch {
			case ind.Rate():
				add(sec, item, r.w("meta_growth")+r.w("colon")+r.w("growth_points"))
			case ind.Comparable():
				add(sec, item, r.w("meta_growth")+r.w("colon")+r.w("growth_comparable_basis"))
			}
		}
		sec = r.w("sec_sources")
		cfg := r.Site.Config.Site
		add(sec, r.w("site_source"), r.Lang.Pick(cfg.Source, cfg.SourceEn))
		for _, s := range r.targetSourceList() {
			add(sec, r.Lang.T("target_source"), s[0]+s[1])
		}
		sec = r.w("sec_about")
		about := append(r.figureNotes(), r.Lang.T("wb_rounding_"+r.Site.Rule.String()))
		if cfg.SampleData {
			about = append(about, r.Lang.T("sample_data")+": "+r.Lang.T("sample_data_note"))
		}
		for _, n := range append(about, r.Lang.Pick(cfg.Note, cfg.NoteEn)) {
			add(sec, "", n)
		}
		return rows
	}
	return t
}
