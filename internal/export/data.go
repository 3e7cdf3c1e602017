package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/townpress/townpress/internal/config"
	"github.com/townpress/townpress/internal/model"
)

// The dataset's tables carry both languages, so one set of files serves
// both editions: ASCII field names for programs, titles "中文 / English"
// for people.

func bi(zh, en string) string { return zh + " / " + en }

// DataTables are the whole dataset: towns, indicators, every value (a row
// per town and year, a column per indicator; missing stays empty), the
// totals per tier and for the city, and the targets.
func DataTables(site *model.Site) []*Table {
	tables := []*Table{townsTable(site), indicatorsTable(site), valuesWideTable(site), totalsTable(site), targetsTable(site)}
	for _, t := range tables {
		t.Note = SampleMark(site)
	}
	return tables
}

// SampleMark is what every row of a CSV file of a site of sample data
// says in its note column; "" for a site of real data.
func SampleMark(site *model.Site) string {
	if !site.Config.Site.SampleData {
		return ""
	}
	return bi("示例数据", "sample data")
}

func dataNotes(site *model.Site) []string {
	cfg := site.Config.Site
	notes := []string{
		"注：空白表示无数据（不是零）。Note: an empty cell means no data (not zero).",
		bi("数据来源："+cfg.Source, "Source: "+cfg.SourceEn),
	}
	if cfg.SampleData {
		notes = append(notes, "示例数据：本数据除注明来源者外均为示例数据，仅用于演示。Sample data: unless a source is named, these figures are sample data for demonstration.")
	}
	return notes
}

func townsTable(site *model.Site) *Table {
	t := &Table{Rule: site.Rule,
		Name: "towns", Sheet: "专业镇 towns", Title: bi("专业镇名录", "Specialty towns"),
		Description: "Every specialty town with its tier, county, leading industry and year recognised.",
		Columns: []Column{
			{Name: "town_id", Title: bi("编号", "ID"), Type: "string"},
			{Name: "name", Title: bi("名称", "Name"), Type: "string"},
			{Name: "name_en", Title: bi("英文名称", "English name"), Type: "string"},
			{Name: "tier_id", Title: bi("梯队编号", "Tier ID"), Type: "string"},
			{Name: "tier", Title: bi("梯队", "Tier"), Type: "string"},
			{Name: "county", Title: bi("县（市、区）", "County"), Type: "string"},
			{Name: "county_en", Title: bi("县（英文）", "County (English)"), Type: "string"},
			{Name: "industry", Title: bi("主导产业", "Leading industry"), Type: "string"},
			{Name: "industry_en", Title: bi("主导产业（英文）", "Leading industry (English)"), Type: "string"},
			{Name: "recognised", Title: bi("认定年份", "Year recognised"), Type: "year"},
			{Name: "enterprises", Title: bi("龙头企业", "Leading enterprises"), Type: "string"},
			{Name: "description", Title: bi("简介", "Description"), Type: "string"},
			{Name: "description_en", Title: bi("简介（英文）", "Description (English)"), Type: "string"},
		},
		Notes: dataNotes(site),
	}
	t.N = len(site.Towns)
	t.Make = func(i int, row []Cell) []Cell {
		town := site.Towns[i]
		rec := Text("")
		if town.Recognised > 0 {
			rec = Int(town.Recognised)
		}
		return append(row,
			Text(town.ID), Text(town.Name), Text(town.NameEn), Text(town.Tier.ID), Text(town.Tier.Name),
			Text(town.County), Text(town.CountyEn), Text(town.Industry), Text(town.IndustryEn), rec,
			Text(town.Enterprises), Text(town.Description), Text(town.DescriptionEn),
		)
	}
	return t
}

