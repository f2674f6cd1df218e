import { CheckCircleOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Input, InputNumber, Popconfirm, Radio, Result, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePatientLookup, useRecordDeduction, yuan, type DeductionResult, type Entitlement, type FeeLineInput } from '../../api/rights';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';

interface Line { key: number; transfusionId: number | null; item: string; volumeMl: number | null; amountYuan: number | null }

const entKey = (e: Entitlement) => `${e.donorId}:${e.relation}`;

export function EntitlementCard({ e, selected }: { e: Entitlement; selected?: boolean }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ borderColor: selected ? '#a8071a' : undefined }} data-testid={`entitlement-${e.relation}`}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space>
          <Tag color={e.relation === 'self' ? 'red' : 'blue'}>{e.relation === 'self' ? t('rights.window.asDonor') : t('rights.window.asRelative')}</Tag>
          <Typography.Text strong>{t(`rights.relation.${e.relation}`)}</Typography.Text>
          <Typography.Text type="secondary">{t('rights.window.donor')}: {e.donorName}（{e.donorNumber}）</Typography.Text>
        </Space>
      </Flex>
      <Row gutter={16} style={{ marginTop: 12 }}>
        <Col span={8}>
          <Statistic title={t('rights.window.entitled')} value={e.unlimited ? t('rights.window.unlimited') : `${e.entitledMl} ml`} />
        </Col>
        <Col span={8}><Statistic title={t('rights.window.used')} value={`${e.usedMl} ml`} /></Col>
        <Col span={8}>
          <Statistic
            title={t('rights.window.remaining')}
            value={e.unlimited ? '∞' : `${e.remainingMl} ml`}
            valueStyle={{ color: e.unlimited || (e.remainingMl ?? 0) > 0 ? '#389e0d' : '#cf1322' }}
          />
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {t('rights.window.rule')}: {e.rule}
      </Typography.Paragraph>
      <ul style={{ margin: '4px 0 0', paddingInlineStart: 18, fontSize: 12, color: '#595959' }}>
        {e.reasons.map((r, i) => <li key={i}>{r.message.split(' / ')[0]}</li>)}
      </ul>
    </Card>
  );
}

