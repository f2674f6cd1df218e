import { CarOutlined, PlusOutlined, ReloadOutlined, ScanOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Statistic, Table, Tag, Timeline, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../api/access';
import { useSession } from '../../api/auth';
import { useColdDevices, useLogisticsAction, useShipments, useVehicles, type Shipment } from '../../api/logistics';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TableEmpty } from '../../components/QueryState';
import { useOptions } from '../../components/options';

const STATUS_COLOUR: Record<string, string> = { planned: 'default', in_transit: 'processing', delivered: 'success', cancelled: 'error' };

function TempTag({ value, ok }: { value: number | null; ok: boolean }) {
  if (value == null) return <span>—</span>;
  return <Tag color={ok ? 'green' : 'red'} data-testid="temp-tag">{value.toFixed(1)} °C</Tag>;
}

function NewShipmentModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const action = useLogisticsAction();
  const opts = useOptions();
  const vehicles = useVehicles(open);
  const devices = useColdDevices();
  const boxes = (devices.data ?? []).filter((d) => d.kind === 'transport_box');
  return (
    <Modal open={open} title={t('logi.transport.new')} onCancel={onClose} okText={t('logi.common.save')} cancelText={t('logi.common.cancel')}
      confirmLoading={action.isPending} onOk={() => form.submit()} destroyOnHidden>
      <ProblemAlert error={action.error} form={form} />
      <Form form={form} layout="vertical" initialValues={{ mode: 'delivery', componentClass: 'red_cells' }}
        onFinish={(v) => action.mutate({ path: '/shipments', body: v }, { onSuccess: () => { form.resetFields(); onClose(); } })}>
        <Form.Item name="mode" label={t('logi.transport.mode')} rules={[{ required: true }]}>
          <Select options={(['delivery', 'pickup', 'combined'] as const).map((m) => ({ value: m, label: t(`logi.transport.modes.${m}`) }))} />
        </Form.Item>
        <Form.Item name="orderId" label={t('logi.transport.orderId')}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="toName" label={t('logi.transport.toName')}><Input maxLength={64} /></Form.Item>
        <Form.Item name="componentClass" label={t('logi.transport.componentClass')} rules={[{ required: true }]}><Select options={opts.componentClass} /></Form.Item>
        <Form.Item name="vehicleId" label={t('logi.transport.vehicle')}><Select allowClear options={(vehicles.data ?? []).map((v) => ({ value: v.id, label: `${v.plate} (${v.code})` }))} /></Form.Item>
        <Form.Item name="boxDeviceId" label={t('logi.transport.box')}><Select allowClear options={boxes.map((b) => ({ value: b.id, label: `${b.code} ${b.name}` }))} /></Form.Item>
        <Form.Item name="carrierName" label={t('logi.transport.carrier')}><Input maxLength={64} /></Form.Item>
      </Form>
    </Modal>
  );
}

