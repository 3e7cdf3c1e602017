package status

import "testing"

// Every mark has a key, a symbol and words in both languages, none
// shared with another mark: a legend can list any of them.
func TestEveryMarkHasWords(t *testing.T) {
	keys, symbols := map[string]bool{}, map[string]bool{}
	for _, f := range Flags {
		w := f.Words()
		if f.Key() == "" || f.Symbol() == "" || w.Name == "" || w.NameEn == "" || w.Meaning == "" || w.MeaningEn == "" {
			t.Errorf("%s: key %q symbol %q words %+v", f.Keys(), f.Key(), f.Symbol(), w)
		}
		if keys[f.Key()] || symbols[f.Symbol()] {
			t.Errorf("%s: key or symbol shared", f.Key())
		}
		keys[f.Key()], symbols[f.Symbol()] = true, true
	}
	if (Provisional | Revised).Words() != (Words{}) {
		t.Errorf("a set of marks has no words of its own")
	}
}
