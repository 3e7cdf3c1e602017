package search

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/townpress/townpress/internal/browser/browsertest"
	"github.com/townpress/townpress/layouts"
)

// TestPageScriptMatchesLikeGo runs MatchCases, and the scores of every
// case, through the matching rule of the page script, so the rule readers
// get in the browser is the rule tested here.
func TestPageScriptMatchesLikeGo(t *testing.T) {
	b := browsertest.Launch(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	page, err := b.NewPage(ctx, 800, 600, false)
	if err != nil {
		t.Fatal(err)
	}
	defer page.Close()
	if err := page.Navigate(ctx, "about:blank"); err != nil {
		t.Fatal(err)
	}
	src, err := layouts.FS.ReadFile("assets/townpress.js")
	if err != nil {
		t.Fatal(err)
	}
	if err := page.Eval(ctx, string(src), nil); err != nil {
		t.Fatal(err)
	}
	const zh, en = "清徐老陈醋专业镇", "Qingxu Aged Vinegar Town"
	py := strings.Join(Syllables(zh), " ")
	k := KeysOf(zh, en, py)
	queries := []string{"qxlcczyz", "清徐老陈醋专业镇", "qingxulaochencuzhuanyezhen", "qingxuagedvinegartown"}
	for _, c := range MatchCases {
		queries = append(queries, c.Query)
	}
	args, _ := json.Marshal(map[string]any{"zh": zh, "en": en, "py": py, "queries": queries})
	var scores []int
	err = page.Eval(ctx, `(() => { const a = `+string(args)+`, tp = window.townpress, k = tp.keysOf(a.zh, a.en, a.py);
		return a.queries.map(q => tp.match(k, tp.normalize(q))); })()`, &scores)
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range queries {
		if want := Match(k, Normalize(q)); scores[i] != want {
			t.Errorf("query %q: the page script scores %d, Go %d", q, scores[i], want)
		}
	}

	// The page picks the piece of the index a query needs as Go names it.
	keyQueries := append(queries, "q", "a清", "x.", "A", "阳曲县T3镇", "t3", "😀镇", "z😀", "")
	args, _ = json.Marshal(keyQueries)
	var keys [][]string
	if err := page.Eval(ctx, `(`+string(args)+`).map(q => window.townpress.shardKeys(window.townpress.normalize(q)))`, &keys); err != nil {
		t.Fatal(err)
	}
	for i, q := range keyQueries {
		if want := ShardKeys(Normalize(q)); !slices.Equal(keys[i], want) {
			t.Errorf("query %q: the page script's shards are %q, Go's %q", q, keys[i], want)
		}
	}
}
