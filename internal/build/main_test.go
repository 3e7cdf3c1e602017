package build

import (
	"os"
	"testing"

	"github.com/townpress/townpress/internal/browser/browsertest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	browsertest.CloseShared()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	for _, dir := range tempDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// tempDirs are folders made for the whole test binary (mkdirTemp), removed
// when its tests are done.
var tempDirs []string

func mkdirTemp(pattern string) (string, error) {
	dir, err := os.MkdirTemp("", pattern)
	if err == nil {
		tempDirs = append(tempDirs, dir)
	}
	return dir, err
}
