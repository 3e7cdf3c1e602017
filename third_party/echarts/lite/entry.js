// The parts of Apache ECharts that townpress pages draw with: bar and line
// charts, their components, and both renderers (canvas on screen, SVG for
// printed reports). update.sh bundles this file with esbuild into
// ../echarts.lite.min.js, which pages load as assets/echarts.min.js and use
// through the global `echarts`, exactly as the full bundle.
//
// A layout that draws other kinds of chart sets site.echarts = "full" in
// config.toml to be served the whole library instead.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  LegendScrollComponent,
  MarkLineComponent,
  MarkPointComponent,
  ToolboxComponent,
  TooltipComponent,
} from "echarts/components";
import { CanvasRenderer, SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart, LineChart,
  AriaComponent, GridComponent, LegendComponent, LegendScrollComponent,
  MarkLineComponent, MarkPointComponent, ToolboxComponent, TooltipComponent,
  CanvasRenderer, SVGRenderer,
]);

window.echarts = echarts;
