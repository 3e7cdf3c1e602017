package build

import (
	"testing"

	"github.com/townpress/townpress/internal/browser/browsertest"
)

func TestMain(m *testing.M) { browsertest.Main(m) }
