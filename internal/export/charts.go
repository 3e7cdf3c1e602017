package export

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Native charts. excelize writes a chart's series as references to cells
// and leaves their caches empty: Excel and LibreOffice read the cells
// again, but viewers that do not recalculate (previews, phones, mail
// attachments) draw an empty chart. So every reference a chart makes is
// recorded with what its cells hold (chartCache), and the chart parts are
// given their caches as the workbook is written (fillCaches).

// chartCache is what the cells of one chart reference hold, in order:
// texts for a strRef, numbers as the cells store them for a numRef (""
// where a cell holds none: a missing figure is no point, never zero).
type chartCache struct {
	points []string
	format string // a numRef's number format
}

// chartCaches maps a chart reference, as written into the chart
// ('专业镇'!$A$3:$A$15), to its cache.
type chartCaches map[string]chartCache

// chartRefs make a sheet's references and their caches.
type chartRefs struct {
	t      *Table
	quoted string // the sheet's name as a reference starts: '专业镇'!
	caches chartCaches
	row    []Cell
	rowAt  int // the row in row, -1 for none
}

const chartHeaderRow = 2 // the sheet's header row; data rows follow it

// cellAt is the table's row i (0-based; -1 is the header row), column j,
// as its cell shows and stores it: a text, or a number's stored value
// (isNum). ok is false for a cell with nothing in it.
func (c *chartRefs) cellAt(i, j int) (text string, isNum, ok bool) {
	if i < 0 {
		return c.t.Columns[j].Title, false, true
	}
	if c.rowAt != i {
		c.row = c.t.Row(i, c.row)
		c.rowAt = i
	}
	if j >= len(c.row) {
		return "", false, false
	}
	cell := c.row[j]
	switch col := c.t.Columns[j]; {
	case cell.IsNum && col.Type == "year":
		return cell.Num.String(), true, true
	case cell.IsNum:
		_, v := c.t.cellNumber(cell, col)
		return strconv.FormatFloat(v, 'f', -1, 64), true, true
	case cell.Missing() && col.Type != "string":
		return "", false, false
	}
	return cell.Text, false, cell.Text != ""
}

// name is the reference to one cell naming a series (row 0-based, -1
// the header row), and records its cache.
func (c *chartRefs) name(row, col int) string {
	a, _ := excelize.CoordinatesToCellName(col+1, chartHeaderRow+1+row, true)
	text, _, _ := c.cellAt(row, col)
	c.caches[c.quoted+a] = chartCache{points: []string{text}}
	return c.quoted + a
}

// ref is the reference to the range of cells from (row, col) to (row2,
// col2), rows 0-based with -1 the header row, and records its cache:
// numbers (those the cells hold) or texts.
func (c *chartRefs) ref(row, col, row2, col2 int, numbers bool) (string, []float64) {
	a, _ := excelize.CoordinatesToCellName(col+1, chartHeaderRow+1+row, true)
	b, _ := excelize.CoordinatesToCellName(col2+1, chartHeaderRow+1+row2, true)
	ref := c.quoted + a + ":" + b
	var cache chartCache
	var values []float64
	for i := row; i <= row2; i++ {
		for j := col; j <= col2; j++ {
			text, isNum, ok := c.cellAt(i, j)
			if numbers && !isNum {
				// A text among the values ("—", no data) is no point.
				text, ok = "", false
			}
			if !ok {
				text = ""
			}
			cache.points = append(cache.points, text)
			if numbers && ok {
				v, _ := strconv.ParseFloat(text, 64)
				values = append(values, v)
			}
		}
	}
	if numbers {
		cache.format = "General"
		if c.t.Report {
			cache.format = numFmt(c.t.Columns[col].Decimals)
		}
	}
	c.caches[ref] = cache
	return ref, values
}

// chartText is the colour of a chart's titles, labels and legend: the
// sheet's text colour, not excelize's pale grey (tx1 at 15%), which
// printed and in LibreOffice is barely legible.
const chartText = "1B2430"

