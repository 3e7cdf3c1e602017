package export

import "github.com/townpress/townpress/internal/model"

// whyCode names why a total's growth, or a rate's change in percentage
// points, is missing: the growth_note of the data files, and the key of
// the report's wording (wb_why_<code>). "" when it is there.
func whyCode(w model.Why) string {
	switch w {
	case model.NoFigure:
		return "no_figure"
	case model.NoBase:
		return "no_base"
	case model.BaseNotAbove:
		return "base_not_positive"
	case model.OutOfScale:
		return "out_of_scale"
	case model.NoTotal:
		return "no_total"
	}
	return ""
}
