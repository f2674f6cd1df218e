import { AlertOutlined, CheckCircleOutlined, ClockCircleOutlined, PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Badge, Button, Card, Col, Descriptions, Empty, Flex, Form, Input, InputNumber, Modal, Row, Segmented, Select, Space, Statistic, Table, Tag,
  Timeline, Typography, message,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../api/access';
import { useSession } from '../../api/auth';
import { useOrgs } from '../../api/orgs';
import { useEmergencies, useEmergencyAction, type Emergency, type EmergencyLine, type SourceTier } from '../../api/supply';
import type { AboGroup, ComponentClass, RhD } from '../../api/types';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDateTime } from '../../i18n/format';

const TIERS: SourceTier[] = ['hospital_reserve', 'storage_point', 'station'];
const TIER_COLOUR: Record<SourceTier, string> = { hospital_reserve: 'purple', storage_point: 'geekblue', station: 'red' };
const CLASSES: ComponentClass[] = ['red_cells', 'plasma', 'cryo', 'platelets'];
const UNIT: Record<string, string> = { red_cells: 'U', plasma: 'ml', cryo: 'U', platelets: '治疗量' };

function useTick(ms: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => { const h = setInterval(() => setNow(Date.now()), ms); return () => clearInterval(h); }, [ms]);
  return now;
}

function Elapsed({ e, now }: { e: Emergency; now: number }) {
  const { t } = useTranslation();
  const end = e.closedAt ? new Date(e.closedAt).getTime() : now;
  const mins = Math.max(0, Math.floor((end - new Date(e.openedAt).getTime()) / 60_000));
  const text = mins >= 60 ? t('supply.hoursMinutes', { h: Math.floor(mins / 60), m: mins % 60 }) : t('supply.minutes', { m: mins });
  return <Statistic title={t('supply.elapsed')} value={text} prefix={<ClockCircleOutlined />} valueStyle={{ fontSize: 20, color: e.closedAt ? undefined : '#cf1322' }} />;
}