func indicatorsTable(site *model.Site) *Table {
	t := &Table{Rule: site.Rule,
		Name: "indicators", Sheet: "指标 indicators", Title: bi("指标说明", "Indicators"),
		Description: "The indicators: names, units, the decimals pages show them with (data files keep every digit typed), and whether totals across towns are sums. " +
			"kind is level (an amount: summed, growth in percent) or rate (a share or intensity: never summed, its change in percentage points, its total the ratio of the totals of numerator and denominator).",
		Columns: []Column{
			{Name: "indicator_id", Title: bi("编号", "ID"), Type: "string"},
			{Name: "name", Title: bi("名称", "Name"), Type: "string"},
			{Name: "name_en", Title: bi("英文名称", "English name"), Type: "string"},
			{Name: "unit", Title: bi("单位", "Unit"), Type: "string"},
			{Name: "unit_en", Title: bi("英文单位", "Unit (English)"), Type: "string"},
			{Name: "decimals", Title: bi("小数位", "Decimals"), Type: "integer"},
			{Name: "higher_is_better", Title: bi("越高越好", "Higher is better"), Type: "boolean"},
			{Name: "sum", Title: bi("可加总", "Summable"), Type: "boolean"},
			{Name: "kind", Title: bi("类型", "Kind"), Type: "string"},
			{Name: "numerator", Title: bi("分子指标", "Numerator"), Type: "string"},
			{Name: "denominator", Title: bi("分母指标", "Denominator"), Type: "string"},
			{Name: "description", Title: bi("说明", "Description"), Type: "string"},
		},
		Notes: dataNotes(site),
	}
	for _, ind := range site.Indicators {
		t.Rows = append(t.Rows, []Cell{
			Text(ind.ID), Text(ind.Name), Text(ind.NameEn), Text(ind.Unit), Text(ind.UnitEn), Int(ind.Decimals),
			Text(fmt.Sprint(ind.Better())), Text(fmt.Sprint(ind.Summed())), Text(kindOf(ind)),
			Text(ind.Indicator.Numerator), Text(ind.Indicator.Denominator), Text(ind.Description),
		})
	}
	return t
}

// totalsTable is every total of every scope (each tier, and "all"), year
// and indicator with totals, with the towns it covers this year and the
// year before, and its change on the year before over the towns that
// reported in both (matched): a level's change in its unit and growth in
// percent, a rate's change in percentage points. Where the change is
// missing, growth_note says why; break says the towns behind the two
// years' totals differ.
func totalsTable(site *model.Site) *Table {
	t := &Table{Rule: site.Rule,
		Name: "totals", Sheet: "合计 totals", Title: bi("各梯队及全市合计", "Totals by tier and for the city"),
		Description: "Every total per tier and for all towns (scope \"all\"), year and indicator with totals: a level's sum over the towns that reported, a rate's ratio of its numerator's and denominator's sums. " +
			"reporting of towns (the members that year) reported; prev_reporting of prev_towns the year before. matched towns reported in both years: change (in the unit) and growth_pct are over them, " +
			"so change equals value - previous only when break is false. A rate has change_pp (percentage points between the two years' totals) and no growth. growth_note says why a change is empty.",
		Columns: []Column{
			{Name: "scope", Title: bi("范围编号", "Scope ID"), Type: "string"},
			{Name: "scope_name", Title: bi("范围", "Scope"), Type: "string"},
			{Name: "year", Title: bi("年份", "Year"), Type: "year"},
			{Name: "indicator_id", Title: bi("指标编号", "Indicator ID"), Type: "string"},
			{Name: "indicator", Title: bi("指标", "Indicator"), Type: "string"},
			{Name: "unit", Title: bi("单位", "Unit"), Type: "string"},
			{Name: "value", Title: bi("合计", "Total"), Type: "number"},
			{Name: "reporting", Title: bi("报送专业镇数", "Towns reporting"), Type: "integer"},
			{Name: "towns", Title: bi("专业镇数", "Towns"), Type: "integer"},
			{Name: "previous", Title: bi("上年合计", "Total the year before"), Type: "number"},
			{Name: "prev_reporting", Title: bi("上年报送专业镇数", "Towns reporting the year before"), Type: "integer"},
			{Name: "prev_towns", Title: bi("上年专业镇数", "Towns the year before"), Type: "integer"},
			{Name: "matched", Title: bi("可比专业镇数", "Towns matched"), Type: "integer"},
			{Name: "change", Title: bi("同比变化（可比口径）", "Change (matched)"), Type: "number"},
			{Name: "growth_pct", Title: bi("同比增长（%，可比口径）", "Growth (%, matched)"), Type: "number", Decimals: model.GrowthDecimals, Unit: "%"},
			{Name: "change_pp", Title: bi("同比增减（百分点）", "Change (percentage points)"), Type: "number", Unit: "percentage points"},
			{Name: "growth_note", Title: bi("无增长说明", "Why no change"), Type: "string"},
			{Name: "break", Title: bi("报送范围变化", "Coverage changed"), Type: "boolean"},
		},
		Notes: dataNotes(site),
	}
	type scope struct {
		id, name string
		tiers    []*model.Tier
	}
	var scopes []scope
	for _, tier := range site.Tiers {
		scopes = append(scopes, scope{tier.ID, tier.Name, []*model.Tier{tier}})
	}
	scopes = append(scopes, scope{"all", "全部", site.Tiers})
	for _, sc := range scopes {
		for i, y := range site.Years {
			for _, ind := range site.Indicators {
				if !ind.HasTotal() {
					continue
				}
				t.Rows = append(t.Rows, append([]Cell{Text(sc.id), Text(sc.name), Int(y), Text(ind.ID), Text(ind.Name), Text(ind.Unit)},
					figureCells(ind, site.ScopeFigure(ind, sc.tiers, i), i > 0)...))
			}
		}
	}
	return t
}

