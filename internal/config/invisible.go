package config

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
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

// InvisibleName says which invisible character r is, for messages.
func InvisibleName(r rune) string {
	name := map[rune]string{
		0x00ad: "soft hyphen", 0x034f: "combining grapheme joiner", 0x061c: "Arabic letter mark",
		0x180e: "Mongolian vowel separator", 0x200b: "zero-width space", 0x200c: "zero-width non-joiner",
		0x200d: "zero-width joiner", 0x200e: "left-to-right mark", 0x200f: "right-to-left mark",
		0x202a: "left-to-right embedding", 0x202b: "right-to-left embedding", 0x202c: "pop directional formatting",
		0x202d: "left-to-right override", 0x202e: "right-to-left override", 0x2060: "word joiner",
		0x2061: "function application", 0x2062: "invisible times", 0x2063: "invisible separator",
		0x2064: "invisible plus", 0x2066: "left-to-right isolate", 0x2067: "right-to-left isolate",
		0x2068: "first strong isolate", 0x2069: "pop directional isolate", 0xfeff: "zero-width no-break space",
		0x115f: "Hangul choseong filler", 0x1160: "Hangul jungseong filler", 0x3164: "Hangul filler", 0xffa0: "halfwidth Hangul filler",
	}[r]
	switch {
	case name != "":
	case r >= 0xfe00 && r <= 0xfe0f:
		name = fmt.Sprintf("variation selector-%d", r-0xfe00+1)
	case r >= 0xe0100 && r <= 0xe01ef:
		name = fmt.Sprintf("variation selector-%d", r-0xe0100+17)
	default:
		name = "an invisible formatting character"
	}
	return fmt.Sprintf("%U, %s", r, name)
}

// InvisibleMessage is what a message says after the text that holds r.
func InvisibleMessage(r rune) string {
	return "holds the invisible character " + InvisibleName(r) + "; with it a name looks like another on the page (delete the character; it comes in when text is copied from a web page or another program)"
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
