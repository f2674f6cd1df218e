import { PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../api/access';
import { useSession } from '../../api/auth';
import { usePeers, useRegionalStock, useTransferAction, useTransfers, type StationPosition, type Transfer } from '../../api/logistics';
import { DateTime } from '../../components/DateTime';
import { DaysOfSupplyTag, levelForRow } from '../../components/DaysOfSupply';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TableEmpty } from '../../components/QueryState';
import { useOptions } from '../../components/options';

const CLASSES = ['red_cells', 'platelets', 'plasma', 'cryo'] as const;
const TYPES = ['O', 'A', 'B', 'AB'].flatMap((abo) => ['POS', 'NEG'].map((rhd) => ({ abo, rhd })));
const STATUS_COLOUR: Record<string, string> = { requested: 'gold', approved: 'blue', shipped: 'processing', received: 'green', rejected: 'red', cancelled: 'default' };

function StationsTable({ stations, componentClass }: { stations: StationPosition[]; componentClass: string }) {
  const { t } = useTranslation();
  return (
    <Table<StationPosition> rowKey="stationCode" size="small" pagination={false} dataSource={stations} data-testid="regional-table" scroll={{ x: 900 }}
      columns={[
        { title: t('logi.regional.station'), fixed: 'left', render: (_, s) => <Space direction="vertical" size={0}><strong>{s.stationName}</strong>
          <Space size={4}><Tag>{s.stationCode}</Tag>{s.self && <Tag color="red">{t('logi.regional.self')}</Tag>}{!s.reachable && <Tag color="default">{t('logi.regional.unreachable')}</Tag>}</Space></Space> },
        ...TYPES.map(({ abo, rhd }) => ({
          title: `${abo}${rhd === 'POS' ? '+' : '−'}`, key: `${abo}${rhd}`, align: 'center' as const,
          render: (_: unknown, s: StationPosition) => {
            const r = s.rows.find((x) => x.componentClass === componentClass && x.abo === abo && x.rhd === rhd);
            if (!s.reachable || !r || (r.quantity === 0 && r.avgDailyIssue === 0)) return '—';
            return <Space direction="vertical" size={0}><DaysOfSupplyTag days={r.daysOfSupply} level={levelForRow({ ...r, alertLevel: undefined, level: undefined })} /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.quantity} {r.quantityUnit}</Typography.Text></Space>;
          },
        })),
      ]} />
  );
}

function RequestModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const peers = usePeers();
  const action = useTransferAction();
  const opts = useOptions();
  return (
    <Modal open={open} title={t('logi.regional.request')} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden okText={t('logi.common.submit')} cancelText={t('logi.common.cancel')} confirmLoading={action.isPending}>
      <ProblemAlert error={action.error} form={form} />
      <Form form={form} layout="vertical" initialValues={{ urgency: 'emergency', componentClass: 'red_cells', abo: 'O', rhd: 'POS', quantity: 10 }}
        onFinish={(v) => action.mutate({ path: '/transfers', body: { peerCode: v.peerCode, urgency: v.urgency, reason: v.reason,
          lines: [{ componentClass: v.componentClass, abo: v.abo, rhd: v.rhd, quantity: v.quantity }] } }, { onSuccess: () => { form.resetFields(); onClose(); } })}>
        <Form.Item name="peerCode" label={t('logi.regional.peer')} rules={[{ required: true }]}>
          <Select options={(peers.data ?? []).filter((p) => p.active).map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }))} notFoundContent={t('logi.regional.noPeers')} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="componentClass" label={t('logi.transport.componentClass')}><Select style={{ width: 140 }} options={opts.stockClass} /></Form.Item>
          <Form.Item name="abo" label="ABO"><Select style={{ width: 80 }} options={opts.abo} /></Form.Item>
          <Form.Item name="rhd" label="RhD"><Select style={{ width: 110 }} options={opts.rhd} /></Form.Item>
          <Form.Item name="quantity" label={t('logi.regional.quantity')} rules={[{ required: true }]}><InputNumber min={0.5} max={10000} /></Form.Item>
        </Space>
        <Form.Item name="urgency" label={t('logi.regional.urgency')}><Select options={(['routine', 'emergency'] as const).map((u) => ({ value: u, label: t(`logi.regional.urgencies.${u}`) }))} /></Form.Item>
        <Form.Item name="reason" label={t('logi.regional.reason')}><Input.TextArea maxLength={500} rows={2} /></Form.Item>
      </Form>
    </Modal>
  );
}

