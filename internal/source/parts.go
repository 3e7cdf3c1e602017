package source

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The parts of an .xlsx package the reader streams itself: the sheets'
// XML and the shared strings. excelize has unzipped them when it opened
// the workbook (into memory, or into a temporary file past
// maxXMLInMemory); where they are is found the way excelize finds them:
// _rels/.rels names the workbook, the workbook's relationships name each
// sheet's part.

// sheetPart is a sheet by name and the package part that holds it.
type sheetPart struct {
	name string
	part string // such as xl/worksheets/sheet1.xml; "" when the package lacks it
}

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type workbookSheets struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
		ID   string `xml:"id,attr"` // r:id; the namespace varies (strict OOXML)
	} `xml:"sheets>sheet"`
}

// sharedStringsPart is where excelize keeps the shared strings, whatever
// the case of the name in the zip.
const sharedStringsPart = "xl/sharedStrings.xml"

// findSheets lists the workbook's sheets in order with their parts.
func findSheets(wb *excelize.File) ([]sheetPart, error) {
	book, err := workbookPart(wb)
	if book == "" || err != nil {
		return nil, err
	}
	var sheets workbookSheets
	if err := decodePart(wb, book, &sheets); err != nil {
		return nil, err
	}
	var rels relationships
	dir := path.Dir(book)
	relsPath := strings.TrimPrefix(path.Join(dir, "_rels", path.Base(book)+".rels"), "/")
	if err := decodePart(wb, relsPath, &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		target := strings.ReplaceAll(r.Target, `\`, "/")
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)
		} else {
			target = path.Join(dir, target)
		}
		targets[r.ID] = strings.TrimPrefix(target, "/")
	}
	list := make([]sheetPart, len(sheets.Sheets))
	for i, sh := range sheets.Sheets {
		list[i] = sheetPart{name: sh.Name, part: targets[sh.ID]}
	}
	return list, nil
}

// workbookPart is the package part of the workbook itself, as
// _rels/.rels names it; "" when it names none.
func workbookPart(wb *excelize.File) (string, error) {
	var root relationships
	if err := decodePart(wb, "_rels/.rels", &root); err != nil {
		return "", err
	}
	for _, r := range root.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return strings.TrimPrefix(r.Target, "/"), nil
		}
	}
	return "", nil
}

// decodePart decodes a small part that excelize holds in memory; a part
// that is not there decodes to nothing.
func decodePart(wb *excelize.File, name string, v any) error {
	b, ok := wb.Pkg.Load(name)
	if !ok {
		return nil
	}
	dec := xml.NewDecoder(bytes.NewReader(b.([]byte)))
	dec.CharsetReader = wb.CharsetReader
	if err := dec.Decode(v); err != nil && err != io.EOF {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

// openPart opens a part for streaming: from excelize's memory when it is
// there, else from the zip itself (a part too large to be kept in memory,
// which excelize wrote to a temporary file of its own).
func (b *workbook) openPart(name string) (io.ReadCloser, error) {
	if v, ok := b.wb.Pkg.Load(name); ok {
		return io.NopCloser(bytes.NewReader(v.([]byte))), nil
	}
	if b.raw != nil {
		// The bytes excelize opened, not the file again: it may have
		// been saved since, and the read cache's key is of these.
		return zipPart(bytes.NewReader(b.raw), int64(len(b.raw)), name, nil)
	}
	f, err := b.fsys.Open(b.file)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	ra, ok := f.(io.ReaderAt)
	if !ok {
		data, err := io.ReadAll(io.LimitReader(f, maxWorkbookBytes))
		f.Close()
		if err != nil {
			return nil, err
		}
		ra, f = bytes.NewReader(data), nil
	}
	return zipPart(ra, st.Size(), name, f)
}

// zipPart opens the part name of the zip in ra for streaming; closing it
// closes f, if any.
func zipPart(ra io.ReaderAt, size int64, name string, f fs.File) (io.ReadCloser, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		closeFile(f)
		return nil, err
	}
	for _, zf := range zr.File {
		zname := strings.ReplaceAll(zf.Name, `\`, "/")
		if zname == name || (name == sharedStringsPart && strings.EqualFold(zname, name)) {
			rc, err := zf.Open()
			if err != nil {
				closeFile(f)
				return nil, err
			}
			return &partReader{ReadCloser: rc, file: f}, nil
		}
	}
	closeFile(f)
	return nil, fmt.Errorf("%s: %w", name, errNoPart)
}

var errNoPart = errors.New("the package has no such part")

func closeFile(f fs.File) {
	if f != nil {
		f.Close()
	}
}

// partReader is a part streamed from the zip; closing it closes the file.
type partReader struct {
	io.ReadCloser
	file fs.File
}

func (p *partReader) Close() error {
	err := p.ReadCloser.Close()
	closeFile(p.file)
	return err
}

// sharedStrings reads the workbook's shared strings, if it has any.
func (b *workbook) sharedStrings() ([]string, error) {
	r, err := b.openPart(sharedStringsPart)
	if errors.Is(err, errNoPart) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return readSharedStrings(r, b.wb.CharsetReader)
}
