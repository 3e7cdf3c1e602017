package search

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestSyllables(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"清徐老陈醋专业镇", []string{"qing", "xu", "lao", "chen", "cu", "zhuan", "ye", "zhen"}},
		{"阳曲县T3镇", []string{"yang", "qu", "xian", "t3", "zhen"}},
		{"中北高新区（不锈钢）", []string{"zhong", "bei", "gao", "xin", "qu", "bu", "xiu", "gang"}},
		{"", nil},
	} {
		if got := Syllables(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Syllables(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// MatchCases are the queries the browser test also runs through the page
// script, so Go and JavaScript keep the same rule.
var MatchCases = []struct {
	Query string
	Hit   bool
}{
	{"老陈醋", true},   // Chinese substring
	{"清徐", true},    // Chinese prefix
	{"qxlcc", true}, // pinyin initials, from the start
	{"lcc", true},   // initials in the middle, three letters or more
	{"laochencu", true},
	{"Qingxu Lao", true}, // pinyin with a space, any case
	{"qing'xu", true},
	{"vinegar", true}, // English
	{"Aged Vinegar", true},
	{"醋镇", false}, // not a substring
	{"qxz", false},
	{"c", false},      // one letter that is not the first initial
	{"q", false},      // one letter, even the first: too many at national scale
	{"xulao", true},   // pinyin from a syllable inside the name
	{"hencu", false},  // not from a syllable's start
	{"inegar", false}, // not from a word's start
	{"agedvin", true}, // English from a word inside the name
	{"beer", false},
}

func TestMatch(t *testing.T) {
	k := KeysOf("清徐老陈醋专业镇", "Qingxu Aged Vinegar Town", strings.Join(Syllables("清徐老陈醋专业镇"), " "))
	if k.Initials != "qxlcczyz" || k.Pinyin != "qingxulaochencuzhuanyezhen" {
		t.Fatalf("keys: %+v", k)
	}
	for _, c := range MatchCases {
		if got := Match(k, Normalize(c.Query)) > 0; got != c.Hit {
			t.Errorf("Match(%q) = %v, want %v", c.Query, got, c.Hit)
		}
	}
	// Better matches rank higher: the whole name over a part of it, and a
	// Chinese hit over an initials hit.
	if Match(k, Normalize("清徐老陈醋专业镇")) <= Match(k, Normalize("清徐")) {
		t.Errorf("a whole-name match should beat a prefix")
	}
	if Match(k, "qxlcczyz") <= Match(k, "lcc") {
		t.Errorf("whole initials should beat initials in the middle")
	}
}

func TestScriptEscapes(t *testing.T) {
	b := script("f", []any{"</script><b>", "\u2028"})
	s := string(b)
	if strings.Contains(s, "</script>") || strings.Contains(s, "\u2028") {
		t.Errorf("script should escape markup and line separators: %s", s)
	}
	if !strings.HasPrefix(s, "/* townpress") || !strings.HasSuffix(s, ");\n") {
		t.Errorf("script should be a call: %q", s)
	}
	arg := strings.TrimSuffix(strings.SplitN(s, "f(", 2)[1], ");\n")
	var back []string
	if err := json.Unmarshal([]byte(arg), &back); err != nil || back[0] != "</script><b>" {
		t.Errorf("argument should be JSON that reads back: %v %v", back, err)
	}
}
