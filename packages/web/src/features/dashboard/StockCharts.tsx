import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComponentClass, StockRow } from '../../api/types';
import { bloodGroupText } from '../../components/BloodGroupTag';
import { LEVEL_COLOURS, levelForRow } from '../../components/DaysOfSupply';
import { quantityUnitFor, useQuantityUnitLabel } from '../../components/Quantity';
import { echarts, ReactEChartsCore, type ChartOption } from './echarts';
import { GROUP_ORDER, stockKey } from './stock';

const ABO_BAR: Record<string, string> = { A: '#d4a106', B: '#c41d7f', O: '#1677ff', AB: '#722ed1' };

interface Props {
  index: Map<string, StockRow>;
  componentClass: ComponentClass;
}

export function StockByGroupChart({ index, componentClass }: Props) {
  const { t } = useTranslation();
  const unitLabel = useQuantityUnitLabel();
  const option = useMemo<ChartOption>(() => {
    const rows = GROUP_ORDER.map((g) => index.get(stockKey(componentClass, g.abo, g.rhd)));
    const unit = unitLabel(rows.find(Boolean)?.quantityUnit ?? quantityUnitFor(componentClass));
    return {
      aria: { enabled: true },
      grid: { left: 48, right: 16, top: 28, bottom: 28 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => `${v ?? 0} ${unit}`,
      },
      xAxis: { type: 'category', data: GROUP_ORDER.map((g) => bloodGroupText(g.abo, g.rhd)) },
      yAxis: { type: 'value', name: unit, minInterval: 1 },
      series: [
        {
          type: 'bar',
          name: t(`componentClass.${componentClass}`),
          barMaxWidth: 36,
          label: { show: true, position: 'top' },
          data: GROUP_ORDER.map((g, i) => ({
            value: rows[i]?.quantity ?? 0,
            itemStyle: {
              color: ABO_BAR[g.abo],
              opacity: g.rhd === 'NEG' ? 1 : 0.75,
              borderColor: g.rhd === 'NEG' ? '#a8071a' : undefined,
              borderWidth: g.rhd === 'NEG' ? 2 : 0,
            },
          })),
        },
      ],
    };
  }, [index, componentClass, t, unitLabel]);
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      opts={{ renderer: 'svg' }}
      style={{ height: 300, width: '100%' }}
      data-testid="chart-stock-by-group"
    />
  );
}

export function DaysOfSupplyChart({ index, componentClass }: Props) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const rows = GROUP_ORDER.map((g) => index.get(stockKey(componentClass, g.abo, g.rhd)));
    const dayUnit = t('dashboard.daysUnit');
    const line = (value: number, colour: string) => ({
      yAxis: value,
      lineStyle: { color: colour, type: 'dashed' as const },
      label: { formatter: `${value}${dayUnit}`, color: colour },
    });
    return {
      aria: { enabled: true },
      grid: { left: 48, right: 40, top: 28, bottom: 28 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number; name: string };
          const row = rows[p.dataIndex];
          const level = levelForRow(row);
          const days =
            row?.daysOfSupply === null || row?.daysOfSupply === undefined ? t('dashboard.infinite') : `${row.daysOfSupply} ${dayUnit}`;
          return `${p.name}<br/>${t('term.daysOfSupply')}: ${days}${level ? `<br/>${t(`alertLevel.${level}`)}` : ''}`;
        },
      },
      xAxis: { type: 'category', data: GROUP_ORDER.map((g) => bloodGroupText(g.abo, g.rhd)) },
      yAxis: { type: 'value', name: dayUnit, min: 0 },
      series: [
        {
          type: 'bar',
          name: t('term.daysOfSupply'),
          barMaxWidth: 36,
          label: {
            show: true,
            position: 'top',
            formatter: (p: { dataIndex: number }) => {
              const d = rows[p.dataIndex]?.daysOfSupply;
              return d === null || d === undefined ? '∞' : String(Math.round(d * 10) / 10);
            },
          },
          data: rows.map((row) => {
            const level = levelForRow(row);
            const d = row?.daysOfSupply;
            return {
              value: d === null || d === undefined ? 0 : Math.min(d, 30),
              itemStyle: { color: level ? (level === 'red' ? LEVEL_COLOURS.red.bg : LEVEL_COLOURS[level].border) : '#d9d9d9' },
            };
          }),
          markLine: {
            symbol: 'none',
            silent: true,
            data: [line(7, '#52c41a'), line(5, '#d4b106'), line(3, '#fa8c16'), line(2, '#cf1322')],
          },
        },
      ],
    };
  }, [index, componentClass, t]);
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      notMerge
      opts={{ renderer: 'svg' }}
      style={{ height: 300, width: '100%' }}
      data-testid="chart-days-of-supply"
    />
  );
}
