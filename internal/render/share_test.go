package render

import (
	"regexp"
	"strconv"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
)

// TestQRSVGIsTheLibrarysMatrix reads the SVG's path back into modules: it
// must draw exactly the matrix the QR library made for the address, no
// module more or less (there is no Go QR decoder among the kept modules;
// the code was also decoded by jsQR from a Chromium screenshot, see the
// commit).
func TestQRSVGIsTheLibrarysMatrix(t *testing.T) {
	for _, url := range []string{"https://towns.example.gov.cn/portal/towns/vinegar/", "https://x.cn/en/indicators/output/"} {
		svg, err := QRSVG(url)
		if err != nil {
			t.Fatal(err)
		}
		q, err := qrcode.New(url, qrcode.Medium)
		if err != nil {
			t.Fatal(err)
		}
		want := q.Bitmap()
		n := len(want)
		if !regexp.MustCompile(`viewBox="0 0 ` + strconv.Itoa(n) + " " + strconv.Itoa(n) + `"`).Match(svg) {
			t.Fatalf("%s: viewBox is not %d modules: %.120s", url, n, svg)
		}
		got := make([][]bool, n)
		for i := range got {
			got[i] = make([]bool, n)
		}
		runs := regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-(\d+)z`).FindAllSubmatch(svg, -1)
		if len(runs) == 0 {
			t.Fatalf("%s: no modules drawn", url)
		}
		for _, r := range runs {
			x, _ := strconv.Atoi(string(r[1]))
			y, _ := strconv.Atoi(string(r[2]))
			w, _ := strconv.Atoi(string(r[3]))
			for k := range w {
				if got[y][x+k] {
					t.Fatalf("%s: module %d,%d drawn twice", url, x+k, y)
				}
				got[y][x+k] = true
			}
		}
		for y := range n {
			for x := range n {
				if got[y][x] != want[y][x] {
					t.Fatalf("%s: module %d,%d is %v, the library's is %v", url, x, y, got[y][x], want[y][x])
				}
			}
		}
		// The quiet zone: the outer four rings are light.
		for k := range n {
			for _, m := range []bool{want[0][k], want[k][0], want[3][k], want[n-1][k]} {
				if m {
					t.Fatalf("%s: no quiet zone", url)
				}
			}
		}
	}
}
