package browser

// ChartsProgress is a JavaScript expression, [drawn, all]: how many of the
// page's .chart elements hold the canvas or svg ECharts draws with, where an
// ECharts instance is found, its animations over, and how many there are.
// zrender's animation.isFinished is what ECharts itself checks before its
// "finished" event; where it is missing the -settle wait has to do.
//
// Pages draw a chart only when it comes near the screen (townpress.js);
// the expression first asks the page to draw every chart, as printing
// does, so that a tool that waits for a whole page gets one. It is safe to
// evaluate again and again.
const ChartsProgress = `(() => {
	if (window.townpress && townpress.drawAll) townpress.drawAll();
	const all = Array.from(document.querySelectorAll(".chart"));
	const drawn = all.filter(el => {
		if (!el.querySelector("canvas, svg:not(.chart-static)")) return false;
		const host = el.matches("[_echarts_instance_]") ? el : el.querySelector("[_echarts_instance_]");
		const chart = host && window.echarts && echarts.getInstanceByDom(host);
		const animation = chart && chart.getZr && chart.getZr().animation;
		return !(animation && animation.isFinished) || animation.isFinished();
	});
	return [drawn.length, all.length];
})()`

// ChartsDrawn is a JavaScript expression, true once every chart is drawn
// (see ChartsProgress).
const ChartsDrawn = `((c) => c[0] === c[1])(` + ChartsProgress + `)`
