// Command genyearbook writes the example of internal/yearbook in every
// layout the reader takes, with its config, for the reader's tests: a
// long table and its twins (wide, one indicator per sheet, one sheet per
// year, and a yearbook's table as a bureau prints it).
//
// Usage (from the repository root):
//
//	go run ./cmd/genyearbook [-out internal/source/testdata/yearbook]
//
// The files are the same on every run; the reader's tests fail when the
// committed ones differ from what this writes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/townpress/townpress/internal/yearbook"
)

func main() {
	out := flag.String("out", "internal/source/testdata/yearbook", "the folder to write the workbooks into")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "genyearbook:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	books, err := yearbook.Workbooks()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(books))
	for name := range books {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, name), books[name], 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "config.toml"), []byte(yearbook.Config), 0o644)
}
