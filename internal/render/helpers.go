package render

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/townpress/townpress/internal/model"
)

// The helpers layouts call with arguments, on every view: translations,
// links, names in the page's language and figures as every page writes
// them. They are methods of Frame, so {{.T "key"}}, {{$.TownHref .}} and
// {{.Num $v $ind}} work on a page of any kind.

// T translates a UI string.
func (f *Frame) T(key string, args ...any) string { return f.Lang.T(key, args...) }

// Pick chooses the English text in the English edition when there is one.
func (f *Frame) Pick(zh, en string) string { return f.Lang.Pick(zh, en) }

// words are what the page's language says of figures.
func (f *Frame) words() words { return words{f.Lang} }

// Rel links to target, a path inside the same language edition. Links are
// always relative, so the site works from any sub-path and from file://.
func (f *Frame) Rel(target string) string { return f.up + f.Lang.Prefix + target }

// Asset links to a file under the shared assets/ folder.
func (f *Frame) Asset(name string) string { return f.up + "assets/" + name }

// ChartLib is ECharts' file when the page shows charts, for the head to
// preload: townpress.js runs ECharts only when a chart comes near the
// screen, but on a slow phone the library is most of the page's bytes,
// and asking for it with the page rather than after townpress.js has run
// brings the first chart about half a second sooner (BENCHMARKS.md).
// Empty on pages without charts, which never load it.
func (f *Frame) ChartLib() string {
	if len(f.Charts) == 0 {
		return ""
	}
	return f.Asset(f.ECharts)
}

// Root links to a file shared by every edition, such as downloads/data.json.
func (f *Frame) Root(target string) string { return f.up + target }

// AbsURL is path (inside this edition) under the site's base URL, or ""
// when the base URL is not set.
func (f *Frame) AbsURL(target string) string {
	base := strings.TrimRight(f.Site.Config.Site.BaseURL, "/")
	if base == "" {
		return ""
	}
	return base + "/" + strings.TrimSuffix(f.Lang.Prefix+target, "index.html")
}

// AlternateURL is the address of the page in another language for the
// head's hreflang link: absolute when the base URL is set, as search
// engines require, else relative.
func (f *Frame) AlternateURL(a Alternate) string {
	base := strings.TrimRight(f.Site.Config.Site.BaseURL, "/")
	if base == "" || f.Kind == NotFoundPage {
		return a.Href
	}
	for _, l := range f.r.Langs {
		if l.Code == a.Code {
			return base + "/" + strings.TrimSuffix(l.Prefix+f.Path, "index.html")
		}
	}
	return a.Href
}

func (f *Frame) TierName(t *model.Tier) string     { return f.Pick(t.Name, t.NameEn) }
func (f *Frame) TownName(t *model.Town) string     { return f.Pick(t.Name, t.NameEn) }
func (f *Frame) IndName(i *model.Indicator) string { return f.Pick(i.Name, i.NameEn) }
func (f *Frame) Unit(i *model.Indicator) string    { return f.Pick(i.Unit, i.UnitEn) }
func (f *Frame) TierHref(t *model.Tier) string     { return f.Rel("tiers/" + t.ID + "/index.html") }
func (f *Frame) TownHref(t *model.Town) string     { return f.Rel("towns/" + t.ID + "/index.html") }
func (f *Frame) IndHref(i *model.Indicator) string {
	return f.Rel("indicators/" + i.ID + "/index.html")
}
func (f *Frame) Year(y int) string { return f.Lang.Year(y) }

func (f *Frame) County(t *model.Town) string          { return f.Pick(t.County, t.CountyEn) }
func (f *Frame) Industry(t *model.Town) string        { return f.Pick(t.Industry, t.IndustryEn) }
func (f *Frame) Enterprises(t *model.Town) string     { return f.Pick(t.Enterprises, t.EnterprisesEn) }
func (f *Frame) TownDescription(t *model.Town) string { return f.Pick(t.Description, t.DescriptionEn) }

// TownCSV and TownXLSX link to a town's own data files.
func (f *Frame) TownCSV(t *model.Town) string  { return f.Root("downloads/towns/" + t.ID + ".csv") }
func (f *Frame) TownXLSX(t *model.Town) string { return f.Root("downloads/towns/" + t.ID + ".xlsx") }

// CompareHref opens the comparison view with the towns already picked.
func (f *Frame) CompareHref(towns ...*model.Town) string {
	ids := make([]string, len(towns))
	for i, t := range towns {
		ids[i] = t.ID
	}
	return f.Rel("compare/index.html") + "#towns=" + strings.Join(ids, ",")
}

// ReportHref links to a year's report page.
func (f *Frame) ReportHref(year int) string { return f.Rel(fmt.Sprintf("reports/%d/index.html", year)) }

