// Package status names what an office says about a figure besides its
// value, as statistical tables mark it: provisional (初步), revised (修订),
// estimated (估计), a break in the series (口径调整), and the reasons a cell
// holds no figure (confidential 保密, not applicable 不适用, below the
// precision shown, <0.1). The reader reads the marks, the model carries
// them with every value, and every output shows them with one symbol and
// one explanation, listed here.
package status

import (
	"strings"
)

// Flag is a set of marks on one figure.
type Flag uint8

const (
	Provisional   Flag = 1 << iota // p 初步: to be revised
	Revised                        // r 修订: changed since first published
	Estimated                      // e 估计: estimated, not counted
	Break                          // b 口径调整: not comparable with the years before
	Confidential                   // c 保密: withheld; no figure shown
	NotApplicable                  // 不适用: the indicator does not apply; no figure
	Below                          // below the precision shown: "<0.1"; the figure is only a bound
	// Final (最终核实) marks a figure the office has verified, in a year
	// its notes call provisional: the year's provisional mark does not
	// apply to it. It shows no symbol; data files say "final".
	Final
)

// Flags in the order a legend lists them.
var Flags = []Flag{Provisional, Revised, Estimated, Break, Confidential, NotApplicable, Below, Final}

// Has reports whether f includes every mark of g.
func (f Flag) Has(g Flag) bool { return f&g == g && g != 0 }

// Blank reports whether f says the cell holds no figure: confidential, not
// applicable, or only a bound.
func (f Flag) Blank() bool { return f&(Confidential|NotApplicable|Below) != 0 }

// Symbol is the mark shown beside a figure (a superscript in tables), as
// the common codes of statistical offices write it.
func (f Flag) Symbol() string {
	switch f {
	case Provisional:
		return "p"
	case Revised:
		return "r"
	case Estimated:
		return "e"
	case Break:
		return "b"
	case Confidential:
		return "c"
	case NotApplicable:
		return "x"
	case Below:
		return "<"
	}
	return ""
}

// Symbols are f's marks in legend order, joined: "pb".
func (f Flag) Symbols() string {
	var b strings.Builder
	for _, g := range Flags {
		if f.Has(g) && g != Below && g != Final {
			b.WriteString(g.Symbol())
		}
	}
	return b.String()
}

// Key is the name of the mark in translation keys and data files:
// provisional, revised, estimated, break, confidential, not_applicable,
// below.
func (f Flag) Key() string {
	switch f {
	case Provisional:
		return "provisional"
	case Revised:
		return "revised"
	case Estimated:
		return "estimated"
	case Break:
		return "break"
	case Confidential:
		return "confidential"
	case NotApplicable:
		return "not_applicable"
	case Below:
		return "below"
	case Final:
		return "final"
	}
	return ""
}

// Keys are f's marks as Key names them, joined by "+": "provisional+break";
// "" for a final figure without marks. Data files carry this.
func (f Flag) Keys() string {
	var parts []string
	for _, g := range Flags {
		if f.Has(g) {
			parts = append(parts, g.Key())
		}
	}
	return strings.Join(parts, "+")
}

// Words are a mark's name and what it tells a reader, in Chinese and
// English: what a legend (符号说明) says beside the symbol.
type Words struct {
	Name, NameEn       string // 初步数 / provisional
	Meaning, MeaningEn string // 以后可能修订 / may be revised
}

// Words are f's name and meaning, for a single mark; zero for a set.
func (f Flag) Words() Words {
	switch f {
	case Provisional:
		return Words{"初步数", "provisional", "以后可能修订", "may be revised"}
	case Revised:
		return Words{"修订数", "revised", "已对首次公布的数字作了修订", "changed since first published"}
	case Estimated:
		return Words{"估计数", "estimated", "推算而非统计所得", "estimated, not counted"}
	case Break:
		return Words{"口径调整", "break in series", "统计口径有变化，与以前年度不可比", "not comparable with the years before"}
	case Confidential:
		return Words{"保密", "confidential", "数字不予公布", "withheld"}
	case NotApplicable:
		return Words{"不适用", "not applicable", "该指标对此不适用，没有数字", "the indicator does not apply"}
	case Below:
		return Words{"小于所示数值", "below the value shown", "数字小于所示的值，但不为零；所示的值只是上限", "less than the value shown, but not zero; the value is only a bound"}
	case Final:
		return Words{"最终核实数", "final", "该年其余数字为初步数，此数已最终核实", "verified, though the rest of its year is provisional"}
	}
	return Words{}
}

// DefaultSymbols are what workbooks write for each mark unless config.toml
// says otherwise ([marks]): the letter codes of Eurostat and NBS tables, the
// Chinese words, and the signs offices use for withheld figures. A mark is
// read after a number (12.5p, 12.5（初步）, 12.5 r) or, for the marks of an
// empty cell, alone (*, 保密, 不适用).
var DefaultSymbols = map[Flag][]string{
	Provisional:   {"p", "初步", "初步数", "初步核算", "初步核算数"},
	Revised:       {"r", "修订", "修订数", "调整后"},
	Estimated:     {"e", "估计", "估计数", "推算", "推算数", "估算"},
	Break:         {"b", "口径调整", "口径变化"},
	Confidential:  {"c", "*", "保密", "涉密"},
	NotApplicable: {"不适用"},
	Final:         {"f", "最终", "最终核实", "最终核实数", "终核"},
}