export default function RegionalPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const stock = useRegionalStock();
  const transfers = useTransfers();
  const action = useTransferAction();
  const [cls, setCls] = useState<string>('red_cells');
  const [requesting, setRequesting] = useState(false);
  const opts = useOptions();
  const operate = can(user, 'order.issue');
  const act = (r: Transfer, verb: string, body?: unknown) => action.mutate({ path: `/transfers/${r.id}/${verb}`, body });
  const ask = (r: Transfer, verb: 'receive' | 'reject' | 'ship') => {
    let value = verb === 'receive' ? '4' : '';
    Modal.confirm({
      title: t(`logi.regional.${verb}`),
      content: <Input defaultValue={value} onChange={(e) => { value = e.target.value; }} placeholder={verb === 'receive' ? t('logi.regional.receiptTemp') : verb === 'reject' ? t('logi.regional.rejectNote') : t('logi.regional.carrier')} />,
      onOk: () => action.mutateAsync({ path: `/transfers/${r.id}/${verb}`, body: verb === 'receive' ? { tempC: Number(value) } : verb === 'reject' ? { note: value } : { carrierName: value || null, tempC: 4 } }),
    });
  };
  return (
    <div>
      <PageHeader title={t('logi.regional.title')} subTitle={t('logi.regional.subtitle')}
        extra={operate && <Button type="primary" icon={<PlusOutlined />} onClick={() => setRequesting(true)} data-testid="request-transfer">{t('logi.regional.request')}</Button>} />
      <Card size="small" title={t('logi.regional.stations')} style={{ marginBottom: 16 }} loading={stock.isLoading}
        extra={<Select size="small" value={cls} onChange={setCls} style={{ width: 140 }} options={opts.stockClass.filter((o) => (CLASSES as readonly string[]).includes(o.value))} />}>
        {stock.error ? <ProblemAlert error={stock.error} /> : <StationsTable stations={stock.data?.stations ?? []} componentClass={cls} />}
      </Card>
      {action.error && <ProblemAlert error={action.error} style={{ marginBottom: 16 }} />}
      {operate && (
        <Card size="small" title={<Space><SwapOutlined />{t('logi.regional.transfers')}</Space>}>
          {(transfers.data ?? []).some((r) => r.side === 'supplier' && r.status === 'requested') && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`${t('logi.regional.statuses.requested')}：${(transfers.data ?? []).filter((r) => r.side === 'supplier' && r.status === 'requested').length}`} />
          )}
          <Table<Transfer> rowKey="id" size="small" loading={transfers.isLoading} dataSource={transfers.data ?? []} data-testid="transfer-table"
            locale={{ emptyText: <TableEmpty error={transfers.error} /> }} pagination={{ pageSize: 20 }}
            columns={[
              { title: t('logi.regional.number'), dataIndex: 'transferNumber' },
              { title: t('logi.regional.side'), dataIndex: 'side', render: (s: Transfer['side']) => <Tag color={s === 'requester' ? 'blue' : 'purple'}>{t(`logi.regional.sides.${s}`)}</Tag> },
              { title: t('logi.regional.peer'), render: (_, r) => r.peerName ?? r.peerCode },
              { title: t('logi.regional.lines'), render: (_, r) => r.lines.map((l) => `${t(`componentClass.${l.componentClass as 'red_cells'}`)} ${l.abo}${l.rhd === 'POS' ? '+' : '−'} × ${l.quantity}`).join('；') },
              { title: t('logi.regional.urgency'), dataIndex: 'urgency', render: (u: string) => <Tag color={u === 'emergency' ? 'red' : 'default'}>{t(`logi.regional.urgencies.${u as 'routine'}`)}</Tag> },
              { title: t('logi.regional.units'), dataIndex: 'manifestUnits' },
              { title: t('logi.common.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOUR[s]} data-testid="transfer-status">{t(`logi.regional.statuses.${s as 'requested'}`)}</Tag> },
              { title: t('logi.common.time'), render: (_, r) => <DateTime value={r.receivedAt ?? r.shippedAt ?? r.approvedAt ?? r.requestedAt} /> },
              { title: t('logi.common.actions'), render: (_, r) => (
                <Space size={4} wrap>
                  {r.side === 'supplier' && r.status === 'requested' && <><Button size="small" type="primary" onClick={() => act(r, 'approve')}>{t('logi.regional.approve')}</Button>
                    <Button size="small" danger onClick={() => ask(r, 'reject')}>{t('logi.regional.reject')}</Button></>}
                  {r.side === 'supplier' && r.status === 'approved' && <Button size="small" type="primary" onClick={() => ask(r, 'ship')}>{t('logi.regional.ship')}</Button>}
                  {r.side === 'supplier' && r.status === 'shipped' && <Button size="small" onClick={() => act(r, 'resend')}>{t('logi.regional.resend')}</Button>}
                  {r.side === 'requester' && r.status === 'shipped' && <Button size="small" type="primary" onClick={() => ask(r, 'receive')} data-testid="receive-transfer">{t('logi.regional.receive')}</Button>}
                </Space>
              ) },
            ]} />
        </Card>
      )}
      <RequestModal open={requesting} onClose={() => setRequesting(false)} />
    </div>
  );
}
