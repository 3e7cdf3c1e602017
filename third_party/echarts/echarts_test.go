package echarts

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"regexp"
	"testing"
)

// The embedded files must be the ones update.sh pinned, so a hand edit or a
// half-finished refresh cannot slip into a build.
func TestEmbeddedFilesMatchPinnedHashes(t *testing.T) {
	script, err := os.ReadFile("update.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		variable string
		data     []byte
	}{
		{"MINJS_SHA256", MinJS},
		{"LICENSE_SHA256", License},
		{"NOTICE_SHA256", Notice},
		{"ZRENDER_LICENSE_SHA256", ZRenderLicense},
		{"LITE_SHA256", LiteJS},
	} {
		m := regexp.MustCompile(`(?m)^` + f.variable + `=([0-9a-f]{64})$`).FindSubmatch(script)
		if m == nil {
			t.Fatalf("update.sh has no %s=<sha256> line", f.variable)
		}
		sum := sha256.Sum256(f.data)
		if got := hex.EncodeToString(sum[:]); got != string(m[1]) {
			t.Errorf("%s: embedded file has sha256 %s, update.sh pins %s", f.variable, got, m[1])
		}
	}
}

func TestVersionMatchesScriptAndLibrary(t *testing.T) {
	script, err := os.ReadFile("update.sh")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(script, []byte("\nVERSION="+Version+"\n")) {
		t.Errorf("update.sh does not fetch VERSION=%s", Version)
	}
	if !bytes.Contains(MinJS, []byte(`version="`+Version+`"`)) {
		t.Errorf("echarts.min.js does not declare version %q", Version)
	}
	if !bytes.HasPrefix(bytes.TrimSpace(License), []byte("Apache License")) {
		t.Errorf("LICENSE does not start with the Apache License header")
	}
	for _, full := range []bool{false, true} {
		if len(Files(full)) != 4 {
			t.Errorf("Files(%v) = %d files, want 4", full, len(Files(full)))
		}
	}
	if !bytes.Equal(Files(true)["echarts.min.js"], MinJS) || !bytes.Equal(Files(false)["echarts.min.js"], LiteJS) {
		t.Errorf("Files serves the wrong bundle")
	}
	if !bytes.Contains(LiteJS, []byte(Version)) {
		t.Errorf("the lite bundle does not hold version %s", Version)
	}
}
