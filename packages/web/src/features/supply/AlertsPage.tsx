import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, DatePicker, Empty, Flex, List, Row, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, isHospitalUser } from '../../api/access';
import { useSession } from '../../api/auth';
import {
  useAlertHistory, useAlertInbox, useAlertLevels, useMarkRead, useNationalSnapshot, useSupplyMutation, useTrend, type AlertChange, type LevelRow,
} from '../../api/supply';
import type { AlertLevel, ComponentClass } from '../../api/types';
import { LEVEL_COLOURS } from '../../components/DaysOfSupply';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../i18n/format';
import { echarts, ReactEChartsCore, type ChartOption } from './echarts';

const CLASSES: ComponentClass[] = ['red_cells', 'platelets', 'plasma', 'cryo'];
const GROUPS = [['O', 'POS'], ['A', 'POS'], ['B', 'POS'], ['AB', 'POS'], ['O', 'NEG'], ['A', 'NEG'], ['B', 'NEG'], ['AB', 'NEG']] as const;
const groupText = (abo: string, rhd: string) => `${abo}${rhd === 'POS' ? '+' : '−'}`;
const ABO_COLOUR: Record<string, string> = { O: '#1677ff', A: '#d4a106', B: '#c41d7f', AB: '#722ed1' };

function LevelTag({ level }: { level: AlertLevel }) {
  const { t } = useTranslation();
  const c = LEVEL_COLOURS[level];
  return <Tag style={{ color: c.fg, background: c.bg, borderColor: c.border }}>{t(`supply.levelNames.${level}`)}</Tag>;
}

function LevelMatrix({ rows }: { rows: LevelRow[] }) {
  const { t } = useTranslation();
  const cell = (cls: ComponentClass, abo: string, rhd: string) => {
    const r = rows.find((x) => x.componentClass === cls && x.abo === abo && x.rhd === rhd);
    if (!r) return null;
    const c = LEVEL_COLOURS[r.recordedLevel];
    return (
      <Tooltip title={<div>{t('supply.days')}: {r.days ?? t('supply.noUse')}<br />{r.quantity} · {r.avgDailyUse}/d{r.since ? <><br />{t('supply.since', { at: formatDateTime(r.since) })}</> : null}</div>}>
        <div data-testid={`level-${cls}-${abo}${rhd}`} data-level={r.recordedLevel}
          style={{ background: c.bg, color: c.fg, border: `1px solid ${c.border}`, borderRadius: 6, padding: '6px 8px', textAlign: 'center', minWidth: 92 }}>
          <div style={{ fontWeight: 600 }}>{r.days === null ? (r.quantity > 0 ? '∞' : '—') : t('supply.daysValue', { d: r.days })}</div>
          <div style={{ fontSize: 12 }}>{t(`supply.levelNames.${r.recordedLevel}`)}{r.cutPercent > 0 ? ` · −${r.cutPercent}%` : ''}</div>
        </div>
      </Tooltip>
    );
  };
  return (
    <Table size="small" pagination={false} rowKey={(g) => g.join('')} dataSource={GROUPS.map((g) => [...g])} scroll={{ x: true }}
      columns={[
        { title: t('supply.group'), render: (_: unknown, g: string[]) => <Typography.Text strong>{groupText(g[0], g[1])}</Typography.Text>, width: 70 },
        ...CLASSES.map((cls) => ({ title: t(`componentClass.${cls}`), render: (_: unknown, g: string[]) => cell(cls, g[0], g[1]) })),
      ]} />
  );
}

