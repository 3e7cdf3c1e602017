package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestChromiumNeedsPDF(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"build", "-chromium", "/usr/bin/chromium"}, &stdout, &stderr); code != 2 {
		t.Errorf("exit %d, want 2 (usage)", code)
	}
	if !strings.Contains(stderr.String(), "-chromium is used only with -pdf") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

// TestPDFSkippedIsSaid builds a site with -pdf where no Chromium can be
// found: the build succeeds, and says what was skipped and how to get it.
func TestPDFSkippedIsSaid(t *testing.T) {
	dir := t.TempDir()
	cfg := "../../config.toml" // the sample site
	t.Setenv("PATH", t.TempDir())
	t.Setenv("TOWNPRESS_CHROMIUM", "")
	var stdout, stderr bytes.Buffer
	code := Run([]string{"build", "-pdf", "-lang", "en", "-config", cfg, "-out", filepath.Join(dir, "public")}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"report PDFs skipped", "apt-get install chromium", "-chromium PATH"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q: %s", want, stderr.String())
		}
	}
}
