package render

import (
	"html/template"
	"slices"
	"strconv"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/search"
)

// KPI is a headline figure: a value in the latest year with its change.
type KPI struct {
	Indicator *model.Indicator
	Value     model.Value
	Previous  model.Value // the year before
	Growth    model.Delta // growth in percent, or a rate's change in points
	Change    model.Value
	Reporting int // towns with a value
	Of        int // towns in scope
	Rank      int // the town's rank among its tier, 0 when unranked
	RankOf    int

	// The same, formatted in the page's language for the kpis partial:
	// a template action costs more than the Go that makes its text.
	Name, Href    string
	ValueText     string // the value, — when missing
	UnitText      string
	TrendClass    string // see Frame.Trend
	GrowthText    string // "增长 +5.1%", "增长 —" when unknown
	ReportingText string // how many towns a total counts; "" for a town's own figure
	// BreakText says a total's coverage differs from the year before, and
	// on what basis its change is counted; "" when it does not.
	BreakText string
	WhyText   string        // why the change is "—", where "—" does not say it
	RankText  string        // "排名 3/5"; "" when unranked
	Figure    *model.Figure // a total's figure; nil for a town's
	// Ref names Value: the town's figure or the scope's total in the
	// year (the zero FigureRef for a total of some tiers), so that a
	// revised one's r, and its typed growth's, link to their revisions.
	Ref model.FigureRef
	// ValueMark and GrowthMark are the marks of the value and its change
	// (p, r …, a footnote's number) as the page writes them after a
	// figure: superscripts, the footnote linked to the page's legend.
	ValueMark, GrowthMark template.HTML
	// Notes are the footnotes of the figures, "① …": the card says them,
	// as a table's notes do under it.
	Notes []string
	// chinese are the notes of the page shown in Chinese on an English
	// page, which the card marks as such (Frame.NoteHTML).
	chinese []string
	// BasisText says what the change is: the office's growth at
	// comparable prices (按可比价计算) or computed from the levels, where
	// the indicator has growth typed by the office; "" otherwise.
	BasisText string
	// OfficialText says whether a total is the office's (官方合计) or the
	// towns' sum (各镇合计), and where they differ, the sum; "" for a
	// town's figure.
	OfficialText string
	// HTML is the KPI's list item as the default kpis partial shows it,
	// made from the fields above: one template action instead of a dozen.
	HTML template.HTML
}

// formatKPIs fills in the KPIs' texts.
func (f *Frame) formatKPIs(ks []KPI) []KPI {
	growth, rank := f.T("growth")+" ", f.T("rank")+" "
	for i := range ks {
		k := &ks[i]
		ind := k.Indicator
		k.Name, k.Href, k.UnitText = f.IndName(ind), f.IndHref(ind), f.Unit(ind)
		k.ValueText, k.TrendClass, k.GrowthText = f.Num(k.Value, ind), f.Trend(k.Growth, ind), growth+f.Pct(k.Growth)
		var notes []int
		vm, gm := f.markIn(&notes, k.Value, k.Ref), f.markIn(&notes, k.Growth.Value, k.Ref.GrowthOf(k.Growth))
		k.ValueMark, k.GrowthMark, k.Notes = f.markString(vm), f.markString(gm), f.noteLines(notes)
		k.chinese = f.marks.Chinese()
		switch {
		case k.Of != 0:
			k.ReportingText = f.T("reporting", k.Reporting, k.Of)
		case k.Figure != nil:
			// Membership follows recognition: a year before any member
			// was recognised has no total, which is not a total of 0.
			k.ReportingText = f.T("no_members")
		}
		if k.Figure != nil && k.Figure.Break() {
			k.BreakText = f.words().breakTip(ind, *k.Figure)
		}
		k.WhyText = f.words().why(k.Growth.Why)
		if k.RankOf != 0 {
			k.RankText = rank + strconv.Itoa(k.Rank) + "/" + strconv.Itoa(k.RankOf)
		}
		if f.prints.kpis {
			k.HTML = k.html()
		}
	}
	return ks
}

// scopeKPIs are the totals of tiers in year index yi, with growth over
// the towns that reported in both years: the same figures the report
// workbooks carry (model.ScopeFigure).
func (f *Frame) scopeKPIs(tiers []*model.Tier, yi int) []KPI {
	var out []KPI
	for _, ind := range f.Site.Indicators {
		if !ind.HasTotal() {
			continue
		}
		fig := f.Site.ScopeFigure(ind, tiers, yi) // memoised by the model
		k := KPI{
			Indicator: ind, Value: fig.Value, Previous: fig.Previous, Change: fig.Change,
			Growth: fig.Delta, Reporting: fig.Reporting, Of: fig.Of, Figure: &fig,
			OfficialText: f.words().official(ind, fig),
		}
		if yi >= 0 && yi < len(f.Site.Years) {
			k.Ref = f.Site.TotalFigure(ind, tiers, f.Site.Years[yi])
		}
		if search.SaysBasis(f.Site, ind, tiers) {
			// The scope's changes are the office's in some years: say
			// which this one is.
			k.BasisText = f.words().basis(fig.Delta)
		}
		out = append(out, k)
	}
	return f.formatKPIs(out)
}

// townKPIs are the page town's figures in the latest year, with its rank
// among the towns of its tier.
// deltas are the town's changes of each indicator over the years, as its
// trend charts show them (model.Town.Deltas: the office's typed growth
// where it gives one).
func (f *Frame) townKPIs(deltas [][]model.Delta) []KPI {
	yi := f.LatestIndex
	// A KPI is half a kilobyte: grown by append, a dozen of them were
	// copied four times over.
	out := make([]KPI, 0, len(f.Site.Indicators))
	for i, ind := range f.Site.Indicators {
		s := f.Town.Values[ind.ID]
		var growth model.Delta
		if yi < len(deltas[i]) {
			growth = deltas[i][yi] // the same change, made once
		} else {
			growth = f.Town.Delta(ind, yi)
		}
		k := KPI{Indicator: ind, Value: s.At(yi), Change: s.Change(yi), Growth: growth, Ref: model.TownFigure(f.Town, ind, f.Latest)}
		if ind.Comparable() || growth.Typed || slices.ContainsFunc(f.Town.Typed[ind.ID], func(v model.Value) bool { return v.Valid() }) {
			// The office publishes the indicator's growth at comparable
			// prices, or this town's in some years: say which this one is.
			k.BasisText = f.words().basis(growth)
		}
		if k.Value.Valid() {
			ranked := f.r.ranks.tier[f.Town.Tier][ind.ID]
			k.Rank, k.RankOf = ranked.Rank(f.Town), len(ranked.Towns)
		}
		out = append(out, k)
	}
	return f.formatKPIs(out)
}