function TrendChart() {
  const { t } = useTranslation();
  const [cls, setCls] = useState<ComponentClass>('red_cells');
  const [metric, setMetric] = useState<'days' | 'quantity'>('days');
  const { data } = useTrend(cls, 60);
  const option = useMemo<ChartOption>(() => {
    const rows = data?.rows ?? [];
    const days = [...new Set(rows.map((r) => r.day))].sort();
    const series = GROUPS.filter(([abo, rhd]) => rows.some((r) => r.abo === abo && r.rhd === rhd)).map(([abo, rhd]) => ({
      type: 'line' as const, name: groupText(abo, rhd), smooth: true, showSymbol: days.length < 20,
      lineStyle: { type: rhd === 'NEG' ? ('dashed' as const) : ('solid' as const) }, itemStyle: { color: ABO_COLOUR[abo] },
      data: days.map((d) => { const r = rows.find((x) => x.day === d && x.abo === abo && x.rhd === rhd); return r ? (metric === 'days' ? r.days : r.quantity) : null; }),
      ...(metric === 'days' && abo === 'O' && rhd === 'POS' ? { markArea: { silent: true, data: [
        [{ yAxis: 0, itemStyle: { color: 'rgba(207,19,34,0.08)' } }, { yAxis: 2 }],
        [{ yAxis: 2, itemStyle: { color: 'rgba(250,140,22,0.08)' } }, { yAxis: 3 }],
        [{ yAxis: 3, itemStyle: { color: 'rgba(250,219,20,0.08)' } }, { yAxis: 5 }],
      ] as never } } : {}),
    }));
    return {
      aria: { enabled: true }, grid: { left: 48, right: 16, top: 36, bottom: 28 }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      xAxis: { type: 'category', data: days }, yAxis: { type: 'value', name: metric === 'days' ? t('supply.days') : t('supply.trendStock') }, series,
    };
  }, [data, metric, t]);
  return (
    <Card title={t('supply.trend')} size="small" extra={<Space wrap>
      <Segmented size="small" value={cls} onChange={(v) => setCls(v as ComponentClass)} options={CLASSES.map((c) => ({ value: c, label: t(`componentClass.${c}`) }))} />
      <Segmented size="small" value={metric} onChange={(v) => setMetric(v as 'days' | 'quantity')} options={[{ value: 'days', label: t('supply.trendDays') }, { value: 'quantity', label: t('supply.trendStock') }]} />
    </Space>}>
      {(data?.rows.length ?? 0) === 0 ? <Empty /> : <ReactEChartsCore echarts={echarts} option={option} notMerge opts={{ renderer: 'svg' }} style={{ height: 300 }} data-testid="trend-chart" />}
    </Card>
  );
}

function History() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const { data, isLoading } = useAlertHistory({ page, pageSize: 10 });
  return (
    <Card title={t('supply.history')} size="small">
      <Table<AlertChange> size="small" rowKey="id" loading={isLoading} dataSource={data?.items ?? []} locale={{ emptyText: t('supply.noHistory') }}
        pagination={{ current: page, pageSize: 10, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('supply.at'), dataIndex: 'at', render: (v: string) => formatDateTime(v), width: 150 },
          { title: t('supply.class'), render: (_: unknown, r) => `${t(`componentClass.${r.componentClass}`)} ${groupText(r.abo, r.rhd)}` },
          { title: t('supply.change'), render: (_: unknown, r) => <Space size={4}>{r.fromLevel ? <LevelTag level={r.fromLevel} /> : '—'}→<LevelTag level={r.toLevel} /></Space> },
          { title: t('supply.days'), dataIndex: 'days', render: (v: number | null) => (v === null ? '∞' : v) },
          { title: t('supply.actions'), render: (_: unknown, r) => <Space wrap size={4}>{r.actions.map((a, i) => (
            <Tag key={i} color={a.kind === 'recruitment_requested' ? 'magenta' : a.kind === 'allocation_cut' ? 'orange' : 'blue'}>
              {t(`supply.actionKinds.${a.kind}` as 'supply.actionKinds.published')}{a.kind === 'allocation_cut' ? ` ${String(a.details?.percent ?? '')}%` : ''}
              {a.kind === 'orders_deferred' ? ` ${(a.details?.orderIds as unknown[] | undefined)?.length ?? 0}` : ''}
            </Tag>))}</Space> },
        ]} />
    </Card>
  );
}

