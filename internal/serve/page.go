package serve

import (
	"bytes"
	"html/template"

	"github.com/townpress/townpress/internal/diag"
)

// reloadScript is added to every HTML page served, never to built files.
// It reloads the tab after a good rebuild and lays the input's problems
// over the page after a bad one. Problems are set as text, never as markup:
// they quote what officials typed.
const reloadScript = `(function () {
  "use strict";
  var me = document.currentScript;
  var served = me ? me.getAttribute("data-build") : "";
  var overlay = null;
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(p) {
    hide();
    overlay = document.createElement("div");
    overlay.id = "townpress-problems";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "all:initial;position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:70vh;overflow:auto;" +
      "background:#fff5f5;color:#1a1a1a;border-bottom:3px solid #c0392b;box-shadow:0 4px 16px rgba(0,0,0,.25);" +
      "font:14px/1.5 system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;padding:12px 16px;box-sizing:border-box";
    var head = document.createElement("div");
    head.style.cssText = "font-weight:bold;color:#c0392b;margin-bottom:6px;display:flex;justify-content:space-between;gap:1em";
    var title = document.createElement("span");
    title.textContent = p.title;
    title.setAttribute("data-errors", p.errors);
    title.setAttribute("data-warnings", p.warnings);
    var link = document.createElement("a");
    link.href = p.explain;
    link.target = "_blank";
    link.textContent = p.link;
    link.style.cssText = "font-weight:normal;color:#1a5fb4;margin-left:1em";
    title.appendChild(link);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "close");
    close.style.cssText = "font:inherit;font-size:20px;line-height:1;border:0;background:none;cursor:pointer;color:#1a1a1a";
    close.onclick = hide;
    head.appendChild(title);
    head.appendChild(close);
    overlay.appendChild(head);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding:0 0 0 1.2em;font:13px/1.6 ui-monospace,Menlo,Consolas,'Noto Sans Mono CJK SC',monospace;white-space:pre-wrap;word-break:break-all";
    p.lines.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      list.appendChild(li);
    });
    overlay.appendChild(list);
    (document.body || document.documentElement).appendChild(overlay);
  }
  // The server renders the page a tab shows before the rest of the site.
  var events = new EventSource("/__townpress/events?page=" + encodeURIComponent(location.pathname));
  events.addEventListener("build", function (e) { if (e.data !== served) { location.reload(); } });
  events.addEventListener("reload", function () { location.reload(); });
  events.addEventListener("problems", function (e) { show(JSON.parse(e.data)); });
})();
`

// errorPage stands in for the site when the first build failed: there is
// no last good site to show under the problems.
func errorPage(problems diag.List, lang diag.Lang) []byte {
	lines := make([]string, len(problems))
	for i, p := range problems {
		lines[i] = p.In(lang)
	}
	var b bytes.Buffer
	errorTemplate.Execute(&b, struct {
		Lines   []string
		Summary string
		Explain string
	}{lines, problems.Summary(lang), explainPath})
	return b.Bytes()
}

var errorTemplate = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>townpress: the site has problems</title></head>
<body style="font:15px/1.6 system-ui,sans-serif;margin:2em">
<h1 style="font-size:1.3em">The site cannot be built yet (站点暂无法构建)</h1>
<p>Fix the problems below and save; this page reloads by itself. 改正下列问题并保存后，本页自动刷新。</p>
<p>{{.Summary}} · <a href="{{.Explain}}">check -explain</a></p>
<ul style="font-family:ui-monospace,monospace">
{{range .Lines}}<li>{{.}}</li>
{{end}}</ul>
</body>
</html>
`))
