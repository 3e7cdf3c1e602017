package browser

// ChartsDrawn is a JavaScript expression, true once every .chart element holds the canvas or svg
// ECharts draws and, where an ECharts instance is found, its animations are
// over. zrender's animation.isFinished is what ECharts itself checks before
// its "finished" event; where it is missing the -settle wait has to do.
const ChartsDrawn = `Array.from(document.querySelectorAll(".chart")).every(el => {
	if (!el.querySelector("canvas, svg")) return false;
	const host = el.matches("[_echarts_instance_]") ? el : el.querySelector("[_echarts_instance_]");
	const chart = host && window.echarts && echarts.getInstanceByDom(host);
	const animation = chart && chart.getZr && chart.getZr().animation;
	return !(animation && animation.isFinished) || animation.isFinished();
})`
