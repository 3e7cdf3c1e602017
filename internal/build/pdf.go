package build

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/render"
)

// printReports prints every report page of the staged site in dir to
// <edition>downloads/report-<year>.pdf with headless Chromium, once its
// charts have drawn. Pages load from file://, as a reader opening the
// folder would, with "?print" so the page script turns animation off.
func printReports(chromium, dir string, r *render.Renderer) ([]render.Download, map[string][]byte, error) {
	var reports []*render.Page
	for _, p := range r.Pages() {
		if p.Kind == render.ReportPage {
			reports = append(reports, p)
		}
	}
	if len(reports) == 0 {
		return nil, nil, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Duration(30+20*len(reports))*time.Second)
	defer cancel()
	b, err := browser.Launch(ctx, chromium)
	if err != nil {
		return nil, nil, fmt.Errorf("pdf: %w", err)
	}
	defer b.Close()
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("pdf: %w", err)
	}
	var list []render.Download
	printed := map[string][]byte{}
	for _, p := range reports {
		pdf, err := printPage(ctx, b, filepath.Join(abs, filepath.FromSlash(p.FullPath())))
		if err != nil {
			return nil, nil, fmt.Errorf("pdf %s: %w", p.FullPath(), err)
		}
		name := p.Lang.Prefix + fmt.Sprintf("downloads/report-%d.pdf", p.ReportYear)
		printed[name] = pdf
		list = append(list, render.Download{Path: name, Size: int64(len(pdf)), Kind: render.ReportPDFFile, Lang: p.Lang.Code, Year: p.ReportYear, Group: render.ReportFiles})
	}
	return list, printed, nil
}

// pdfWidth is the viewport the report is laid out in before printing: A4's
// width less the margins, in CSS pixels, so the charts are drawn at about
// the size they print at.
const pdfWidth = 700

func printPage(ctx context.Context, b *browser.Browser, file string) ([]byte, error) {
	page, err := b.NewPage(ctx, pdfWidth, 1000, false)
	if err != nil {
		return nil, err
	}
	defer page.Close()
	u := (&url.URL{Scheme: "file", Path: file, RawQuery: "print"}).String()
	if err := page.Navigate(ctx, u); err != nil {
		return nil, err
	}
	if err := page.WaitFor(ctx, browser.ChartsDrawn); err != nil {
		return nil, fmt.Errorf("charts not drawn: %w", err)
	}
	for _, m := range page.Console() {
		if m.Level == "error" {
			return nil, fmt.Errorf("the page reported a problem: %s", m)
		}
	}
	return page.PrintPDF(ctx, browser.PDFOptions{PageNumbers: true})
}
