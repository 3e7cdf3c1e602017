package build

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strings"

	"github.com/townpress/townpress/internal/browser"
	"github.com/townpress/townpress/internal/render"
)

// The viewport build -images draws pages in: a desktop's, so that each
// chart's image is as a reader on a computer sees it.
const imagesWidth, imagesHeight = 1200, 900

// pageImages is what the page script's townpressImages returns.
type pageImages struct {
	Charts []struct {
		ID  string `json:"id"`
		PNG string `json:"png"` // a data: URL
		SVG string `json:"svg"`
	} `json:"charts"`
	Card string `json:"card"` // a data: URL; "" for a page without charts
}

// makeImages opens every page that shares its charts (render.Page.Shares)
// from the staged site in dir with headless Chromium, as printReports
// opens the reports, and keeps each chart's PNG and SVG (<page
// folder>/<chart id>.png, .svg) and the page's share card
// (render.CardFile). A page whose images cannot be made costs only its
// own: failed says which and why.
func makeImages(chromium, dir string, r *render.Renderer) (files map[string][]byte, failed []string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, []string{fmt.Sprintf("every page: %v", err)}
	}
	files = map[string][]byte{}
	l := &launcher{path: chromium}
	defer l.close()
	for _, p := range r.Pages() {
		if !p.Shares() || !p.Kind.Indexed() || p.Kind == render.DownloadsPage || p.Kind == render.ComparePage {
			continue
		}
		b, err := l.browser()
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: Chromium did not start: %v", p.FullPath(), err))
			continue
		}
		imgs, err := shootPage(b, filepath.Join(abs, filepath.FromSlash(p.FullPath())), r.PageURL(p))
		if err == nil {
			err = keepImages(files, path.Dir(p.FullPath()), imgs)
		}
		if err != nil {
			failed = append(failed, fmt.Sprintf("%s: %v", p.FullPath(), err))
		}
	}
	return files, failed
}

func shootPage(b *browser.Browser, file, address string) (*pageImages, error) {
	ctx, w := watch(context.Background(), pdfIdle)
	defer w.stop()
	w.progress("opening a tab")
	page, err := b.NewPage(ctx, imagesWidth, imagesHeight, false)
	if err != nil {
		return nil, w.explain(err)
	}
	defer page.Close()
	w.progress("loading the page")
	u := (&url.URL{Scheme: "file", Path: file, RawQuery: "images"}).String()
	if err := page.Navigate(ctx, u); err != nil {
		return nil, w.explain(err)
	}
	w.progress("drawing its charts")
	if err := page.WaitFor(ctx, browser.ChartsDrawn); err != nil {
		return nil, w.explain(err)
	}
	w.progress("making its images")
	var imgs pageImages
	quoted := fmt.Sprintf("%q", address)
	if err := page.Eval(ctx, "window.townpressImages ? townpressImages("+quoted+") : null", &imgs); err != nil {
		return nil, w.explain(err)
	}
	for _, m := range page.Console() {
		if m.Level == "error" {
			return nil, fmt.Errorf("the page reported a problem: %s", m)
		}
	}
	return &imgs, nil
}

// keepImages decodes a page's images into files, under the page's folder.
func keepImages(files map[string][]byte, dir string, imgs *pageImages) error {
	for _, c := range imgs.Charts {
		png, err := dataURL(c.PNG, "image/png")
		if err != nil {
			return fmt.Errorf("chart %s: %w", c.ID, err)
		}
		files[path.Join(dir, c.ID+".png")] = png
		if c.SVG == "" {
			return fmt.Errorf("chart %s: no SVG", c.ID)
		}
		files[path.Join(dir, c.ID+".svg")] = []byte(c.SVG)
	}
	if len(imgs.Charts) > 0 {
		card, err := dataURL(imgs.Card, "image/png")
		if err != nil {
			return fmt.Errorf("share card: %w", err)
		}
		files[path.Join(dir, render.CardFile)] = card
	}
	return nil
}

// dataURL is the content of a base64 data: URL of the given type.
func dataURL(s, mime string) ([]byte, error) {
	rest, ok := strings.CutPrefix(s, "data:"+mime+";base64,")
	if !ok {
		return nil, errors.New("no " + mime + " image")
	}
	return base64.StdEncoding.DecodeString(rest)
}