function Snapshot() {
  const { t } = useTranslation();
  const [day, setDay] = useState(dayjs().format('YYYY-MM-DD'));
  const { data, isLoading, error } = useNationalSnapshot(day, true);
  const take = useSupplyMutation();
  const link = (format: string) => `/api/alerts/snapshot/national?day=${day}&format=${format}`;
  return (
    <Card title={t('supply.snapshot')} size="small" extra={<Space wrap>
      <DatePicker value={dayjs(day)} allowClear={false} onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))} />
      <Button onClick={() => take.mutate('/alerts/snapshot')} loading={take.isPending} data-testid="take-snapshot">{t('supply.takeSnapshot')}</Button>
      <Button icon={<DownloadOutlined />} href={link('csv')} data-testid="export-csv">{t('supply.exportCsv')}</Button>
      <Button icon={<DownloadOutlined />} href={link('xlsx')} data-testid="export-xlsx">{t('supply.exportXlsx')}</Button>
    </Space>}>
      <ProblemAlert error={error ?? take.error} />
      <Table size="small" loading={isLoading} pagination={false} rowKey={(g) => g.join('')} dataSource={GROUPS.map((g) => [...g])} scroll={{ x: true }}
        columns={[
          { title: t('supply.group'), render: (_: unknown, g: string[]) => groupText(g[0], g[1]), width: 70 },
          ...CLASSES.map((cls) => ({
            title: t(`componentClass.${cls}`),
            children: [
              { title: t('supply.awaitingTest'), render: (_: unknown, g: string[]) => data?.rows.find((r) => r.componentClass === cls && r.abo === g[0] && r.rhd === g[1])?.awaitingTestU ?? 0 },
              { title: t('supply.qualified'), render: (_: unknown, g: string[]) => data?.rows.find((r) => r.componentClass === cls && r.abo === g[0] && r.rhd === g[1])?.qualifiedU ?? 0 },
            ],
          })),
        ]} />
    </Card>
  );
}

function Inbox() {
  const { t } = useTranslation();
  const { data } = useAlertInbox(true);
  const read = useMarkRead();
  return (
    <Card size="small" title={<Space>{t('supply.inbox')}<Badge count={data?.unread ?? 0} title={t('supply.unread', { n: data?.unread ?? 0 })} /></Space>}>
      <List data-testid="alert-inbox" locale={{ emptyText: t('supply.noInbox') }} dataSource={data?.items ?? []} renderItem={(i) => (
        <List.Item actions={[i.readAt ? <Typography.Text type="secondary" key="r">{t('supply.read')}</Typography.Text>
          : <Button size="small" key="m" onClick={() => read.mutate(i.id)}>{t('supply.markRead')}</Button>]}>
          <Space wrap>
            <Typography.Text strong={!i.readAt}>{formatDateTime(i.at)}</Typography.Text>
            <span>{t(`componentClass.${i.componentClass}`)} {groupText(i.abo, i.rhd)}</span>
            <LevelTag level={i.toLevel} />
            <span>{t('supply.days')} {i.days ?? '∞'}</span>
          </Space>
        </List.Item>
      )} />
    </Card>
  );
}

export default function AlertsPage() {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const user = session?.user;
  const { data, isLoading, error } = useAlertLevels();
  const recompute = useSupplyMutation();
  const hospital = isHospitalUser(user) || user?.orgType === 'storage_point';
  const th = data?.thresholds;
  return (
    <>
      <PageHeader title={t('supply.alertsTitle')} subTitle={t('supply.alertsSub', { days: 28 })}
        extra={can(user, 'alert.manage') && <Button icon={<ReloadOutlined />} onClick={() => recompute.mutate('/alerts/recompute')} loading={recompute.isPending} data-testid="recompute">{t('supply.recompute')}</Button>} />
      <ProblemAlert error={error ?? recompute.error} />
      <Row gutter={[12, 12]}>
        {hospital && <Col span={24}><Inbox /></Col>}
        <Col xs={24} xl={12}>
          <Card title={t('supply.matrix')} size="small" loading={isLoading}>
            {th && <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('supply.thresholds', { green: th.greenMinDays, yellow: th.yellowBelowDays, orange: th.orangeBelowDays, red: th.redBelowDays,
                cuts: `${th.allocationCutPercent.yellow}/${th.allocationCutPercent.orange}/${th.allocationCutPercent.red}%` })} · {data?.ruleSetId}
            </Typography.Paragraph>}
            <LevelMatrix rows={data?.rows ?? []} />
          </Card>
        </Col>
        <Col xs={24} xl={12}><Flex vertical gap={12}><TrendChart /><History /></Flex></Col>
        {!hospital && <Col span={24}><Snapshot /></Col>}
      </Row>
    </>
  );
}
