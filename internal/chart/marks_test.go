package chart

import (
	"testing"

	"github.com/townpress/townpress/internal/status"
)

// A data file's status column holds a figure's marks, or for a cell
// without a figure its reason; a final figure, whose mark has no symbol,
// leaves it empty (it held the figure itself: "23.5").
func TestStatusText(t *testing.T) {
	for _, c := range []struct {
		text string
		mark Mark
		want string
	}{
		{"23.5", Mark{}, ""},
		{"23.5", Mark{Flag: status.Provisional, Symbols: "p"}, "p"},
		{"23.5", Mark{Flag: status.Revised, Symbols: "r", Note: 1}, "r①"},
		{"23.5", Mark{Flag: status.Final}, ""},
		{"23.5", Mark{Flag: status.Final, Note: 2}, "②"},
		{"23.5", Mark{Flag: status.Final | status.Revised, Symbols: "r"}, "r"},
		{"c", Mark{Flag: status.Confidential, Note: 1}, "c①"},
		{"<0.1", Mark{Flag: status.Below}, "<0.1"},
	} {
		if got := statusText(c.text, c.mark); got != c.want {
			t.Errorf("statusText(%q, %+v) = %q, want %q", c.text, c.mark, got, c.want)
		}
	}
}
