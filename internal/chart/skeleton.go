package chart

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/townpress/townpress/internal/model"
	"github.com/townpress/townpress/internal/num"
)

// Skeletons caches chart options that differ from page to page only in the
// chart id, the series name and the data: every town's trend chart of one
// indicator. The option is marshalled once per indicator and language,
// with placeholders, and each page fills them in, which keeps
// encoding/json's reflection out of the per-page work (a quarter of a
// national build's time went into making options). The result is byte for
// byte what marshalling the page's own Option gives (skeleton_test.go).
//
// One Skeletons serves the pages of one language; it is safe for
// concurrent use.
type Skeletons struct{ m sync.Map }

const (
	holeID   = "@@townpress-id@@"
	holeName = "@@townpress-name@@"
	holeData = "@@townpress-data@@"
	holeCats = "@@townpress-cats@@" // a category axis's labels
	holeText = "@@townpress-text@@" // the option's pointText
	holeMax  = "@@townpress-max@@"  // a value axis' maximum, a whole number
)

// skeleton is an option's JSON cut at its holes: parts[0] hole[0] parts[1] …
type skeleton struct {
	parts [][]byte
	holes []string
	// size is the last option filled in: the options of one skeleton
	// are much the same size, so the next is written without growing.
	size atomic.Int64
}

// cut splits option JSON at the quoted placeholders.
func cut(option string) *skeleton {
	sk := &skeleton{}
	rest := option
	for {
		at, which := -1, ""
		for _, h := range []string{`"` + holeID + `"`, `"` + holeName + `"`, `["` + holeData + `"]`, `["` + holeCats + `"]`, `"` + holeText + `"`, `"` + holeMax + `"`} {
			if i := strings.Index(rest, h); i >= 0 && (at < 0 || i < at) {
				at, which = i, h
			}
		}
		if at < 0 {
			sk.parts = append(sk.parts, []byte(rest))
			return sk
		}
		sk.parts = append(sk.parts, []byte(rest[:at]))
		sk.holes = append(sk.holes, which)
		rest = rest[at+len(which):]
	}
}

// fill writes the option with the holes filled.
func (sk *skeleton) fill(id, name string, data []point, cats []string, text *pointText) string {
	var b strings.Builder
	sk.grow(&b, 0)
	defer sk.size.Store(int64(b.Len()))
	for i, part := range sk.parts {
		b.Write(part)
		if i == len(sk.holes) {
			break
		}
		switch h := sk.holes[i]; {
		case strings.Contains(h, holeID):
			writeJSONString(&b, id)
		case strings.Contains(h, holeName):
			writeJSONString(&b, name)
		case strings.Contains(h, holeText):
			text.writeJSON(&b)
		case strings.Contains(h, holeCats):
			b.WriteByte('[')
			for k, c := range cats {
				if k > 0 {
					b.WriteByte(',')
				}
				writeJSONString(&b, c)
			}
			b.WriteByte(']')
		default:
			b.WriteByte('[')
			for k, d := range data {
				if k > 0 {
					b.WriteByte(',')
				}
				// As values does: the value alone unless the point has
				// a style or a mark.
				own := d.ItemStyle != nil || d.Mark != ""
				if own {
					b.WriteString(`{"value":`)
				}
				switch v := d.Value.(type) {
				case json.Number:
					b.WriteString(v.String())
				default:
					writeJSONString(&b, v.(string))
				}
				if own {
					writeExtra(&b, d)
				}
			}
			b.WriteByte(']')
		}
	}
	return b.String()
}

// grow makes room in b for an option: the last one's size, and some,
// or at first the skeleton's parts and more, as much again as they hold.
func (sk *skeleton) grow(b *strings.Builder, more int) {
	if n := sk.size.Load(); n > 0 {
		b.Grow(int(n) + 256)
		return
	}
	n := 0
	for _, p := range sk.parts {
		n += len(p)
	}
	b.Grow(2*n + more)
}

// fillSeries is fill for a series of n values, written straight from the
// model: what point would make of each, without boxing it, with the mark
// and style of the bars extra (nil for none) gives them.
func (sk *skeleton) fillSeries(id, name string, series model.Series, n, places int, rule num.Rule, text *pointText, extra []point) string {
	var b strings.Builder
	sk.grow(&b, 24*n)
	defer sk.size.Store(int64(b.Len()))
	var digits [48]byte
	for i, part := range sk.parts {
		b.Write(part)
		if i == len(sk.holes) {
			break
		}
		switch h := sk.holes[i]; {
		case strings.Contains(h, holeID):
			writeJSONString(&b, id)
		case strings.Contains(h, holeName):
			writeJSONString(&b, name)
		case strings.Contains(h, holeText):
			text.writeJSON(&b)
		default:
			b.WriteByte('[')
			for k := range n {
				if k > 0 {
					b.WriteByte(',')
				}
				var x point
				if k < len(extra) {
					x = extra[k]
				}
				own := x.ItemStyle != nil || x.Mark != ""
				if own {
					b.WriteString(`{"value":`)
				}
				if v := series.At(k); !v.Valid() {
					b.WriteString(`"-"`)
				} else if v.Derived() {
					b.WriteString(v.Fixed(places, rule))
				} else {
					b.Write(v.AppendText(digits[:0]))
				}
				if own {
					writeExtra(&b, x)
				}
			}
			b.WriteByte(']')
		}
	}
	return b.String()
}

