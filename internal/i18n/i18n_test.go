package i18n

import (
	"testing"
	"testing/fstest"
)

func TestTOne(t *testing.T) {
	fsys := fstest.MapFS{"i18n/en.toml": {Data: []byte(`
members_count = "%s towns"
members_count_one = "%s town"
reporting = "%d of %d towns reported"
reporting_one = "%d of %d town reported"
plain = "%d towns"
`)}}
	l, err := Load("en", "en/", fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key  string
		args []any
		want string
	}{
		{"members_count", []any{"1"}, "1 town"},
		{"members_count", []any{"1,000"}, "1,000 towns"},
		{"members_count", []any{"0"}, "0 towns"},
		{"reporting", []any{1, 1}, "1 of 1 town reported"},
		{"reporting", []any{1, 5}, "1 of 5 towns reported"},
		{"plain", []any{1}, "1 towns"}, // no _one form: the key as it is
	} {
		if got := l.T(c.key, c.args...); got != c.want {
			t.Errorf("T(%q, %v) = %q, want %q", c.key, c.args, got, c.want)
		}
	}
}
