// Tree-shaken ECharts for the donor-service pages: scatter (coverage), funnel (campaigns), SVG renderer.
import * as echarts from 'echarts/core';
import { FunnelChart, ScatterChart, type FunnelSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import {
  AriaComponent, GridComponent, LegendComponent, TooltipComponent,
  type AriaComponentOption, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

echarts.use([ScatterChart, FunnelChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export type ChartOption = echarts.ComposeOption<
  ScatterSeriesOption | FunnelSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | AriaComponentOption
>;
export { echarts, ReactEChartsCore };
