package source

import (
	"bufio"
	"bytes"
	"io"

	"github.com/richardlehane/mscfb"

	"github.com/townpress/townpress/internal/diag"
)

// oleMagic starts an OLE compound file, the container of Office's old
// binary formats and of an .xlsx saved with a password: Excel and WPS
// encrypt the whole zip and wrap it in one.
var oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// maxOLEEntries bounds the walk of a compound file's directory: a real
// one names a few dozen streams, a damaged one may loop.
const maxOLEEntries = 1000

// notZipWorkbook looks at the start of a file that is about to be opened as
// a workbook; when it is an OLE compound file, which the zip reader could
// only call "not a valid zip file", it says what the file is and what to
// do. ok is false for anything else, and r then still reads the whole file.
func notZipWorkbook(r *bufio.Reader) (msg diag.Text, ok bool) {
	head, _ := r.Peek(len(oleMagic))
	if !bytes.Equal(head, oleMagic) {
		return diag.Text{}, false
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return diag.M("cannot read the workbook: %v", "无法读取工作簿：%v").Text(err), true
	}
	switch oleKind(b) {
	case oleEncrypted:
		return diag.T("the workbook is protected by a password, so it cannot be read: open it in Excel or WPS, remove the password (Excel: 文件 → 信息 → 保护工作簿 → 用密码进行加密; WPS: 文件 → 文档加密 → 密码加密; clear it) and save it again",
			"工作簿设有密码，无法读取：请在 Excel 或 WPS 中打开，取消密码（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密；WPS：文件 → 文档加密 → 密码加密；把密码清空）后重新保存"), true
	case oleLegacyWorkbook:
		return diag.T("the file is an old Excel 97-2003 workbook (.xls) named .xlsx: open it in Excel or WPS and save it as an Excel 工作簿 (.xlsx)",
			"这是改名为 .xlsx 的旧版 Excel 97-2003 工作簿（.xls）：请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（.xlsx）”"), true
	}
	return diag.T("not an Excel .xlsx workbook: the file is in an old Office format (an OLE compound file), not the zip of an .xlsx (open it in Excel or WPS and save it as .xlsx)",
		"不是 Excel .xlsx 工作簿：文件是旧的 Office 格式（OLE 复合文件），不是 .xlsx 的 zip 包（请在 Excel 或 WPS 中打开，另存为 .xlsx）"), true
}

type oleFile int

const (
	oleOther oleFile = iota
	oleEncrypted
	oleLegacyWorkbook
)

// oleKind tells an encrypted .xlsx (its streams EncryptionInfo and
// EncryptedPackage, MS-OFFCRYPTO) from an .xls (the stream Workbook, or
// Book from Excel 5) by the names of the streams in the file's directory.
func oleKind(b []byte) (kind oleFile) {
	defer func() {
		// The file is a stranger's and mscfb is not hardened against
		// every damaged directory: without a name, it is "other".
		if recover() != nil {
			kind = oleOther
		}
	}()
	doc, err := mscfb.New(bytes.NewReader(b))
	if err != nil {
		return oleOther
	}
	workbook := false
	for i := 0; i < maxOLEEntries; i++ {
		entry, err := doc.Next()
		if err != nil {
			break
		}
		switch entry.Name {
		case "EncryptionInfo", "EncryptedPackage":
			return oleEncrypted
		case "Workbook", "Book":
			workbook = true
		}
	}
	if workbook {
		return oleLegacyWorkbook
	}
	return oleOther
}
