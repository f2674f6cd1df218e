// Temperature log chart (ECharts line, tree-shaken, SVG): readings, the allowed band and log gaps.
import * as echarts from 'echarts/core';
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  AriaComponent, GridComponent, MarkAreaComponent, MarkLineComponent, TooltipComponent, DataZoomComponent,
  type GridComponentOption, type MarkAreaComponentOption, type MarkLineComponentOption, type TooltipComponentOption, type DataZoomComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';

echarts.use([LineChart, GridComponent, TooltipComponent, MarkAreaComponent, MarkLineComponent, AriaComponent, DataZoomComponent, SVGRenderer]);

type Option = echarts.ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption | MarkAreaComponentOption | MarkLineComponentOption | DataZoomComponentOption>;

interface Props {
  readings: { at: string; tempC: number; inRange: boolean }[];
  minC: number | null;
  maxC: number | null;
  gaps: { from: string; to: string }[];
  labels: { temp: string; band: string; gap: string };
  height?: number;
  /** End of the window (ISO): an open gap up to now stays visible. */
  to?: string;
}

export function TemperatureChart({ readings, minC, maxC, gaps, labels, height = 320, to }: Props) {
  const temps = readings.map((r) => r.tempC);
  const lo = Math.min(...temps, minC ?? Infinity, maxC ?? Infinity) - 2;
  const hi = Math.max(...temps, maxC ?? -Infinity, minC ?? -Infinity) + 2;
  const option: Option = {
    aria: { enabled: true },
    grid: { left: 48, right: 24, top: 24, bottom: 56 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => `${String(v)} °C` },
    xAxis: { type: 'time', max: to },
    yAxis: { type: 'value', name: '°C', min: Math.floor(lo), max: Math.ceil(hi) },
    dataZoom: [{ type: 'slider', height: 18, bottom: 8 }],
    series: [{
      name: labels.temp,
      type: 'line',
      showSymbol: true,
      symbolSize: 6,
      data: readings.map((r) => ({ value: [r.at, r.tempC], itemStyle: { color: r.inRange ? '#1677ff' : '#cf1322' } })),
      lineStyle: { color: '#1677ff' },
      markArea: {
        silent: true,
        data: [
          [{ yAxis: minC ?? lo, name: labels.band, label: { position: 'insideTopLeft', color: '#389e0d' }, itemStyle: { color: 'rgba(82,196,26,0.10)' } }, { yAxis: maxC ?? hi }],
          ...gaps.map((g) => [{ xAxis: g.from, name: labels.gap, label: { show: false }, itemStyle: { color: 'rgba(250,173,20,0.22)' } }, { xAxis: g.to }] as [object, object]),
        ] as never,
      },
      markLine: {
        silent: true, symbol: 'none', lineStyle: { color: '#cf1322', type: 'dashed' },
        data: [...(minC != null ? [{ yAxis: minC }] : []), ...(maxC != null ? [{ yAxis: maxC }] : [])],
      },
    }],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge />;
}