function ScanModal({ shipment, onClose }: { shipment: Shipment | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const action = useLogisticsAction();
  return (
    <Modal open={!!shipment} title={`${t('logi.transport.scan')} · ${shipment?.shipmentNumber ?? ''}`} onCancel={onClose} onOk={() => form.submit()}
      okText={t('logi.common.submit')} cancelText={t('logi.common.cancel')} confirmLoading={action.isPending} destroyOnHidden>
      <ProblemAlert error={action.error} form={form} />
      <Form form={form} layout="vertical" initialValues={{ step: shipment?.status === 'planned' ? 'load' : 'arrive' }}
        onFinish={(v) => action.mutate({ path: `/shipments/${shipment!.id}/scans`, body: v }, { onSuccess: () => { form.resetFields(); onClose(); } })}>
        <Form.Item name="step" label={t('logi.transport.step')} rules={[{ required: true }]}>
          <Select options={(['load', 'depart', 'handover', 'arrive', 'receive'] as const).map((s) => ({ value: s, label: t(`logi.transport.steps.${s}`) }))} />
        </Form.Item>
        <Form.Item name="tempC" label={t('logi.common.tempC')} rules={[{ required: true }]}><InputNumber step={0.1} min={-90} max={60} style={{ width: '100%' }} data-testid="scan-temp" /></Form.Item>
        <Form.Item name="partyName" label={t('logi.transport.party')}><Input maxLength={64} /></Form.Item>
        <Form.Item name="location" label={t('logi.transport.location')}><Input maxLength={64} /></Form.Item>
      </Form>
    </Modal>
  );
}

export default function TransportBoardPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const shipments = useShipments();
  const [creating, setCreating] = useState(false);
  const [scanning, setScanning] = useState<Shipment | null>(null);
  const rows = shipments.data ?? [];
  const count = (s: string) => rows.filter((r) => r.status === s).length;
  const stationSide = can(user, 'order.issue');
  return (
    <div>
      <PageHeader title={t('logi.transport.title')} subTitle={t('logi.transport.subtitle')}
        extra={<Space>
          <Button icon={<ReloadOutlined />} onClick={() => void shipments.refetch()}>{t('logi.common.refresh')}</Button>
          {stationSide && <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-shipment">{t('logi.transport.new')}</Button>}
        </Space>} />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {(['planned', 'in_transit', 'delivered'] as const).map((s) => (
          <Col xs={12} md={6} key={s}><Card size="small"><Statistic title={t(`logi.transport.statuses.${s}`)} value={count(s)} prefix={<CarOutlined />} /></Card></Col>
        ))}
        <Col xs={12} md={6}><Card size="small"><Statistic title={t('logi.transport.excursion')} value={rows.filter((r) => r.tempExcursion).length} valueStyle={{ color: '#cf1322' }} /></Card></Col>
      </Row>
      <Card size="small">
        <Table<Shipment> rowKey="id" size="middle" loading={shipments.isLoading} dataSource={rows} pagination={{ pageSize: 20 }} data-testid="shipment-table"
          locale={{ emptyText: <TableEmpty error={shipments.error} text={t('logi.transport.empty')} /> }}
          expandable={{ expandedRowRender: (r) => (
            <Timeline items={r.scans.map((s) => ({ key: s.id, color: s.tempOk ? 'green' : 'red', children: (
              <Space wrap><DateTime value={s.at} seconds /><strong>{t(`logi.transport.steps.${s.step as 'load'}`)}</strong><TempTag value={s.tempC} ok={s.tempOk} />
                {s.partyName && <span>{t('logi.transport.party')}：{s.partyName}</span>}{s.location && <span>{s.location}</span>}</Space>) }))} />
          ) }}
          columns={[
            { title: t('logi.transport.number'), dataIndex: 'shipmentNumber', render: (v: string, r) => <Space>{v}{r.tempExcursion && <Tooltip title={t('logi.transport.excursion')}><Badge status="error" /></Tooltip>}</Space> },
            { title: t('logi.transport.mode'), dataIndex: 'mode', render: (m: Shipment['mode']) => <Tag>{t(`logi.transport.modes.${m}`)}</Tag> },
            { title: t('logi.transport.order'), dataIndex: 'orderNumber', render: (v: string | null) => v ?? '—' },
            { title: t('logi.transport.destination'), dataIndex: 'toName' },
            { title: t('logi.transport.componentClass'), dataIndex: 'componentClass', render: (c: string) => t(`componentClass.${c as 'red_cells'}`) },
            { title: t('logi.transport.vehicle'), render: (_, r) => [r.vehiclePlate, r.boxCode].filter(Boolean).join(' / ') || '—' },
            { title: t('logi.common.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOUR[s]} data-testid="shipment-status">{t(`logi.transport.statuses.${s as 'planned'}`)}</Tag> },
            { title: t('logi.transport.lastStep'), render: (_, r) => r.lastStep ? <Space size={4}>{t(`logi.transport.steps.${r.lastStep as 'load'}`)}<DateTime value={r.lastAt} /></Space> : '—' },
            { title: t('logi.transport.lastTemp'), render: (_, r) => <TempTag value={r.lastTempC} ok={!r.scans.length || r.scans[r.scans.length - 1].tempOk} /> },
            { title: t('logi.common.actions'), render: (_, r) => r.status !== 'delivered' && r.status !== 'cancelled'
              ? <Button size="small" icon={<ScanOutlined />} onClick={() => setScanning(r)}>{t('logi.transport.scan')}</Button> : null },
          ]} />
      </Card>
      <NewShipmentModal open={creating} onClose={() => setCreating(false)} />
      <ScanModal shipment={scanning} onClose={() => setScanning(null)} />
    </div>
  );
}
