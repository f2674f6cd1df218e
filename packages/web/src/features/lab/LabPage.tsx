import { Alert, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useCurrentUser } from '../../api/auth';
import {
  useAstmLog, useLabDonation, useLabRuns, useNotifications, useResolveAbo, useVerifyLabel,
  type AstmLogRow, type LabEntryRow, type LabRun, type NotificationRow,
} from '../../api/lab';
import { DateTime } from '../../components/DateTime';
import { normaliseDin } from '../../components/DinText';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SearchBox } from '../../components/SearchBox';
import { tDynamic } from '../../i18n';

const CONCLUSION_COLOR: Record<string, string> = { qualified: 'green', unqualified: 'red', pending: 'gold' };
const STATE_COLOR: Record<string, string> = { nonreactive: 'green', determined: 'green', reactive: 'red', pending: 'gold', not_required: 'default' };

function entryValue(e: LabEntryRow): string {
  const p = e.payload as Record<string, unknown>;
  switch (e.kind) {
    case 'elisa': return `S/CO ${String(p.sco)} · ${String(p.maker)} ${String(p.lot)} · ${String(p.operator)} · ${p.phase === 'retest' ? 'R' : 'I'}`;
    case 'nat': return `${p.reactive ? '+' : '−'} (${String(p.scope)}${p.poolId ? ` ${String(p.poolId)}` : ''})`;
    case 'alt': return `${String(p.valueUPerL)} U/L`;
    case 'abo': return `${String(p.forward ?? '?')} / ${String(p.reverse ?? '?')}`;
    case 'rhd': return `${String(p.phase)}: ${String(p.result)}`;
    case 'abo_resolution': return `${String(p.abo)} ${String(p.rhd)} — ${String(p.reason)}`;
    default: return `#${String(p.targetId ?? '')} ${String(p.reason ?? '')}`;
  }
}

function ReviewTab() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const din = params.get('din') ?? undefined;
  const [text, setText] = useState(din ?? '');
  const q = useLabDonation(din);
  const resolve = useResolveAbo(din ?? '');
  const [form] = Form.useForm();
  const d = q.data;
  const items = d?.testResults?.items ?? [];
  const columns: TableColumnsType<LabEntryRow> = [
    { key: 'id', title: '#', dataIndex: 'id', width: 70 },
    { key: 'kind', title: t('lab.kind'), render: (_, e) => tDynamic(t, `lab.kinds.${e.kind}`, e.kind) },
    { key: 'item', title: t('lab.item'), render: (_, e) => String((e.payload as Record<string, unknown>).marker ?? (e.payload as Record<string, unknown>).target ?? '—').toUpperCase() },
    { key: 'round', title: t('lab.round'), render: (_, e) => String((e.payload as Record<string, unknown>).round ?? '—') },
    { key: 'value', title: t('lab.value'), render: (_, e) => entryValue(e) },
    { key: 'source', title: t('lab.source'), render: (_, e) => tDynamic(t, `lab.sources.${e.source}`, e.source) },
    { key: 'at', title: t('lab.enteredAt'), render: (_, e) => <DateTime value={e.enteredAt} seconds /> },
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <SearchBox
        placeholder={t('lab.dinPlaceholder')}
        style={{ width: 360 }}
        value={text}
        onChange={setText}
        onSearch={(v: string) => setParams(v ? { tab: 'review', din: normaliseDin(v) } : { tab: 'review' })}
        data-testid="lab-din-search"
      />
      {q.error && <ProblemAlert error={q.error} />}
      {d && (
        <>
          <Card size="small" title={<span>{t('lab.conclusion')}：<Tag color={CONCLUSION_COLOR[d.testConclusion ?? ''] ?? 'default'} data-testid="lab-conclusion">{tDynamic(t, `lab.conclusions.${d.testConclusion ?? 'none'}`, d.testConclusion ?? '—')}</Tag></span>}>
            <Descriptions size="small" column={3} items={[
              { key: 'din', label: t('lab.din'), children: <Typography.Text code>{d.din}</Typography.Text> },
              { key: 'group', label: t('lab.group'), children: d.abo ? `${d.abo} ${d.rhd === 'NEG' ? 'RhD−' : d.rhd === 'POS' ? 'RhD+' : ''}` : '—' },
              { key: 'holds', label: t('lab.holds'), children: d.holds.length ? <Tag color="red">{t('lab.lookbackHold')}</Tag> : '—' },
            ]} />
            <Flex gap={6} wrap style={{ margin: '8px 0' }}>
              {items.map((i) => (
                <Tag key={i.item} color={STATE_COLOR[i.state]}>{tDynamic(t, `lab.items.${i.item}`, i.item)}：{tDynamic(t, `lab.states.${i.state}`, i.state)}{i.value !== undefined ? ` (${String(i.value)})` : ''}</Tag>
              ))}
            </Flex>
            {(d.testReasons ?? []).length > 0 && (
              <Alert type={d.testConclusion === 'unqualified' ? 'error' : 'warning'} showIcon
                message={<ul style={{ margin: 0, paddingLeft: 18 }}>{(d.testReasons ?? []).map((r) => <li key={`${r.item}-${r.code}`}>{r.message}</li>)}</ul>} />
            )}
          </Card>
          {(d.testReasons ?? []).some((r) => r.code.startsWith('ABO') || r.code.startsWith('RHD')) && (
            <Card size="small" title={t('lab.resolveAbo')}>
              <Form form={form} layout="inline" onFinish={(v) => resolve.mutate(v)}>
                <Form.Item name="abo" rules={[{ required: true, message: t('validation.required') }]}><Select style={{ width: 90 }} placeholder="ABO" options={['O', 'A', 'B', 'AB'].map((x) => ({ value: x, label: x }))} /></Form.Item>
                <Form.Item name="rhd" rules={[{ required: true, message: t('validation.required') }]}><Select style={{ width: 110 }} placeholder="RhD" options={[{ value: 'POS', label: 'RhD+' }, { value: 'NEG', label: 'RhD−' }]} /></Form.Item>
                <Form.Item name="reason" rules={[{ required: true, message: t('validation.required') }]}><Input style={{ width: 280 }} placeholder={t('lab.reason')} /></Form.Item>
                <Button htmlType="submit" type="primary" loading={resolve.isPending}>{t('lab.resolve')}</Button>
              </Form>
              {resolve.error && <ProblemAlert error={resolve.error} />}
            </Card>
          )}
          <Table<LabEntryRow> size="small" rowKey="id" columns={columns} dataSource={d.entries} pagination={{ pageSize: 20 }} data-testid="lab-entries" />
        </>
      )}
    </Space>
  );
}

