package source

import (
	"bytes"
	"os"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/townpress/townpress/internal/diag"
)

// A workbook saved with a password is an OLE compound file, not a zip:
// the message must say so, not "not a valid zip file".
func TestPasswordProtectedWorkbook(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(xlsx(t, sheet{name: "专业镇名录", rows: [][]any{{"编号", "名称", "级别"}, {"a1", "甲镇", "省级"}}})))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var book bytes.Buffer
	if err := f.Write(&book, excelize.Options{Password: "机密"}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(book.Bytes(), oleMagic) {
		t.Fatalf("excelize did not write an encrypted workbook: % x", book.Bytes()[:8])
	}
	_, problems := Read(fstest.MapFS{"data/secret.xlsx": {Data: book.Bytes()}}, testConfig())
	checkProblems(t, problems, []string{
		`data/secret.xlsx: the workbook is protected by a password, so it cannot be read: open it in Excel or WPS, remove the password (Excel: 文件 → 信息 → 保护工作簿 → 用密码进行加密; WPS: 文件 → 文档加密 → 密码加密; clear it) and save it again`,
	})
}

// testdata/legacy.xls is an Excel 97-2003 workbook, written by LibreOffice
// (soffice --convert-to xls) from a one-sheet .xlsx.
func TestLegacyWorkbookRenamed(t *testing.T) {
	book, err := os.ReadFile("testdata/legacy.xls")
	if err != nil {
		t.Fatal(err)
	}
	_, problems := Read(fstest.MapFS{"data/old.xlsx": {Data: book}}, testConfig())
	checkProblems(t, problems, []string{
		`data/old.xlsx: the file is an old Excel 97-2003 workbook (.xls) named .xlsx: open it in Excel or WPS and save it as an Excel 工作簿 (.xlsx)`,
	})
	if got, want := problems[0].In(diag.Zh), `data/old.xlsx: 这是改名为 .xlsx 的旧版 Excel 97-2003 工作簿（.xls）：请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（.xlsx）”`; got != want {
		t.Errorf("in Chinese:\n%s\nwant:\n%s", got, want)
	}
}

// A compound file whose directory cannot be read, or that holds something
// else than a workbook, is still named for what it is.
func TestOtherCompoundFiles(t *testing.T) {
	for name, book := range map[string][]byte{
		"header only": append(append([]byte{}, oleMagic...), make([]byte, 600)...),
		"magic alone": oleMagic,
		"cut in the middle": func() []byte {
			b, err := os.ReadFile("testdata/legacy.xls")
			if err != nil {
				t.Fatal(err)
			}
			return b[:700]
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			_, problems := Read(fstest.MapFS{"data/x.xlsx": {Data: book}}, testConfig())
			checkProblems(t, problems, []string{
				`data/x.xlsx: not an Excel .xlsx workbook: the file is in an old Office format (an OLE compound file), not the zip of an .xlsx (open it in Excel or WPS and save it as .xlsx)`,
			})
		})
	}
}
