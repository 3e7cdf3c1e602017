package oracle

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// A grid is any table an output holds: an HTML table, a chart's data, a
// CSV file, a sheet of a workbook. The oracle finds what each cell is by
// meaning — the row's town, tier, year or indicator, the column's
// indicator and measure, the caption's or page's year, tier, indicator or
// town — not by position, so that it keeps working while the layouts
// change, and then compares the cell with its own figure.

// kind is what a column holds.
type kind int

const (
	kNone          kind = iota // text, not a figure
	kKey                       // says which row this is (town, year, tier, indicator, target)
	kValue                     // a town's figure or a total
	kDelta                     // growth in percent, or a rate's change in points
	kGrowth                    // a column that says growth (增长, Growth %): a rate has none
	kPoints                    // a column that says percentage points: a level has none
	kChange                    // change in the indicator's unit
	kPrev                      // the figure of the year before
	kRank                      // rank (并列 shares)
	kReporting                 // towns that reported (or "r/n")
	kOf                        // members of the scope
	kMatched                   // towns reported in both years (the growth basis)
	kPrevReporting             // last year's coverage
	kPrevOf                    // last year's members
	kBreak                     // whether coverage differs from the year before
	kMet                       // towns meeting an "each" target
	kGoal                      // a target's value
	kActual                    // a target's actual
	kGap                       // actual less goal
	kStatus                    // met / not met / no data
	kSummed                    // the towns' sum beside an official total (for reconciliation)
	kBasis                     // what a total is: official, summed, a ratio
	kOrigin                    // where a total's growth comes from: typed, computed
	kComparable                // whether a total's typed growth is at comparable prices
	kUnknown                   // a header the oracle does not know
)

var kindNames = map[kind]string{kValue: "value", kDelta: "growth/change", kGrowth: "growth", kPoints: "change in points", kChange: "change", kPrev: "previous year's figure", kRank: "rank", kMet: "towns meeting it",
	kReporting: "reporting", kOf: "members", kMatched: "matched", kPrevReporting: "previous coverage", kPrevOf: "previous members", kBreak: "break",
	kGoal: "target value", kActual: "actual", kGap: "gap", kStatus: "status", kSummed: "towns' sum", kBasis: "basis", kOrigin: "growth origin", kComparable: "growth at comparable prices"}

// semantics says how an output must carry figures.
type semantics int

const (
	// display: rounded by the site's rule to the figure's places, as
	// pages, report tables and workbook number formats show them.
	display semantics = iota
	// data: at source precision (typed figures and sums exactly; growth
	// and ratios rounded no coarser than the pages show them).
	data
)

// gcell is a cell of a grid.
type gcell struct {
	text  string // as shown: page text, CSV text, or a workbook cell as Excel displays it
	raw   string // a workbook's stored value or a JSON number, when the cell has one
	isRaw bool
	mark  bool // an HTML cell with a note mark (<sup>, a note class or title)
	// links are where an HTML cell's marks link off its page (the r of a
	// revised figure to its revision entry), as the page writes them:
	// relative to it. A footnote's link to the page's own legend is not
	// one.
	links []string
	// marks is what the output says of the figure besides its text: an
	// HTML cell's superscripts and attributes, a chart point's other
	// keys, a workbook cell's comment (see marks_test.go).
	marks string
}

// grid is a table of an output.
type grid struct {
	where  string // file and table, for messages
	output string // output kind, for counts
	header []string
	rows   [][]gcell
	ctx    gctx
	sem    semantics
	// xlsx: cells hold a stored value (checked as data) and the text
	// Excel shows (checked as display).
	xlsx bool
	// firstRow is a workbook's row (0-based) of the grid's first row, so
	// that a finding names its cell (D7).
	firstRow int
	// firstIsKey: the first column names the row (HTML row headers).
	firstIsKey bool
	// noCoverage: the output cannot carry coverage beside a total (a
	// chart's option: its tooltip and table do).
	noCoverage bool
	// dataDownload: a data file or data workbook, where coverage columns
	// carry what a page says in a break note.
	dataDownload bool
	// rankOwnTier: ranks are within each town's own tier (a browser
	// data file's tierRank).
	rankOwnTier bool
	// page is the HTML page the grid is on, from the site's root ("" for
	// other outputs): its marks' links are read from there.
	page string
	// notes is the text of a table's notes (footer, paragraphs after it):
	// a note that names a year and its coverage or comparability marks
	// that year's break.
	notes string
	// noteIDs are the file's footnotes by number (notes.csv, a
	// workbook's 注释 sheet, data.json's notes), for its note columns.
	noteIDs map[string]string
}

// notesBreak reports whether a table's notes say that year's totals do
// not compare with the year before.
func notesBreak(notes string, year int) bool {
	sentences := strings.FieldsFunc(strings.ToLower(notes), func(r rune) bool {
		return r == '\n' || r == '。' || r == ';' || r == '；' || r == '.'
	})
	for _, sn := range sentences {
		if strings.Contains(sn, strconv.Itoa(year)) && containsAny(sn, "口径", "可比", "报送", "comparable", "coverage", "reported", "not compar") {
			return true
		}
	}
	return false
}

// gctx is what a page or caption says about every cell of a table.
type gctx struct {
	year   int
	ind    int // -1 unknown
	town   *town
	scope  string // tier id or "all"; "" unknown
	lang   string
	target int // -1
	// ranks: the table's unit is the rank (单位：排名): its year and town
	// columns hold ranks, not figures (a chart of ranks over the years).
	ranks bool
	// byGrowth: its ranks are by growth (增速排名), not by the figures.
	byGrowth bool
}

func noCtx() gctx { return gctx{ind: -1, target: -1} }

// hdr is a column's (or a row's) meaning.
type hdr struct {
	kind   kind
	ind    int
	town   *town
	scope  string
	year   int
	target int
	all    bool // "合计"/"Total": the table's own scope
	// typed: the column holds only the growth the office typed
	// (output_growth_typed, 增长（%，公布数）): empty where it typed none.
	typed bool
}

func newHdr() hdr { return hdr{ind: -1, target: -1} }

var (
	yearOnlyRE = regexp.MustCompile(`^(\d{4})\s*年?(度)?$`)
	// a row's year, with a note after it ("2021年（口径变化）")
	yearKeyRE = regexp.MustCompile(`^(\d{4})\s*(?:年度|年)?(?:$|[^\d.,/])`)
	yearInRE  = regexp.MustCompile(`(\d{4})`)
	// a coverage "7/8", "7 of 8"
	pairRE = regexp.MustCompile(`(\d[\d,]*)\s*(?:/|of)\s*(\d[\d,]*)`)
)

// words that make a column a key or plain text, folded by headerKey.
var keyWords = []string{"专业镇", "专业镇名称", "名称", "专业镇编号", "编号", "town", "townid", "town_id", "name", "id",
	"年份", "year", "scope", "scope_name", "scopeid", "scope_id", "范围", "范围编号", "梯队", "梯队编号", "tier", "tier_id", "tierid",
	"指标", "指标编号", "indicator", "indicator_id", "indicatorid", "目标", "target", "target_id", "targetid", "target_text",
	"适用范围", "appliesto"}