// figureCells are a total's cells from value on, in the columns of
// totalsTable: its coverage, the year before's, and its change on the
// matched basis. The first year (hasPrev false) has no year before to
// count.
func figureCells(ind *model.Indicator, f model.Figure, hasPrev bool) []Cell {
	prevReporting, prevOf, matched := NoNum(), NoNum(), NoNum()
	if hasPrev {
		prevReporting, prevOf = Int(f.PrevReporting), Int(f.PrevOf)
		if !ind.Rate() {
			matched = Int(f.Matched)
		}
	}
	change, growth, points := value(f.Change, ind.Decimals), value(f.Delta.Value, f.Delta.Decimals), NoNum()
	if ind.Rate() {
		change, growth, points = NoNum(), NoNum(), value(f.Delta.Value, f.Delta.Decimals)
	}
	return []Cell{
		value(f.Value, ind.Decimals), Int(f.Reporting), Int(f.Of),
		value(f.Previous, ind.Decimals), prevReporting, prevOf, matched,
		change, growth, points, Text(whyCode(f.Delta.Why)), Text(strconv.FormatBool(f.Break())),
	}
}

// targetsTable is every target of the action plan and how it stands. A
// figure keeps its digits (a target's value as typed, a total as summed);
// decimals says how many places the pages show the target's value and
// actual with (TargetResult.Decimals), and a growth is rounded to them.
func targetsTable(site *model.Site) *Table {
	t := &Table{Rule: site.Rule,
		Name: "targets", Sheet: "目标 targets", Title: bi("行动计划目标完成情况", "Action plan targets"),
		Description: "The action plan's targets and how each stands (met, not-met, no-data). target_value is the target's value in unit; actual the measured total, growth or count of new towns, " +
			"gap actual - target_value; decimals the places pages show them with. For measure \"each\" every town in scope must meet target_value: towns_met counts those that do, actual and gap are empty. " +
			"reporting of towns_in_scope have the figures the target is measured on (for growth, in both years); missing_towns lists the ids of those without, separated by spaces.",
		Columns: []Column{
			{Name: "target_id", Title: bi("编号", "ID"), Type: "string"},
			{Name: "year", Title: bi("年份", "Year"), Type: "year"},
			{Name: "text", Title: bi("目标", "Target"), Type: "string"},
			{Name: "text_en", Title: bi("目标（英文）", "Target (English)"), Type: "string"},
			{Name: "scope", Title: bi("适用范围", "Scope"), Type: "string"},
			{Name: "indicator_id", Title: bi("指标编号", "Indicator ID"), Type: "string"},
			{Name: "measure", Title: bi("口径", "Measure"), Type: "string"},
			{Name: "compare", Title: bi("比较", "Comparison"), Type: "string"},
			{Name: "target_value", Title: bi("目标值", "Target value"), Type: "number"},
			{Name: "unit", Title: bi("单位", "Unit"), Type: "string"},
			{Name: "decimals", Title: bi("显示小数位", "Decimals shown"), Type: "integer"},
			{Name: "actual", Title: bi("实际", "Actual"), Type: "number"},
			{Name: "gap", Title: bi("差距", "Gap"), Type: "number"},
			{Name: "towns_met", Title: bi("达到目标的专业镇数", "Towns meeting it"), Type: "integer"},
			{Name: "reporting", Title: bi("有数据的专业镇数", "Towns with data"), Type: "integer"},
			{Name: "towns_in_scope", Title: bi("范围内专业镇数", "Towns in scope"), Type: "integer"},
			{Name: "missing_towns", Title: bi("无数据的专业镇", "Towns without data"), Type: "string"},
			{Name: "status", Title: bi("完成情况", "Status"), Type: "string"},
			{Name: "source", Title: bi("出处", "Source"), Type: "string"},
		},
		Notes: dataNotes(site),
	}
	for _, tr := range site.Targets {
		tc := targetFigures(tr)
		t.Rows = append(t.Rows, []Cell{
			Text(tr.ID), Int(tr.Year), Text(tr.Text), Text(tr.TextEn), Text(strings.Join(tc.scope, "+")), Text(tr.Target.Indicator),
			Text(string(tr.Measure)), Text(tr.Compare), Num(tr.Goal, tc.decimals), Text(tc.unit), Int(tc.decimals),
			tc.actual, value(tr.Gap(), tc.decimals), tc.met, tc.reporting, tc.of, Text(strings.Join(tc.missing, " ")),
			Text(string(tr.Status)), Text(tr.Source),
		})
	}
	return t
}

