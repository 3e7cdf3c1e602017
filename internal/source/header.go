package source

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A header is read cell by cell into parts, then column by column: a
// column's meaning is what the parts of its header cells say together,
// top to bottom. 工业总产值 over 2023年 is output in 2023; 工业总产值
// over 增长% is output's growth; 地区 is the towns' names. A table may
// have up to maxHeaderRows rows of header and a unit row under them.
const (
	maxHeaderRows = 3
	maxBlockRows  = maxHeaderRows + 1 // with a unit row
)

// partKind is what one header cell says.
type partKind uint8

const (
	partNone       partKind = iota
	partColumn              // a column of the built-in or configured names: 地区, 年份, 序号
	partIndicator           // an indicator: 工业产值（亿元）, 2023年工业产值
	partGrowth              // an indicator's growth: 工业产值增速（%）
	partPoints              // an indicator's change in percentage points: 研发投入强度增减（百分点）
	partGrowthMark          // growth of the column's indicator: 增长%, 比上年±%
	partPointsMark          // change in percentage points: 增减（百分点）
	partYear                // 2023, 2023年, 2023年度, 上年
	partUnit                // 亿元, （亿元）, 单位：亿元
	partLevel               // says "the figure itself": 绝对值, 本年, 总量
	partStatus              // the status marks of an indicator's figures: 工业产值状态
	partStatusMark          // status marks: 状态, 标志 (col colStatus), 数据状态 (col colRowStatus: the whole row's)
	partUnknown             // anything else
)

// part is one header cell read.
type part struct {
	kind      partKind
	col       column // for partColumn
	indicator int    // for partIndicator, partGrowth and partPoints
	year      int    // for partYear, and an indicator header with a year (2023年工业产值)
	relYear   bool   // year is relative to the sheet's: -1 for 上年
	unit      string // Key form; "" when none
	text      string // as typed, normalised
	row       int    // 1-based row of the cell
	span      *span  // the merged range or filled run the text comes from; nil for a cell's own text
}

// span is a text that heads several columns of one row: a merged range,
// or a group header followed by blank cells over sub-headers.
type span struct {
	row         int
	left, right int
	merged      bool // a merged range (else blank cells filled across)
}

var (
	yearHeaderRE   = regexp.MustCompile(`^(\d{4})(?:年度?)?(?:年末|年底|末|全年)?$`)
	yearPrefixRE   = regexp.MustCompile(`^(\d{4})年度?`)
	yearSuffixRE   = regexp.MustCompile(`(\d{4})年?度?$`)
	tableNumberRE  = regexp.MustCompile(`^(?:附?表)?\s*[0-9一二三四五六七八九十]+(?:[-—－.．_][0-9]+)*\s*[、.．:：]?\s*`)
	unitLineRE     = regexp.MustCompile(`^(?:计量)?单位[:：]\s*(.+)$`)
	titleYearRE    = regexp.MustCompile(`(\d{4})年`)
	growthMarks    = wordSet("增长%", "增长(%)", "增长", "增速", "增速(%)", "增幅", "增幅(%)", "增长率", "增长率(%)", "同比", "同比增长", "同比增长%", "同比增长(%)", "同比增速", "同比增速(%)", "同比±%", "同比±(%)", "比上年±%", "比上年±(%)", "比上年增长", "比上年增长%", "比上年增长(%)", "比上年增长率(%)", "比上年增减%", "比上年增减(%)", "较上年增长(%)", "较上年增长%", "增减%", "增减(%)", "±%", "±(%)", "增长±%", "增减", "比上年增减", "±", "比上年±", "同比±", "同比增减", "growth", "growth%", "growth(%)", "change%", "change(%)")
	pointsMarks    = wordSet("增减(百分点)", "增减百分点", "比上年增减(百分点)", "比上年增减百分点", "比上年±(百分点)", "比上年±百分点", "±(百分点)", "±百分点", "百分点", "增减(个百分点)", "比上年提高(百分点)", "pp", "points", "change(pp)", "change(points)")
	levelWords     = wordSet("绝对值", "绝对额", "绝对数", "总量", "总额", "数值", "数额", "数量", "金额", "本年", "本期", "本年实际", "本年累计", "累计", "实际", "实绩", "全年", "1-12月", "value", "level")
	lastYearWords  = wordSet("上年", "上年同期", "去年", "上年实际", "上年累计")
	pointsWords    = []string{"比上年增减(百分点)", "增减(百分点)", "比上年±(百分点)", "±(百分点)", "变化(百分点)", "增减百分点", "提高(百分点)"}
	titleTailWords = []string{"完成情况", "情况表", "统计表", "情况", "统计", "汇总表", "一览表", "表"}
)

