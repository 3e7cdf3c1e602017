package build

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/render"
)

// TestSharePanels: with the site's address known, every chart of a page
// but a report's has a 分享 panel with its link, the page's QR code
// (written beside the page) and the embed snippet; without it, the
// in-page link only, and no QR code.
func TestSharePanels(t *testing.T) {
	files, _ := buildGood(t, Options{BaseURL: "https://towns.example.gov.cn/portal/"})
	town := string(files["towns/vinegar/index.html"])
	for _, want := range []string{
		`<details class="chart-share"><summary>分享</summary>`,
		`<input class="share-url" readonly value="https://towns.example.gov.cn/portal/towns/vinegar/#vinegar-output-trend">`,
		`<img src="share-qr.svg" width="144" height="144" loading="lazy" alt="本页二维码：老陈醋专业镇">`,
		`&lt;iframe src=&#34;https://towns.example.gov.cn/portal/towns/vinegar/?embed=vinegar-output-trend&#34; title=&#34;老陈醋专业镇&#34;`,
	} {
		if !strings.Contains(town, want) {
			t.Errorf("town page lacks %s", want)
		}
	}
	if n, cards := strings.Count(town, `class="chart-share"`), strings.Count(town, `class="chart-card"`); n != cards || n == 0 {
		t.Errorf("%d share panels for %d charts", n, cards)
	}
	for _, name := range []string{"towns/vinegar/share-qr.svg", "en/towns/vinegar/share-qr.svg", "indicators/output/share-qr.svg", "share-qr.svg"} {
		if !bytes.HasPrefix(files[name], []byte("<svg ")) {
			t.Errorf("%s is not an SVG QR code", name)
		}
	}
	qr, _ := render.QRSVG("https://towns.example.gov.cn/portal/en/towns/vinegar/")
	if !bytes.Equal(files["en/towns/vinegar/share-qr.svg"], qr) {
		t.Errorf("the English town page's QR code is not of its address")
	}
	if strings.Contains(string(files["reports/2024/index.html"]), "chart-share") {
		t.Errorf("a report page has share panels")
	}
	for _, name := range []string{"towns/index.html", "reports/2024/index.html"} {
		if _, ok := files[filepath.Dir(name)+"/share-qr.svg"]; ok {
			t.Errorf("a QR code beside %s, which shares no chart", name)
		}
	}
	// No og:image without -images.
	if strings.Contains(town, "og:image") {
		t.Errorf("og:image without images")
	}

	files, _ = buildGood(t, Options{})
	town = string(files["towns/vinegar/index.html"])
	if !strings.Contains(town, `<div class="share-body"><p><a href="#vinegar-output-trend">本图链接</a></p></div>`) || strings.Contains(town, "share-qr.svg") {
		t.Errorf("without base_url a panel has the in-page link only")
	}
	for name := range files {
		if strings.HasSuffix(name, render.QRFile) {
			t.Errorf("%s written without base_url", name)
		}
	}
}

func TestImagesSkippedWithoutChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("TOWNPRESS_CHROMIUM", "")
	files, res := buildGood(t, Options{Images: true})
	if !strings.Contains(res.ImagesSkipped, "apt-get install chromium") || !strings.Contains(res.ImagesSkipped, "-images") {
		t.Errorf("ImagesSkipped = %q, want how to get Chromium", res.ImagesSkipped)
	}
	for name := range files {
		if strings.HasSuffix(name, ".png") {
			t.Errorf("%s made without Chromium", name)
		}
	}
	if strings.Contains(string(files["towns/vinegar/index.html"]), "og:image") {
		t.Errorf("a page names an og:image that was not made")
	}
}

// TestImages makes every chart's PNG and SVG and each page's share card
// with Chromium, and checks that pages name them: og:image absolute, the
// panel's image links beside the page.
func TestImages(t *testing.T) {
	if testing.Short() {
		t.Skip("a browser test: run without -short")
	}
	chromium := browser.Find()
	if chromium == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install chromium")
		}
		t.Skip("needs chromium")
	}
	files, res := buildGood(t, Options{Images: true, Chromium: chromium, BaseURL: "https://towns.example.gov.cn/portal/"})
	if len(res.ImagesFailed) > 0 || res.ImagesSkipped != "" {
		t.Fatalf("failed %v, skipped %q", res.ImagesFailed, res.ImagesSkipped)
	}
	town := string(files["towns/vinegar/index.html"])
	for _, want := range []string{
		`<meta property="og:image" content="https://towns.example.gov.cn/portal/towns/vinegar/share-card.png">`,
		`<div hidden><img src="https://towns.example.gov.cn/portal/towns/vinegar/share-card.png" alt="" width="1200" height="630" loading="lazy"></div>`,
		`图片： <a href="vinegar-output-trend.png" download>PNG</a> · <a href="vinegar-output-trend.svg" download>SVG</a>`,
	} {
		if !strings.Contains(town, want) {
			t.Errorf("town page lacks %s", want)
		}
	}
	// Every chart a page shows has its images, and every page with charts
	// its card, of the size Open Graph asks.
	ids := regexp.MustCompile(`<figure class="chart-card" id="([a-z0-9-]+)"`)
	pages := 0
	for name, b := range files {
		if !strings.HasSuffix(name, "index.html") || strings.Contains(name, "reports/") {
			continue
		}
		dir := filepath.Dir(name)
		if dir == "." {
			dir = ""
		} else {
			dir += "/"
		}
		found := ids.FindAllStringSubmatch(string(b), -1)
		for _, m := range found {
			if _, err := png.Decode(bytes.NewReader(files[dir+m[1]+".png"])); err != nil {
				t.Errorf("%s%s.png: %v", dir, m[1], err)
			}
			if !bytes.HasPrefix(files[dir+m[1]+".svg"], []byte("<svg ")) {
				t.Errorf("%s%s.svg is not an SVG", dir, m[1])
			}
		}
		if len(found) == 0 {
			continue
		}
		pages++
		card, err := png.DecodeConfig(bytes.NewReader(files[dir+render.CardFile]))
		if err != nil || card.Width != 1200 || card.Height != 630 {
			t.Errorf("%s%s: %+v %v, want a 1200×630 PNG", dir, render.CardFile, card, err)
		}
	}
	if pages < 10 {
		t.Errorf("only %d pages with charts", pages)
	}
}
