package config

import (
	"reflect"
	"sort"
	"strings"

	"github.com/townpress/townpress/internal/diag"
)

// knownKeys are the keys each table of config.toml takes, from the toml
// tags of Config: "site" -> title, title_en, …; "" holds the tables.
var knownKeys = func() map[string][]string {
	keys := map[string][]string{}
	var walk func(prefix string, t reflect.Type)
	walk = func(prefix string, t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if name == "" || name == "-" {
				continue
			}
			keys[prefix] = append(keys[prefix], name)
			ft := f.Type
			if ft.Kind() == reflect.Slice {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(strings.TrimPrefix(prefix+"."+name, "."), ft)
			}
		}
	}
	walk("", reflect.TypeOf(Config{}))
	for _, k := range keys {
		sort.Strings(k)
	}
	return keys
}()

// nearestKey is the key of table that name was probably meant to be: one
// or two letters off (titel, unti), or the same but for case, dashes and
// underscores (first-year). "" when none is close.
func nearestKey(table, name string) string {
	best, bestD := "", 3
	fold := func(s string) string {
		return strings.ToLower(strings.NewReplacer("-", "", "_", "", " ", "").Replace(s))
	}
	for _, k := range knownKeys[table] {
		d := editDistance(name, k)
		if fold(name) == fold(k) {
			d = 0
		}
		limit := 2
		if len(k) <= 3 {
			limit = 1
		}
		if d <= limit && d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes:
// keys are ASCII.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// FirstLanguage is the first of site.languages in config text, "zh-CN"
// when the text does not say or cannot be read: the language problems
// are shown in, which a broken config must not stop.
func FirstLanguage(raw []byte) string {
	var c struct {
		Site struct {
			Languages []string `toml:"languages"`
		} `toml:"site"`
	}
	if _, err := decodeLoose(raw, &c); err != nil || len(c.Site.Languages) == 0 {
		return "zh-CN"
	}
	return c.Site.Languages[0]
}

// ProblemsLang is the language a site's problems are shown in: its
// first language, Chinese when the config cannot be read.
func ProblemsLang(raw []byte) diag.Lang {
	lang, ok := diag.ParseLang(FirstLanguage(raw))
	if !ok {
		return diag.Zh
	}
	return lang
}
