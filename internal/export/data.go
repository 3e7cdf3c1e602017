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
	"github.com/townpress/townpress/internal/status"
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
	if len(site.Notes) > 0 {
		tables = append(tables, notesTable(site))
	}
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
	}
	l := layoutOf(site)
	if l.flags != 0 {
		notes = append(notes, "注：数字旁的“状态”列说明数字的性质（初步数、修订数等）或空白的原因（保密、不适用、小于所示数值）。"+
			"Note: a figure's status column says what it is (provisional, revised …) or why it is blank (confidential, not applicable, below the value shown).")
	}
	if len(site.Notes) > 0 {
		notes = append(notes, "注：“注”列为数字注释的编号，注释见“注释”表。Note: a note column numbers the figure's footnote, in the notes sheet.")
	}
	if l.flags.Has(status.Below) {
		notes = append(notes, "注：“上限”列为“<0.1”一类数字的上限。Note: a bound column holds the bound of a figure such as <0.1.")
	}
	if l.flags != 0 {
		for _, f := range legendFlags(l.flags) {
			w, symbol := f.Words(), ""
			if s := legendSymbol(f); s != "" {
				symbol = "（" + s + "）" // a mark without a symbol is only a key in the data files
			}
			notes = append(notes, "  "+f.Key()+symbol+"："+w.Name+"，"+w.Meaning+"。"+w.NameEn+": "+w.MeaningEn+".")
		}
	}
	notes = append(notes, bi("数据来源："+cfg.Source, "Source: "+cfg.SourceEn))
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
			{Name: "growth_basis", Title: bi("增速口径", "Growth basis"), Type: "string"},
			{Name: "definition", Title: bi("指标解释", "Definition"), Type: "string"},
			{Name: "definition_en", Title: bi("指标解释（英文）", "Definition (English)"), Type: "string"},
			{Name: "scope", Title: bi("统计范围", "Scope"), Type: "string"},
			{Name: "scope_en", Title: bi("统计范围（英文）", "Scope (English)"), Type: "string"},
			{Name: "method", Title: bi("计算方法", "Method"), Type: "string"},
			{Name: "method_en", Title: bi("计算方法（英文）", "Method (English)"), Type: "string"},
			{Name: "source", Title: bi("资料来源", "Source"), Type: "string"},
			{Name: "source_en", Title: bi("资料来源（英文）", "Source (English)"), Type: "string"},
			{Name: "frequency", Title: bi("统计频率", "Frequency"), Type: "string"},
			{Name: "frequency_en", Title: bi("统计频率（英文）", "Frequency (English)"), Type: "string"},
			{Name: "updated", Title: bi("更新日期", "Last updated"), Type: "string"},
			{Name: "next_update", Title: bi("下次更新", "Next update"), Type: "string"},
			{Name: "breaks", Title: bi("口径变化", "Breaks in the series"), Type: "string"},
			{Name: "breaks_en", Title: bi("口径变化（英文）", "Breaks in the series (English)"), Type: "string"},
		},
		Notes: dataNotes(site),
	}
	for _, ind := range site.Indicators {
		m := ind.Meta
		t.Rows = append(t.Rows, []Cell{
			Text(ind.ID), Text(ind.Name), Text(ind.NameEn), Text(ind.Unit), Text(ind.UnitEn), Int(ind.Decimals),
			Text(fmt.Sprint(ind.Better())), Text(fmt.Sprint(ind.Summed())), Text(kindOf(ind)),
			Text(ind.Indicator.Numerator), Text(ind.Indicator.Denominator), Text(ind.Description), Text(growthBasis(ind)),
			Text(m.Definition), Text(m.DefinitionEn), Text(m.Scope), Text(m.ScopeEn), Text(m.Method), Text(m.MethodEn),
			Text(m.Source), Text(m.SourceEn), Text(m.Frequency), Text(m.FrequencyEn), Text(m.Updated), Text(m.NextUpdate),
			Text(m.Breaks), Text(m.BreaksEn),
		})
	}
	return t
}

// growthBasis is what an indicator's typed growth is: "comparable" (at
// comparable prices, 按可比价计算) or "nominal"; "" for a rate, whose
// change is in percentage points.
func growthBasis(ind *model.Indicator) string {
	switch {
	case ind.Rate():
		return ""
	case ind.Comparable():
		return "comparable"
	}
	return "nominal"
}

