import { AlertOutlined, CheckOutlined, FieldTimeOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useColdAlarms, useColdDevices, useDeviceReadings, useLogisticsAction, type ColdAlarm, type ColdDevice } from '../../api/logistics';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TableEmpty } from '../../components/QueryState';
import { TemperatureChart } from '../../components/TemperatureChart';
import { useOptions } from '../../components/options';

const range = (d: { minC: number | null; maxC: number | null }) => `${d.minC ?? '−∞'} ～ ${d.maxC ?? '+∞'} °C`;

function ReadingModal({ device, onClose }: { device: ColdDevice | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const action = useLogisticsAction();
  return (
    <Modal open={!!device} title={`${t('logi.cold.record')} · ${device?.name ?? ''}`} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden
      okText={t('logi.common.save')} cancelText={t('logi.common.cancel')} confirmLoading={action.isPending}>
      <ProblemAlert error={action.error} form={form} />
      <Form form={form} layout="vertical" onFinish={(v) => action.mutate({ path: `/cold-devices/${device!.id}/readings`, body: { ...v, source: 'manual' } }, { onSuccess: () => { form.resetFields(); onClose(); } })}>
        <Form.Item name="tempC" label={t('logi.common.tempC')} rules={[{ required: true }]} extra={device ? `${t('logi.cold.range')}：${range(device)}` : null}>
          <InputNumber step={0.1} min={-90} max={60} style={{ width: '100%' }} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function NewDeviceModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const action = useLogisticsAction();
  const opts = useOptions();
  return (
    <Modal open={open} title={t('logi.cold.newDevice')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okText={t('logi.common.save')} cancelText={t('logi.common.cancel')} confirmLoading={action.isPending}>
      <ProblemAlert error={action.error} form={form} />
      <Form form={form} layout="vertical" initialValues={{ kind: 'refrigerator', componentClass: 'red_cells' }}
        onFinish={(v) => action.mutate({ path: '/cold-devices', body: v }, { onSuccess: () => { form.resetFields(); onClose(); } })}>
        <Form.Item name="code" label={t('logi.cold.code')} rules={[{ required: true }]}><Input maxLength={32} /></Form.Item>
        <Form.Item name="name" label={t('logi.cold.name')} rules={[{ required: true }]}><Input maxLength={64} /></Form.Item>
        <Form.Item name="kind" label={t('logi.cold.kind')}><Select options={(['refrigerator', 'freezer', 'platelet_incubator', 'transport_box'] as const).map((k) => ({ value: k, label: t(`logi.cold.kinds.${k}`) }))} /></Form.Item>
        <Form.Item name="componentClass" label={t('logi.transport.componentClass')}><Select options={opts.componentClass} /></Form.Item>
        <Form.Item name="location" label={t('logi.transport.location')}><Input maxLength={64} /></Form.Item>
      </Form>
    </Modal>
  );
}

export default function ColdChainPage() {
  const { t } = useTranslation();
  const devices = useColdDevices();
  const alarms = useColdAlarms();
  const action = useLogisticsAction();
  const [selected, setSelected] = useState<number | undefined>();
  const [recording, setRecording] = useState<ColdDevice | null>(null);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    const first = devices.data?.find((d) => d.lastReadingAt) ?? devices.data?.[0];
    if (!selected && first) setSelected(first.id);
  }, [devices.data, selected]);
  const readings = useDeviceReadings(selected);
  const openAlarms = (alarms.data ?? []).filter((a) => !a.closedAt || !a.acknowledgedAt);
  return (
    <div>
      <PageHeader title={t('logi.cold.title')} subTitle={t('logi.cold.subtitle')}
        extra={<Space>
          <Button icon={<FieldTimeOutlined />} loading={action.isPending} onClick={() => action.mutate({ path: '/cold-alarms/scan' })}>{t('logi.cold.scan')}</Button>
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('logi.cold.newDevice')}</Button>
        </Space>} />
      {(devices.data ?? []).some((d) => d.overdue) && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={`${t('logi.cold.overdue')}：${(devices.data ?? []).filter((d) => d.overdue).map((d) => d.name).join('、')}`} data-testid="overdue-alert" />
      )}
      <Card size="small" title={t('logi.cold.devices')} style={{ marginBottom: 16 }}>
        <Table<ColdDevice> rowKey="id" size="small" loading={devices.isLoading} dataSource={devices.data ?? []} pagination={false} data-testid="device-table"
          locale={{ emptyText: <TableEmpty error={devices.error} /> }}
          rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')} onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('logi.cold.code'), dataIndex: 'code' },
            { title: t('logi.cold.name'), dataIndex: 'name' },
            { title: t('logi.cold.kind'), dataIndex: 'kind', render: (k: string) => t(`logi.cold.kinds.${k as 'refrigerator'}`) },
            { title: t('logi.transport.componentClass'), dataIndex: 'componentClass', render: (c: string) => t(`componentClass.${c as 'red_cells'}`) },
            { title: t('logi.cold.range'), render: (_, r) => range(r) },
            { title: t('logi.cold.last'), render: (_, r) => r.lastTempC == null ? '—' : <Space><Tag color={r.lastInRange ? 'green' : 'red'}>{r.lastTempC.toFixed(1)} °C</Tag><DateTime value={r.lastReadingAt} /></Space> },
            { title: t('logi.common.status'), render: (_, r) => <Space>{r.overdue && <Tag color="orange">{t('logi.cold.overdue')}</Tag>}{r.openAlarms > 0 && <Tag color="red" icon={<AlertOutlined />}>{r.openAlarms}</Tag>}</Space> },
            { title: t('logi.common.actions'), render: (_, r) => <Button size="small" onClick={(e) => { e.stopPropagation(); setRecording(r); }}>{t('logi.cold.record')}</Button> },
          ]} />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card size="small" title={`${t('logi.cold.chart')}${readings.data ? ` · ${readings.data.device.name}` : ''}`} style={{ marginBottom: 16 }} data-testid="temp-chart">
            {!readings.data ? <Empty description={t('logi.cold.noDevice')} /> : readings.data.readings.length === 0 ? <Empty /> : (
              <>
                <TemperatureChart readings={readings.data.readings} minC={readings.data.minC} maxC={readings.data.maxC} gaps={readings.data.gaps} to={readings.data.to}
                  labels={{ temp: t('logi.cold.temp'), band: t('logi.cold.band'), gap: t('logi.cold.gap') }} />
                <Typography.Text type="secondary">
                  {t('logi.cold.range')} {range(readings.data)} · {t('logi.cold.source')} {readings.data.ref.source} {readings.data.ref.clause ?? ''}
                  {readings.data.gaps.length > 0 && <Tag color="orange" style={{ marginInlineStart: 8 }}>{t('logi.cold.gapsFound', { n: readings.data.gaps.length })}</Tag>}
                </Typography.Text>
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title={<Space>{t('logi.cold.alarms')}<Tag color={openAlarms.length ? 'red' : 'green'}>{openAlarms.length}</Tag></Space>}>
            <Table<ColdAlarm> rowKey="id" size="small" dataSource={alarms.data ?? []} pagination={{ pageSize: 8 }} data-testid="alarm-table"
              locale={{ emptyText: <TableEmpty error={alarms.error} /> }}
              columns={[
                { title: t('logi.cold.devices'), dataIndex: 'deviceName' },
                { title: t('logi.cold.kind'), dataIndex: 'kind', render: (k: string, r) => <Tag color="red">{t(`logi.cold.alarmKinds.${k as 'out_of_range'}`)}{r.tempC != null ? ` ${r.tempC} °C` : ''}</Tag> },
                { title: t('logi.cold.opened'), dataIndex: 'openedAt', render: (v: string) => <DateTime value={v} /> },
                { title: t('logi.common.status'), render: (_, r) => <Space size={4} wrap>
                  <Tag color={r.closedAt ? 'green' : 'red'}>{r.closedAt ? t('logi.cold.closed') : t('logi.cold.open')}</Tag>
                  {r.acknowledgedAt ? <Tag icon={<CheckOutlined />}>{t('logi.cold.acked')}</Tag>
                    : <Button size="small" onClick={() => Modal.confirm({ title: t('logi.cold.ack'), content: r.detail, onOk: () => action.mutateAsync({ path: `/cold-alarms/${r.id}/ack`, body: { note: t('logi.cold.acked') } }) })}>{t('logi.cold.ack')}</Button>}
                </Space> },
              ]} />
          </Card>
        </Col>
      </Row>
      <ReadingModal device={recording} onClose={() => setRecording(null)} />
      <NewDeviceModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
