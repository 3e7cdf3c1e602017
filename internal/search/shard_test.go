package search

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// shardIndex is an index of towns with names of every kind the shards
// must cope with: Chinese with letters and digits in it, English of
// several words, one town without an English name, shared counties and
// industries, and one with neither.
func shardIndex() *Index {
	py := func(s string) string { return strings.Join(Syllables(s), " ") }
	ix := &Index{Years: []int{}, Tiers: [][]any{{"provincial", "省级", "Provincial", py("省级")}},
		Indicators: [][]any{{"output", "工业产值", "Industrial output", py("工业产值"), "亿元", "", 1, 1}}}
	for _, c := range [][2]string{{"清徐县", "Qingxu County"}, {"阳曲县", "Yangqu County"}} {
		ix.Counties = append(ix.Counties, []any{c[0], c[1], py(c[0])})
	}
	for _, c := range [][2]string{{"老陈醋", "Aged vinegar"}, {"碳纤维", "Carbon fibre"}} {
		ix.Industries = append(ix.Industries, []any{c[0], c[1], py(c[0])})
	}
	for i, town := range []struct {
		zh, en      string
		county, ind int
	}{
		{"清徐老陈醋专业镇", "Qingxu Aged Vinegar Town", 0, 0},
		{"阳曲县T3镇", "Yangqu T3 Town", 1, 1},
		{"东于镇", "", 0, 1},
		{"侯村乡", "Houcun Township", -1, -1},
		{"中北高新区（不锈钢）", "Zhongbei Hi-Tech Zone (stainless steel)", 1, 0},
	} {
		ix.Towns = append(ix.Towns, []any{fmt.Sprintf("t%d", i), town.zh, town.en, py(town.zh), 0, town.county, town.ind})
	}
	return ix
}

// shardTowns reads the towns of a shard file: their places in the index.
func shardTowns(t *testing.T, files map[string][]byte, name string) []int {
	t.Helper()
	b, ok := files["search/"+name+".js"]
	if !ok {
		return nil
	}
	s := string(b)
	prefix := "townpressShard(" + `"` + name + `",`
	i := strings.Index(s, prefix)
	if i < 0 || !strings.HasSuffix(s, ");\n") {
		t.Fatalf("%s: not a townpressShard call: %.80s", name, s)
	}
	var data struct{ Towns [][]any }
	if err := json.Unmarshal([]byte(strings.TrimSuffix(s[i+len(prefix):], ");\n")), &data); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []int
	for _, r := range data.Towns {
		if len(r) != 8 {
			t.Fatalf("%s: row %v should have 8 fields", name, r)
		}
		out = append(out, int(r[7].(float64)))
	}
	return out
}

// TestShardsHoldEveryMatch: for every query made of a piece of any name's
// keys (from any place, of any length, so also those Match refuses), each
// town Match finds is in the piece ShardKey names, and in its county's and
// industry's pieces; so a search of the pieces finds what a search of the
// whole index finds.
func TestShardsHoldEveryMatch(t *testing.T) {
	ix := shardIndex()
	files := ix.Shards()
	keysOfRow := func(r []any) Keys { return KeysOf(r[0].(string), r[1].(string), r[2].(string)) }
	var queries []string
	pieces := func(s string) {
		r := []rune(s)
		for i := range r {
			for j := i + 1; j <= len(r) && j <= i+12; j++ {
				queries = append(queries, string(r[i:j]))
			}
		}
	}
	var all []Keys
	for _, r := range ix.Towns {
		all = append(all, keysOfRow(r[1:4]))
	}
	for _, l := range [][][]any{ix.Counties, ix.Industries} {
		for _, r := range l {
			all = append(all, keysOfRow(r))
		}
	}
	for _, k := range all {
		for _, s := range []string{k.Zh, k.En, k.Pinyin, k.Initials} {
			pieces(s)
		}
	}
	found := 0
	for _, q := range queries {
		q = Normalize(q)
		keys := ShardKeys(q)
		for i, r := range ix.Towns {
			if Match(keysOfRow(r[1:4]), q) == 0 {
				continue
			}
			found++
			if len(keys) == 0 || keys[0] != ShardKey(q) {
				t.Errorf("query %q finds %s, but has shards %q", q, r[1], keys)
			}
			for _, key := range keys {
				if !slices.Contains(shardTowns(t, files, "t/"+key), i) {
					t.Errorf("query %q finds %s, which is not in shard %q", q, r[1], key)
				}
			}
		}
	}
	if found < 100 {
		t.Fatalf("only %d matches tried; the test has too few queries", found)
	}
	for i, r := range ix.Towns {
		for _, g := range []struct {
			dir string
			ref int
		}{{"c/", r[5].(int)}, {"i/", r[6].(int)}} {
			if g.ref >= 0 && !slices.Contains(shardTowns(t, files, g.dir+fmt.Sprint(g.ref)), i) {
				t.Errorf("%s is not in %s%d", r[1], g.dir, g.ref)
			}
		}
	}
	// The base holds the names that are not towns', and no town.
	base := string(files["search/base.js"])
	if !strings.Contains(base, "Qingxu County") || !strings.Contains(base, "工业产值") || strings.Contains(base, "东于镇") {
		t.Errorf("base.js: %s", base)
	}
	// The base lists every town piece there is, and no other.
	var listed struct {
		Chars string
		Pairs []string
	}
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.SplitN(base, `"base",`, 2)[1], ");\n")), &listed); err != nil {
		t.Fatal(err)
	}
	var want, have []string
	for _, c := range listed.Chars {
		want = append(want, "search/t/"+ShardKey(string(c))+".js")
	}
	for _, p := range listed.Pairs {
		want = append(want, "search/t/"+p+".js")
	}
	for name := range files {
		if strings.HasPrefix(name, "search/t/") {
			have = append(have, name)
		}
	}
	slices.Sort(want)
	slices.Sort(have)
	if !slices.Equal(want, have) || len(have) < 20 {
		t.Errorf("base lists %q, the town pieces are %q", want, have)
	}
	// A piece holds only the towns it names: 东 finds 东于镇 alone.
	if got := shardTowns(t, files, "t/"+ShardKey("东")); !slices.Equal(got, []int{2}) {
		t.Errorf("shard of 东 holds %v, want [2]", got)
	}
}

func TestShardKey(t *testing.T) {
	for q, want := range map[string]string{
		"": "", "q": "", "qx": "qx", "qingxu": "qi", "t3": "t3", "清徐": "u6e05", "a清": "u6e05",
		"x.": "x782e", "7?": "x373f",
	} {
		if got := ShardKey(q); got != want {
			t.Errorf("ShardKey(%q) = %q, want %q", q, got, want)
		}
	}
}