export default function HospitalWindowPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [input, setInput] = useState('');
  const [idNumber, setIdNumber] = useState<string>();
  const lookup = usePatientLookup(idNumber);
  const record = useRecordDeduction();
  const [chosen, setChosen] = useState<string>();
  const [lines, setLines] = useState<Line[]>([]);
  const [result, setResult] = useState<DeductionResult | null>(null);

  const data = lookup.data;
  // Fee lines are prefilled once per lookup; the refetch after a deduction keeps what the window recorded on screen.
  const [initFor, setInitFor] = useState<string>();
  useEffect(() => {
    if (!data || initFor === idNumber) return;
    setInitFor(idNumber);
    setChosen(data.entitlements[0] ? entKey(data.entitlements[0]) : undefined);
    setLines(data.transfusions.map((tr, i) => ({ key: i, transfusionId: tr.id, item: `${tr.productId} ${tr.din}`, volumeMl: tr.volumeMl, amountYuan: null })));
  }, [data, idNumber, initFor]);
  const entitlement = useMemo(() => data?.entitlements.find((e) => entKey(e) === chosen), [data, chosen]);
  const complete = lines.length > 0 && lines.every((l) => l.item.trim() && (l.volumeMl ?? 0) > 0 && l.amountYuan !== null && l.amountYuan >= 0);
  const billed = lines.reduce((s, l) => s + Math.round((l.amountYuan ?? 0) * 100), 0);

  const onLookup = () => {
    setResult(null);
    record.reset();
    setInitFor(undefined);
    setIdNumber(input.trim().toUpperCase() || undefined);
  };
  const onRecord = () => {
    if (!entitlement || !idNumber) return;
    const body: FeeLineInput[] = lines.map((l) => ({ transfusionId: l.transfusionId, item: l.item.trim(), volumeMl: l.volumeMl ?? 0, amountFen: Math.round((l.amountYuan ?? 0) * 100) }));
    record.mutate({ idNumber, donorId: entitlement.donorId, relation: entitlement.relation, lines: body }, {
      onSuccess: (r) => {
        setResult(r);
        message.success(t('rights.window.recorded', { ml: r.volumeMl, amount: yuan(r.amountFen) }));
      },
    });
  };
  const setLine = (key: number, patch: Partial<Line>) => setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  const transfusionOptions = (data?.transfusions ?? []).map((tr) => ({ value: tr.id, label: `${tr.din} ${tr.productId} ${tr.volumeMl} ml` }));

  return (
    <div>
      <PageHeader title={t('rights.window.title')} subTitle={t('rights.window.subtitle')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex gap={12} wrap role="search">
          <Input
            aria-label={t('rights.window.idNumber')}
            placeholder={t('rights.window.idNumber')}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            onPressEnter={onLookup}
            maxLength={18}
            style={{ width: 280, fontFamily: 'monospace' }}
            data-testid="window-id-number"
          />
          <Button type="primary" onClick={onLookup} loading={lookup.isFetching} data-testid="window-lookup">{t('rights.window.lookup')}</Button>
        </Flex>
      </Card>
      {lookup.error && <ProblemAlert error={lookup.error} />}
      {data && (
        <>
          <Descriptions size="small" style={{ marginBottom: 12 }} items={[
            { key: 'p', label: t('rights.window.patient'), children: data.patientName ?? '—' },
            { key: 'id', label: t('rights.window.idNumber'), children: <Typography.Text code>{data.idNumberMasked}</Typography.Text> },
          ]} />
          {data.entitlements.length === 0 ? (
            <Alert type="warning" showIcon message={t('rights.window.noEntitlement')} data-testid="window-none" />
          ) : (
            <Row gutter={16}>
              <Col xs={24} xl={10}>
                <Typography.Title level={5}>{t('rights.window.choose')}</Typography.Title>
                <Radio.Group value={chosen} onChange={(e) => setChosen(e.target.value)} style={{ width: '100%' }}>
                  <Space direction="vertical" style={{ width: '100%' }}>
                    {data.entitlements.map((e) => (
                      <Radio key={entKey(e)} value={entKey(e)} style={{ width: '100%' }} className="rb-radio-card">
                        <EntitlementCard e={e} selected={entKey(e) === chosen} />
                      </Radio>
                    ))}
                  </Space>
                </Radio.Group>
              </Col>
              <Col xs={24} xl={14}>
                <Card size="small" title={t('rights.window.feeLines')}
                  extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setLines((ls) => [...ls, { key: Date.now(), transfusionId: null, item: '', volumeMl: null, amountYuan: null }])}>{t('rights.window.addLine')}</Button>}>
                  <Table<Line>
                    size="small"
                    rowKey="key"
                    pagination={false}
                    dataSource={lines}
                    locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
                    columns={[
                      { key: 'tr', title: t('rights.window.transfusion'), width: 200, render: (_, l) => (
                        <Select allowClear size="small" style={{ width: '100%' }} value={l.transfusionId ?? undefined} options={transfusionOptions}
                          onChange={(v) => setLine(l.key, { transfusionId: v ?? null })} aria-label={t('rights.window.transfusion')} />
                      ) },
                      { key: 'item', title: t('rights.window.item'), render: (_, l) => (
                        <Input size="small" value={l.item} onChange={(e) => setLine(l.key, { item: e.target.value })} aria-label={t('rights.window.item')} />
                      ) },
                      { key: 'vol', title: t('rights.window.volumeMl'), width: 110, render: (_, l) => (
                        <InputNumber size="small" min={1} max={20000} value={l.volumeMl} onChange={(v) => setLine(l.key, { volumeMl: v })} aria-label={t('rights.window.volumeMl')} />
                      ) },
                      { key: 'amt', title: t('rights.window.amountYuan'), width: 130, render: (_, l, i) => (
                        <InputNumber size="small" min={0} precision={2} value={l.amountYuan} onChange={(v) => setLine(l.key, { amountYuan: v })}
                          aria-label={t('rights.window.amountYuan')} data-testid={`fee-amount-${i}`} />
                      ) },
                      { key: 'x', width: 40, render: (_, l) => <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))} /> },
                    ]}
                  />
                  <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
                    <Typography.Text>{t('rights.window.billed')}: <Typography.Text strong>{yuan(billed)}</Typography.Text></Typography.Text>
                    <Popconfirm title={t('rights.window.confirmTitle')} onConfirm={onRecord} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                      <Button type="primary" disabled={!complete || !entitlement || !!result} loading={record.isPending} data-testid="window-record">{t('rights.window.record')}</Button>
                    </Popconfirm>
                  </Flex>
                  {record.error && <ProblemAlert error={record.error} style={{ marginTop: 12 }} />}
                </Card>
                {data.transfusions.length > 0 && (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
                    {data.transfusions.map((tr) => <span key={tr.id} style={{ marginInlineEnd: 12 }}><DateTime value={tr.transfusedAt} /> {tr.din}</span>)}
                  </Typography.Paragraph>
                )}
                {result && (
                  <Result
                    status="success"
                    icon={<CheckCircleOutlined />}
                    title={t('rights.window.recorded', { ml: result.volumeMl, amount: yuan(result.amountFen) })}
                    subTitle={`${result.beneficiaryName}（${t(`rights.relation.${result.relation}`)}）· ${t('rights.window.billed')} ${yuan(result.billedFen)} · ${t('rights.window.remainingAfter')} ${result.unlimited ? t('rights.window.unlimited') : `${result.remainingAfterMl} ml`}`}
                    data-testid="window-result"
                  />
                )}
              </Col>
            </Row>
          )}
        </>
      )}
    </div>
  );
}