function EmergencyCard({ e, now }: { e: Emergency; now: number }) {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const user = session?.user;
  const station = can(user, 'emergency.station');
  const act = useEmergencyAction();
  const [modal, setModal] = useState<null | { kind: 'confirm' | 'paperwork' | 'ack' | 'call' }>(null);
  const [form] = Form.useForm();
  const base = `/emergencies/${e.id}`;
  const run = (path: string, body?: unknown) => act.mutateAsync({ path: `${base}${path}`, body }).then(() => { void message.success(t('supply.done')); });
  const closed = !!e.closedAt;
  const levelKey = `l${e.commLevel}` as 'l1' | 'l2' | 'l3';
  const mayUse = (tier: SourceTier) => station || (tier === 'hospital_reserve' && user?.orgType === 'hospital' && String(user.orgId) === String(e.hospitalOrgId))
    || (tier === 'storage_point' && user?.orgType === 'storage_point');

  const submit = async () => {
    const v = await form.validateFields();
    if (modal?.kind === 'confirm') await run('/confirm', { confirmedWith: v.name });
    if (modal?.kind === 'paperwork') await run('/paperwork', { formNumber: v.formNumber });
    if (modal?.kind === 'ack') await run('/ack', { level: e.commLevel, contactName: v.name });
    if (modal?.kind === 'call') await run('/calls', { callerName: v.name, lines: linesFrom(v, e) });
    setModal(null);
    form.resetFields();
  };

  return (
    <Card
      data-testid={`emergency-${e.requestNumber}`}
      style={{ borderColor: closed ? undefined : '#ff4d4f' }}
      title={
        <Flex gap={8} align="center" wrap>
          {!closed && <Badge status="processing" color="red" />}
          <Typography.Text strong>{e.requestNumber}</Typography.Text>
          <span>{e.hospitalName}</span>
          <Tag color={closed ? 'default' : 'red'}>{t(`supply.status.${e.status}` as 'supply.status.open')}</Tag>
        </Flex>
      }
      extra={<Elapsed e={e} now={now} />}
    >
      <Row gutter={[16, 12]}>
        <Col xs={24} lg={9}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('supply.patient')}>
              <Space>{e.patientName}<BloodGroupTag abo={e.patientAbo} rhd={e.patientRhd} /></Space>
              {e.diagnosis && <div><Typography.Text type="secondary">{e.diagnosis}</Typography.Text></div>}
            </Descriptions.Item>
            <Descriptions.Item label={t('supply.phoneConfirmed')}>
              {e.phoneConfirmedAt ? <Tag icon={<PhoneOutlined />} color="green">{formatDateTime(e.phoneConfirmedAt)} · {e.phoneConfirmedWith}</Tag>
                : <Tag color="orange">{t('supply.phonePending')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('supply.commLevel')}>
              <Space wrap>
                <Tag color={e.commLevel === 3 ? 'red' : e.commLevel === 2 ? 'orange' : 'blue'}>{t(`supply.levels.${levelKey}`)}</Tag>
                {e.commAckAt ? <Tag color="green">{t('supply.acked')}</Tag> : <Tag>{t('supply.ackPending')}</Tag>}
                {e.planActivatedAt && <Tag color="red" icon={<AlertOutlined />}>{t('supply.planActive')}</Tag>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('supply.paperwork')}>
              {e.paperworkCompletedAt ? <Tag color="green" icon={<CheckCircleOutlined />}>{t('supply.paperworkDone', { no: e.paperworkFormNumber })}</Tag>
                : e.paperworkOverdue ? <Tag color="red">{t('supply.paperworkOverdue')}</Tag>
                  : e.paperworkDueAt ? <Tag color="gold">{t('supply.paperworkDue', { at: formatDateTime(e.paperworkDueAt) })}</Tag>
                    : <Tag>{t('supply.paperworkPending')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('supply.transport')}>{e.transportStatus ?? <Typography.Text type="secondary">{t('supply.transportNone')}</Typography.Text>}</Descriptions.Item>
          </Descriptions>
        </Col>
        <Col xs={24} lg={15}>
          {e.calls.map((c) => {
            const open = c.lines.some((l) => (l.remaining ?? 0) > 0);
            return (
              <Card key={c.id} size="small" type="inner" style={{ marginBottom: 8 }}
                title={<Space>{t('supply.callNo', { n: c.callNo })}<Typography.Text type="secondary">{formatDateTime(c.calledAt)}{c.callerName ? ` · ${c.callerName}` : ''}</Typography.Text></Space>}
                extra={!closed && open && (
                  <Space wrap>
                    {TIERS.filter(mayUse).map((tier) => (
                      <Button key={tier} size="small" type={tier === 'station' ? 'primary' : 'default'} danger={tier === 'station'} loading={act.isPending}
                        data-testid={`use-${tier}-${c.callNo}`} onClick={() => run('/supply', { callId: c.id, source: tier })}>
                        {t('supply.useSource', { source: t(`supply.sources.${tier}`) })}
                      </Button>
                    ))}
                  </Space>
                )}>
                <Table size="small" pagination={false} rowKey="componentClass" dataSource={c.lines}
                  columns={[
                    { title: t('supply.componentClass'), dataIndex: 'componentClass', render: (v: ComponentClass) => t(`componentClass.${v}`) },
                    { title: t('supply.group'), render: (_: unknown, l: EmergencyLine) => <BloodGroupTag abo={l.abo} rhd={l.rhd} /> },
                    { title: t('supply.quantity'), render: (_: unknown, l: EmergencyLine) => `${l.quantity} ${UNIT[l.componentClass]}` },
                    { title: t('supply.issued'), render: (_: unknown, l: EmergencyLine) => `${l.issuedQuantity ?? 0}` },
                    { title: t('supply.remaining'), render: (_: unknown, l: EmergencyLine) => (l.remaining ?? 0) > 0 ? <Typography.Text type="danger" strong>{l.remaining}</Typography.Text> : <CheckCircleOutlined style={{ color: '#52c41a' }} /> },
                  ]} />
              </Card>
            );
          })}
          <Typography.Text strong>{t('supply.bySource')}</Typography.Text>
          <Flex gap={8} wrap style={{ marginTop: 6 }} data-testid="by-source">
            {e.totalsBySource.map((s) => (
              <Card key={s.sourceTier} size="small" style={{ minWidth: 160 }}>
                <Tag color={TIER_COLOUR[s.sourceTier]}>{t(`supply.sources.${s.sourceTier}`)}</Tag>
                {s.byClass.length === 0 ? <Typography.Text type="secondary"> —</Typography.Text>
                  : s.byClass.map((b) => <div key={b.componentClass}>{t(`componentClass.${b.componentClass}`)} {b.quantity} {UNIT[b.componentClass]}</div>)}
              </Card>
            ))}
          </Flex>
        </Col>
      </Row>
      <ProblemAlert error={act.error} style={{ marginTop: 8 }} />
      {!closed && (
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          {station && !e.phoneConfirmedAt && <Button icon={<PhoneOutlined />} type="primary" onClick={() => setModal({ kind: 'confirm' })} data-testid="confirm-phone">{t('supply.confirmPhone')}</Button>}
          <Button onClick={() => setModal({ kind: 'call' })}>{t('supply.addCall')}</Button>
          {!e.commAckAt && <Button onClick={() => setModal({ kind: 'ack' })}>{t('supply.ack')}</Button>}
          {e.firstIssueAt && !e.paperworkCompletedAt && <Button onClick={() => setModal({ kind: 'paperwork' })} data-testid="complete-paperwork">{t('supply.completePaperwork')}</Button>}
          {station && !e.planActivatedAt && <Button danger onClick={() => run('/plan', {})}>{t('supply.activatePlan')}</Button>}
          {station && e.paperworkCompletedAt && <Button type="primary" onClick={() => run('/review', {})} data-testid="review">{t('supply.review')}</Button>}
        </Flex>
      )}
      <details style={{ marginTop: 12 }}>
        <summary>{t('supply.contacts')} ({e.contacts.length})</summary>
        <Timeline style={{ marginTop: 12 }} items={e.contacts.map((c) => ({
          color: c.kind === 'escalation' ? 'red' : c.kind === 'reminder' ? 'orange' : c.kind === 'ack' ? 'green' : 'blue',
          children: <span>{formatDateTime(c.at)} · {t(`supply.contactKinds.${c.kind}` as 'supply.contactKinds.call')}{c.level ? ` · L${c.level}` : ''}{c.contactName ? ` · ${c.contactName}` : ''}{c.note ? ` · ${c.note}` : ''}</span>,
        }))} />
      </details>
      <Modal open={!!modal} onCancel={() => setModal(null)} onOk={submit} confirmLoading={act.isPending} destroyOnHidden
        title={modal?.kind === 'confirm' ? t('supply.confirmPhone') : modal?.kind === 'paperwork' ? t('supply.completePaperwork') : modal?.kind === 'ack' ? t('supply.ack') : t('supply.addCall')}>
        <Form form={form} layout="vertical">
          {modal?.kind === 'paperwork'
            ? <Form.Item name="formNumber" label={t('supply.formNumber')} rules={[{ required: true, message: t('validation.required') }]}><Input maxLength={64} /></Form.Item>
            : <Form.Item name="name" label={modal?.kind === 'confirm' ? t('supply.confirmedWith') : modal?.kind === 'ack' ? t('supply.contactName') : t('supply.caller')} rules={[{ required: true, message: t('validation.required') }]}><Input maxLength={64} /></Form.Item>}
          {modal?.kind === 'call' && <QuantityFields />}
        </Form>
      </Modal>
    </Card>
  );
}

function QuantityFields() {
  const { t } = useTranslation();
  return (
    <Row gutter={8}>
      {CLASSES.map((c) => (
        <Col span={12} key={c}>
          <Form.Item name={`q_${c}`} label={`${t(`componentClass.${c}`)} (${UNIT[c]})`}><InputNumber min={0} max={100000} style={{ width: '100%' }} /></Form.Item>
        </Col>
      ))}
    </Row>
  );
}

function linesFrom(v: Record<string, unknown>, g: { patientAbo: AboGroup; patientRhd: RhD }) {
  return CLASSES.filter((c) => Number(v[`q_${c}`] ?? 0) > 0).map((c) => ({ componentClass: c, abo: g.patientAbo, rhd: g.patientRhd, quantity: Number(v[`q_${c}`]) }));
}

function NewEmergency({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const station = can(session?.user, 'emergency.station');
  const { data: orgs } = useOrgs(station);
  const act = useEmergencyAction();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = await form.validateFields();
    const [abo, rhd] = String(v.group).split('|') as [AboGroup, RhD];
    await act.mutateAsync({ path: '/emergencies', body: {
      hospitalOrgId: station ? Number(v.hospitalOrgId) : undefined, patientName: v.patientName, patientAbo: abo, patientRhd: rhd, diagnosis: v.diagnosis,
      call: { callerName: v.callerName, lines: linesFrom(v, { patientAbo: abo, patientRhd: rhd }) },
    } });
    onClose();
  };
  return (
    <Modal open onCancel={onClose} onOk={submit} confirmLoading={act.isPending} title={t('supply.newEmergency')} width={560}>
      <ProblemAlert error={act.error} form={form} />
      <Form form={form} layout="vertical" initialValues={{ group: 'O|POS' }}>
        {station && (
          <Form.Item name="hospitalOrgId" label={t('supply.hospital')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select showSearch optionFilterProp="label" options={(orgs ?? []).filter((o) => o.type === 'hospital').map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
        )}
        <Row gutter={8}>
          <Col span={12}><Form.Item name="patientName" label={t('supply.patientName')} rules={[{ required: true, message: t('validation.required') }]}><Input maxLength={64} /></Form.Item></Col>
          <Col span={12}><Form.Item name="group" label={t('supply.patientGroup')}>
            <Select options={['O', 'A', 'B', 'AB'].flatMap((a) => ['POS', 'NEG'].map((r) => ({ value: `${a}|${r}`, label: `${a} RhD${r === 'POS' ? '+' : '−'}` })))} />
          </Form.Item></Col>
        </Row>
        <Row gutter={8}>
          <Col span={12}><Form.Item name="diagnosis" label={t('supply.diagnosis')}><Input maxLength={200} /></Form.Item></Col>
          <Col span={12}><Form.Item name="callerName" label={t('supply.caller')}><Input maxLength={64} /></Form.Item></Col>
        </Row>
        <QuantityFields />
      </Form>
    </Modal>
  );
}

export default function EmergencyBoardPage() {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const [filter, setFilter] = useState<'open' | 'all'>('open');
  const [creating, setCreating] = useState(false);
  const { data, isLoading, error } = useEmergencies(filter === 'open' ? 'open' : undefined);
  const now = useTick(15_000);
  const items = data?.items ?? [];
  const open = items.filter((e) => !e.closedAt);
  return (
    <>
      <PageHeader title={t('supply.emergencyTitle')} subTitle={t('supply.emergencySub')}
        extra={<Space>
          <Segmented value={filter} onChange={(v) => setFilter(v as 'open' | 'all')} options={[{ value: 'open', label: t('supply.open') }, { value: 'all', label: t('supply.all') }]} />
          {can(session?.user, 'emergency.act') && <Button type="primary" danger icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-emergency">{t('supply.newEmergency')}</Button>}
        </Space>} />
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col xs={8}><Card size="small"><Statistic title={t('supply.kpiOpen')} value={open.length} valueStyle={{ color: open.length ? '#cf1322' : undefined }} /></Card></Col>
        <Col xs={8}><Card size="small"><Statistic title={t('supply.kpiUnconfirmed')} value={open.filter((e) => !e.phoneConfirmedAt).length} /></Card></Col>
        <Col xs={8}><Card size="small"><Statistic title={t('supply.kpiOverdue')} value={open.filter((e) => e.paperworkOverdue).length} /></Card></Col>
      </Row>
      <ProblemAlert error={error} />
      {!isLoading && items.length === 0 && <Empty description={t('supply.noEmergencies')} />}
      <Flex vertical gap={12}>{items.map((e) => <EmergencyCard key={e.id} e={e} now={now} />)}</Flex>
      {creating && <NewEmergency onClose={() => setCreating(false)} />}
    </>
  );
}