// ReportXLSX links to a year's report workbook in this edition.
func (f *Frame) ReportXLSX(year int) string {
	return f.Rel(fmt.Sprintf("downloads/report-%d.xlsx", year))
}

// ReportPDF links to a year's printed report, empty when the build made none.
func (f *Frame) ReportPDF(year int) string {
	name := fmt.Sprintf("downloads/report-%d.pdf", year)
	if !f.r.PDF || (f.r.PrintedPDF != nil && !f.r.PrintedPDF(f.Lang.Prefix+name)) {
		return ""
	}
	return f.Rel(name)
}

// Some is the first LinkSample towns of a list, for lists of links.
func (f *Frame) Some(towns []*model.Town) []*model.Town { return towns[:min(len(towns), LinkSample)] }

// More is how many towns Some leaves out.
func (f *Frame) More(towns []*model.Town) int { return max(len(towns)-LinkSample, 0) }

// Count is a number of things as the page's language writes it: 20,000.
func (f *Frame) Count(n int) string { return f.Lang.Num(float64(n), 0) }

// Num formats a value with an indicator's decimals; missing shows as —,
// a cell without a figure why (c, x, <0.1: i18n.Lang.Value). Its other
// marks are Mark's to write.
func (f *Frame) Num(v model.Value, ind *model.Indicator) string {
	return f.Lang.Value(v, ind.Decimals)
}

// SignedNum formats a change with its sign and the indicator's decimals.
func (f *Frame) SignedNum(v model.Value, ind *model.Indicator) string {
	return f.Lang.SignedFig(v.Dec, ind.Decimals)
}

// Pct formats a year-on-year change with its sign: a growth in percent
// (+5.1%), or a rate's change in percentage points (+0.50个百分点).
func (f *Frame) Pct(d model.Delta) string {
	if !d.Valid() {
		return f.Lang.Value(d.Value, d.Decimals) // —, or why the office gives none
	}
	if d.Points {
		return f.T("points_fmt", f.Lang.SignedFig(d.Dec, d.Decimals))
	}
	return f.Lang.SignedFig(d.Dec, d.Decimals) + "%"
}

// Trend names the direction of a change for styling: up, down or flat as
// the change is shown (a change that rounds to 0.0 is flat), and good or
// bad by the indicator's sense.
func (f *Frame) Trend(d model.Delta, ind *model.Indicator) string {
	if !d.Valid() {
		return "none"
	}
	switch sign := d.Round(d.Decimals, f.Site.Rule).Sign(); {
	case sign > 0 && ind.Better():
		return "up good"
	case sign > 0:
		return "up bad"
	case sign < 0 && ind.Better():
		return "down bad"
	case sign < 0:
		return "down good"
	}
	return "flat"
}

// DeltaHead heads a column of year-on-year changes of ind: growth, or for
// a rate its change in percentage points.
func (f *Frame) DeltaHead(ind *model.Indicator) string {
	if ind.Rate() {
		return f.T("change_points")
	}
	return f.T("growth")
}

// Coverage is a figure's coverage as a table cell shows it: "12/13",
// the members that reported of the members that year.
func (f *Frame) Coverage(fig model.Figure) string { return f.words().coverage(fig) }

// LatestFigure is the figure of every tier for ind in the latest year.
func (f *Frame) LatestFigure(ind *model.Indicator) model.Figure {
	return f.Site.ScopeFigure(ind, f.Site.Tiers, f.LatestIndex)
}

// LatestTotalRef names LatestFigure, for Mark: its r links to its
// revision.
func (f *Frame) LatestTotalRef(ind *model.Indicator) model.FigureRef {
	return f.Site.TotalFigure(ind, f.Site.Tiers, f.Latest)
}

// LatestValue is a town's latest value of ind, for lists.
func (f *Frame) LatestValue(t *model.Town, ind *model.Indicator) model.Value {
	return t.Values[ind.ID].At(f.LatestIndex)
}

// LatestTotal is the total of every town for ind in the latest year.
func (f *Frame) LatestTotal(ind *model.Indicator) model.Value { return f.LatestFigure(ind).Value }

// Size is a file size as people read it.
func (f *Frame) Size(n int64) string {
	switch {
	case n >= 1<<20:
		return f.Lang.Num(float64(n)/(1<<20), 1) + " MB"
	case n >= 1<<10:
		return f.Lang.Num(float64(n)/(1<<10), 0) + " KB"
	}
	return fmt.Sprintf("%d B", n)
}

// Base is a path's file name.
func (f *Frame) Base(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[i+1:]
		}
	}
	return path
}

// Height is a chart's height as an inline style.
func (f *Frame) Height(c *Card) template.CSS { return c.Style }

// chartID makes ids unique within a page and stable across builds.
func chartID(parts ...string) string { return strings.Join(parts, "-") }
