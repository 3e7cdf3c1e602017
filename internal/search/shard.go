package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The search box of every page loads the index in pieces, so that at
// national scale a search costs a few small files rather than the whole
// index (6.4 MB at 40,000 towns). Under assets/search/:
//
//	base.js      tiers, indicators, counties and industries: every name
//	             that is not a town's (small at any scale), matched whole;
//	             and which town shards there are, the large with their sizes
//	t/<key>.js   the towns a query beginning with <key> can match by their
//	             own names (ShardKey): a Chinese character, or two letters
//	c/<i>.js     the towns of county i (the index's order), which a query
//	i/<i>.js     matching the county or industry i also finds
//
// Each is a script calling townpressShard(name, data), for file://. Town
// rows are the index's with their place in it last, [id, zh, en, pinyin,
// tier, county, industry, index], so the page ranks and breaks ties as it
// does with the whole index, and finds the same towns: a shard holds every
// town Match can score above 0 for a query of its key. A query's key is
// absent when no town can match it. Pages that draw from the whole index
// (the indicator and comparison pages) load search-index.js and search it
// instead.

// ShardKey is the name of the town shard a query (already normalized) is
// matched against: its first character when that is not ASCII (a Chinese
// character), else its first two bytes when both are ASCII, else its
// second character; "" for a query Match finds nothing for (one letter).
func ShardKey(q string) string {
	r0, n := utf8.DecodeRuneInString(q)
	switch {
	case q == "":
		return ""
	case r0 >= utf8.RuneSelf:
		return runeKey(r0)
	case len(q) == 1:
		return ""
	case q[1] >= utf8.RuneSelf:
		r1, _ := utf8.DecodeRuneInString(q[n:])
		return runeKey(r1)
	}
	return pairKey(q[0], q[1])
}

// ShardKeys are the shards any of which holds every town a query can
// match: ShardKey's, then those of the query's other Chinese characters,
// for a town that matches a query holds each of its characters. The page
// takes the first that is not large (base.js lists the large ones with
// their sizes), so that 安宝东镇 is looked for among the towns with 宝,
// not the thousands with 安.
func ShardKeys(q string) []string {
	first := ShardKey(q)
	if first == "" {
		return nil
	}
	out := []string{first}
	for _, r := range q {
		if k := runeKey(r); r >= utf8.RuneSelf && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// bigShard is the size from which base.js lists a town shard as large.
const bigShard = 200

// runeKey names the shard of a Chinese (or any non-ASCII) character.
func runeKey(r rune) string { return "u" + strconv.FormatInt(int64(r), 16) }

// pairKey names the shard of two ASCII bytes: as they are when they are
// letters or digits, in hex otherwise (a file name takes no "/" or "?").
func pairKey(a, b byte) string {
	plain := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
	if plain(a) && plain(b) {
		return string([]byte{a, b})
	}
	return fmt.Sprintf("x%02x%02x", a, b)
}

// shardKeys are the keys of every query Match can find k with: each
// non-ASCII character of any key; each pair of ASCII bytes of the Chinese
// name (matched anywhere) and of the initials (each a syllable's start);
// and the pairs at the start of each word of the English name and each
// syllable of the pinyin.
func shardKeys(k Keys) map[string]bool {
	out := map[string]bool{}
	for _, key := range []string{k.Zh, k.En, k.Pinyin, k.Initials} {
		for _, r := range key {
			if r >= utf8.RuneSelf {
				out[runeKey(r)] = true
			}
		}
	}
	pairAt := func(key string, at int) {
		if at+1 < len(key) && key[at] < utf8.RuneSelf && key[at+1] < utf8.RuneSelf {
			out[pairKey(key[at], key[at+1])] = true
		}
	}
	for _, key := range []string{k.Zh, k.Initials} {
		for at := range len(key) {
			pairAt(key, at)
		}
	}
	pairAt(k.En, 0)
	for _, at := range k.EnStarts {
		pairAt(k.En, at)
	}
	pairAt(k.Pinyin, 0)
	for _, at := range k.PinyinStarts {
		pairAt(k.Pinyin, at)
	}
	return out
}

// Shards is the index in the pieces the search box loads, by file name
// under assets/.
func (ix *Index) Shards() map[string][]byte {
	// Each row is encoded once and copied into its shards.
	groups := map[string][][]byte{}
	for i, r := range ix.Towns {
		row := append(append([]any{}, r...), i)
		b, err := marshal(row)
		if err != nil {
			// Only strings and numbers we made are in row; failing is a bug.
			panic(fmt.Sprintf("search: %v", err))
		}
		k := KeysOf(r[1].(string), r[2].(string), r[3].(string))
		for key := range shardKeys(k) {
			groups["t/"+key] = append(groups["t/"+key], b)
		}
		if c := r[5].(int); c >= 0 {
			groups["c/"+strconv.Itoa(c)] = append(groups["c/"+strconv.Itoa(c)], b)
		}
		if ind := r[6].(int); ind >= 0 {
			groups["i/"+strconv.Itoa(ind)] = append(groups["i/"+strconv.Itoa(ind)], b)
		}
	}
	// The base says which town shards there are, so that the page asks
	// only for those (a file that is not there is an error in the console):
	// the characters, in a string, and the pairs.
	var chars strings.Builder
	pairs, big := []string{}, map[string]int{}
	for _, name := range slices.Sorted(maps.Keys(groups)) {
		if n := len(groups[name]); n >= bigShard && strings.HasPrefix(name, "t/") {
			big[name[2:]] = n
		}
		switch key, ok := strings.CutPrefix(name, "t/"); {
		case !ok:
		case key[0] == 'u':
			r, _ := strconv.ParseInt(key[1:], 16, 32)
			chars.WriteRune(rune(r))
		default:
			pairs = append(pairs, key)
		}
	}
	base, err := marshal(map[string]any{
		"tiers": ix.Tiers, "inds": ix.Indicators, "counties": ix.Counties, "industries": ix.Industries,
		"chars": chars.String(), "pairs": pairs, "big": big,
	})
	if err != nil {
		panic(fmt.Sprintf("search: %v", err)) // only names and numbers we made: a bug
	}
	out := map[string][]byte{"search/base.js": shardScript("base", base)}
	for name, rows := range groups {
		data := append([]byte(`{"towns":[`), bytes.Join(rows, []byte{','})...)
		out["search/"+name+".js"] = shardScript(name, append(data, "]}"...))
	}
	return out
}

// shardScript is a shard's file: townpressShard("name", data).
func shardScript(name string, data []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(data) + 64)
	buf.WriteString("/* townpress: generated, do not edit */\ntownpressShard(")
	buf.WriteString(strconv.Quote(name)) // names are ASCII: t/la, c/12, base
	buf.WriteString(",")
	buf.Write(data)
	buf.WriteString(");\n")
	return buf.Bytes()
}

// marshal is encoding/json's, escaping <, > and & (see script).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte{'\n'}), nil
}
