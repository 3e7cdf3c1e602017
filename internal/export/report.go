package export

import (
	"fmt"

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

func value(v model.Value, decimals int) Cell { return Num(v.Dec, decimals) }

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
// and one per tier.
func (r *Report) Tables() []*Table {
	out := []*Table{r.Summary(), r.Trend()}
	if len(r.Site.TargetsOf(r.Year)) > 0 {
		out = append(out, r.Targets())
	}
	out = append(out, r.Towns())
	for _, tier := range r.Site.Tiers {
		out = append(out, r.TierTable(tier))
	}
	return out
}

// Summary holds the city's headline figures with the change on the year before.
func (r *Report) Summary() *Table {
	yi := r.yi()
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "summary", Sheet: r.Lang.T("sheet_summary"), Missing: "—",
		Title: r.Title() + " · " + r.Lang.T("report_headline"),
		Columns: []Column{
			{Name: "indicator", Title: r.Lang.T("indicator"), Type: "string"},
			{Name: "unit", Title: r.Lang.T("unit"), Type: "string"},
			{Name: "value", Title: r.Lang.Year(r.Year), Type: "number"},
			{Name: "previous", Title: r.Lang.Year(r.Year - 1), Type: "number"},
			{Name: "change", Title: r.Lang.T("change"), Type: "number"},
			{Name: "growth", Title: r.withUnit(r.Lang.T("growth"), "%"), Type: "number", Decimals: 1},
			{Name: "reporting", Title: r.Lang.T("reporting_col"), Type: "integer"},
			{Name: "towns", Title: r.Lang.T("towns_in_scope"), Type: "integer"},
		},
		Notes: r.Notes(r.Lang.T("headline_note")),
	}
	for _, ind := range r.Site.Indicators {
		if !ind.HasTotal() {
			continue
		}
		f := r.Site.ScopeFigure(ind, r.Site.Tiers, yi)
		t.Rows = append(t.Rows, []Cell{
			Text(r.indName(ind)), Text(r.unit(ind)),
			value(f.Value, ind.Decimals), value(f.Previous, ind.Decimals), value(f.Change, ind.Decimals),
			value(f.Delta.Value, f.Delta.Decimals), Int(f.Reporting), Int(f.Of),
		})
	}
	return t
}

// Trend holds every tier's total of every summable indicator, a row per
// indicator and tier and a column per year up to the report's, so the
// sheet stays narrow enough to print; the first two indicators are charted.
func (r *Report) Trend() *Table {
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "trend", Sheet: r.Lang.T("sheet_trend"), Missing: "—",
		Title: r.Title() + " · " + r.Lang.T("report_trend"),
		Columns: []Column{
			{Name: "indicator", Title: r.Lang.T("indicator"), Type: "string"},
			{Name: "scope", Title: r.Lang.T("tier"), Type: "string"},
		},
		Notes: r.Notes(r.Lang.T("headline_note")),
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
		first := len(t.Rows)
		for _, tier := range r.Site.Tiers {
			row := []Cell{Text(name), Text(r.tierName(tier))}
			totals := r.Site.TotalSeries(ind, []*model.Tier{tier})
			for i := range n {
				row = append(row, value(totals.At(i), ind.Decimals))
			}
			t.Rows = append(t.Rows, row)
		}
		row := []Cell{Text(name), Text(r.Lang.T("total"))}
		all := r.Site.TotalSeries(ind, r.Site.Tiers)
		for i := range n {
			row = append(row, value(all.At(i), ind.Decimals))
		}
		if t.TotalRows == nil {
			t.TotalRows = map[int]bool{}
		}
		t.TotalRows[len(t.Rows)] = true
		t.Rows = append(t.Rows, row)
		if charted < 2 && n > 0 {
			charted++
			var rows []int
			for k := range r.Site.Tiers {
				rows = append(rows, first+k)
			}
			t.Charts = append(t.Charts, ChartSpec{
				Title: r.Lang.T("city_trend", r.indName(ind)), Kind: "col-stacked",
				SeriesRows: rows, FirstCol: 2, YAxisTitle: r.unit(ind),
			})
		}
	}
	return t
}

// Targets lists the action plan's targets for the year and how they stand.
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
			{Name: "status", Title: r.Lang.T("status"), Type: "string"},
		},
	}
	var sources []string
	seen := map[string]bool{}
	for _, tr := range r.Site.TargetsOf(r.Year) {
		d, unit, ind := 0, "", ""
		switch {
		case tr.Measure == config.Growth:
			d, unit = tr.Decimals(), "%"
		case tr.Measure == config.NewTowns:
			unit = r.Lang.T("unit_towns")
		case tr.Measure == config.Each:
			unit = r.Lang.T("unit_towns_meeting")
		case tr.Indicator != nil:
			d, unit = tr.Decimals(), r.unit(tr.Indicator)
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
		goal := Num(tr.Goal, d)
		actual := value(tr.Actual, d)
		if tr.Measure == config.Each {
			// "each" counts the towns that meet the value; the goal is all of them.
			goal = Int(tr.Of)
			actual = value(tr.Actual, 0)
		}
		t.Rows = append(t.Rows, []Cell{
			Text(r.Lang.Pick(tr.Text, tr.TextEn)), Text(scope), Text(ind),
			Text(r.compareText(tr, d)), goal, actual, value(tr.Gap(), d), Text(unit),
			Text(r.Lang.T("status_" + string(tr.Status))),
		})
		if s := r.Lang.Pick(tr.Source, tr.SourceEn); s != "" && !seen[s] {
			seen[s] = true
			sources = append(sources, r.Lang.T("target_source")+": "+s)
		}
	}
	t.Notes = r.Notes(append(sources, r.Lang.T("target_note"))...)
	return t
}

