package status

import "testing"

// Every mark has a key and words in both languages, and a symbol if any
// that no other mark shares: a legend can list any of them.
func TestEveryMarkHasWords(t *testing.T) {
	keys, symbols := map[string]bool{}, map[string]bool{}
	for _, f := range Flags {
		w := f.Words()
		if f.Key() == "" || w.Name == "" || w.NameEn == "" || w.Meaning == "" || w.MeaningEn == "" {
			t.Errorf("%s: key %q words %+v (a new mark needs its words in Flag.Words)", f.Keys(), f.Key(), w)
		}
		if keys[f.Key()] || (f.Symbol() != "" && symbols[f.Symbol()]) {
			t.Errorf("%s: key or symbol shared", f.Key())
		}
		keys[f.Key()], symbols[f.Symbol()] = true, true
	}
	if (Provisional | Revised).Words() != (Words{}) {
		t.Errorf("a set of marks has no words of its own")
	}
}
