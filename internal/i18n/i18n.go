// Package i18n holds a site language: its UI strings, read from translation
// files that a site's layouts may override, and its number formatting.
package i18n

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
	"github.com/townpress/townpress/internal/status"
)

// Lang is one language of the site.
type Lang struct {
	Code    string   // "zh-CN" or "en"
	Prefix  string   // URL folder of the edition: "" for the default language, "en/" for English
	Rule    num.Rule // how Fig rounds: the site's rule
	strings map[string]string
	years   sync.Map // int -> string, made by Year
}

// Load reads layouts/i18n/<code>.toml from each fs in order; later files
// override earlier ones key by key, so a site may change a single string.
func Load(code, prefix string, layers ...fs.FS) (*Lang, error) {
	l := &Lang{Code: code, Prefix: prefix, strings: map[string]string{}}
	found := false
	for _, fsys := range layers {
		raw, err := fs.ReadFile(fsys, "i18n/"+code+".toml")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err // a site's file that is there but may not be read
		}
		found = true
		m := map[string]string{}
		if _, err := toml.Decode(string(raw), &m); err != nil {
			return nil, fmt.Errorf("i18n/%s.toml: %w", code, err)
		}
		for k, v := range m {
			l.strings[k] = v
		}
	}
	if !found {
		return nil, fmt.Errorf("i18n/%s.toml: no translation file for %q", code, code)
	}
	return l, nil
}

// Keys lists the language's keys, sorted.
func (l *Lang) Keys() []string {
	keys := make([]string, 0, len(l.strings))
	for k := range l.strings {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Strings are the language's UI strings by key, for templates that look
// them up as a map ({{.Tr.key}}), which costs far less per use than a
// method call. Shared: callers must not change it.
func (l *Lang) Strings() map[string]string { return l.strings }

// IsEn reports whether this is the English edition.
func (l *Lang) IsEn() bool { return l.Code == "en" }

// T returns the string for key, formatted with args when it has verbs. A
// missing key shows itself, so a gap is visible on the page and caught by
// the translation test rather than rendering empty.
//
// A key may have a variant key_one, used when the last argument is the
// number 1: English says "1 town", not "1 towns".
func (l *Lang) T(key string, args ...any) string {
	s, ok := l.strings[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) > 0 {
		if one, ok := l.strings[key+"_one"]; ok && isOne(args[len(args)-1]) {
			s = one
		}
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Pick returns en in the English edition when it is not empty, else zh.
func (l *Lang) Pick(zh, en string) string {
	if l.IsEn() && strings.TrimSpace(en) != "" {
		return en
	}
	return zh
}

// WithUnit writes a figure with its unit as every page, chart and
// tooltip does: a percent or per-mille sign right after the figure
// (3.00%), any other unit after a space (19.9 亿元, 23.5 CNY 100 million,
// 12,220 persons); "—" alone, as no figure has a unit.
func (l *Lang) WithUnit(figure, unit string) string {
	if figure == "—" {
		return figure
	}
	return figure + l.UnitSuffix(unit)
}

// UnitSuffix is what follows a figure for its unit: "%", " 亿元", "".
func (l *Lang) UnitSuffix(unit string) string {
	switch unit {
	case "", "%", "‰":
		return unit
	}
	return " " + unit
}

// Fig writes a figure for a page: rounded to places by the site's rule,
// with thousands separators; — when it is missing. Every figure a page,
// chart label or report table shows is written here (or by num.Dec.Fixed
// with the same rule), so they all show the same digits.
func (l *Lang) Fig(d num.Dec, places int) string {
	if !d.OK() {
		return "—"
	}
	return d.Grouped(places, l.Rule)
}

// Value writes a value as a table cell shows it: its figure (Fig), or,
// for a cell that holds none, why: the symbol of a withheld (c) or not
// applicable (x) figure, the bound of one below the precision shown
// ("<0.1", with the bound's own digits), — for no data. The figure's
// other marks (p, r …) and footnote are the table's to write beside it:
// a superscript on a page, a status column in a data file. Every page,
// chart and browser data file writes a value through here.
func (l *Lang) Value(v model.Value, places int) string {
	switch {
	case v.Flag.Has(status.Confidential):
		return status.Confidential.Symbol()
	case v.Flag.Has(status.NotApplicable):
		return status.NotApplicable.Symbol()
	case v.Flag.Has(status.Below) && v.Dec.OK():
		return status.Below.Symbol() + l.Fig(v.Dec, num.Places(v.Dec))
	case v.Flag.Blank():
		return "—"
	}
	return l.Fig(v.Dec, places)
}

// SignedValue is Value for a change: signed (SignedFig), or where the
// office gives none, why.
func (l *Lang) SignedValue(v model.Value, places int) string {
	if v.Flag.Blank() {
		return l.Value(v, places)
	}
	return l.SignedFig(v.Dec, places)
}

// SignedFig is Fig with a + before a positive figure: +3.2.
func (l *Lang) SignedFig(d num.Dec, places int) string {
	if !d.OK() {
		return "—"
	}
	return d.Signed(places, l.Rule)
}

// Int writes a count: 20,000.
func (l *Lang) Int(n int) string { return l.Num(float64(n), 0) }

// Num formats v with decimals places and thousands separators. It is for
// counts and sizes, never for a published figure: those are decimals, and
// go through Fig.
func (l *Lang) Num(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	// Every table cell of every page goes through here: the digits are
	// formatted and grouped on the stack, and only the result allocates.
	var digits, out [64]byte
	s := strconv.AppendFloat(digits[:0], math.Abs(v), 'f', decimals, 64)
	intLen := bytes.IndexByte(s, '.')
	if intLen < 0 {
		intLen = len(s)
	}
	b := out[:0]
	if v < 0 && bytes.ContainsAny(s, "123456789") {
		b = append(b, '-')
	}
	for i := 0; i < intLen; i++ {
		if i > 0 && (intLen-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	b = append(b, s[intLen:]...)
	return string(b)
}

// Signed formats a change with its sign, such as +3.2 or -1.0.
func (l *Lang) Signed(v float64, decimals int) string {
	s := l.Num(v, decimals)
	if !strings.HasPrefix(s, "-") && strings.Trim(s, "0.,") != "" {
		return "+" + s
	}
	return s
}

// Year formats a year as the language writes it: 2023年 or 2023. Every
// chart of every page labels its years, so each is formatted once.
func (l *Lang) Year(y int) string {
	if s, ok := l.years.Load(y); ok {
		return s.(string)
	}
	s := l.T("year_fmt", y)
	l.years.Store(y, s)
	return s
}

// isOne reports whether a T argument is the number 1, as a number or as a
// number already formatted.
func isOne(v any) bool {
	switch n := v.(type) {
	case int:
		return n == 1
	case string:
		return n == "1"
	}
	return false
}

// WhyKey is the key of the footnote that says why a change is not shown,
// or "" when "—" says enough (no figure this year or the year before).
// Pages and charts translate it; the browser's data files carry the key
// for explore.js, which has the translations.
func WhyKey(w model.Why) string {
	switch w {
	case model.BaseNotAbove:
		return "why_base"
	case model.OutOfScale:
		return "why_scale"
	}
	return ""
}