// ("county" is not here: it is also the county tier's English name; a
// column of county names is told from the tier's figures by its cells.)
var textWords = []string{"英文名称", "englishname", "name_en", "县（市、区）", "county/district", "county_en", "县（英文）",
	"countydistrict", "主导产业", "industry", "leadingindustry", "industry_en", "主导产业（英文）", "认定年份", "recognised",
	"yearrecognised", "龙头企业", "leadingenterprises", "enterprises", "简介", "description", "description_en", "简介（英文）",
	"单位", "unit", "unit_en", "英文单位", "比较", "compare", "comparison", "口径", "measure", "出处", "source", "显示小数位", "decimalsshown",
	"source_en", "text", "text_en", "目标（英文）", "target(english)", "文件", "file", "大小", "size", "内容", "whatitholds", "说明",
	"小数位", "decimals", "越高越好", "higherisbetter", "higher_is_better", "可加总", "summable", "sum",
	"note", "notes", "注释", "脚注", "footnotes", "status_text", "kind", "numerator", "denominator", "language", "page", "县（市、区）", "县市区", "县",
	// The marks and basis of totals and targets (off-exports), not figures;
	// summed, the towns' total beside an official one, is kSummed.
	"value_status", "合计·状态", "total·status", "previous_status", "上年合计·状态", "totaltheyearbefore·status", "change_status", "同比变化·状态", "change·status",
	"growth_pct_status", "同比增长·状态", "growth·status", "change_pp_status", "同比增减·状态", "changeinpoints·status", "actual_status", "实际·状态", "actual·status",

	// An indicator's definition (指标解释): text, whose dates and words
	// may hold digits.
	"definition", "definition_en", "scope_en", "method", "method_en", "frequency", "frequency_en", "updated", "next_update",
	"breaks", "breaks_en", "growth_basis", "指标解释", "统计范围", "计算方法", "资料来源", "统计频率", "更新日期", "下次更新", "增速口径",
	"breaksintheseries", "lastupdated", "nextupdate", "growthbasis"}

// allWords name the whole of a table's scope.
var allWords = []string{"合计", "总计", "全市", "全市合计", "total", "citytotal", "all", "alltowns", "全部", "全部专业镇"}

// lookupTown finds a town by its id or name, also when a mark or a note
// follows the name ("清徐蔬菜加工专业镇 *") or its rank comes before it
// (a ranking chart's axis label, "3. 清徐老陈醋专业镇").
func (s *oracleSite) lookupTown(text string) *town {
	k := headerKey(stripMarks(rankPrefixRE.ReplaceAllString(text, "")))
	if t := s.townByKey[k]; t != nil {
		return t
	}
	var best *town
	bestLen := 0
	for _, t := range s.towns {
		for _, n := range []string{t.name, t.nameEn} {
			nk := headerKey(n)
			if nk != "" && len(nk) > bestLen && strings.HasPrefix(k, nk) {
				best, bestLen = t, len(nk)
			}
		}
	}
	return best
}

var rankPrefixRE = regexp.MustCompile(`^\s*\d[\d,]*\.\s+`)

// stripMarks drops note marks after a key: *, †, ①, ¹, ※ and spaces.
func stripMarks(s string) string {
	return strings.TrimRightFunc(strings.TrimSpace(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ')' && r != '）' && r != '%'
	})
}

// classifyKey reads a key cell: a year, town, tier, "all", indicator or
// target.
func (s *oracleSite) classifyKey(text string, h *hdr) { s.classifyKeyAs(text, h, false) }

// classifyKeyAs reads a key; strict (a column header) takes a year or a
// town only as the whole text ("2019 growth" is not the year 2019).
func (s *oracleSite) classifyKeyAs(text string, h *hdr, strict bool) {
	sentence := strings.ContainsAny(text, "。，,;；") || strings.HasSuffix(strings.TrimSpace(text), ".")
	t := stripMarks(text)
	if t == "" {
		return
	}
	k := headerKey(unitRE.ReplaceAllString(t, ""))
	yearRE := yearKeyRE
	if strict {
		yearRE = yearOnlyRE
	}
	if m := yearRE.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		if y >= 1900 && y <= 2200 {
			h.year = y
			return
		}
	}
	if tw := s.lookupTown(t); tw != nil && (!strict || s.townByKey[k] != nil) {
		h.town = tw
		return
	}
	if i, ok := s.tierByKey[k]; ok {
		h.scope = s.cfg.Tiers[i].ID
		return
	}
	for _, w := range allWords {
		if k == w || strings.HasPrefix(k, w+"(") || strings.HasPrefix(k, w+"（") {
			h.all = true
			if w == "全市" || w == "全市合计" || w == "citytotal" {
				h.scope = "all"
			}
			return
		}
	}
	if i, ok := s.indByKey[k]; ok {
		h.ind = i
		return
	}
	for i, tc := range s.cfg.Targets {
		if k == headerKey(tc.ID) || k == headerKey(tc.Text) || k == headerKey(tc.TextEn) {
			h.target = i
			return
		}
	}
	// A row that holds a measure of a tier rather than its figures
	// ("县级报送专业镇", "报送专业镇" under a tier's 合计 row).
	if !strict && len([]rune(t)) <= 40 && !sentence {
		if mh := s.classifyHeader(t); mh.kind > kValue && mh.kind != kUnknown && mh.kind < kGoal {
			h.kind = mh.kind
			if mh.scope != "" {
				h.scope = mh.scope
			}
			h.all = h.all || mh.all
			return
		}
	}
	// A target's text with more after it (its coverage, the towns
	// missing).
	for i, tc := range s.cfg.Targets {
		if strings.HasPrefix(k, headerKey(tc.Text)) || (tc.TextEn != "" && strings.HasPrefix(k, headerKey(tc.TextEn))) {
			h.target = i
			return
		}
	}
}

// indicatorIn finds the indicator a text names (the longest name that
// occurs in it), -1 for none.
func (s *oracleSite) indicatorIn(text string) int {
	k := headerKey(text)
	best, bestLen := -1, 0
	for i, ind := range s.cfg.Indicators {
		for _, n := range []string{ind.Name, ind.NameEn, ind.ID} {
			nk := headerKey(n)
			if nk == "" || len(nk) <= bestLen {
				continue
			}
			// An id such as "output" only counts as the whole text.
			if n == ind.ID && k != nk {
				continue
			}
			if strings.Contains(k, nk) {
				best, bestLen = i, len(nk)
			}
		}
	}
	return best
}