func addChart(f *excelize.File, sheet string, t *Table, c ChartSpec, at string, caches chartCaches) error {
	rows := c.Rows
	if rows == 0 {
		rows = t.Len() - c.FirstRow
	}
	if rows <= 0 && len(c.SeriesRows) == 0 {
		return nil
	}
	refs := &chartRefs{t: t, quoted: "'" + strings.ReplaceAll(sheet, "'", "''") + "'!", caches: caches, rowAt: -1}
	kind := map[string]excelize.ChartType{"col": excelize.Col, "col-stacked": excelize.ColStacked, "bar": excelize.Bar, "line": excelize.Line}[c.Kind]
	palette := []string{"1F5FA8", "D55E00", "009E73", "B8860B", "8E44AD", "0072B2"}
	font := func(size float64, bold bool) excelize.Font {
		return excelize.Font{Size: size, Bold: bold, Color: chartText}
	}
	labels := excelize.ChartNumFmt{CustomNumFmt: "General", SourceLinked: true}
	type series struct {
		name, categories, values string
		decimals                 int
	}
	var all []series
	var values []float64
	for _, col := range c.Values {
		name := refs.name(-1, col)
		cats, _ := refs.ref(c.FirstRow, c.Category, c.FirstRow+rows-1, c.Category, false)
		vals, v := refs.ref(c.FirstRow, col, c.FirstRow+rows-1, col, true)
		values = append(values, v...)
		all = append(all, series{name, cats, vals, t.Columns[col].Decimals})
	}
	last := len(t.Columns) - 1
	for _, r := range c.SeriesRows {
		name := refs.name(r, 1)
		cats, _ := refs.ref(-1, c.FirstCol, -1, last, false)
		vals, v := refs.ref(r, c.FirstCol, r, last, true)
		values = append(values, v...)
		all = append(all, series{name, cats, vals, t.Columns[c.FirstCol].Decimals})
	}
	if t.Report && len(all) > 0 {
		// The labels show the digits of the cells, which hold the
		// figures as the report shows them.
		labels.CustomNumFmt = numFmt(all[0].decimals)
	}
	chart := &excelize.Chart{
		Type:       kind,
		VaryColors: boolPtr(false), // one colour per series, as on the site
		Dimension:  excelize.ChartDimension{Width: 720, Height: chartHeight(c, rows)},
		Legend:     excelize.ChartLegend{Position: "bottom", Font: &excelize.Font{Size: 9, Color: chartText}},
		PlotArea:   excelize.ChartPlotArea{ShowVal: len(all) == 1, NumFmt: labels},
		XAxis:      excelize.ChartAxis{Font: font(9, false)},
		YAxis: excelize.ChartAxis{MajorGridLines: true, Font: font(9, false),
			Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.YAxisTitle, Font: &excelize.Font{Size: 9, Color: chartText}}}}},
		Format: excelize.GraphicOptions{AltText: c.Title, OffsetX: 4, OffsetY: 4},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.Title, Font: &excelize.Font{Size: 12, Bold: true, Color: chartText}}}},
	}
	if len(all) == 1 {
		chart.Legend.Position = "none"
	}
	// Bars start at zero, as the pages' do: a spreadsheet left to scale
	// the axis itself may start it near the smallest bar (LibreOffice
	// started one at 230), which makes small differences look large.
	// With bars on both sides of zero the axis spans zero anyway.
	if kind != excelize.Line {
		zero := 0.0
		switch {
		case allAtLeast(values, 0):
			chart.YAxis.Minimum = &zero
		case allAtMost(values, 0):
			chart.YAxis.Maximum = &zero
		}
	}
	if kind == excelize.Bar {
		// Horizontal bars list the first row at the top, as the table
		// and the page's ranking do.
		chart.XAxis.ReverseOrder = true
	}
	for k, sr := range all {
		color := palette[k%len(palette)]
		s := excelize.ChartSeries{Name: sr.name, Categories: sr.categories, Values: sr.values,
			DataLabel: excelize.ChartDataLabel{Font: font(9, false)}}
		if kind == excelize.Line {
			s.Line = excelize.LineOptions{Width: 2.25}
			s.Marker = excelize.ChartMarker{Symbol: "circle", Size: 6}
		} else {
			s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
		}
		chart.Series = append(chart.Series, s)
	}
	return f.AddChart(sheet, at, chart)
}

