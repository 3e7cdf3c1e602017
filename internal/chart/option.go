package chart

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"
)

// Option is an ECharts option as townpress draws its charts: go-echarts'
// types for each component (their fields and JSON keys are ECharts'), and
// only the components a chart sets. encoding/json writes a struct's fields
// in order, so they are in the order of their keys: the JSON is what a
// map of the same components would give, the same from build to build.
// See the package comment for why this, and not go-echarts' charts.Bar.
type Option struct {
	Color   []string              `json:"color"`
	Grid    []opts.Grid           `json:"grid"`
	Legend  *opts.Legend          `json:"legend,omitempty"`
	Series  []charts.SingleSeries `json:"series"`
	Tooltip opts.Tooltip          `json:"tooltip"`
	// Text is what the chart shows of its points, for the page script
	// (see pointText); ECharts ignores a key it does not know.
	Text  *pointText   `json:"townpress,omitempty"`
	XAxis []opts.XAxis `json:"xAxis"`
	YAxis []opts.YAxis `json:"yAxis"`
}

// newOption is what every chart shares: the colours and a tooltip on the
// axis, and one plot area (grid) whose top, bottom and right leave room
// for a legend or value labels. The title and unit are the card's
// heading, above the chart, not drawn in it; the toolbox to save the image
// and the accessible description are the same for every chart but for its
// id and title, which its element carries, and townpress.js adds them, so
// that a page of a dozen charts does not repeat them a dozen times.
func newOption(top, bottom, right string) *Option {
	return &Option{
		Color:   Palette,
		Grid:    []opts.Grid{{Left: "3%", Right: right, Bottom: bottom, Top: top, ContainLabel: opts.Bool(true)}},
		Tooltip: opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"},
	}
}

// scrollLegend is the legend of a chart of several series: one line that
// scrolls. Its width is the page script's to set, left of the toolbox it
// adds: ECharts keeps only one of a legend's left and right, so a right
// margin here would be dropped and the pager drawn over the toolbox.
func scrollLegend() *opts.Legend {
	return &opts.Legend{Show: opts.Bool(true), Type: "scroll", Top: "4", Left: "0"}
}

// categories puts the categories (years) on the horizontal axis of a
// chart of vertical bars or lines.
func (o *Option) categories(cats any) *Option {
	o.XAxis, o.YAxis = []opts.XAxis{{Data: cats}}, []opts.YAxis{{}}
	return o
}

// bars adds a series of bars.
func (o *Option) bars(name string, data []any, style charts.SingleSeries) *Option {
	style.Name, style.Type, style.Data = name, types.ChartBar, data
	o.Series = append(o.Series, style)
	return o
}

// line adds a series drawn as a line, with its cue (SeriesCue): the
// colour alone repeats past eight lines, and some readers cannot tell
// some colours apart.
func (o *Option) line(name string, data []any) *Option {
	cue := Cue(len(o.Series))
	s := charts.SingleSeries{Name: name, Type: types.ChartLine, Data: data, Symbol: cue.Symbol, SymbolSize: 7}
	if cue.Dash != "solid" {
		s.LineStyle = &opts.LineStyle{Type: cue.Dash}
	}
	o.Series = append(o.Series, s)
	return o
}

// point is a bar as ECharts reads it: its value, and where it is drawn
// otherwise than the series' other bars, its style. It is go-echarts'
// BarData but for the style (see style).
type point struct {
	Value any `json:"value,omitempty"`
	// Mark says why a point that has no figure has none, as its table's
	// cell does (c, x, <0.1): a gap that is withheld is not a gap of no
	// data. ECharts ignores the key.
	Mark      string `json:"mark,omitempty"`
	ItemStyle *style `json:"itemStyle,omitempty"`
}

// style is a bar's own style: go-echarts' ItemStyle, and ECharts' decal,
// a pattern drawn over the bar, which go-echarts has no field for.
type style struct {
	opts.ItemStyle
	Decal *decal `json:"decal,omitempty"`
}

// decal is an ECharts decal pattern.
type decal struct {
	Symbol     string    `json:"symbol"`
	SymbolSize float64   `json:"symbolSize"`
	DashArrayX []float64 `json:"dashArrayX"`
	DashArrayY []float64 `json:"dashArrayY"`
	Rotation   float64   `json:"rotation"`
	Color      string    `json:"color"`
}

// values writes bars for ECharts: a point that carries nothing but its
// value as the value alone, 12.5 rather than {"value":12.5}, which ECharts
// reads the same.
func values(data []point) []any {
	out := make([]any, len(data))
	for i, d := range data {
		if d.ItemStyle == nil && d.Mark == "" {
			out[i] = d.Value
		} else {
			out[i] = d
		}
	}
	return out
}

// marshal writes the option's JSON (see marshalJSON).
func (o *Option) marshal(id string) string { return marshalJSON(id, o) }

// marshalJSON writes an option's JSON. encoding/json escapes <, > and &
// as \u003c and so on, so no text from the data can close the script
// element the option is embedded in.
func marshalJSON(id string, o any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(o); err != nil {
		// The option holds only strings and numbers we made; failing here is a bug.
		panic(fmt.Sprintf("chart %s: %v", id, err))
	}
	return string(bytes.TrimSpace(buf.Bytes()))
}