// fillLines writes an option of lines of whole numbers (ranks): each
// data hole in turn gets the next of data, whose points are ints or "-"
// for a gap, as encoding/json writes them; the axis' maximum hole gets
// max.
func (sk *skeleton) fillLines(id string, data [][]any, max int, text *pointText) string {
	var b strings.Builder
	sk.grow(&b, 8*len(data)*len(data[0]))
	defer sk.size.Store(int64(b.Len()))
	var digits [24]byte
	series := 0
	for i, part := range sk.parts {
		b.Write(part)
		if i == len(sk.holes) {
			break
		}
		switch h := sk.holes[i]; {
		case strings.Contains(h, holeID):
			writeJSONString(&b, id)
		case strings.Contains(h, holeText):
			text.writeJSON(&b)
		case strings.Contains(h, holeMax):
			b.Write(strconv.AppendInt(digits[:0], int64(max), 10))
		default:
			b.WriteByte('[')
			for k, v := range data[series] {
				if k > 0 {
					b.WriteByte(',')
				}
				switch v := v.(type) {
				case int:
					b.Write(strconv.AppendInt(digits[:0], int64(v), 10))
				default:
					writeJSONString(&b, v.(string))
				}
			}
			b.WriteByte(']')
			series++
		}
	}
	return b.String()
}

// holes counts the skeleton's holes of each kind, by placeholder.
func (sk *skeleton) count(hole string) int {
	n := 0
	for _, h := range sk.holes {
		if strings.Contains(h, hole) {
			n++
		}
	}
	return n
}

// writeExtra writes what a point has besides its value, as encoding/json
// writes a point, and closes it.
func writeExtra(b *strings.Builder, p point) {
	if p.Mark != "" {
		b.WriteString(`,"mark":`)
		writeJSONString(b, p.Mark)
	}
	if p.ItemStyle != nil {
		b.WriteString(`,"itemStyle":`)
		b.Write(styleJSON(p.ItemStyle))
	}
	b.WriteByte('}')
}

// styleJSONs are the bar styles as JSON, each made once: the styles are
// barStyles', shared by every chart.
var styleJSONs sync.Map // *style -> []byte

// styleJSON is st as encoding/json writes it.
func styleJSON(st *style) []byte {
	if b, ok := styleJSONs.Load(st); ok {
		return b.([]byte)
	}
	b, _ := json.Marshal(st) // strings and numbers only
	styleJSONs.Store(st, b)
	return b
}

// writeJSON writes the text as encoding/json does, without its reflection:
// every town page fills a dozen.
func (pt *pointText) writeJSON(b *strings.Builder) {
	lists := func(key string, l [][]string) {
		b.WriteString(key)
		if l == nil {
			b.WriteString("null")
			return
		}
		b.WriteByte('[')
		for i, row := range l {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONStrings(b, row)
		}
		b.WriteByte(']')
	}
	lists(`{"text":`, pt.Text)
	if len(pt.Tip) > 0 {
		lists(`,"tip":`, pt.Tip)
	}
	if len(pt.Foot) > 0 {
		b.WriteString(`,"foot":`)
		writeJSONStrings(b, pt.Foot)
	}
	if len(pt.Say) > 0 {
		b.WriteString(`,"say":`)
		writeJSONStrings(b, pt.Say)
	}
	b.WriteByte('}')
}

// writeJSONStrings writes a list of strings as encoding/json does; nil is
// null.
func writeJSONStrings(b *strings.Builder, l []string) {
	if l == nil {
		b.WriteString("null")
		return
	}
	b.WriteByte('[')
	for i, s := range l {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(b, s)
	}
	b.WriteByte(']')
}

// writeJSONString writes s as encoding/json does, escaping <, > and & too.
// Names and labels rarely need escaping: those are written as they are.
func writeJSONString(b *strings.Builder, s string) {
	plain := utf8.ValidString(s)
	for i := 0; plain && i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			plain = false
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9):
			plain = false // U+2028, U+2029, which encoding/json escapes
		}
	}
	if plain {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	enc, _ := json.Marshal(s) // a string always marshals
	b.Write(enc)
}

// textHole stands for the text of a skeleton's chart, which each chart
// fills in.
var textHole = &pointText{}

// MarshalJSON writes the text as encoding/json would (see writeJSON), or
// the hole in a skeleton.
func (pt *pointText) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	if pt == textHole {
		writeJSONString(&b, holeText)
	} else {
		pt.writeJSON(&b)
	}
	return []byte(b.String()), nil
}
