package render

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// Sharing a chart: each card's 分享 panel offers the chart's image (when
// the build made images, build -images), a link to it, a QR code of the
// page's address and a snippet that embeds the chart alone in another
// page. The QR code and the snippet need the page's absolute address, so
// a site without base_url offers the in-page link and the image only.

// Share file names, next to each page with charts.
const (
	// QRFile is the QR code of the page's address, an SVG made at build
	// time (no script draws it, and it works on paper and from disk).
	QRFile = "share-qr.svg"
	// CardFile is the page's share card (1200×630 PNG, build -images),
	// its og:image.
	CardFile = "share-card.png"
)

// pageShare is what the share panels of one page's cards have in common.
type pageShare struct {
	url    string // the page's absolute address; "" without base_url
	images bool   // build -images makes each chart's PNG and SVG
	words  shareWords
}

type shareWords struct {
	share, image, link, qr, qrNote, embed, embedTitle, chartLink string
}

func (f *Frame) share() *pageShare {
	if f.shareInfo == nil {
		f.shareInfo = &pageShare{url: f.Canonical, images: f.r.Images, words: shareWords{
			share: f.T("share"), image: f.T("share_image"), link: f.T("share_link"), qr: f.T("share_qr", f.Title),
			qrNote: f.T("share_qr_note"), embed: f.T("share_embed"), embedTitle: f.Title, chartLink: f.T("share_chart_link"),
		}}
	}
	return f.shareInfo
}

// QRSVG is the QR code of url as an SVG image: one path of the dark
// modules, with the quiet zone the standard asks for, at error
// correction level M (a code printed small and photographed still reads).
func QRSVG(url string) ([]byte, error) {
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("QR code of %s: %w", url, err)
	}
	// Bitmap includes the quiet zone (four modules each side).
	bits := q.Bitmap()
	n := len(bits)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bits {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			run := 1
			for x+run < len(row) && row[x+run] {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run - 1
		}
	}
	b.WriteString(`"/></svg>` + "\n")
	return []byte(b.String()), nil
}

// PageURL is the page's absolute address, as its canonical link and its
// QR code give it; "" without base_url.
func (r *Renderer) PageURL(p *Page) string {
	base := strings.TrimRight(r.Site.Config.Site.BaseURL, "/")
	if base == "" || p.Kind == NotFoundPage {
		return ""
	}
	return base + "/" + strings.TrimSuffix(p.FullPath(), "index.html")
}

// Shares says whether the page's charts have share panels: every page's
// but a report's, which is printed (its charts are shared from their own
// pages).
func (p *Page) Shares() bool { return p.Kind != ReportPage }

// OGImage is the page's share card (build -images) for its og:image and
// for WeChat, which takes a page's first image for its link card:
// absolute when the site's address is known, as Open Graph asks; ""
// when the build makes no images or the page has no chart. Layouts call
// it after the page's view has made its charts (base.html's head is
// printed after the view is made).
func (f *Frame) OGImage() string {
	if !f.r.Images || len(f.Charts) == 0 || !f.page.Shares() {
		return ""
	}
	if u := f.AbsURL(f.Path); u != "" {
		return strings.TrimSuffix(u, "index.html") + CardFile
	}
	return CardFile
}
