package source

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"
)

// FuzzReadOLE feeds damaged compound files (old .xls, password-protected
// .xlsx) to Read: their directory is read by a library that has not seen
// them before, and must give a message at the file, never a panic.
func FuzzReadOLE(f *testing.F) {
	legacy, err := os.ReadFile("testdata/legacy.xls")
	if err != nil {
		f.Fatal(err)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(xlsx(f, sheet{name: "2023年", rows: [][]any{{"专业镇", "工业产值"}, {"甲镇", 1}}})))
	if err != nil {
		f.Fatal(err)
	}
	var encrypted bytes.Buffer
	if err := wb.Write(&encrypted, excelize.Options{Password: "x"}); err != nil {
		f.Fatal(err)
	}
	wb.Close()
	f.Add(legacy)
	f.Add(encrypted.Bytes())
	f.Add(legacy[:1024])
	f.Add(append(append([]byte{}, oleMagic...), make([]byte, 1024)...))
	cfg := testConfig()
	f.Fuzz(func(t *testing.T, tail []byte) {
		book := append(append([]byte{}, oleMagic...), tail[min(len(tail), len(oleMagic)):]...)
		_, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, cfg)
		if len(problems) != 1 || problems[0].Loc.String() != "data/x.xlsx" ||
			!strings.Contains(problems[0].Msg, "password") && !strings.Contains(problems[0].Msg, "97-2003") && !strings.Contains(problems[0].Msg, "old Office format") {
			t.Fatalf("problems: %v", problems)
		}
	})
}
