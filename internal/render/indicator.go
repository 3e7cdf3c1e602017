package render

import (
	"github.com/townpress/townpress/internal/chart"
	"github.com/townpress/townpress/internal/release"
)

// IndicatorView is an indicator's page: every town ranked and over the
// years, the city's total, and the controls of the page script's view.
type IndicatorView struct {
	*Frame
	// RankingYears are the years the ranking can show, latest first.
	RankingYears []YearOption
	// TotalLine is the city's total in the latest year, with its change
	// and coverage; "" for an indicator without totals.
	TotalLine       string
	IndicatorCharts []*Card
	FigureNotes     []string
	// Updates is "最近更新 / 下次更新": the indicator's own dates
	// ([indicators.meta]), else the latest release and the calendar's
	// next; zero on a site without releases.
	Updates release.UpdatesLine
}

// YearOption is one year of a year selector.
type YearOption struct {
	Year     int
	Label    string
	Title    string // the ranking's title for that year
	Selected bool
}

func newIndicatorView(f *Frame) *IndicatorView {
	v := &IndicatorView{Frame: f, Updates: f.updates(f.Indicator)}
	if len(f.Site.Years) == 0 {
		return v
	}
	ind := f.Indicator
	for i := len(f.Site.Years) - 1; i >= 0; i-- {
		y := f.Site.Years[i]
		v.RankingYears = append(v.RankingYears, YearOption{Year: y, Label: f.Year(y),
			Title: f.T("indicator_ranking", f.IndName(ind), y), Selected: i == len(f.Site.Years)-1})
	}
	v.TotalLine = f.totalLine()
	charts := []*chart.Chart{
		f.ranking(chartID(ind.ID, "ranking"), f.T("indicator_ranking", f.IndName(ind), f.Latest), ind, f.Site.Towns, f.r.ranks.site[ind.ID], nil),
		f.lines(chartID(ind.ID, "towns"), f.T("indicator_all", f.IndName(ind)), ind),
	}
	if ind.HasTotal() {
		charts = append(charts, f.charts.ByTier(chartID(ind.ID, "tiers"), f.T("city_trend", f.IndName(ind)), ind))
	}
	v.IndicatorCharts = f.cards(charts...)
	v.FigureNotes = f.figureNotes()
	return v
}