// notesTable is the footnotes of figures, numbered as the note columns
// of the other tables refer to them.
func notesTable(site *model.Site) *Table {
	t := &Table{Rule: site.Rule,
		Name: "notes", Sheet: "注释 notes", Title: bi("注释", "Notes on figures"),
		Description: "The footnotes of figures, as the source workbooks give them (a ① mark and its note row, or a cell comment), and in English where they give it (a 注（英文） row, a comment's （英文） line; empty where not). note_id is what a figure's <indicator>_note column (values.csv, the town files) and the value_note column of totals.csv hold.",
		Columns: []Column{
			{Name: "note_id", Title: bi("注释编号", "Note"), Type: "integer"},
			{Name: "text", Title: bi("注释", "Text"), Type: "string"},
			{Name: "text_en", Title: bi("注释（英文）", "Text (English)"), Type: "string"},
		},
		Notes: dataNotes(site),
	}
	for i, n := range site.Notes {
		t.Rows = append(t.Rows, []Cell{Int(i + 1), Text(n.Text), Text(n.TextEn)})
	}
	return t
}

// totalsTable is every total of every scope (each tier, and "all"), year
// and indicator with totals, with the towns it covers this year and the
// year before, and its change on the year before over the towns that
// reported in both (matched): a level's change in its unit and growth in
// percent, a rate's change in percentage points. Where the change is
// missing, growth_note says why; break says the towns behind the two
// years' totals differ. basis says whether the total is the office's own
// (official, with the sum of the towns beside it in summed) or the
// towns' (summed, or a rate's ratio); growth_origin whether the change
// is the office's as typed or computed, and growth_comparable whether it
// is at comparable prices.
func totalsTable(site *model.Site) *Table {
	t := &Table{Rule: site.Rule,
		Name: "totals", Sheet: "合计 totals", Title: bi("各梯队及全市合计", "Totals by tier and for the city"),
		Description: "Every total per tier and for all towns (scope \"all\"), year and indicator with totals: the office's own total (basis official: a 合计 or 其中 row of the source workbooks, published as given; " +
			"summed is then the towns' own total beside it, for reconciliation), else a level's sum over the towns that reported (basis summed) or a rate's ratio of its numerator's and denominator's sums (basis ratio). " +
			"value_status holds the total's marks (a total of provisional figures is provisional) or why it is blank, value_note its footnote in notes.csv, value_bound the bound of a total such as <0.1. " +
			"reporting of towns (the members that year) reported; prev_reporting of prev_towns the year before. matched towns reported in both years: change (in the unit) and growth_pct are over them, " +
			"so change equals value - previous only when break is false. A rate has change_pp (percentage points between the two years' totals) and no growth. " +
			"Each figure's marks are in the column after it, named for it with _status (previous_status, change_status, growth_pct_status, change_pp_status). " +
			"growth_origin is typed (the office's growth, or change in points, as its total row gives it) or computed; growth_comparable is true for a typed growth at comparable prices (按可比价计算). growth_note says why a change is empty.",
		Columns: []Column{
			{Name: "scope", Title: bi("范围编号", "Scope ID"), Type: "string"},
			{Name: "scope_name", Title: bi("范围", "Scope"), Type: "string"},
			{Name: "year", Title: bi("年份", "Year"), Type: "year"},
			{Name: "indicator_id", Title: bi("指标编号", "Indicator ID"), Type: "string"},
			{Name: "indicator", Title: bi("指标", "Indicator"), Type: "string"},
			{Name: "unit", Title: bi("单位", "Unit"), Type: "string"},
			{Name: "value", Title: bi("合计", "Total"), Type: "number"},
			{Name: "value_status", Title: bi("合计·状态", "Total · status"), Type: "string"},
			{Name: "value_note", Title: bi("合计·注", "Total · note"), Type: "integer"},
			{Name: "value_bound", Title: bi("合计·上限", "Total · bound"), Type: "number"},
			{Name: "basis", Title: bi("合计依据", "Basis of the total"), Type: "string"},
			{Name: "summed", Title: bi("各镇合计（核对）", "Towns' total (reconciliation)"), Type: "number"},
			{Name: "reporting", Title: bi("报送专业镇数", "Towns reporting"), Type: "integer"},
			{Name: "towns", Title: bi("专业镇数", "Towns"), Type: "integer"},
			{Name: "previous", Title: bi("上年合计", "Total the year before"), Type: "number"},
			{Name: "previous_status", Title: bi("上年合计·状态", "Total the year before · status"), Type: "string"},
			{Name: "prev_reporting", Title: bi("上年报送专业镇数", "Towns reporting the year before"), Type: "integer"},
			{Name: "prev_towns", Title: bi("上年专业镇数", "Towns the year before"), Type: "integer"},
			{Name: "matched", Title: bi("可比专业镇数", "Towns matched"), Type: "integer"},
			{Name: "change", Title: bi("同比变化（可比口径）", "Change (matched)"), Type: "number"},
			{Name: "change_status", Title: bi("同比变化·状态", "Change · status"), Type: "string"},
			{Name: "growth_pct", Title: bi("同比增长（%，可比口径）", "Growth (%, matched)"), Type: "number", Decimals: model.GrowthDecimals, Unit: "%"},
			{Name: "growth_pct_status", Title: bi("同比增长·状态", "Growth · status"), Type: "string"},
			{Name: "change_pp", Title: bi("同比增减（百分点）", "Change (percentage points)"), Type: "number", Unit: "percentage points"},
			{Name: "change_pp_status", Title: bi("同比增减·状态", "Change in points · status"), Type: "string"},
			{Name: "growth_origin", Title: bi("增长来源", "Growth origin"), Type: "string"},
			{Name: "growth_comparable", Title: bi("按可比价计算", "At comparable prices"), Type: "boolean"},
			{Name: "growth_note", Title: bi("无增长说明", "Why no change"), Type: "string"},
			{Name: "break", Title: bi("报送范围变化", "Coverage changed"), Type: "boolean"},
		},
		Notes: dataNotes(site),
	}
	for _, sc := range scopesOf(site) {
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

// scope is a set of tiers whose totals the data files give: each tier,
// and every tier ("all").
type scope struct {
	id, name string
	tiers    []*model.Tier
}

func scopesOf(site *model.Site) []scope {
	var scopes []scope
	for _, tier := range site.Tiers {
		scopes = append(scopes, scope{tier.ID, tier.Name, []*model.Tier{tier}})
	}
	return append(scopes, scope{"all", "全部", site.Tiers})
}

// Basis is what a total is: the office's own (official), the sum of the
// towns that reported (summed), or a rate's ratio of its parts' sums
// (ratio); "" for a total there is none of.
func basisOf(ind *model.Indicator, f model.Figure) string {
	switch {
	case f.Official:
		return "official"
	case !f.Value.Valid() && f.Value.Flag == 0:
		return ""
	case ind.Numerator != nil:
		return "ratio"
	case ind.Summed():
		return "summed"
	}
	return ""
}

// origin is where a change comes from: typed (the office's, as
// published) or computed; "" for no change.
func origin(d model.Delta) string {
	switch {
	case d.Typed:
		return "typed"
	case d.Valid():
		return "computed"
	}
	return ""
}

// comparable is whether a change is a growth at comparable prices: true
// or false beside a growth, "" without one.
func comparable(d model.Delta) string {
	if !d.Valid() || d.Points {
		return ""
	}
	return strconv.FormatBool(d.Comparable)
}

// figureCells are a total's cells from value on, in the columns of
// totalsTable: its marks, its basis, its coverage, the year before's,
// and its change on the matched basis. The first year (hasPrev false)
// has no year before to count.
func figureCells(ind *model.Indicator, f model.Figure, hasPrev bool) []Cell {
	prevReporting, prevOf, matched := NoNum(), NoNum(), NoNum()
	if hasPrev {
		prevReporting, prevOf = Int(f.PrevReporting), Int(f.PrevOf)
		if !ind.Rate() {
			matched = Int(f.Matched)
		}
	}
	// Each figure with its status in the column after it (X, X_status).
	change, growth, points := []Cell{value(f.Change, ind.Decimals), Text(statusOf(f.Change))},
		[]Cell{value(f.Delta.Value, f.Delta.Decimals), Text(statusOf(f.Delta.Value))}, []Cell{NoNum(), Text("")}
	if ind.Rate() {
		change, growth, points = []Cell{NoNum(), Text("")}, []Cell{NoNum(), Text("")}, growth
	}
	summed := NoNum()
	if f.Official {
		summed = value(f.Summed, ind.Decimals)
	}
	cells := (figureColumns{status: true, note: true, bound: true}).cells(make([]Cell, 0, 30), f.Value, ind.Decimals)
	cells = append(cells,
		Text(basisOf(ind, f)), summed, Int(f.Reporting), Int(f.Of),
		value(f.Previous, ind.Decimals), Text(statusOf(f.Previous)), prevReporting, prevOf, matched)
	cells = append(append(append(cells, change...), growth...), points...)
	return append(cells, Text(origin(f.Delta)), Text(comparable(f.Delta)),
		Text(whyCode(f.Delta.Why)), Text(strconv.FormatBool(f.Break())),
	)
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
			{Name: "actual_status", Title: bi("实际·状态", "Actual · status"), Type: "string"},
			{Name: "basis", Title: bi("合计依据", "Basis of the total"), Type: "string"},
			{Name: "growth_origin", Title: bi("增长来源", "Growth origin"), Type: "string"},
			{Name: "growth_comparable", Title: bi("按可比价计算", "At comparable prices"), Type: "boolean"},
		},
		Notes: dataNotes(site),
	}
	for _, tr := range site.Targets {
		tc := targetFigures(tr)
		t.Rows = append(t.Rows, []Cell{
			Text(tr.ID), Int(tr.Year), Text(tr.Text), Text(tr.TextEn), Text(strings.Join(tc.scope, "+")), Text(tr.Target.Indicator),
			Text(string(tr.Measure)), Text(tr.Compare), Num(tr.Goal, tc.decimals), Text(tc.unit), Int(tc.decimals),
			tc.actual, value(tr.Gap(), tc.decimals), tc.met, tc.reporting, tc.of, Text(strings.Join(tc.missing, " ")),
			Text(string(tr.Status)), Text(tr.Source), Text(tc.status), Text(tc.basis), Text(tc.origin), Text(tc.comparable),
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
	// status is the actual's marks (statusOf); basis the basis of the
	// total it reads (basisOf), origin and comparable its growth's.
	status, basis, origin, comparable string
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
	switch tr.Measure {
	case config.Total:
		c.status, c.basis = statusOf(tr.Actual), basisOf(tr.Indicator, tr.Figure)
	case config.Growth:
		c.status, c.basis = statusOf(tr.Actual), basisOf(tr.Indicator, tr.Figure)
		c.origin, c.comparable = origin(tr.Figure.Delta), comparable(tr.Figure.Delta)
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
	l := layoutOf(site)
	for _, ind := range site.Indicators {
		t.Columns = append(t.Columns, l.indicatorColumns(ind)...)
	}
	var shown Shown
	// Made at their full length: a build makes a table per town.
	t.Rows = make([][]Cell, 0, len(site.Years))
	for i, y := range site.Years {
		row := append(make([]Cell, 0, len(t.Columns)), Int(y))
		for _, ind := range site.Indicators {
			row = l.indicatorCells(row, town, ind, i)
		}
		for _, c := range row {
			shown.add(c)
		}
		t.Rows = append(t.Rows, row)
	}
	// A town's file forwarded alone keeps its footnotes' texts.
	for _, n := range shown.Notes() {
		t.Notes = append(t.Notes, bi("注", "Note")+" "+strconv.Itoa(int(n))+"："+site.Notes[n-1].Text)
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
	l, col := layoutOf(site), 1
	for _, ind := range site.Indicators[:min(2, len(site.Indicators))] {
		sheet.Charts = append(sheet.Charts, ChartSpec{Title: bi(town.Name, town.NameEn) + " · " + ind.Name, Kind: "col", Category: 0, Values: []int{col}, YAxisTitle: ind.Unit})
		col += len(l.indicatorColumns(ind))
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
	return WriteWorkbook(w, DataProps(site), DataTables(site))
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
		Description: "One row per town and year, one column per indicator (its id), as typed; a value is empty when the town reported no data, or when <id>_status says why it is blank (confidential, not_applicable, below). " +
			"Beside an indicator's column, when the site's figures of it need them: <id>_status (the figure's marks, status keys joined by +, empty for a final figure), <id>_note (its footnote's note_id in notes.csv), <id>_bound (the bound of a figure below the precision shown, <0.1: status below, value empty); " +
			"<id>_growth_typed (a rate: <id>_change_pp_typed) is the office's growth in percent (a rate's change in percentage points) as the source workbook types it, empty where it types none, with its own status and note columns.",
		Columns: []Column{
			{Name: "town_id", Title: bi("专业镇编号", "Town ID"), Type: "string"},
			{Name: "town", Title: bi("专业镇", "Town"), Type: "string"},
			{Name: "tier_id", Title: bi("梯队编号", "Tier ID"), Type: "string"},
			{Name: "year", Title: bi("年份", "Year"), Type: "year"},
		},
		Notes: dataNotes(site),
	}
	l := layoutOf(site)
	for _, ind := range site.Indicators {
		t.Columns = append(t.Columns, l.indicatorColumns(ind)...)
	}
	years := len(site.Years)
	t.N = len(site.Towns) * years
	t.Make = func(k int, row []Cell) []Cell {
		town, i := site.Towns[k/years], k%years
		row = append(row, Text(town.ID), Text(town.Name), Text(town.Tier.ID), Int(site.Years[i]))
		for _, ind := range site.Indicators {
			row = l.indicatorCells(row, town, ind, i)
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
		Basis    string `json:"growth_basis,omitempty"`
		Meta     *meta  `json:"meta,omitempty"`
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
		Marks     string       `json:"actual_status"`
		Basis     string       `json:"basis"`
		Origin    string       `json:"growth_origin"`
		Compared  *bool        `json:"growth_comparable"`
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
			kindOf(ind), ind.Indicator.Numerator, ind.Indicator.Denominator, growthBasis(ind), metaOf(ind)})
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
			number(tc.met), number(tc.reporting), number(tc.of), tc.missing, string(tr.Status),
			tc.status, tc.basis, tc.origin, boolOf(tc.comparable)})
	}
	notes := make([]note, len(site.Notes))
	for i, n := range site.Notes {
		notes[i] = note{i + 1, n.Text, n.TextEn}
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
	}{{"years", years}, {"tiers", tiers}, {"indicators", indicators}, {"marks", legendJSON()}, {"notes", notes}} {
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

// meta is an indicator's definition (指标解释) in data.json.
type meta struct {
	Definition   string `json:"definition,omitempty"`
	DefinitionEn string `json:"definition_en,omitempty"`
	Scope        string `json:"scope,omitempty"`
	ScopeEn      string `json:"scope_en,omitempty"`
	Method       string `json:"method,omitempty"`
	MethodEn     string `json:"method_en,omitempty"`
	Source       string `json:"source,omitempty"`
	SourceEn     string `json:"source_en,omitempty"`
	Frequency    string `json:"frequency,omitempty"`
	FrequencyEn  string `json:"frequency_en,omitempty"`
	Updated      string `json:"updated,omitempty"`
	NextUpdate   string `json:"next_update,omitempty"`
	Breaks       string `json:"breaks,omitempty"`
	BreaksEn     string `json:"breaks_en,omitempty"`
}

// metaOf is an indicator's definition, nil when config gives none.
func metaOf(ind *model.Indicator) *meta {
	m := meta(ind.Meta)
	if m == (meta{}) {
		return nil
	}
	return &m
}

// note is a footnote of figures in data.json: its number, as a figure's
// notes refer to it, and its text, in English too where the workbook
// gives it ("" where not).
type note struct {
	ID     int    `json:"id"`
	Text   string `json:"text"`
	TextEn string `json:"text_en"`
}

// mark is a status mark as data.json's and datapackage.json's legend
// lists it: the key the data files write, the symbol the pages and
// report workbooks show, its name and meaning in both languages, and
// whether it leaves the figure blank.
type mark struct {
	Key       string `json:"key"`
	Symbol    string `json:"symbol"`
	Name      string `json:"name"`
	NameEn    string `json:"name_en"`
	Meaning   string `json:"meaning"`
	MeaningEn string `json:"meaning_en"`
	Blank     bool   `json:"blank"`
}

// legendJSON is every mark, in legend order.
func legendJSON() []mark {
	var out []mark
	for _, f := range status.Flags {
		w := f.Words()
		out = append(out, mark{f.Key(), f.Symbol(), w.Name, w.NameEn, w.Meaning, w.MeaningEn, f.Blank()})
	}
	return out
}

// boolOf is a boolean cell's text as JSON: nil for none.
func boolOf(s string) *bool {
	if s == "" {
		return nil
	}
	b := s == "true"
	return &b
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
	l := layoutOf(site)
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
		b = append(b, '}')
		b = appendMarksJSON(b, site, t, inds, l)
		b = append(b, "\n    }"...)
		if len(b) >= 1<<16 {
			buf.Write(b)
			b = b[:0]
		}
	}
	b = append(b, "\n  ]"...)
	buf.Write(b)
	return buf.err
}

// appendMarksJSON writes a town's marks, footnotes and bounds, and the
// office's typed changes with theirs, after its values: each an object of
// indicators (sorted by id) holding an object of years, only the figures
// that have one, and left out when the town has none. A year's provisional
// figures of a national site are half a million: a status per figure in
// arrays beside the values' would double data.json, this adds a fifth.
func appendMarksJSON(b []byte, site *model.Site, t *model.Town, inds []*model.Indicator, l *dataLayout) []byte {
	series := func(ind *model.Indicator, typed bool) model.Series {
		if typed {
			return t.Typed[ind.ID]
		}
		return t.Values[ind.ID]
	}
	for _, typed := range []bool{false, true} {
		if typed {
			if t.Typed == nil {
				break
			}
			// The typed changes themselves, an array beside the values.
			first := true
			for _, ind := range inds {
				s, ok := t.Typed[ind.ID]
				if !ok || !l.hasTyped[ind.Index] {
					continue
				}
				if first {
					b = append(b, ",\n      \"typed\": {"...)
				} else {
					b = append(b, ',')
				}
				first = false
				b = append(b, "\n        "...)
				b = appendJSONString(b, ind.ID)
				b = append(b, ": ["...)
				for i := range site.Years {
					if i > 0 {
						b = append(b, ',')
					}
					b = append(b, "\n          "...)
					if v := s.At(i); v.Valid() {
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
			if !first {
				b = append(b, "\n      }"...)
			}
		}
		for _, p := range marksJSON {
			key := p.key
			if typed {
				key = "typed_" + key
			}
			first := true
			for _, ind := range inds {
				cols := l.values[ind.Index]
				if typed {
					cols = l.typed[ind.Index]
				}
				if !p.in(cols) {
					continue // no town has one: a site without marks pays nothing
				}
				s := series(ind, typed)
				firstYear := true
				for i, v := range s {
					if v.Flag == 0 && v.Note == 0 || !p.of(v) {
						continue
					}
					switch {
					case first:
						b = append(b, ",\n      \""...)
						b = append(b, key...)
						b = append(b, "\": {"...)
						first = false
					case firstYear:
						b = append(b, ',')
					}
					if firstYear {
						b = append(b, "\n        "...)
						b = appendJSONString(b, ind.ID)
						b = append(b, ": {"...)
						firstYear = false
					} else {
						b = append(b, ',')
					}
					b = append(b, "\n          \""...)
					b = strconv.AppendInt(b, int64(site.Years[i]), 10)
					b = append(b, "\": "...)
					b = p.write(b, v)
				}
				if !firstYear {
					b = append(b, "\n        }"...)
				}
			}
			if !first {
				b = append(b, "\n      }"...)
			}
		}
	}
	return b
}

// marksJSON are the objects of a town's marks in data.json: each key,
// which figures have an entry, and how it is written.
var marksJSON = []struct {
	key   string
	in    func(c figureColumns) bool // whether any town's figure of an indicator has one
	of    func(v model.Value) bool
	write func(b []byte, v model.Value) []byte
}{
	{"status", func(c figureColumns) bool { return c.status }, func(v model.Value) bool { return statusOf(v) != "" },
		func(b []byte, v model.Value) []byte { return appendJSONString(b, statusOf(v)) }},
	{"notes", func(c figureColumns) bool { return c.note }, func(v model.Value) bool { return v.Note != 0 },
		func(b []byte, v model.Value) []byte { return strconv.AppendUint(b, uint64(v.Note), 10) }},
	{"bounds", func(c figureColumns) bool { return c.bound }, func(v model.Value) bool { return v.Flag.Has(status.Below) },
		func(b []byte, v model.Value) []byte { return v.AppendText(b) }},
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
	type constraints struct {
		Pattern string `json:"pattern,omitempty"`
	}
	type field struct {
		Name        string       `json:"name"`
		Title       string       `json:"title,omitempty"`
		Type        string       `json:"type"`
		Unit        string       `json:"unit,omitempty"`
		Description string       `json:"description,omitempty"`
		Constraints *constraints `json:"constraints,omitempty"`
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
		// Legend is townpress's own property: what the status fields'
		// keys mean.
		Legend []mark `json:"townpress_marks"`
	}{
		Profile: "tabular-data-package", Name: "townpress-data",
		Title: bi(cfg.Title, cfg.TitleEn), Description: cfg.Description + " " + cfg.DescEn,
		Sources:  []source{{Title: cfg.Source}},
		Keywords: []string{"专业镇", "specialty towns", "statistics"},
		Created:  FixedTime(site),
		Legend:   legendJSON(),
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
			f := field{Name: c.Name, Title: c.Title, Type: typ, Unit: c.Unit, Description: fieldDescription(site, c)}
			if strings.HasSuffix(c.Name, "_status") && c.Type == "string" {
				f.Constraints = &constraints{Pattern: statusPattern()}
			}
			r.Schema.Fields = append(r.Schema.Fields, f)
		}
		if t.Note != "" {
			r.Schema.Fields = append(r.Schema.Fields, field{Name: NoteColumn, Title: bi("说明", "Note"), Type: "string",
				Description: "\"" + t.Note + "\" on every row: the site's figures are sample data, illustrative unless a source is named (site.sample_data)."})
		}
		pkg.Resources = append(pkg.Resources, r)
	}
	return marshal(pkg)
}

// statusPattern is what a status field holds: keys of marks (status.Flag.Keys)
// joined by +, or nothing.
func statusPattern() string {
	var keys []string
	for _, f := range status.Flags {
		keys = append(keys, f.Key())
	}
	k := "(" + strings.Join(keys, "|") + ")"
	return "^(" + k + "(\\+" + k + ")*)?$"
}

// fieldDescription says what a field's values are: a number as typed, or
// for a derived figure rounded as the pages show it (never a fixed count
// of decimals, which a typed figure does not have); a figure's status,
// footnote and bound.
func fieldDescription(site *model.Site, c Column) string {
	for _, suffix := range []string{"_status", "_note", "_bound"} {
		of, ok := strings.CutSuffix(c.Name, suffix)
		if !ok || of == "" || c.Name == "growth_note" {
			continue // growth_note says why a change is missing: no footnote
		}
		switch suffix {
		case "_status":
			return "The marks of " + of + ": status keys joined by + (provisional, revised, estimated, break), or why it is blank (confidential, not_applicable, below: see townpress_marks); empty for a final figure and for no data."
		case "_note":
			return "The footnote of " + of + ": its note_id in notes.csv; empty for none."
		case "_bound":
			return "For a figure of " + of + " below the precision shown (status below, \"<0.1\"): the bound, as typed; " + of + " itself is empty."
		}
	}
	switch {
	case strings.HasSuffix(c.Name, "_growth_typed"):
		ind := site.Indicator(strings.TrimSuffix(c.Name, "_growth_typed"))
		basis := "at current prices (nominal)"
		if ind != nil && ind.Comparable() {
			basis = "at comparable prices (按可比价计算)"
		}
		return "The office's growth in percent, " + basis + ", as the source workbook types it: what the pages show; empty where it types none (the pages then compute it from the values)."
	case strings.HasSuffix(c.Name, "_change_pp_typed"):
		return "The office's change in percentage points as the source workbook types it: what the pages show; empty where it types none."
	case c.Name == "summed":
		return "Where value is the office's own total (basis official): the total of the towns that reported (a rate: the ratio of its parts' totals), for reconciliation; empty otherwise."
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