// targetCells are a target's figures as the data files carry them.
type targetCells struct {
	scope, missing []string // tier ids; ids of towns without data
	unit           string   // of the target's value
	decimals       int      // TargetResult.Decimals
	actual, met    Cell     // an "each" target has met, the others actual
	reporting, of  Cell
}

func targetFigures(tr *model.TargetResult) targetCells {
	c := targetCells{unit: "个", decimals: tr.Decimals(), actual: value(tr.Actual, tr.Decimals()), met: NoNum(), reporting: NoNum(), of: NoNum()}
	for _, tier := range tr.Scope {
		c.scope = append(c.scope, tier.ID)
	}
	switch {
	case tr.Measure == config.Growth:
		c.unit = "%"
	case tr.Indicator != nil:
		c.unit = tr.Indicator.Unit
	}
	if tr.Measure == config.Each {
		c.actual, c.met = NoNum(), value(tr.Actual, 0)
	}
	if n, of, ok := targetCoverage(tr); ok {
		c.reporting, c.of = Int(n), Int(of)
		c.missing = []string{}
		for _, town := range tr.Missing {
			c.missing = append(c.missing, town.ID)
		}
	}
	return c
}

// TownTable is one town's figures, a row per year: what its page links to.
func TownTable(site *model.Site, town *model.Town) *Table {
	t := &Table{Rule: site.Rule,
		Name: "town-" + town.ID, Sheet: town.ID, Title: bi(town.Name, town.NameEn), Missing: "",
		Description: bi(town.Name, town.NameEn) + ": values by year.",
		Columns:     []Column{{Name: "year", Title: bi("年份", "Year"), Type: "year"}},
		Note:        SampleMark(site),
		Notes: append([]string{
			bi("梯队："+town.Tier.Name, "Tier: "+town.Tier.NameEn) + "；" + bi("县（市、区）："+town.County, town.CountyEn) + "；" + bi("主导产业："+town.Industry, town.IndustryEn),
		}, dataNotes(site)...),
	}
	for _, ind := range site.Indicators {
		t.Columns = append(t.Columns, indicatorColumn(ind))
	}
	for i, y := range site.Years {
		row := []Cell{Int(y)}
		for _, ind := range site.Indicators {
			row = append(row, value(town.Values[ind.ID].At(i), ind.Decimals))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// TownWorkbook is the town's table with a chart of each indicator's trend.
func TownWorkbook(site *model.Site, town *model.Town) ([]byte, error) {
	t := TownTable(site, town)
	// Year cells as text make the chart's categories; the CSV keeps numbers.
	sheet := *t
	sheet.Rows = nil
	for _, row := range t.Rows {
		r := slices.Clone(row)
		r[0] = Text(row[0].Num.String())
		sheet.Rows = append(sheet.Rows, r)
	}
	for k, ind := range site.Indicators[:min(2, len(site.Indicators))] {
		sheet.Charts = append(sheet.Charts, ChartSpec{Title: bi(town.Name, town.NameEn) + " · " + ind.Name, Kind: "col", Category: 0, Values: []int{1 + k}, YAxisTitle: ind.Unit})
	}
	cfg := site.Config.Site
	return Workbook(Props{
		Title: town.Name, Subject: cfg.Title, Creator: cfg.Organiser, Description: town.NameEn,
		Language: "zh-CN", Time: FixedTime(site),
	}, []*Table{&sheet})
}

// DataWorkbook is the whole dataset as a workbook, one sheet per table.
func DataWorkbook(site *model.Site) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteDataWorkbook(&buf, site); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteDataWorkbook writes DataWorkbook to w as it is made.
func WriteDataWorkbook(w io.Writer, site *model.Site) error {
	cfg := site.Config.Site
	return WriteWorkbook(w, Props{
		Title: bi(cfg.Title, cfg.TitleEn) + " · " + bi("全部数据", "all data"), Subject: cfg.Title, Creator: cfg.Organiser,
		Description: cfg.Description, Keywords: "专业镇; specialty towns; statistics", Language: "zh-CN", Time: FixedTime(site),
	}, DataTables(site))
}

// valuesWideTable is every value, a row per town and year and a column per
// indicator (its unit in the header); a missing value stays empty. It is
// laid out as statistical tables and the input workbooks are, and as
// easily read by programs (the datapackage names each column's unit); a
// row per town, year and indicator repeated the names and was 458 MB of
// CSV for a national site, this is a tenth of that.
func valuesWideTable(site *model.Site) *Table {
	t := &Table{Rule: site.Rule,
		Name: "values", Sheet: "数值 values", Title: bi("各专业镇历年指标数值", "Values by town and year"),
		Description: "One row per town and year, one column per indicator; a value is empty when the town reported no data.",
		Columns: []Column{
			{Name: "town_id", Title: bi("专业镇编号", "Town ID"), Type: "string"},
			{Name: "town", Title: bi("专业镇", "Town"), Type: "string"},
			{Name: "tier_id", Title: bi("梯队编号", "Tier ID"), Type: "string"},
			{Name: "year", Title: bi("年份", "Year"), Type: "year"},
		},
		Notes: dataNotes(site),
	}
	for _, ind := range site.Indicators {
		t.Columns = append(t.Columns, indicatorColumn(ind))
	}
	years := len(site.Years)
	t.N = len(site.Towns) * years
	t.Make = func(k int, row []Cell) []Cell {
		town, i := site.Towns[k/years], k%years
		row = append(row, Text(town.ID), Text(town.Name), Text(town.Tier.ID), Int(site.Years[i]))
		for _, ind := range site.Indicators {
			row = append(row, value(town.Values[ind.ID].At(i), ind.Decimals))
		}
		return row
	}
	return t
}

// kindOf is "rate" or "level", as config's kind names them.
func kindOf(ind *model.Indicator) string {
	if ind.Rate() {
		return "rate"
	}
	return "level"
}

// indicatorColumn is an indicator's column in a wide table: its name and
// unit in both languages as the header.
func indicatorColumn(ind *model.Indicator) Column {
	return Column{Name: ind.ID, Title: bi(ind.Name+"（"+ind.Unit+"）", ind.NameEn+" ("+ind.UnitEn+")"), Type: "number", Unit: ind.Unit, Decimals: ind.Decimals}
}

// DataJSON is the dataset for programs: towns with their series, indicators,
// tiers and targets. Missing values are null.
//
// The towns, most of the file (101 MB at national scale), are written
// straight into the output as encoding/json would indent them; the rest is
// small and goes through encoding/json. (Before, the whole document was
// built as maps of *json.Number, encoded, then indented: three copies of a
// national file in memory at once.) TestDataJSONMatchesEncodingJSON holds
// the bytes to what encoding/json writes for the same document.
func DataJSON(site *model.Site) ([]byte, error) {
	var buf bytes.Buffer
	err := WriteDataJSON(&buf, site)
	return buf.Bytes(), err
}

// WriteDataJSON writes DataJSON to w as it is made.
func WriteDataJSON(w io.Writer, site *model.Site) error {
	type tier struct {
		ID        string   `json:"id"`
		Name      string   `json:"name"`
		NameEn    string   `json:"name_en,omitempty"`
		Announced int      `json:"announced,omitempty"`
		Towns     []string `json:"towns"`
	}
	type indicator struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		NameEn   string `json:"name_en,omitempty"`
		Unit     string `json:"unit"`
		UnitEn   string `json:"unit_en,omitempty"`
		Decimals int    `json:"decimals"`
		Sum      bool   `json:"sum"`
		Higher   bool   `json:"higher_is_better"`
		Kind     string `json:"kind"`
		Numer    string `json:"numerator,omitempty"`
		Denom    string `json:"denominator,omitempty"`
	}
	type target struct {
		ID        string       `json:"id"`
		Year      int          `json:"year"`
		Text      string       `json:"text"`
		TextEn    string       `json:"text_en,omitempty"`
		Indicator string       `json:"indicator,omitempty"`
		Scope     []string     `json:"scope"`
		Measure   string       `json:"measure"`
		Compare   string       `json:"compare"`
		Value     json.Number  `json:"value"`
		Unit      string       `json:"unit"`
		Decimals  int          `json:"decimals"`
		Actual    *json.Number `json:"actual"`
		Gap       *json.Number `json:"gap"`
		TownsMet  *json.Number `json:"towns_met"`
		Reporting *json.Number `json:"reporting"`
		Towns     *json.Number `json:"towns"`
		Missing   []string     `json:"missing"`
		Status    string       `json:"status"`
	}
	cfg := site.Config.Site
	head := struct {
		Title      string `json:"title"`
		TitleEn    string `json:"title_en,omitempty"`
		Source     string `json:"source"`
		SourceEn   string `json:"source_en,omitempty"`
		SampleData bool   `json:"sample_data"`
		Note       string `json:"note,omitempty"`
		Rounding   string `json:"rounding"`
	}{cfg.Title, cfg.TitleEn, cfg.Source, cfg.SourceEn, cfg.SampleData, cfg.Note, site.Rule.String()}
	years := site.Years
	if years == nil {
		years = []int{}
	}
	var tiers []tier
	for _, t := range site.Tiers {
		tr := tier{ID: t.ID, Name: t.Name, NameEn: t.NameEn, Announced: t.Announced, Towns: []string{}}
		for _, town := range t.Towns {
			tr.Towns = append(tr.Towns, town.ID)
		}
		tiers = append(tiers, tr)
	}
	var indicators []indicator
	for _, ind := range site.Indicators {
		indicators = append(indicators, indicator{ind.ID, ind.Name, ind.NameEn, ind.Unit, ind.UnitEn, ind.Decimals, ind.Summed(), ind.Better(),
			kindOf(ind), ind.Indicator.Numerator, ind.Indicator.Denominator})
	}
	var targets []target
	number := func(c Cell) *json.Number {
		if !c.IsNum {
			return nil
		}
		n := json.Number(c.Num.Data(c.Decimals, site.Rule))
		return &n
	}
	for _, tr := range site.Targets {
		tc := targetFigures(tr)
		targets = append(targets, target{tr.ID, tr.Year, tr.Text, tr.TextEn, tr.Target.Indicator, tc.scope, string(tr.Measure), tr.Compare,
			json.Number(tr.Goal.String()), tc.unit, tc.decimals, number(tc.actual), number(value(tr.Gap(), tc.decimals)),
			number(tc.met), number(tc.reporting), number(tc.of), tc.missing, string(tr.Status)})
	}

	buf := &errWriter{w: w}
	indent := func(v any, prefix string) ([]byte, error) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetIndent(prefix, "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
	}
	field := func(name string, v any) error {
		b, err := indent(v, "  ")
		if err != nil {
			return fmt.Errorf("json %s: %w", name, err)
		}
		buf.WriteString(",\n  \"" + name + "\": ")
		buf.Write(b)
		return nil
	}
	b, err := indent(head, "")
	if err != nil {
		return fmt.Errorf("json: %w", err)
	}
	buf.Write(b[:len(b)-2]) // without the closing "\n}"
	for _, f := range []struct {
		name string
		v    any
	}{{"years", years}, {"tiers", tiers}, {"indicators", indicators}} {
		if err := field(f.name, f.v); err != nil {
			return err
		}
	}
	buf.WriteString(",\n  \"towns\": ")
	if err := appendTownsJSON(buf, site); err != nil {
		return err
	}
	if err := field("totals", rowsJSON(totalsTable(site))); err != nil {
		return err
	}
	if err := field("targets", targets); err != nil {
		return err
	}
	buf.WriteString("\n}\n")
	return buf.err
}

// appendTownsJSON writes the towns array as encoding/json indents it at
// the document's second level, each indicator's values sorted by id as
// encoding/json sorts map keys.
func appendTownsJSON(buf *errWriter, site *model.Site) error {
	if len(site.Towns) == 0 {
		buf.WriteString("null")
		return nil
	}
	inds := slices.Clone(site.Indicators)
	slices.SortFunc(inds, func(a, b *model.Indicator) int { return strings.Compare(a.ID, b.ID) })
	b := make([]byte, 0, 1<<16+4096)
	str := func(key, v string, omitEmpty bool) {
		if omitEmpty && v == "" {
			return
		}
		b = append(b, ",\n      \""...)
		b = append(b, key...)
		b = append(b, "\": "...)
		b = appendJSONString(b, v)
	}
	b = append(b, '[')
	for k, t := range site.Towns {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {\n      \"id\": "...)
		b = appendJSONString(b, t.ID)
		str("name", t.Name, false)
		str("name_en", t.NameEn, true)
		str("tier", t.Tier.ID, false)
		str("county", t.County, true)
		str("county_en", t.CountyEn, true)
		str("industry", t.Industry, true)
		str("industry_en", t.IndustryEn, true)
		if t.Recognised != 0 {
			b = append(b, ",\n      \"recognised\": "...)
			b = strconv.AppendInt(b, int64(t.Recognised), 10)
		}
		str("enterprises", t.Enterprises, true)
		b = append(b, ",\n      \"values\": {"...)
		for n, ind := range inds {
			if n > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n        "...)
			b = appendJSONString(b, ind.ID)
			b = append(b, ": ["...)
			series := t.Values[ind.ID]
			for i := range site.Years {
				if i > 0 {
					b = append(b, ',')
				}
				b = append(b, "\n          "...)
				v := series.At(i)
				if v.Valid() {
					b = v.AppendText(b)
				} else {
					b = append(b, "null"...)
				}
			}
			if len(site.Years) > 0 {
				b = append(b, "\n        "...)
			}
			b = append(b, ']')
		}
		if len(inds) > 0 {
			b = append(b, "\n      "...)
		}
		b = append(b, "}\n    }"...)
		if len(b) >= 1<<16 {
			buf.Write(b)
			b = b[:0]
		}
	}
	b = append(b, "\n  ]"...)
	buf.Write(b)
	return buf.err
}

// rowsJSON is a data table's rows as a JSON array of objects, a field per
// column in the columns' order, each value as the table's CSV carries it:
// a number as a JSON number, a missing one as null, a boolean column's
// text as true or false.
func rowsJSON(t *Table) json.RawMessage {
	b := []byte{'['}
	row := make([]Cell, 0, len(t.Columns))
	for i := range t.Len() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		row = t.Row(i, row)
		for j, c := range row {
			col := t.Columns[j]
			if j > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, col.Name)
			b = append(b, ':')
			switch {
			case c.IsNum:
				b = append(b, t.plain(c, col)...)
			case col.Type == "boolean" && (c.Text == "true" || c.Text == "false"):
				b = append(b, c.Text...)
			case col.Type != "string" && c.Missing():
				b = append(b, "null"...)
			default:
				b = appendJSONString(b, c.Text)
			}
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// errWriter keeps the first error of its writes, so a long run of writes
// is checked once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *errWriter) WriteString(s string) { e.Write([]byte(s)) }

// appendJSONString quotes s as encoding/json does without HTML escaping.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				const hex = "0123456789abcdef"
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, `\u202`...)
			b = append(b, "0123456789abcdef"[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// marshal indents JSON; encoding/json sorts map keys, so output is stable.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("json: %w", err)
	}
	return buf.Bytes(), nil
}

// DataPackage describes CSV resources as a Frictionless tabular data
// package (https://specs.frictionlessdata.io/tabular-data-package/).
// paths are the resources' paths relative to datapackage.json.
func DataPackage(site *model.Site, tables []*Table, paths []string) ([]byte, error) {
	type field struct {
		Name        string `json:"name"`
		Title       string `json:"title,omitempty"`
		Type        string `json:"type"`
		Unit        string `json:"unit,omitempty"`
		Description string `json:"description,omitempty"`
	}
	type schema struct {
		Fields        []field  `json:"fields"`
		MissingValues []string `json:"missingValues"`
	}
	type dialect struct {
		Delimiter      string `json:"delimiter"`
		LineTerminator string `json:"lineTerminator"`
		QuoteChar      string `json:"quoteChar"`
		DoubleQuote    bool   `json:"doubleQuote"`
		Header         bool   `json:"header"`
	}
	type resource struct {
		Name        string  `json:"name"`
		Path        string  `json:"path"`
		Title       string  `json:"title"`
		Description string  `json:"description,omitempty"`
		Profile     string  `json:"profile"`
		Format      string  `json:"format"`
		Mediatype   string  `json:"mediatype"`
		Encoding    string  `json:"encoding"`
		Dialect     dialect `json:"dialect"`
		Schema      schema  `json:"schema"`
	}
	type source struct {
		Title string `json:"title"`
	}
	cfg := site.Config.Site
	pkg := struct {
		Profile     string     `json:"profile"`
		Name        string     `json:"name"`
		Title       string     `json:"title"`
		Description string     `json:"description"`
		Sources     []source   `json:"sources"`
		Keywords    []string   `json:"keywords"`
		Created     string     `json:"created"`
		Resources   []resource `json:"resources"`
	}{
		Profile: "tabular-data-package", Name: "townpress-data",
		Title: bi(cfg.Title, cfg.TitleEn), Description: cfg.Description + " " + cfg.DescEn,
		Sources:  []source{{Title: cfg.Source}},
		Keywords: []string{"专业镇", "specialty towns", "statistics"},
		Created:  FixedTime(site),
	}
	if cfg.SampleData {
		pkg.Description += " 示例数据 / Sample data: unless a source is named, the figures are illustrative."
	}
	for i, t := range tables {
		r := resource{Name: t.Name, Path: paths[i], Title: t.Title, Description: t.Description,
			Profile: "tabular-data-resource", Format: "csv", Mediatype: "text/csv", Encoding: "utf-8-sig",
			Dialect: dialect{Delimiter: ",", LineTerminator: "\r\n", QuoteChar: "\"", DoubleQuote: true, Header: true},
			Schema:  schema{MissingValues: []string{""}}}
		for _, c := range t.Columns {
			typ := c.Type
			if typ == "" {
				typ = "string"
			}
			r.Schema.Fields = append(r.Schema.Fields, field{Name: c.Name, Title: c.Title, Type: typ, Unit: c.Unit, Description: fieldDescription(site, c)})
		}
		if t.Note != "" {
			r.Schema.Fields = append(r.Schema.Fields, field{Name: NoteColumn, Title: bi("说明", "Note"), Type: "string",
				Description: "\"" + t.Note + "\" on every row: the site's figures are sample data, illustrative unless a source is named (site.sample_data)."})
		}
		pkg.Resources = append(pkg.Resources, r)
	}
	return marshal(pkg)
}

// fieldDescription says what a number field's values are: as typed, or
// for a derived figure rounded as the pages show it; never a fixed count
// of decimals, which a typed figure does not have.
func fieldDescription(site *model.Site, c Column) string {
	switch {
	case c.Type != "number":
		return ""
	case c.Name == "growth_pct" || c.Name == "change_pp":
		return fmt.Sprintf("Derived: rounded as the pages show it (%s), to the places of the indicator's change (growth: %d).", site.Rule, model.GrowthDecimals)
	case site.Indicator(c.Name) != nil:
		ind := site.Indicator(c.Name)
		return fmt.Sprintf("%s in %s, as typed in the source workbook, every digit kept; pages show it to %d decimals.", ind.NameEn, ind.Unit, ind.Decimals)
	}
	return fmt.Sprintf("Typed and summed figures keep every digit; derived ones (a rate's total) are rounded as the pages show them (%s).", site.Rule)
}

// SHA256Sums lists files in the format `sha256sum -c` reads: the hash, two
// spaces, the name; sorted by name.
func SHA256Sums(files map[string][]byte) []byte {
	sums := make(map[string][32]byte, len(files))
	for n, b := range files {
		sums[n] = sha256.Sum256(b)
	}
	return SHA256SumsOf(sums)
}

// SHA256SumsOf is SHA256Sums from digests already taken, so a build need
// not keep the files themselves.
func SHA256SumsOf(sums map[string][32]byte) []byte {
	names := make([]string, 0, len(sums))
	for n := range sums {
		names = append(names, n)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, n := range names {
		sum := sums[n]
		b.WriteString(hex.EncodeToString(sum[:]) + "  " + n + "\n")
	}
	return []byte(b.String())
}
