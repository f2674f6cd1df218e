import { Card, Col, DatePicker, Flex, Row, Select, Statistic, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RELATION_VALUES, useBenefitStatistics, useDeductions, yuan, type Deduction } from '../../api/rights';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { serverPagination } from '../../components/pagination';
import { echarts, ReactEChartsCore, type ChartOption } from './charts';

const RED = '#a8071a';

export default function LedgerPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [kind, setKind] = useState<string>();
  const [relation, setRelation] = useState<string>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  const stats = useBenefitStatistics({ from, to });
  const ledger = useDeductions({ from, to, kind, relation, page, pageSize });
  const s = stats.data;

  const monthOption: ChartOption = {
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    grid: { left: 64, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: s?.byMonth.map((m) => m.month) ?? [] },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${(v / 100).toLocaleString('zh-CN')}` } },
    series: [{ type: 'bar', name: t('rights.ledger.totalAmount'), data: s?.byMonth.map((m) => m.amountFen) ?? [], itemStyle: { color: RED },
      tooltip: { valueFormatter: (v) => yuan(Number(v)) } }],
  } as ChartOption;
  const hospitals = (s?.byHospital ?? []).slice(0, 10).reverse();
  const hospitalOption: ChartOption = {
    aria: { enabled: true },
    tooltip: { trigger: 'axis', valueFormatter: (v) => yuan(Number(v)) },
    grid: { left: 140, right: 16, top: 8, bottom: 24 },
    xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${(v / 100).toLocaleString('zh-CN')}` } },
    yAxis: { type: 'category', data: hospitals.map((h) => h.hospitalName), axisLabel: { width: 130, overflow: 'truncate' } },
    series: [{ type: 'bar', data: hospitals.map((h) => h.amountFen), itemStyle: { color: '#d4380d' } }],
  } as ChartOption;
  const pie = (rows: { name: string; value: number }[]): ChartOption => ({
    aria: { enabled: true },
    tooltip: { trigger: 'item', valueFormatter: (v) => yuan(Number(v)) },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['40%', '68%'], center: ['50%', '42%'], data: rows, label: { formatter: '{b} {d}%' } }],
  } as ChartOption);

  const columns: TableColumnsType<Deduction> = [
    { key: 't', title: t('rights.ledger.time'), render: (_, d) => <DateTime value={d.createdAt} /> },
    { key: 'k', title: t('rights.ledger.kind'), render: (_, d) => <Tag>{t(`rights.kind.${d.kind}`)}</Tag> },
    { key: 'b', title: t('rights.claims.beneficiary'), render: (_, d) => <>{d.beneficiaryName} <Tag color="blue">{t(`rights.relation.${d.relation}`)}</Tag></> },
    { key: 'd', title: t('rights.claims.donor'), render: (_, d) => `${d.donorName}（${d.donorNumber}）` },
    { key: 'h', title: t('rights.claims.hospital'), dataIndex: 'hospitalName' },
    { key: 'v', title: t('rights.ledger.volume'), dataIndex: 'volumeMl', align: 'right' },
    { key: 'bi', title: t('rights.ledger.billed'), align: 'right', render: (_, d) => yuan(d.billedFen) },
    { key: 'a', title: t('rights.ledger.amount'), align: 'right', render: (_, d) => <strong>{yuan(d.amountFen)}</strong> },
  ];
  return (
    <div>
      <PageHeader title={t('rights.ledger.title')} extra={
        <DatePicker.RangePicker value={range} onChange={(v) => { setRange(v as [Dayjs | null, Dayjs | null] | null); setPage(1); }}
          placeholder={[t('rights.ledger.from'), t('rights.ledger.to')]} />
      } />
      {stats.error && <ProblemAlert error={stats.error} />}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('rights.ledger.totalAmount')} value={yuan(s?.totals.amountFen ?? 0)} loading={stats.isLoading} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('rights.ledger.totalCount')} value={s?.totals.count ?? 0} loading={stats.isLoading} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('rights.ledger.totalPeople')} value={s?.totals.people ?? 0} loading={stats.isLoading} /></Card></Col>
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('rights.ledger.totalVolume')} value={`${(s?.totals.volumeMl ?? 0).toLocaleString('zh-CN')} ml`} loading={stats.isLoading} /></Card></Col>
      </Row>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('rights.ledger.byMonth')}>
            <ReactEChartsCore echarts={echarts} option={monthOption} style={{ height: 260 }} notMerge />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('rights.ledger.byHospital')}>
            <ReactEChartsCore echarts={echarts} option={hospitalOption} style={{ height: 260 }} notMerge />
          </Card>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('rights.ledger.byRelation')}>
            <ReactEChartsCore echarts={echarts} style={{ height: 240 }} notMerge
              option={pie((s?.byRelation ?? []).map((r) => ({ name: t(`rights.relation.${r.relation}`), value: r.amountFen })))} />
          </Card>
        </Col>
        <Col xs={24} lg={6}>
          <Card size="small" title={t('rights.ledger.byAmount')}>
            <ReactEChartsCore echarts={echarts} style={{ height: 240 }} notMerge option={{
              aria: { enabled: true }, tooltip: { trigger: 'axis' }, grid: { left: 40, right: 8, top: 16, bottom: 40 },
              xAxis: { type: 'category', data: (s?.byAmountBand ?? []).map((b) => `¥${b.band}`), axisLabel: { rotate: 30, fontSize: 10 } },
              yAxis: { type: 'value', minInterval: 1 },
              series: [{ type: 'bar', name: t('rights.ledger.totalCount'), data: (s?.byAmountBand ?? []).map((b) => b.count), itemStyle: { color: '#cf1322' } }],
            } as ChartOption} />
          </Card>
        </Col>
        <Col xs={24} lg={6}>
          <Card size="small" title={t('rights.ledger.byKind')}>
            <ReactEChartsCore echarts={echarts} style={{ height: 240 }} notMerge
              option={pie((s?.byKind ?? []).map((r) => ({ name: t(`rights.kind.${r.kind as 'direct'}`), value: r.amountFen })))} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('rights.ledger.ledger')}>
        <Flex gap={12} style={{ marginBottom: 12 }}>
          <Select allowClear style={{ width: 140 }} placeholder={t('rights.ledger.kind')} aria-label={t('rights.ledger.kind')} value={kind} onChange={(v) => { setKind(v); setPage(1); }}
            options={(['direct', 'claim', 'cross_province'] as const).map((k) => ({ value: k, label: t(`rights.kind.${k}`) }))} />
          <Select allowClear style={{ width: 160 }} placeholder={t('rights.window.relation')} aria-label={t('rights.window.relation')} value={relation} onChange={(v) => { setRelation(v); setPage(1); }}
            options={RELATION_VALUES.map((r) => ({ value: r, label: t(`rights.relation.${r}`) }))} />
        </Flex>
        <Table<Deduction> size="small" rowKey="id" loading={ledger.isLoading} dataSource={ledger.data?.items} columns={columns} scroll={{ x: 900 }}
          pagination={serverPagination(t, page, pageSize, ledger.data?.total, (p, sz) => { setPage(p); setPageSize(sz); })} />
      </Card>
    </div>
  );
}