// chartHeight is a chart's height in pixels: a horizontal bar chart grows
// with its bars.
func chartHeight(c ChartSpec, rows int) uint {
	if c.Kind == "bar" {
		return uint(max(300, 60+28*rows))
	}
	return 400
}

// chartRows is how many sheet rows (20 pixels each) a chart takes, with
// a gap under it.
func chartRows(c ChartSpec, rows int) int { return int(chartHeight(c, rows))/20 + 3 }

func allAtLeast(vs []float64, x float64) bool {
	for _, v := range vs {
		if v < x {
			return false
		}
	}
	return true
}

func allAtMost(vs []float64, x float64) bool {
	for _, v := range vs {
		if v > x {
			return false
		}
	}
	return true
}

// fillCaches gives every reference of a chart part its cache: a
// <strCache> or <numCache> after its <f>, replacing an empty one excelize
// wrote. A reference without a recorded cache is left as it is.
func fillCaches(part []byte, caches chartCaches) []byte {
	var out bytes.Buffer
	out.Grow(len(part) + 1024)
	for {
		i := bytes.Index(part, []byte("<f>"))
		if i < 0 {
			out.Write(part)
			return out.Bytes()
		}
		j := bytes.Index(part[i:], []byte("</f>"))
		if j < 0 {
			out.Write(part)
			return out.Bytes()
		}
		j += i + len("</f>")
		out.Write(part[:j])
		formula := html.UnescapeString(string(part[i+len("<f>") : j-len("</f>")]))
		part = part[j:]
		// An empty cache excelize wrote goes; ours takes its place.
		for _, tag := range []string{"numCache", "strCache"} {
			if bytes.HasPrefix(part, []byte("<"+tag+">")) {
				if end := bytes.Index(part, []byte("</"+tag+">")); end >= 0 {
					part = part[end+len("</"+tag+">"):]
				}
			} else if bytes.HasPrefix(part, []byte("<"+tag+"/>")) {
				part = part[len("<"+tag+"/>"):]
			}
		}
		cache, ok := caches[formula]
		if !ok {
			continue
		}
		switch {
		case bytes.HasPrefix(part, []byte("</strRef>")):
			out.WriteString("<strCache>")
			fmt.Fprintf(&out, `<ptCount val="%d"></ptCount>`, len(cache.points))
			for k, p := range cache.points {
				if p == "" {
					continue
				}
				fmt.Fprintf(&out, `<pt idx="%d"><v>`, k)
				xmlText(&out, p)
				out.WriteString("</v></pt>")
			}
			out.WriteString("</strCache>")
		case bytes.HasPrefix(part, []byte("</numRef>")):
			out.WriteString("<numCache><formatCode>")
			xmlText(&out, cache.format)
			fmt.Fprintf(&out, `</formatCode><ptCount val="%d"></ptCount>`, len(cache.points))
			for k, p := range cache.points {
				if p != "" {
					fmt.Fprintf(&out, `<pt idx="%d"><v>%s</v></pt>`, k, p)
				}
			}
			out.WriteString("</numCache>")
		}
	}
}

// valueAxisAtEnd moves the value axis of a chart whose categories run
// from the top down (a horizontal bar chart, ranked) to the bottom,
// where a reader looks for it: with the categories reversed it would
// cross them at the first, at the top.
func valueAxisAtEnd(part []byte) []byte {
	cat := bytes.Index(part, []byte("<catAx>"))
	if cat < 0 || !bytes.Contains(part[cat:], []byte(`<orientation val="maxMin">`)) {
		return part
	}
	val := bytes.Index(part, []byte("<valAx>"))
	if val < 0 {
		return part
	}
	end := bytes.Index(part[val:], []byte("</valAx>"))
	if end < 0 {
		return part
	}
	axis := bytes.Replace(part[val:val+end], []byte(`<crosses val="autoZero">`), []byte(`<crosses val="max">`), 1)
	return append(append(append([]byte{}, part[:val]...), axis...), part[val+end:]...)
}

// xmlText writes s escaped as XML character data.
func xmlText(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
}