func (r *Report) compareText(tr *model.TargetResult, d int) string {
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
		s := town.Values[ind.ID]
		d := ind.Delta(s, yi)
		cells = append(cells, value(s.At(yi), ind.Decimals), value(d.Value, d.Decimals))
	}
	return cells
}

// Towns lists every town with its figures for the year.
func (r *Report) Towns() *Table {
	first := r.Site.Indicators[0]
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "towns", Sheet: r.Lang.T("sheet_towns"), Missing: "—",
		Title: r.Title() + " · " + r.Lang.T("report_towns"),
		Columns: append([]Column{
			{Name: "town", Title: r.Lang.T("town"), Type: "string"},
			{Name: "tier", Title: r.Lang.T("tier"), Type: "string"},
			{Name: "county", Title: r.Lang.T("county"), Type: "string"},
			{Name: "industry", Title: r.Lang.T("industry"), Type: "string"},
		}, r.townColumns()...),
		Notes: r.Notes(),
	}
	if len(r.Site.Towns) <= maxChartBars {
		// More bars than this cannot be read; the tier sheets then chart
		// each tier's leading towns.
		t.Charts = []ChartSpec{{
			Title: r.Lang.T("towns_output", r.indName(first), r.Year), Kind: "bar",
			Category: 0, Values: []int{4}, YAxisTitle: r.unit(first),
		}}
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
	members, bars := tier.Towns, len(tier.Towns)
	notes := []string{r.Lang.T("headline_note")}
	if len(members) > maxChartBars {
		// A tier of a national site has thousands of members, every one
		// of them on the towns sheet already: its own sheet ranks the
		// leading ones, and its chart shows the first of those.
		members = model.Leading(members, first.ID, yi, maxTierRows)
		bars = chartTop
		notes = append(notes, r.Lang.T("tier_sheet_top", r.indName(first), len(members), r.Lang.Num(float64(len(tier.Towns)), 0), r.Lang.T("sheet_towns")))
	}
	t := &Table{Rule: r.Site.Rule, Report: true,
		Name: "tier-" + tier.ID, Sheet: r.tierName(tier), Missing: "—",
		Title: r.Title() + " · " + r.tierName(tier),
		Columns: append([]Column{
			{Name: "town", Title: r.Lang.T("town"), Type: "string"},
			{Name: "county", Title: r.Lang.T("county"), Type: "string"},
			{Name: "industry", Title: r.Lang.T("industry"), Type: "string"},
		}, r.townColumns()...),
		Notes:     r.Notes(notes...),
		TotalRows: map[int]bool{},
	}
	// A row per member listed, made as the sheet is written, then the
	// total row of the whole tier.
	var total []Cell
	t.N = len(members)
	t.Make = func(i int, row []Cell) []Cell {
		if i == len(members) {
			return append(row, total...)
		}
		town := members[i]
		row = append(row,
			Text(r.townName(town)), Text(r.Lang.Pick(town.County, town.CountyEn)), Text(r.Lang.Pick(town.Industry, town.IndustryEn)))
		return r.appendTownCells(row, town, yi)
	}
	if len(members) > 0 {
		t.Charts = []ChartSpec{{
			Title: r.Lang.T("tier_compare", r.indName(first), r.Year), Kind: "col",
			Category: 0, Values: []int{3}, Rows: min(bars, len(members)), YAxisTitle: r.unit(first),
		}}
		total = []Cell{Text(r.Lang.T("total")), Text(""), Text("")}
		for _, ind := range r.Site.Indicators {
			if !ind.HasTotal() {
				total = append(total, Text(""), Text(""))
				continue
			}
			f := r.Site.ScopeFigure(ind, []*model.Tier{tier}, yi)
			total = append(total, value(f.Value, ind.Decimals), value(f.Delta.Value, f.Delta.Decimals))
		}
		t.TotalRows[t.N] = true
		t.N++
	}
	return t
}

// The report workbook's caps for large tiers: a chart of more than
// maxChartBars bars cannot be read, so it shows the leading chartTop (as
// the pages' rankings do), and a tier's sheet lists its leading
// maxTierRows members; every town is on the towns sheet.
const (
	maxChartBars = 30
	chartTop     = 20
	maxTierRows  = 100
)

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