func containsAny(k string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// classifyHeader reads a column header. A bilingual header ("合计 /
// Total") is read by its parts.
func (s *oracleSite) classifyHeader(text string) hdr {
	h := s.classifyHeaderParts(text)
	if k := headerKey(text); (h.kind == kGrowth || h.kind == kPoints || h.kind == kDelta) && containsAny(k, "_typed", "公布数", "aspublished") {
		h.typed = true
	}
	return h
}

func (s *oracleSite) classifyHeaderParts(text string) hdr {
	h := newHdr()
	t := strings.TrimSpace(text)
	if t == "" {
		return h
	}
	if parts := strings.Split(t, " / "); len(parts) > 1 {
		// A part that is text or a key decides ("县（市、区） / County" is
		// not the county tier); else the first part that is a figure.
		var parsed []hdr
		for _, p := range parts {
			ph := s.classifyHeaderParts(p)
			if ph.kind == kNone || ph.kind == kKey {
				return ph
			}
			parsed = append(parsed, ph)
		}
		for _, ph := range parsed {
			if ph.kind != kUnknown {
				return ph
			}
		}
		h.kind = kUnknown
		return h
	}
	k := headerKey(t)
	kNoUnit := headerKey(unitRE.ReplaceAllString(t, ""))
	for _, w := range textWords {
		if k == headerKey(w) {
			return h
		}
	}
	// A year, a town, a tier or "all" heads a column of figures.
	var key hdr = newHdr()
	s.classifyKeyAs(t, &key, true)
	if key.year != 0 || key.town != nil || key.scope != "" || key.all {
		key.kind = kValue
		return key
	}
	for _, w := range textWords {
		if kNoUnit == headerKey(w) {
			return h
		}
	}
	for _, w := range keyWords {
		if kNoUnit == headerKey(w) {
			h.kind = kKey
			return h
		}
	}
	h.ind = s.indicatorIn(t)
	switch {
	case k == "summed" || containsAny(k, "各镇合计", "sumoftowns", "towns'total"):
		h.kind = kSummed
	case containsAny(k, "growth_comparable", "按可比价计算", "atcomparableprices"):
		h.kind = kComparable
	case k == "basis" || containsAny(k, "合计依据", "basisofthetotal"):
		h.kind = kBasis
	case containsAny(k, "growth_origin", "增长来源", "growthorigin"):
		h.kind = kOrigin
	case containsAny(k, "排名", "名次", "rank"):
		h.kind = kRank
	case containsAny(k, "上年报送", "prev_reporting", "previousreporting", "prevreporting", "上年覆盖") ||
		containsAny(k, "reporting") && containsAny(k, "previousyear", "yearbefore"):
		h.kind = kPrevReporting
	case containsAny(k, "上年成员", "上年专业镇数", "prev_of", "prevof", "previousmembers", "prev_towns", "prevtowns"):
		h.kind = kPrevOf
	case k == "break" || containsAny(k, "口径变化", "coverage_break"):
		h.kind = kBreak
	case containsAny(k, "towns_met", "townsmet", "达到的专业镇", "达到目标", "达标", "meeting"):
		h.kind = kMet
	// A change or growth "on the matched basis" is a change or growth.
	case containsAny(k, "百分点", "percentagepoint", "_pp", "points") || strings.HasSuffix(k, "pp") || strings.HasSuffix(k, "(pp)"):
		h.kind = kPoints
	case containsAny(k, "增减", "delta"):
		h.kind = kDelta
	case containsAny(k, "增速", "增长", "growth"):
		h.kind = kGrowth
	case k == "previous" || k == "prev" || k == "previous_value" || containsAny(k, "上年合计", "上年数", "上年值"):
		h.kind = kPrev
	case containsAny(k, "同比变化", "变化", "change", "增量"):
		h.kind = kChange
	case containsAny(k, "可比", "matched", "comparable", "两年均"):
		h.kind = kMatched
	case containsAny(k, "报送", "reporting", "覆盖", "coverage", "有数据", "withdata"):
		h.kind = kReporting
	case containsAny(k, "专业镇总数", "专业镇数", "towns_in_scope", "townsinscope", "member", "成员数", "成员镇") || k == "towns" || k == "of":
		h.kind = kOf
	case containsAny(k, "目标值", "targetvalue", "target_value", "goal"):
		h.kind = kGoal
	case containsAny(k, "实际", "actual"):
		h.kind = kActual
	case containsAny(k, "差距", "gap"):
		h.kind = kGap
	case containsAny(k, "完成情况", "status"):
		h.kind = kStatus
	case k == "value" || containsAny(k, "合计值", "数值"):
		h.kind = kValue
	case h.ind >= 0:
		h.kind = kValue
	default:
		h.kind = kUnknown
	}
	// "2019 rank", "2023年同比增长": a measure of a year; "省级报送",
	// "County: member towns", "合计报送": a measure of a tier or of all.
	for _, m := range yearInRE.FindAllString(t, -1) {
		if y, _ := strconv.Atoi(m); y >= 1900 && y <= 2200 {
			h.year = y
			break
		}
	}
	if h.kind != kUnknown && h.kind != kValue {
		best := 0
		for _, tier := range s.cfg.Tiers {
			for _, n := range []string{tier.Name, tier.NameEn} {
				if nk := headerKey(n); nk != "" && len(nk) > best && strings.Contains(k, nk) {
					h.scope, best = tier.ID, len(nk)
				}
			}
		}
		if h.scope == "" && (strings.HasPrefix(k, "合计") || strings.HasPrefix(k, "total") || strings.HasPrefix(k, "全市") ||
			h.kind == kRank && containsAny(k, "全部专业镇", "alltowns")) {
			h.all = true
		}
	}
	return h
}

// checkGrid resolves and compares every cell of g.
func (s *oracleSite) checkGrid(g *grid, f *findings) {
	cols := make([]hdr, len(g.header))
	sideOf, isSide := statusColumns(g.header)
	for c, text := range g.header {
		cols[c] = s.classifyHeader(text)
		if c == 0 && g.firstIsKey && cols[c].kind != kValue {
			cols[c].kind = kKey
		}
		if isSide[c] && cols[c].kind != kStatus && c > 0 {
			cols[c].kind = kNone // a column of marks (工业产值状态), not of figures
		}
	}
	// A column whose cells are words, not numbers, holds no figures
	// whatever its header says ("County" names the county tier and is
	// the header of the towns' counties).
	for c := range cols {
		if cols[c].kind < kValue || cols[c].kind == kUnknown {
			continue
		}
		words, numbers := 0, 0
		for _, row := range g.rows {
			if c >= len(row) {
				continue
			}
			t := strings.TrimSpace(row[c].text)
			switch {
			case missingText(t):
			case strings.ContainsAny(t, "0123456789"):
				numbers++
			default:
				words++
			}
		}
		if words > 0 && numbers == 0 && cols[c].kind != kStatus && cols[c].kind != kBasis && cols[c].kind != kOrigin && cols[c].kind != kComparable {
			cols[c].kind = kNone
		}
	}
	// A table of ranks over the years: its columns of a year or a town
	// hold ranks.
	if g.ctx.ranks {
		for c := range cols {
			if cols[c].kind == kValue && (cols[c].year != 0 || cols[c].town != nil) {
				cols[c].kind = kRank
			}
		}
	}
	// A measure column without an indicator (排名, 同比增长) is about
	// the nearest value column's indicator on its left, or the table's
	// only indicator.
	only := -1
	for _, h := range cols {
		if h.ind >= 0 {
			if only == -1 {
				only = h.ind
			} else if only != h.ind {
				only = -2
			}
		}
	}
	last := -1
	for c := range cols {
		h := &cols[c]
		if h.kind == kValue && h.ind >= 0 {
			last = h.ind
		}
		if h.ind < 0 && h.kind >= kValue && h.kind <= kRank && h.year == 0 && h.town == nil && h.scope == "" && !h.all {
			switch {
			case last >= 0:
				h.ind = last
			case only >= 0:
				h.ind = only
			}
		}
	}
	type coverageKey struct {
		scope     string
		ind, year int
	}
	totals := map[coverageKey]string{} // totals shown -> where
	baseYear := map[coverageKey]bool{}
	covered := map[coverageKey]bool{}
	breakNoted := map[coverageKey]bool{}
	listed := map[*town]bool{}
	unknownNumeric := map[int]int{}

	for r, row := range g.rows {
		rk := newHdr()
		hasKeyCol, empty := false, true
		for c := range cols {
			if cols[c].kind == kKey {
				hasKeyCol = true
				if c < len(row) {
					s.classifyKey(row[c].text, &rk)
				}
			}
		}
		for _, cell := range row {
			empty = empty && strings.TrimSpace(cell.text) == "" && strings.TrimSpace(cell.raw) == ""
		}
		if empty {
			continue
		}
		if hasKeyCol && rk.town == nil && rk.year == 0 && rk.scope == "" && !rk.all && rk.ind < 0 && rk.target < 0 && rk.kind == kNone {
			// A note or title row; a row with figures the oracle cannot
			// place is reported, never skipped in silence.
			for c := range cols {
				if c < len(row) && cols[c].kind >= kValue && cols[c].kind != kUnknown {
					if _, isNum := parseNumber(row[c].text); isNum {
						f.add(finding{class: "oracle: a row with figures it cannot identify (teach the oracle)", where: fmt.Sprintf("%s row %d (%s)", g.where, r+1, rowLabel(row)),
							what: "row", want: "a town, year, tier, indicator or target", got: rowLabel(row)})
						break
					}
				}
			}
			continue
		}
		rowMark := false
		for _, cell := range row {
			rowMark = rowMark || cell.mark || strings.ContainsAny(cell.text, "※*†‡")
		}
		if rk.town != nil {
			listed[rk.town] = true
		}
		// Every column of the header is read, also where a row stops
		// short (a workbook row ends at its last non-empty cell).
		rowYears := map[coverageKey][]int{} // the years of the totals in this row
		rowNotes := ""
		for c := range cols {
			var cell gcell
			if c < len(row) {
				cell = row[c]
			} else {
				cell.isRaw = g.xlsx
			}
			col := cols[c]
			if col.kind == kUnknown {
				if _, ok := parseNumber(cell.text); ok {
					unknownNumeric[c]++
				}
				continue
			}
			if col.kind < kValue {
				continue
			}
			fr, ok := s.resolve(g, col, rk)
			if !ok {
				if _, isNum := parseNumber(cell.text); isNum {
					unknownNumeric[c]++
				}
				continue
			}
			where := fmt.Sprintf("%s row %d (%s) col %q", g.where, r+1, rowLabel(row), g.header[c])
			if g.xlsx {
				where += " cell " + cellName(c, g.firstRow+r)
			}
			s.compareCell(g, fr, cell, where, f)
			if (figureKind(fr.kind) && fr.target < 0 || fr.kind == kActual && fr.target >= 0) && !(fr.kind == kChange && s.ind(fr.ind).rate() && missingText(cell.text) && missingText(cell.raw)) {
				side := sideOf[c]
				if side == nil {
					side = &sideCols{own: -1, note: -1, bound: -1}
				}
				at := func(i int) string {
					if i >= 0 && i < len(row) {
						return row[i].text
					}
					return ""
				}
				refs := cell.marks
				for _, sc := range side.status {
					if sc < len(row) {
						refs += " " + row[sc].text + " " + row[sc].marks
					}
				}
				if rowNotes == "" {
					// The table's notes and the row's cells, once a row:
					// a download's notes are the whole file.
					var b strings.Builder
					b.WriteString(g.notes)
					for _, other := range row {
						b.WriteString(" " + other.text)
					}
					rowNotes = b.String()
				}
				notes := rowNotes
				e := s.markExpect(fr)
				if fr.kind == kSummed && side.own < 0 && (g.sem == data || g.dataDownload) {
					// A data file's towns' sum is for reconciliation, beside
					// the official total whose status column its row has;
					// it has no status of its own (a report shows its marks).
					e.marks, e.note, e.noteEn = 0, "", ""
				}
				if side.own >= 0 {
					s.checkStatus(g, e, at(side.own), where, s.describe(fr), f)
				}
				if side.note >= 0 {
					s.checkNoteColumn(g, e, at(side.note), where, s.describe(fr), f)
				}
				if side.bound >= 0 && e.marks&mBelow == 0 && !missingText(at(side.bound)) {
					f.add(finding{class: "wrong: a bound on a figure that is not below the precision shown", where: where, what: s.describe(fr), want: "no bound", got: at(side.bound)})
				}
				s.checkMarksParts(g, e, cell.text+" "+refs, refs, notes, where, s.describe(fr), g.output == "HTML tables", side.own < 0, side.note < 0, f)
				if g.page != "" {
					s.checkRevisionLink(g, fr, cell.links, where, f)
				}
				if g.xlsx && !g.dataDownload && side.own < 0 {
					s.checkShownMarks(g, e, cell.text, where, s.describe(fr), f)
				}
			}
			what := kindNames[fr.kind]
			switch {
			case fr.target >= 0:
				what = "target " + what
			case fr.town != nil:
				what = "town " + what
			default:
				what = "total's " + what
			}
			f.countKind(g.output, what)
			if fr.scope != "" && fr.town == nil && fr.ind >= 0 && fr.year != 0 && fr.target < 0 {
				k := coverageKey{fr.scope, fr.ind, fr.year}
				switch fr.kind {
				case kValue:
					totals[k] = where
					if rowMark || cell.mark {
						breakNoted[k] = true
					}
					// Coverage written in the figure's own cell: "23.5（1/1）".
					if m := pairRE.FindStringSubmatch(cell.text); m != nil {
						covered[k] = true
						fig := s.figure(fr.scope, fr.ind, fr.year)
						if m[1]+"/"+m[2] != fmt.Sprintf("%d/%d", fig.reporting, fig.of) {
							f.add(finding{class: "coverage: wrong", where: where, what: s.describe(fr), want: fmt.Sprintf("%d/%d", fig.reporting, fig.of), got: cell.text})
						}
					}
				case kReporting:
					covered[k] = true
					if rowMark {
						breakNoted[k] = true
					}
				case kPrevReporting:
					breakNoted[k] = true
					covered[coverageKey{k.scope, k.ind, k.year - 1}] = true
				case kMatched, kBreak:
					breakNoted[k] = true
				}
				if fr.kind == kValue {
					base := coverageKey{k.scope, k.ind, 0}
					rowYears[base] = append(rowYears[base], k.year)
				}
			}
		}
		// A summary's row shows this year's total and last year's, its
		// base: this year's note covers both. (A row of every year's
		// totals is no summary: each year needs its own.)
		for k, years := range rowYears {
			if len(years) == 2 && g.ctx.year != 0 && max(years[0], years[1]) == g.ctx.year && min(years[0], years[1]) == g.ctx.year-1 {
				baseYear[coverageKey{k.scope, k.ind, g.ctx.year - 1}] = true
			}
		}
	}
	for c, n := range unknownNumeric {
		f.add(finding{class: "oracle: numbers in a column it cannot identify (teach the oracle, or the column is not a figure)",
			where: fmt.Sprintf("%s col %q", g.where, g.header[c]), what: fmt.Sprintf("%d numeric cells", n), want: "a known figure", got: "unidentified"})
	}
	for k, where := range totals {
		fig := s.figure(k.scope, k.ind, k.year)
		if !fig.hasTotal {
			continue
		}
		if !covered[k] && !g.noCoverage && fig.of > 0 {
			f.add(finding{class: "not present: coverage (reporting/members) beside a total", where: where,
				what: fmt.Sprintf("%s %s %d", s.cfg.Indicators[k.ind].ID, k.scope, k.year),
				want: fmt.Sprintf("%d/%d", fig.reporting, fig.of), got: "no coverage in this table"})
		}
		needsNote := (g.sem == display && !g.dataDownload) || g.noCoverage
		if fig.broken() && !breakNoted[k] && needsNote && !notesBreak(g.notes, k.year) && !baseYear[k] {
			f.add(finding{class: "not present: note that coverage differs from the year before (break)", where: where,
				what: fmt.Sprintf("%s %s %d", s.cfg.Indicators[k.ind].ID, k.scope, k.year),
				want: fmt.Sprintf("a note: %d/%d against %d/%d the year before, growth over %d towns in both", fig.reporting, fig.of, fig.prevReporting, fig.prevOf, fig.matched),
				got:  "no mark"})
		}
	}
	s.checkMembership(g, listed, f)
}

// checkMembership: a table of a tier's towns in a year lists its members
// that year, no more (membership follows recognition, issue 10 class 6).
func (s *oracleSite) checkMembership(g *grid, listed map[*town]bool, f *findings) {
	if g.ctx.scope == "" || g.ctx.scope == "all" || g.ctx.year == 0 || len(listed) < 2 {
		return
	}
	for t := range listed {
		if s.cfg.Tiers[t.tier].ID == g.ctx.scope && !s.member(t, g.ctx.year) {
			f.add(finding{class: "membership: a town listed among a tier's members before it was recognised", where: g.where,
				what: t.name, want: fmt.Sprintf("not a member in %d (recognised %d)", g.ctx.year, t.recognised), got: "listed"})
		}
	}
}

func rowLabel(row []gcell) string {
	var parts []string
	for _, c := range row {
		t := strings.TrimSpace(c.text)
		if t == "" {
			continue
		}
		if _, isNum := parseNumber(t); isNum && len(parts) > 0 {
			break
		}
		parts = append(parts, t)
		if len(parts) == 2 {
			break
		}
	}
	return strings.Join(parts, " · ")
}

// figRef is the figure a cell holds.
type figRef struct {
	typed  bool // only the office's typed growth
	kind   kind
	ind    int
	town   *town
	scope  string
	year   int
	target int
	rankIn string
}

func (s *oracleSite) describe(fr figRef) string {
	var b strings.Builder
	b.WriteString(kindNames[fr.kind])
	if fr.ind >= 0 {
		b.WriteString(" of " + s.cfg.Indicators[fr.ind].ID)
	}
	if fr.town != nil {
		b.WriteString(" of " + fr.town.name)
	} else if fr.scope != "" {
		b.WriteString(" of " + fr.scope)
	}
	if fr.target >= 0 {
		b.WriteString(" of target " + s.cfg.Targets[fr.target].ID)
	}
	if fr.year != 0 {
		b.WriteString(" in " + strconv.Itoa(fr.year))
	}
	if fr.kind == kRank {
		b.WriteString(" among " + fr.rankIn)
	}
	return b.String()
}

// resolve names the figure of a cell from its column, its row and the
// table's context; ok is false when the oracle cannot tell.
func (s *oracleSite) resolve(g *grid, col, row hdr) (figRef, bool) {
	// A rank column's tier or "all" (省级专业镇中排名, Rank among all
	// towns) is where the rank is counted, not whose figure it is: the
	// town is the row's or the page's.
	rankScope := ""
	if col.kind == kRank && (col.scope != "" || col.all) {
		rankScope = orAll(col.scope)
		col.scope, col.all = "", false
	}
	fr := figRef{kind: col.kind, ind: col.ind, target: row.target, year: col.year, typed: col.typed}
	// A row that holds a measure (a tier's "报送专业镇" row) makes its
	// value cells that measure, and its change cells the matched count
	// the change rests on.
	switch {
	case row.kind > kValue && col.kind == kValue:
		fr.kind = row.kind
	case row.kind == kReporting && (col.kind == kDelta || col.kind == kGrowth || col.kind == kPoints || col.kind == kChange):
		fr.kind = kMatched
	}
	if fr.ind < 0 {
		fr.ind = row.ind
	}
	if fr.ind < 0 {
		fr.ind = g.ctx.ind
	}
	if fr.year == 0 {
		fr.year = row.year
	}
	if fr.year == 0 {
		fr.year = g.ctx.year
	}
	if fr.target < 0 {
		fr.target = g.ctx.target
	}
	switch {
	case col.town != nil:
		fr.town = col.town
	case row.town != nil:
		fr.town = row.town
	}
	// An explicit tier column wins; then the row's tier; "合计"/"Total"
	// means the table's own scope (a tier's table's total is the tier's).
	switch {
	case col.scope != "":
		fr.scope = col.scope
	case row.scope != "":
		fr.scope = row.scope
	case col.all || row.all:
		fr.scope = orAll(g.ctx.scope)
	}
	if fr.town == nil && fr.scope == "" {
		if g.ctx.town != nil {
			fr.town = g.ctx.town
		} else {
			fr.scope = orAll(g.ctx.scope)
		}
	}
	if fr.town != nil {
		fr.scope = ""
	}
	// A ranking's scope: a row's scope column (a sheet of rankings by
	// scope), else the table's.
	fr.rankIn = orAll(g.ctx.scope)
	switch {
	case g.rankOwnTier && fr.town != nil:
		fr.rankIn = s.cfg.Tiers[fr.town.tier].ID
	case rankScope != "" && fr.town != nil:
		fr.rankIn = rankScope
	case row.scope != "" && fr.town != nil:
		fr.rankIn = row.scope
	case row.all && fr.town != nil:
		fr.rankIn = "all"
	}
	switch fr.kind {
	case kGoal, kActual, kGap, kStatus, kMet:
		return fr, fr.target >= 0
	case kBasis, kOrigin, kComparable:
		if fr.target >= 0 {
			return fr, true
		}
	case kOf:
		if fr.target >= 0 {
			return fr, true
		}
	}
	if fr.target >= 0 {
		// A target record's "value" is its goal; its coverage is about
		// the target's figure.
		if fr.kind == kValue && col.year == 0 && col.town == nil && col.scope == "" {
			fr.kind = kGoal
			return fr, true
		}
		return fr, fr.kind == kReporting
	}
	if fr.ind < 0 || fr.year == 0 {
		return fr, false
	}
	if fr.kind == kRank && fr.town == nil {
		return fr, false
	}
	return fr, true
}

func orAll(scope string) string {
	if scope == "" {
		return "all"
	}
	return scope
}

// compareCell compares one cell with the oracle's figure.
func (s *oracleSite) compareCell(g *grid, fr figRef, cell gcell, where string, f *findings) {
	what := s.describe(fr)
	switch fr.kind {
	case kRank:
		if fr.rankIn != "all" && !s.member(fr.town, fr.year) {
			// A non-member has no rank in its tier; a table listing it
			// is reported once by checkMembership, a data file here.
			if got, ok := parseNumber(cell.text); g.rankOwnTier && ok && got.v.Sign() != 0 {
				f.add(finding{class: "membership: ranked in its tier before it was recognised", where: where, what: what,
					want: fmt.Sprintf("no rank (recognised %d)", fr.town.recognised), got: cell.text})
			}
			return
		}
		set := s.rankSet(fr.rankIn, fr.year)
		want, _ := s.rank(set, fr.town, fr.ind, fr.year)
		if g.ctx.byGrowth {
			want = s.growthRank(set, fr.town, fr.ind, fr.year)
		}
		f.count(g.output)
		got, ok := parseNumber(cell.text)
		if ok && got.v.Sign() == 0 {
			ok = false // a rank of 0 is "no rank" in a data file
		}
		switch {
		case want == 0 && (!ok || missingText(cell.text)):
		case want == 0:
			f.add(finding{class: "rank: a town without a value is ranked", where: where, what: what, want: "—", got: cell.text})
		case !ok:
			f.add(finding{class: "rank: missing", where: where, what: what, want: strconv.Itoa(want), got: cell.text})
		case got.v.Cmp(big.NewRat(int64(want), 1)) != 0:
			class := "rank: wrong"
			today, _ := s.rank(s.tierTowns(fr.rankIn), fr.town, fr.ind, fr.year)
			switch {
			case fr.rankIn != "all" && today != want && got.v.Cmp(big.NewRat(int64(today), 1)) == 0:
				class = "rank: ranked among today's members, not that year's (membership backdated)"
			case !g.ctx.byGrowth && got.v.Cmp(big.NewRat(int64(s.sequentialRank(set, fr.town, fr.ind, fr.year)), 1)) == 0:
				class = "rank: ties not shared (并列 ranked 1, 2, 3 instead of 1, 1, 3)"
			}
			f.add(finding{class: class, where: where, what: what, want: strconv.Itoa(want), got: cell.text})
		}
		return
	case kBreak:
		if fr.target >= 0 || fr.town != nil {
			return
		}
		fig := s.figure(fr.scope, fr.ind, fr.year)
		var got bool
		switch strings.ToLower(strings.TrimSpace(cell.text)) {
		case "true", "yes", "是", "※", "1":
			got = true
		case "false", "no", "否", "", "0":
		default:
			return
		}
		f.count(g.output)
		if got != fig.broken() {
			f.add(finding{class: "coverage: wrong break flag", where: where, what: what, want: strconv.FormatBool(fig.broken()), got: cell.text})
		}
		return
	case kReporting, kOf, kMatched, kPrevReporting, kPrevOf:
		var n, of int
		if fr.target >= 0 {
			tr := s.targetResultOf(fr.target)
			if tr.cfg.Measure == "new_towns" {
				return // counts towns recognised; no coverage
			}
			switch {
			case tr.figure != nil:
				n, of = tr.figure.reporting, tr.figure.of
			default:
				n, of = tr.of-len(tr.missingEach(s)), tr.of
			}
			if fr.kind == kOf {
				n = of
			}
		} else {
			fig := s.figure(fr.scope, fr.ind, fr.year)
			switch fr.kind {
			case kReporting:
				n, of = fig.reporting, fig.of
			case kOf:
				n = fig.of
			case kMatched:
				n = fig.matched
			case kPrevReporting:
				n, of = fig.prevReporting, fig.prevOf
			case kPrevOf:
				n = fig.prevOf
			}
		}
		f.count(g.output)
		text := cell.text
		if cell.isRaw && g.sem == data {
			text = cell.raw
		}
		if m := pairRE.FindStringSubmatch(text); m != nil && fr.kind != kOf && fr.kind != kMatched && fr.kind != kPrevOf {
			a, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
			b, _ := strconv.Atoi(strings.ReplaceAll(m[2], ",", ""))
			if a != n || b != of {
				f.add(finding{class: "coverage: wrong", where: where, what: what, want: fmt.Sprintf("%d/%d", n, of), got: text})
			}
			return
		}
		got, ok := parseNumber(text)
		if t := strings.TrimSpace(text); !ok && (t == "" || t == "—") {
			switch {
			case n == 0 && (of == 0 || fr.kind == kMatched && fr.year == s.years[0]):
				return // nothing to count: no members, or no year before
			case fr.kind == kMatched && fr.ind >= 0 && s.ind(fr.ind).rate():
				return // a rate's change compares its published ratios: no matched basis
			case fr.kind == kMatched && fr.town == nil && fr.target < 0 &&
				(s.figure(fr.scope, fr.ind, fr.year).change.x == nil || s.figure(fr.scope, fr.ind, fr.year).delta.x == nil):
				return // no change or growth, so no basis to give
			}
		}
		switch {
		case !ok && fr.target >= 0:
			f.add(finding{class: "not present: coverage of a target", where: where, what: what, want: strconv.Itoa(n), got: text})
		case !ok:
			f.add(finding{class: "not present: coverage (reporting/members) beside a total", where: where, what: what, want: strconv.Itoa(n), got: text})
		case got.v.Cmp(big.NewRat(int64(n), 1)) != 0:
			f.add(finding{class: "coverage: wrong", where: where, what: what, want: strconv.Itoa(n), got: text})
		}
		return
	case kBasis, kOrigin, kComparable:
		var fig scopeFigure
		switch {
		case fr.target >= 0:
			tr := s.targetResultOf(fr.target)
			if tr.figure == nil || (fr.kind != kBasis && tr.cfg.Measure != "growth") {
				return // a count of towns, each town's figure; a total's growth origin
			}
			fig = *tr.figure
		case fr.town != nil || fr.ind < 0:
			return
		default:
			fig = s.figure(fr.scope, fr.ind, fr.year)
		}
		f.count(g.output)
		want, got := "", basisOf(cell.text)
		switch {
		case fr.kind == kComparable:
			// true for the office's growth at comparable prices, false
			// for a nominal or computed growth; none for a rate's points
			// or no growth.
			got = strings.ToLower(strings.TrimSpace(cell.text))
			switch {
			case fig.typedGrowth:
				want = strconv.FormatBool(s.ind(fr.ind).GrowthBasis == "comparable")
			case fig.delta.x != nil && !s.ind(fr.ind).rate():
				want = "false"
			}
		case fr.kind == kOrigin:
			got = originOf(cell.text)
			switch {
			case fig.typedGrowth:
				want = "typed"
			case fig.delta.x != nil:
				want = "computed"
			}
		case fig.official:
			want = "official"
		case fig.value.x == nil:
		case s.ind(fr.ind).rate():
			want = "ratio"
		default:
			want = "summed"
		}
		if got != want {
			f.add(finding{class: "official: wrong " + kindNames[fr.kind] + " of a total", where: where, what: what, want: orDash(want), got: cell.text})
		}
		return
	case kStatus:
		tr := s.targetResultOf(fr.target)
		f.count(g.output)
		if got := statusOf(cell.text); got != tr.status {
			f.add(finding{class: "target: wrong status", where: where, what: what, want: tr.status, got: cell.text})
		}
		return
	case kGoal, kActual, kGap:
		s.compareTarget(g, fr, cell, where, f)
		return
	case kMet:
		tr := s.targetResultOf(fr.target)
		if tr.cfg.Measure != "each" {
			return
		}
		f.count(g.output)
		got, ok := parseNumber(cell.text)
		if !ok || got.v.Cmp(big.NewRat(int64(tr.met), 1)) != 0 {
			f.add(finding{class: "target: wrong count of towns meeting it", where: where, what: what, want: strconv.Itoa(tr.met), got: cell.text})
		}
		return
	}
	if fr.kind == kChange && s.ind(fr.ind).rate() && strings.TrimSpace(cell.text) == "" && strings.TrimSpace(cell.raw) == "" {
		return // a rate's change may stand in its points column only
	}
	if fr.kind == kGrowth && s.ind(fr.ind).rate() && saysPoints(cell.text) {
		fr.kind = kDelta // "+0.50个百分点" under 同比增长: a change in points, said so
	}
	e := s.expected(fr)
	alt, class := s.ignoringOfficial(fr)
	if class == "" {
		s.compareFigure(g, e, cell, where, what, f)
		return
	}
	// An official figure (the office's total, its typed growth): a cell
	// that shows what the towns' figures give instead is told apart from
	// a figure that is merely wrong.
	mine := newFindings()
	s.compareFigure(g, e, cell, where, what, mine)
	theirs := newFindings()
	s.compareFigure(g, alt, cell, where, what, theirs)
	f.mu.Lock()
	for k, n := range mine.compared {
		f.compared[k] += n
	}
	f.mu.Unlock()
	for _, x := range mine.list {
		if len(theirs.list) == 0 {
			x.class = class
			x.what += " (the office's; the towns' figures give " + alt.String() + ")"
		}
		f.add(x)
	}
}

// ignoringOfficial is the figure a cell would show if the site ignored
// the office's official figures, and the class of finding for a cell
// that shows it; "" when the figure is not an official one or both agree.
func (s *oracleSite) ignoringOfficial(fr figRef) (expect, string) {
	switch {
	case fr.town != nil && (fr.kind == kDelta || fr.kind == kGrowth || fr.kind == kPoints):
		if s.typedGrowth(fr.town, fr.ind, fr.year) == nil || (fr.kind == kGrowth && s.ind(fr.ind).rate()) || (fr.kind == kPoints && !s.ind(fr.ind).rate()) {
			return expect{}, ""
		}
		return s.computedDelta(fr.town, fr.ind, fr.year), "official: growth computed from the levels shown in place of the office's typed growth"
	case fr.town != nil || fr.target >= 0:
		return expect{}, ""
	}
	fig := s.figure(fr.scope, fr.ind, fr.year)
	if !fig.official {
		return expect{}, ""
	}
	switch fr.kind {
	case kValue:
		return fig.computed[0], "official: the sum of the towns shown in place of the office's total"
	case kChange:
		return fig.computed[1], "official: a change computed from the towns shown in place of the office's"
	case kDelta, kGrowth, kPoints:
		if (fr.kind == kGrowth && s.ind(fr.ind).rate()) || (fr.kind == kPoints && !s.ind(fr.ind).rate()) {
			return expect{}, ""
		}
		return fig.computed[2], "official: a growth computed from the towns shown in place of the office's"
	}
	return expect{}, ""
}

// basisOf reads what a cell says a total is: the office's own, the sum
// of the towns, or a rate's ratio of its parts; "" for nothing.
func basisOf(text string) string {
	k := strings.ToLower(text)
	switch {
	case containsAny(k, "official", "官方"):
		return "official"
	case containsAny(k, "summed", "各镇合计", "sum of towns"):
		return "summed"
	case containsAny(k, "ratio", "分子分母"):
		return "ratio"
	}
	return strings.TrimSpace(k)
}

// originOf reads where a cell says a total's growth comes from.
func originOf(text string) string {
	k := strings.ToLower(text)
	switch {
	case containsAny(k, "typed", "公布数", "as published"):
		return "typed"
	case containsAny(k, "computed", "由数值计算"):
		return "computed"
	}
	return strings.TrimSpace(k)
}

func saysPoints(text string) bool {
	k := strings.ToLower(text)
	return containsAny(k, "百分点", "pp", "percentage point", "points", "pts")
}

// expected is the oracle's figure for a value, growth or change. A
// column that says growth holds no figure for a rate, whose change is in
// percentage points (issue 10, class 7).
func (s *oracleSite) expected(fr figRef) expect {
	if fr.kind == kSummed {
		// The towns' sum (a rate's ratio of its parts) beside the
		// office's total; none beside a total that is the sum.
		fig := s.figure(fr.scope, fr.ind, fr.year)
		if !fig.official {
			return expect{why: "the total is the towns' sum itself"}
		}
		return fig.computed[0]
	}
	if fr.typed && fr.town != nil && s.typedGrowth(fr.town, fr.ind, fr.year) == nil {
		return expect{why: "the office typed no growth"}
	}
	switch fr.kind {
	case kGrowth:
		if s.ind(fr.ind).rate() {
			return expect{why: "a rate has no growth in percent; its change is in percentage points"}
		}
		fr.kind = kDelta
	case kPoints:
		if !s.ind(fr.ind).rate() {
			return expect{why: "a level's change is a growth in percent, not in points"}
		}
		fr.kind = kDelta
	case kPrev:
		if fr.town != nil {
			return s.townValue(fr.town, fr.ind, fr.year-1)
		}
		fig := s.figure(fr.scope, fr.ind, fr.year)
		prev := s.figure(fr.scope, fr.ind, fr.year-1).value
		prev.x = fig.prev
		return prev
	}
	switch {
	case fr.town != nil && fr.kind == kValue:
		return s.townValue(fr.town, fr.ind, fr.year)
	case fr.town != nil && fr.kind == kDelta:
		return s.townDelta(fr.town, fr.ind, fr.year)
	case fr.town != nil && fr.kind == kChange:
		return s.townChange(fr.town, fr.ind, fr.year)
	}
	fig := s.figure(fr.scope, fr.ind, fr.year)
	switch fr.kind {
	case kDelta:
		return fig.delta
	case kChange:
		return fig.change
	}
	return fig.value
}

// compareFigure compares a figure as the grid's semantics require; a
// workbook cell is compared both as stored and as shown.
func (s *oracleSite) compareFigure(g *grid, e expect, cell gcell, where, what string, f *findings) {
	if g.xlsx {
		stored := cell.raw
		if !g.dataDownload && e.x != nil {
			// A report table may store the figure as its page rounds it
			// ("only pages and report tables round"), or every digit.
			if got, ok := parseNumber(stored); ok && got.v.Cmp(roundRat(e.x, e.places, s.rule)) == 0 {
				stored = ""
				f.count(g.output)
			}
		}
		if stored != "" || cell.raw == "" {
			s.compareData(g, e, cell.raw, where+" (stored)", what, f)
		}
		switch {
		case g.dataDownload:
			// A data workbook shows every digit it holds: "only pages
			// and report tables round" (issue 10, class 2).
			s.compareData(g, e, cell.text, where+" (shown)", what, f)
		case g.sem == display:
			s.compareDisplay(g, e, cell.text, where+" (shown)", what, f)
		}
		return
	}
	if g.sem == data {
		text := cell.text
		if cell.isRaw {
			text = cell.raw
		}
		s.compareData(g, e, text, where, what, f)
		return
	}
	s.compareDisplay(g, e, cell.text, where, what, f)
}

// shownNumber reads the figure a page shows: none when the text says —
// before any digit ("— 亿元", "同比增长 —").
func shownNumber(text string) (number, bool) {
	if i := strings.IndexFunc(text, func(r rune) bool { return r >= '0' && r <= '9' }); i < 0 || strings.Contains(text[:i], "—") {
		return number{}, false
	}
	return parseNumber(text)
}

// compareDisplay: a page shows the figure rounded by the site's rule to
// its places.
func (s *oracleSite) compareDisplay(g *grid, e expect, text, where, what string, f *findings) {
	f.count(g.output)
	got, ok := shownNumber(text)
	switch {
	case e.x == nil && (!ok || missingText(text)):
		return
	case e.x == nil:
		f.add(finding{class: "shown: a figure where there is none (" + e.why + ")", where: where, what: what, want: e.String(), got: text})
		return
	case !ok:
		f.add(finding{class: "shown: — for a figure that exists", where: where, what: what, want: e.shown(s.rule), got: text})
		return
	}
	want := roundRat(e.x, e.places, s.rule)
	if got.v.Cmp(want) == 0 && got.places == e.places {
		return
	}
	f.add(finding{class: s.displayClass(e, got), where: where, what: what + " = " + exactText(e.x), want: e.shown(s.rule), got: text})
}

func (s *oracleSite) displayClass(e expect, got number) string {
	gotText := ratText(got.v, got.places)
	switch {
	case got.places == e.places && gotText == floatFixed(e.x, e.places) && gotText == fixed(e.x, e.places, s.rule.other()):
		return "rounding: tie rounded by binary float or " + string(s.rule.other()) + ", not " + string(s.rule)
	case got.places == e.places && gotText == floatFixed(e.x, e.places):
		return "rounding: binary float rounding, not " + string(s.rule) + " on the decimal"
	case got.places == e.places && gotText == fixed(e.x, e.places, s.rule.other()):
		return "rounding: " + string(s.rule.other()) + ", not the site's " + string(s.rule)
	case got.places != e.places && got.v.Cmp(e.x) == 0:
		return "decimals: shown unrounded (a typed figure or sum with all its digits)"
	case got.places != e.places && (got.v.Cmp(roundRat(e.x, got.places, s.rule)) == 0 ||
		roundRat(got.v, e.places, s.rule).Cmp(roundRat(e.x, e.places, s.rule)) == 0):
		return "decimals: shown with another number of places than the figure's"
	}
	return "value: wrong figure shown"
}

// compareData: a data file carries a typed figure or a sum exactly, a
// quotient rounded to no fewer places than the pages show.
func (s *oracleSite) compareData(g *grid, e expect, text, where, what string, f *findings) {
	f.count(g.output)
	got, ok := parseNumber(text)
	switch {
	case e.x == nil && (!ok || missingText(text)):
		return
	case e.x == nil:
		f.add(finding{class: "data: a figure where there is none (" + e.why + ")", where: where, what: what, want: e.String(), got: text})
		return
	case !ok:
		f.add(finding{class: "data: empty for a figure that exists", where: where, what: what, want: exactText(e.x), got: text})
		return
	}
	if !e.derived {
		if got.v.Cmp(e.x) == 0 {
			return
		}
		class := "data: wrong figure"
		switch {
		case sigDigits(text) > 15:
			class = "data: binary float noise (more than 15 significant digits)"
		case got.places < placesOf(e.x) && got.v.Cmp(roundRat(e.x, got.places, halfUp)) == 0:
			class = "data: precision dropped (a typed figure or sum rounded in a data file)"
		case got.places < placesOf(e.x) && got.v.Cmp(roundRat(e.x, got.places, halfEven)) == 0:
			class = "data: precision dropped (a typed figure or sum rounded in a data file)"
		}
		f.add(finding{class: class, where: where, what: what, want: exactText(e.x), got: text})
		return
	}
	places := max(got.places, e.places)
	if got.v.Cmp(roundRat(e.x, places, s.rule)) == 0 {
		return
	}
	class := "data: wrong derived figure"
	switch {
	case sigDigits(text) > 15:
		class = "data: derived figure stored as a binary float's digits (15-17 digits), not rounded"
	case got.places < e.places && got.v.Cmp(roundRat(e.x, got.places, s.rule)) == 0:
		class = "data: derived figure with fewer places than the pages show"
	case got.places >= e.places+4 && sigDigits(text) >= 14:
		class = "data: derived figure stored as a binary float's digits (15-17 digits), not rounded"
	case got.v.Cmp(roundRat(e.x, places, s.rule.other())) == 0:
		class = "rounding: " + string(s.rule.other()) + ", not the site's " + string(s.rule)
	case ratText(got.v, got.places) == floatFixed(e.x, got.places):
		class = "rounding: binary float rounding, not " + string(s.rule) + " on the decimal"
	}
	f.add(finding{class: class, where: where, what: what + " = " + exactText(e.x), want: fixed(e.x, e.places, s.rule), got: text})
}

func sigDigits(text string) int {
	t := strings.TrimLeft(strings.NewReplacer("-", "", ".", "", ",", "", "+", "").Replace(strings.TrimSpace(text)), "0")
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		t = t[:i]
	}
	return len(t)
}

func statusOf(text string) string {
	k := strings.ToLower(strings.TrimSpace(text))
	switch {
	case strings.Contains(k, "未完成") || strings.Contains(k, "not met") || strings.Contains(k, "not-met") || strings.Contains(k, "未达"):
		return "not-met"
	case strings.Contains(k, "无数据") || strings.Contains(k, "no data") || strings.Contains(k, "no-data"):
		return "no-data"
	case strings.Contains(k, "完成") || strings.Contains(k, "met") || strings.Contains(k, "达到"):
		return "met"
	}
	return "?" + text
}
