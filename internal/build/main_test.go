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
	os.Exit(code)
}
