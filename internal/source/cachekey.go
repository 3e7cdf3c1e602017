package source

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"hash"
	"io"
	"path"
	"strings"

	"github.com/townpress/townpress/internal/config"
)

// The keys of the read cache. A sheet's records are a function of:
//
//   - this program (its code, and the built-in names of sheets, columns,
//     marks and totals): the SHA-256 of its executable file, which the
//     caller gives (ReadOptions.Program); a test binary is a program too;
//   - the config, all of it as the reader sees it (json of the parsed
//     config.Config: every field the names, marks, indicators, [sheets],
//     [columns], [rows] and site.region come from, and more);
//   - the reader's limits that tests may lower (maxXMLInMemory decides
//     whether a sheet's merged cells are read);
//   - the workbook's file name (the records' locations) and the sheet's
//     name, place in the workbook and hidden state;
//   - the bytes of the package's parts (zip entries: name, method, CRC,
//     sizes and the compressed bytes, which decompress to one content
//     only): the sheet's own part, and every other part too (shared
//     strings, styles, workbook.xml and its relationships, the sheet's
//     relationships and comments, [Content_Types].xml, the theme …),
//     except two kinds that reading the sheet never opens: the other
//     sheets' own XML, and docProps/ (the author and the time of the
//     last save, which every save in Excel changes). These are left out
//     only when no relationship of the package other than the package's
//     and the workbook's own names such a part (a comments part that is
//     another sheet's XML); otherwise every part is in every key.
//
// A key thus changes with anything the sheet's reading could see; it may
// change with more (a new comment on another sheet), which costs a parse,
// never a stale figure.

// readCacheVersion changes with the cache's format and with what a key
// covers.
const readCacheVersion = "townpress read cache key 2"

// readSalt is the digest of what every key of a read shares: the program,
// the config and the reader's limits. ok is false when the cache cannot
// be used (no program digest, a config that cannot be written).
func readSalt(program [32]byte, cfg *config.Config) (salt [32]byte, ok bool) {
	if program == ([32]byte{}) {
		return salt, false
	}
	c, err := json.Marshal(cfg)
	if err != nil {
		return salt, false
	}
	h := sha256.New()
	field(h, []byte(readCacheVersion))
	field(h, program[:])
	field(h, c)
	for _, n := range []int64{maxWorkbookBytes, maxUnzipBytes, maxXMLInMemory} {
		field(h, binary.LittleEndian.AppendUint64(nil, uint64(n)))
	}
	h.Sum(salt[:0])
	return salt, true
}

// field writes b to h with its length, so that no two lists of fields
// write the same bytes.
func field(h hash.Hash, b []byte) {
	h.Write(binary.LittleEndian.AppendUint64(nil, uint64(len(b))))
	h.Write(b)
}

func str(h hash.Hash, s string) { field(h, []byte(s)) }

// workbookKey is the key of a whole workbook: its file's name and bytes.
func workbookKey(salt [32]byte, file string, data []byte) [32]byte {
	h := sha256.New()
	field(h, salt[:])
	str(h, "workbook")
	str(h, file)
	sum := sha256.Sum256(data)
	field(h, sum[:])
	return [32]byte(h.Sum(nil))
}

// packageEntry is one entry of the package: its name as excelize knows it
// (backslashes made slashes) and the digest of all of it.
type packageEntry struct {
	name string
	sum  [32]byte
}

// packageParts digests every entry of the package in data, in zip order,
// and lists the targets of its relationship parts (by their base name,
// lower case), but for the package's own (_rels/.rels) and the workbook's
// (book's). ok is false when the package cannot be read so, or a
// relationship part cannot be: no key is made.
func packageParts(data []byte, book string) (parts []packageEntry, targets map[string]bool, ok bool) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil, false
	}
	bookRels := strings.TrimPrefix(path.Join(path.Dir(book), "_rels", path.Base(book)+".rels"), "/")
	targets = map[string]bool{}
	for _, zf := range zr.File {
		name := strings.ReplaceAll(zf.Name, `\`, "/")
		raw, err := zf.OpenRaw()
		if err != nil {
			return nil, nil, false
		}
		h := sha256.New()
		str(h, zf.Name)
		h.Write(binary.LittleEndian.AppendUint16(nil, zf.Method))
		h.Write(binary.LittleEndian.AppendUint16(nil, zf.Flags))
		h.Write(binary.LittleEndian.AppendUint32(nil, zf.CRC32))
		h.Write(binary.LittleEndian.AppendUint64(nil, zf.CompressedSize64))
		h.Write(binary.LittleEndian.AppendUint64(nil, zf.UncompressedSize64))
		if _, err := io.Copy(h, raw); err != nil {
			return nil, nil, false
		}
		parts = append(parts, packageEntry{name: name, sum: [32]byte(h.Sum(nil))})
		lower := strings.ToLower(name)
		if !strings.HasSuffix(lower, ".rels") || lower == "_rels/.rels" || name == bookRels {
			continue
		}
		if zf.UncompressedSize64 > 1<<20 {
			return nil, nil, false
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, nil, false
		}
		b, err := io.ReadAll(io.LimitReader(rc, 1<<20))
		rc.Close()
		var rels relationships
		if err != nil || xml.Unmarshal(b, &rels) != nil {
			return nil, nil, false
		}
		for _, r := range rels.Rels {
			t := strings.ToLower(strings.ReplaceAll(r.Target, `\`, "/"))
			targets[path.Base(t)] = true
			if strings.Contains(t, "docprops") {
				targets["docprops/"] = true
			}
		}
	}
	return parts, targets, true
}

// sheetKeys makes the key of each sheet of a workbook (sheets as
// findSheets lists them, hidden as sheetStates), in the order of sheets.
func sheetKeys(salt [32]byte, file, book string, sheets []sheetPart, hidden map[string]string, parts []packageEntry, targets map[string]bool) [][32]byte {
	listed := map[string]bool{}
	for _, s := range sheets {
		if s.part != "" {
			listed[s.part] = true
		}
	}
	docProps := !targets["docprops/"] && !strings.HasPrefix(strings.ToLower(book), "docprops/")
	keys := make([][32]byte, len(sheets))
	for i, s := range sheets {
		h := sha256.New()
		field(h, salt[:])
		str(h, "sheet")
		str(h, file)
		h.Write(binary.LittleEndian.AppendUint64(nil, uint64(i)))
		str(h, s.name)
		str(h, hidden[s.name])
		str(h, s.part)
		for _, p := range parts {
			own := strings.EqualFold(p.name, s.part)
			switch {
			case own:
			case listed[p.name] && !targets[strings.ToLower(path.Base(p.name))]:
				continue // another sheet's XML
			case docProps && strings.HasPrefix(strings.ToLower(p.name), "docprops/"):
				continue
			}
			str(h, p.name)
			h.Write(p.sum[:])
		}
		keys[i] = [32]byte(h.Sum(nil))
	}
	return keys
}
