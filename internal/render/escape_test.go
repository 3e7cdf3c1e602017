package render

import (
	"html/template"
	"strings"
	"testing"
)

var escapeSamples = []string{
	"", "plain", "工业产值（亿元）", "+12.5", `</script><script>alert("x")</script>`, "a & b 'c'",
	"nul\x00byte", "bad utf8 \xff\xfe", "../../towns/qingxu-vinegar/index.html",
	"https://example.org/a b/?q=1&r=2#f", "javascript:alert(1)", "JavaScript:x", "mailto:a@b.c",
	"data:text/html,x", "tel:123", "/abs/path:colon", "../a%20b/%zz/%4", "路径/镇", "x\"y<z>", "{}|\\^`", "\t\n\r", "%", "a%2", " javascript:x", "HTTP://X", "?q=a:b", "#frag:x", "a\u2028b",
}

// escapeText and escapeURL write what html/template writes for the same
// strings.
func TestEscapeMatchesHTMLTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<p title="{{.}}">{{.}}</p><a href="{{.}}">`))
	for _, s := range escapeSamples {
		var want strings.Builder
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		got.WriteString(`<p title="`)
		escapeText(&got, s)
		got.WriteString(`">`)
		escapeText(&got, s)
		got.WriteString(`</p><a href="`)
		escapeURL(&got, s)
		got.WriteString(`">`)
		if got.String() != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, got.String(), want.String())
		}
	}
}