// knownUnits are units a unit row or a 单位： line may name, besides the
// configured indicators' own.
var knownUnits = []string{"亿元", "万元", "千元", "元", "百万元", "亿美元", "万美元", "美元", "%", "‰", "个", "户", "家", "人", "万人", "人次", "吨", "万吨", "千克", "平方米", "万平方米", "亩", "公顷", "千瓦时", "万千瓦时", "件", "项", "台", "辆", "套", "条", "所", "处", "次", "公里", "千米", "米", "座", "张", "床"}

func wordSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[Key(w)] = true
	}
	return m
}

// part reads one header cell of a sheet of kind.
func (n *names) part(kind sheetKind, text string, row int) part {
	p := part{text: text, row: row}
	full, base, unit := splitHeader(text)
	if full == "" {
		return p
	}
	h := n.header(kind, text)
	switch h.col {
	case colIndicator:
		p.kind, p.indicator, p.unit = partIndicator, h.indicator, h.unit
		return p
	case colGrowth:
		p.kind, p.indicator, p.unit = partGrowth, h.indicator, h.unit
		return p
	case colStatus:
		p.kind, p.indicator = partStatus, h.indicator
		return p
	case colUnknown:
	default:
		p.kind, p.col = partColumn, h.col
		return p
	}
	if kind == townsSheet {
		p.kind = partUnknown
		return p
	}
	if m := yearHeaderRE.FindStringSubmatch(full); m != nil {
		if y, _ := strconv.Atoi(m[1]); y >= 1900 && y <= 2200 {
			p.kind, p.year = partYear, y
			return p
		}
	}
	switch {
	case lastYearWords[full]:
		p.kind, p.year, p.relYear = partYear, -1, true
		return p
	case growthMarks[full] || (unit == "%" && growthMarks[base]):
		p.kind = partGrowthMark
		if unit == "%" || strings.Contains(full, "%") {
			p.unit = "%"
		}
		return p
	case pointsMarks[full] || (unit == "百分点" && growthMarks[base]):
		p.kind = partPointsMark
		return p
	case levelWords[full] || (unit != "" && levelWords[base]):
		p.kind, p.unit = partLevel, unit
		return p
	case rowStatusMarks[full]:
		p.kind, p.col = partStatusMark, colRowStatus
		return p
	case statusMarks[full]:
		p.kind, p.col = partStatusMark, colStatus
		return p
	}
	if u, ok := n.unitOf(full); ok {
		p.kind, p.unit = partUnit, u
		return p
	}
	// An indicator's change in points: 研发投入强度增减（百分点）.
	for _, w := range pointsWords {
		if name, ok := strings.CutSuffix(full, w); ok && name != "" {
			_, base, _ := splitHeader(name)
			if i, ok := n.indicators[base]; ok {
				p.kind, p.indicator = partPoints, i
				return p
			}
		}
	}
	// A year before or after an indicator's name: 2023年工业产值（亿元）,
	// 工业产值2023.
	for _, re := range []*regexp.Regexp{yearPrefixRE, yearSuffixRE} {
		loc := re.FindStringSubmatchIndex(full)
		if loc == nil {
			continue
		}
		y, _ := strconv.Atoi(full[loc[2]:loc[3]])
		rest := full[:loc[0]] + full[loc[1]:]
		if y < 1900 || y > 2200 || rest == "" {
			continue
		}
		if q := n.part(kind, rest, row); (q.kind == partIndicator || q.kind == partGrowth) && q.year == 0 {
			q.text, q.year = text, y
			return q
		}
	}
	p.kind = partUnknown
	return p
}

// unitOf reads a unit-row or unit-line cell: 亿元, （亿元）, 单位：亿元.
func (n *names) unitOf(k string) (string, bool) {
	if m := unitLineRE.FindStringSubmatch(k); m != nil {
		k = m[1]
	}
	if strings.HasPrefix(k, "(") && strings.HasSuffix(k, ")") {
		k = k[1 : len(k)-1]
	}
	if n.units[k] {
		return k, true
	}
	return "", false
}

// unitLine reads a line such as 单位：亿元 above a table: the unit of
// every figure in it that has none of its own. A line that names no one
// known unit (单位：亿元、户, 单位：见各列标题) is a unit line all the same,
// and not used.
func (n *names) unitLine(text string) (unit string, ok bool) {
	m := unitLineRE.FindStringSubmatch(Key(text))
	if m == nil {
		return "", false
	}
	u := strings.Trim(m[1], "()")
	if !n.units[u] {
		// 单位：亿元、户 or 单位：见各列标题 says which columns have
		// which no better than their headers do.
		return "", true
	}
	return u, true
}

