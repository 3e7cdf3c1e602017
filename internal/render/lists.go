package render

import "html/template"

// The views of the pages that list: every town, every indicator, and the
// 404 page, which lists where to go.

// TownsView is a page of the list of every town.
type TownsView struct {
	*Frame
	List
	// TownsRows are the table's rows (fragments.go), TownsRowsNotes the
	// footnotes of their figures.
	TownsRows      template.HTML
	TownsRowsNotes []string
}

func newTownsView(f *Frame) *TownsView {
	v := &TownsView{Frame: f, List: f.list()}
	if f.prints.lists {
		var notes []int
		v.TownsRows = f.listRows(true, &notes)
		v.TownsRowsNotes = f.noteLines(notes)
	}
	return v
}

// IndicatorsView is the list of indicators, with each one's city total in
// the latest year.
type IndicatorsView struct {
	*Frame
	// LatestBreakNotes are the notes under the table, for each total
	// whose coverage differs from the year before.
	LatestBreakNotes []string
}

func newIndicatorsView(f *Frame) *IndicatorsView {
	return &IndicatorsView{Frame: f, LatestBreakNotes: f.latestBreakNotes()}
}

// NotFoundView is the 404 page's: the search box and the first towns.
type NotFoundView struct{ *Frame }