function RunsTab() {
  const { t } = useTranslation();
  const runs = useLabRuns();
  const columns: TableColumnsType<LabRun> = [
    { key: 'code', title: t('lab.runCode'), dataIndex: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { key: 'method', title: t('lab.method'), render: (_, r) => `${r.method.toUpperCase()} ${r.marker ? r.marker.toUpperCase() : ''}` },
    { key: 'round', title: t('lab.round'), dataIndex: 'round', render: (v: number | null) => v ?? '—' },
    { key: 'reagent', title: t('lab.reagent'), render: (_, r) => (r.maker ? `${r.maker} · ${r.lot} · ${t('lab.expires')} ${r.lotExpiresOn}` : '—') },
    { key: 'operator', title: t('lab.operator'), dataIndex: 'operatorName' },
    { key: 'instrument', title: t('lab.instrument'), render: (_, r) => r.instrument ?? r.plate ?? '—' },
    { key: 'results', title: t('lab.results'), dataIndex: 'results' },
    { key: 'startedAt', title: t('lab.startedAt'), render: (_, r) => <DateTime value={r.startedAt} /> },
  ];
  return <Table<LabRun> size="small" rowKey="id" loading={runs.isLoading} columns={columns} dataSource={runs.data ?? []} data-testid="lab-runs" />;
}

function AstmTab() {
  const { t } = useTranslation();
  const log = useAstmLog();
  const color: Record<string, string> = { accepted: 'green', rejected: 'red', discarded: 'orange', frame_rejected: 'volcano' };
  const columns: TableColumnsType<AstmLogRow> = [
    { key: 'at', title: t('lab.receivedAt'), render: (_, r) => <DateTime value={r.receivedAt} seconds /> },
    { key: 'channel', title: t('lab.channel'), render: (_, r) => `${r.channel.toUpperCase()} ${r.peer ?? ''}` },
    { key: 'status', title: t('lab.status'), render: (_, r) => <Tag color={color[r.status]}>{tDynamic(t, `lab.astmStatus.${r.status}`, r.status)}</Tag> },
    { key: 'results', title: t('lab.results'), dataIndex: 'resultCount' },
    { key: 'rejected', title: t('lab.rejectedFrames'), dataIndex: 'rejectedFrames' },
    { key: 'error', title: t('lab.error'), render: (_, r) => r.error ?? '—' },
  ];
  return <Table<AstmLogRow> size="small" rowKey="id" loading={log.isLoading} columns={columns} dataSource={log.data ?? []} data-testid="lab-astm-log" />;
}

function NotificationsTab() {
  const { t, i18n } = useTranslation();
  const q = useNotifications();
  const columns: TableColumnsType<NotificationRow> = [
    { key: 'at', title: t('lab.createdAt'), render: (_, r) => <DateTime value={r.createdAt} /> },
    { key: 'donor', title: t('lab.donor'), render: (_, r) => `${r.donorName} (${r.donorNumber})` },
    { key: 'din', title: t('lab.din'), dataIndex: 'din' },
    { key: 'reasons', title: t('lab.reasonCodes'), render: (_, r) => r.reasonCodes.map((c) => <Tag key={c} color="red">{c}</Tag>) },
    { key: 'msg', title: t('lab.notificationText'), render: (_, r) => <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>{i18n.language.startsWith('zh') ? r.messageZh : r.messageEn}</Typography.Paragraph> },
    { key: 'status', title: t('lab.status'), render: (_, r) => <Tag color={r.status === 'open' ? 'gold' : 'green'}>{tDynamic(t, `lab.taskStatus.${r.status}`, r.status)}</Tag> },
  ];
  return <Table<NotificationRow> size="small" rowKey="id" loading={q.isLoading} columns={columns} dataSource={q.data ?? []} data-testid="lab-notifications" />;
}

function LabelTab() {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState<number | null>(null);
  const verify = useVerifyLabel();
  const [form] = Form.useForm();
  return (
    <Flex gap={24} wrap align="start">
      <Card size="small" title={t('lab.labelPreview')} style={{ width: 460 }}>
        <InputNumber min={1} placeholder={t('lab.unitId')} onChange={(v) => setUnitId(typeof v === 'number' ? v : null)} style={{ width: 200, marginBottom: 12 }} data-testid="label-unit-id" />
        {unitId && <img alt={t('lab.labelPreview')} src={`/api/labels/units/${unitId}/preview.svg`} style={{ width: 420, border: '1px solid #eee' }} data-testid="label-preview" />}
      </Card>
      <Card size="small" title={t('lab.labelVerify')} style={{ width: 460 }}>
        <Form form={form} layout="vertical" onFinish={(v) => unitId && verify.mutate({ unitId, din: v.din, product: v.product })}>
          <Form.Item name="din" label={t('lab.scanDin')} rules={[{ required: true, message: t('validation.required') }]}><Input autoComplete="off" /></Form.Item>
          <Form.Item name="product" label={t('lab.scanProduct')} rules={[{ required: true, message: t('validation.required') }]}><Input autoComplete="off" /></Form.Item>
          <Button type="primary" htmlType="submit" disabled={!unitId} loading={verify.isPending}>{t('lab.verify')}</Button>
        </Form>
        {verify.error && <ProblemAlert error={verify.error} />}
        {verify.data && (verify.data.ok
          ? <Alert style={{ marginTop: 12 }} type="success" showIcon message={t('lab.labelOk')} />
          : <Alert style={{ marginTop: 12 }} type="error" showIcon message={t('lab.labelBlocked')} description={<ul style={{ margin: 0, paddingLeft: 18 }}>{verify.data.problems.map((p) => <li key={p.code}>{p.message}</li>)}</ul>} data-testid="label-verify-problems" />)}
      </Card>
    </Flex>
  );
}

export default function LabPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'review';
  const labUser = user?.role === 'lab' || user?.role === 'station_admin';
  const tabs = [
    { key: 'review', label: t('lab.tabs.review'), children: <ReviewTab /> },
    { key: 'runs', label: t('lab.tabs.runs'), children: <RunsTab /> },
    { key: 'astm', label: t('lab.tabs.astm'), children: <AstmTab /> },
    ...(labUser ? [{ key: 'notifications', label: t('lab.tabs.notifications'), children: <NotificationsTab /> }] : []),
    { key: 'labels', label: t('lab.tabs.labels'), children: <LabelTab /> },
  ];
  return (
    <div>
      <PageHeader title={t('lab.title')} />
      <Card size="small">
        <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })} items={tabs} destroyInactiveTabPane />
      </Card>
    </div>
  );
}