// indicatorIn finds the one indicator a title or a sheet name names:
// 表3-1 规上工业增加值, 2019-2024年工业产值情况（亿元）. ok is false when
// it names none or several.
func (n *names) indicatorIn(text string) (indicator int, unit string, ok bool) {
	k := Key(text)
	k = tableNumberRE.ReplaceAllString(k, "")
	full, base, u := splitHeader(k)
	for _, cand := range []string{full, base} {
		if i, found := n.indicators[cand]; found {
			return i, u, true
		}
	}
	// Look for the names inside the text; a name inside a longer name
	// found at the same place (产值 in 工业产值) does not count.
	type hit struct{ at, end, ind int }
	var hits []hit
	for name, i := range n.indicators {
		if utf8.RuneCountInString(name) < 2 {
			continue
		}
		for from := 0; ; {
			j := strings.Index(full[from:], name)
			if j < 0 {
				break
			}
			hits = append(hits, hit{from + j, from + j + len(name), i})
			from += j + len(name)
		}
	}
	found := -1
	for _, h := range hits {
		inside := slices.ContainsFunc(hits, func(o hit) bool {
			return o != h && o.at <= h.at && o.end >= h.end && o.end-o.at > h.end-h.at
		})
		if inside {
			continue
		}
		if found >= 0 && found != h.ind {
			return 0, "", false
		}
		found = h.ind
	}
	if found < 0 {
		return 0, "", false
	}
	return found, u, true
}

// titleYear finds the one year a title names: 2024年各镇主要指标. A title
// naming a span (2023—2024年) or two years names no one year.
func titleYear(text string) (int, bool) {
	t := normText(text)
	if !titleYearRE.MatchString(t) {
		return 0, false
	}
	year := 0
	for _, m := range anyYearRE.FindAllString(t, -1) {
		y, _ := strconv.Atoi(m)
		if y < 1900 || y > 2200 {
			continue
		}
		if year != 0 && y != year {
			return 0, false
		}
		year = y
	}
	return year, year != 0
}

var anyYearRE = regexp.MustCompile(`\d{4}`)

// isYearCell reports whether a cell of a row that may be a header holds a
// year, which a data row's number never looks like in a header's place.
func isYearText(k string) bool {
	m := yearHeaderRE.FindStringSubmatch(k)
	if m == nil {
		return false
	}
	y, _ := strconv.Atoi(m[1])
	return y >= 1900 && y <= 2200
}

// cleanName reads a town's name as tables print it: padded to the width
// of longer names with spaces (大　良, 大 良), and with a footnote mark
// after it (容桂街道①, 北滘镇*, 陈村镇#, 伦教街道(1)). It returns the name
// and the mark. Spaces are dropped only between Chinese characters:
// "Town A" keeps its space.
//
// s must be normalised (normText), as the reader's cell texts are.
func cleanName(s string) (name, mark string) {
	t := s
	if t == "" {
		return "", ""
	}
	// Most names need nothing done: keep them without a copy.
	last, _ := utf8.DecodeLastRuneInString(t)
	first, _ := utf8.DecodeRuneInString(t)
	if !isMarkRune(last) && last != ')' && last != ']' && !isMarkRune(first) && strings.IndexByte(t, ' ') < 0 {
		return t, ""
	}
	// Footnote marks at the end, possibly several: 镇①*.
	end := len(t)
	for end > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:end])
		if isMarkRune(r) {
			end -= size
			continue
		}
		if r == ')' || r == ']' {
			// (1), [2], (注1), (注)
			open := strings.LastIndexAny(t[:end], "([")
			if open > 0 {
				inner := strings.TrimPrefix(t[open+1:end-1], "注")
				if isDigits(inner) {
					end = open
					continue
				}
			}
		}
		break
	}
	mark = strings.TrimSpace(t[end:])
	t = strings.TrimSpace(t[:end])
	// Marks in front: *大良街道.
	for t != "" {
		r, size := utf8.DecodeRuneInString(t)
		if r != '*' && r != '※' && r != '△' && r != '▲' {
			break
		}
		mark += string(r)
		t = strings.TrimSpace(t[size:])
	}
	if strings.IndexByte(t, ' ') < 0 {
		return t, mark
	}
	var b strings.Builder
	rs := []rune(t)
	for i, r := range rs {
		if r == ' ' && i > 0 && i < len(rs)-1 && isHanOrMark(rs[i-1]) && isHanOrMark(rs[i+1]) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), mark
}

func isHanOrMark(r rune) bool {
	return unicode.Is(unicode.Han, r) || strings.ContainsRune("（）()·、", r)
}

// isMarkRune reports whether r is a footnote mark: ①, ⑴, ❶, ¹, *, #, ※.
func isMarkRune(r rune) bool {
	switch {
	case r >= 0x2460 && r <= 0x24FF: // ① … ⑳, ⑴ … ⒇, ⒈ … ⒛, ⓐ …
		return true
	case r >= 0x2776 && r <= 0x2793: // ❶ … ❿, ➀ … ➓
		return true
	case r == 0xB9 || r == 0xB2 || r == 0xB3 || (r >= 0x2070 && r <= 0x2079): // ¹ ² ³ ⁰ … ⁹
		return true
	}
	return strings.ContainsRune("*#※△▲†‡", r)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
