package config

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/townpress/townpress/internal/diag"
)

// Invisible finds a character that changes a name without being seen, so
// that two names that look the same are different texts: 甲\u2060镇 next
// to 甲镇, or \u202e镇甲, which shows as 甲镇. These are Unicode's format
// characters (category Cf: the word joiner, bidirectional marks,
// embeddings, overrides and isolates, the soft hyphen, invisible
// operators, tags), the variation selectors, the combining grapheme joiner
// and the Hangul fillers, which draw as nothing. No name of a town, tier or
// indicator needs one; the reader has already dropped the zero-width space
// and joiners and the byte-order mark (see source.normText), which come in
// by pasting and carry no meaning.
func Invisible(s string) (rune, bool) {
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Cf, r),
			r >= 0xfe00 && r <= 0xfe0f, r >= 0xe0100 && r <= 0xe01ef, // variation selectors
			r == 0x034f,                                        // combining grapheme joiner
			r == 0x115f, r == 0x1160, r == 0x3164, r == 0xffa0: // Hangul fillers
			return r, true
		}
	}
	return 0, false
}

// invisibleNames name the invisible characters a message may meet, in
// English (Unicode's names) and Chinese.
var invisibleNames = map[rune]diag.Text{
	0x00ad: diag.T("soft hyphen", "软连字符"), 0x034f: diag.T("combining grapheme joiner", "组合用字素连接符"), 0x061c: diag.T("Arabic letter mark", "阿拉伯字母标记"),
	0x180e: diag.T("Mongolian vowel separator", "蒙古文元音分隔符"), 0x200b: diag.T("zero-width space", "零宽空格"), 0x200c: diag.T("zero-width non-joiner", "零宽不连字"),
	0x200d: diag.T("zero-width joiner", "零宽连字"), 0x200e: diag.T("left-to-right mark", "从左至右标记"), 0x200f: diag.T("right-to-left mark", "从右至左标记"),
	0x202a: diag.T("left-to-right embedding", "从左至右嵌入"), 0x202b: diag.T("right-to-left embedding", "从右至左嵌入"), 0x202c: diag.T("pop directional formatting", "方向格式结束"),
	0x202d: diag.T("left-to-right override", "从左至右强制"), 0x202e: diag.T("right-to-left override", "从右至左强制"), 0x2060: diag.T("word joiner", "词连接符"),
	0x2061: diag.T("function application", "函数应用符"), 0x2062: diag.T("invisible times", "不可见乘号"), 0x2063: diag.T("invisible separator", "不可见分隔符"),
	0x2064: diag.T("invisible plus", "不可见加号"), 0x2066: diag.T("left-to-right isolate", "从左至右隔离"), 0x2067: diag.T("right-to-left isolate", "从右至左隔离"),
	0x2068: diag.T("first strong isolate", "首强字符隔离"), 0x2069: diag.T("pop directional isolate", "方向隔离结束"), 0xfeff: diag.T("zero-width no-break space", "零宽不换行空格"),
	0x115f: diag.T("Hangul choseong filler", "韩文初声填充符"), 0x1160: diag.T("Hangul jungseong filler", "韩文中声填充符"), 0x3164: diag.T("Hangul filler", "韩文填充符"), 0xffa0: diag.T("halfwidth Hangul filler", "半角韩文填充符"),
}

// InvisibleName says which invisible character r is, for messages:
// U+2060, word joiner (U+2060（词连接符）).
func InvisibleName(r rune) diag.Text {
	name, known := invisibleNames[r]
	switch {
	case known:
	case r >= 0xfe00 && r <= 0xfe0f:
		name = diag.M("variation selector-%d", "变体选择符-%d").Text(r - 0xfe00 + 1)
	case r >= 0xe0100 && r <= 0xe01ef:
		name = diag.M("variation selector-%d", "变体选择符-%d").Text(r - 0xe0100 + 17)
	default:
		name = diag.T("an invisible formatting character", "不可见的格式字符")
	}
	return diag.M("%U, %s", "%U（%s）").Text(r, name)
}

// InvisibleMessage is what a message says after the text that holds r.
func InvisibleMessage(r rune) diag.Text {
	return diag.M("holds the invisible character %s; with it a name looks like another on the page (delete the character; it comes in when text is copied from a web page or another program)",
		"含有不可见字符 %s；有了它，一个名称在页面上看起来会和另一个一样（请删除这个字符；从网页或其他程序复制文字时常会带进来）").Text(InvisibleName(r))
}

// QuoteVisible is strconv.Quote, with every invisible character escaped
// too: Quote leaves a variation selector or a Hangul filler as it is,
// and a message must show what is wrong with the text it quotes.
func QuoteVisible(s string) string {
	q := strconv.Quote(s)
	if _, any := Invisible(q); !any {
		return q
	}
	var b strings.Builder
	for _, r := range q {
		switch _, bad := Invisible(string(r)); {
		case !bad:
			b.WriteRune(r)
		case r > 0xffff:
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return b.String()
}
