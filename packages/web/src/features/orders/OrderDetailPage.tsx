import { CarOutlined, CheckSquareOutlined, ClusterOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { can, isHospitalUser } from '../../api/access';
import { useSession } from '../../api/auth';
import { useAllocateOrder, useIssueOrder, useOrder, useReceiveOrder } from '../../api/orders';
import type { AllocationPolicy, OrderLine, Unit } from '../../api/types';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Quantity, quantityUnitFor } from '../../components/Quantity';
import { QueryState } from '../../components/QueryState';
import { OrderStatusTag, PriorityTag } from '../../components/StatusTags';
import { TransfuseModal } from '../../components/TransfuseModal';
import { UnitsTable } from '../../components/UnitsTable';

export default function OrderDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const { user } = useSession();
  const hospital = isHospitalUser(user);
  const order = useOrder(id);
  const allocate = useAllocateOrder(id);
  const issue = useIssueOrder(id);
  const receive = useReceiveOrder(id);
  const [policy, setPolicy] = useState<AllocationPolicy>('identical_first');
  const [issueOpen, setIssueOpen] = useState(false);
  const [receiveOpen, setReceiveOpen] = useState(false);
  const [transfusing, setTransfusing] = useState<Unit | null>(null);
  const [issueForm] = Form.useForm<{ handoverTo?: string; tempC?: number }>();
  const [receiveForm] = Form.useForm<{ tempC?: number }>();
  const o = order.data;

  const canAllocate = can(user, 'order.allocate') && o?.status === 'submitted';
  const canIssue = can(user, 'order.issue') && o?.status === 'allocated';
  const canReceive = can(user, 'order.receive') && o?.status === 'issued';
  const canTransfuse = can(user, 'unit.transfuse') && o?.status === 'received';

  const onAllocate = () =>
    allocate.mutate(
      { policy },
      { onSuccess: (res) => void message.success(t('orders.allocated_ok', { count: res.units?.length ?? 0 })) },
    );

  const onIssue = async () => {
    const v = await issueForm.validateFields();
    issue.mutate(
      { handoverTo: v.handoverTo?.trim() || undefined, tempC: v.tempC ?? undefined },
      {
        onSuccess: () => {
          void message.success(t('orders.issued'));
          setIssueOpen(false);
        },
      },
    );
  };

  const onReceive = async () => {
    const v = await receiveForm.validateFields();
    receive.mutate(
      { tempC: v.tempC ?? undefined },
      {
        onSuccess: () => {
          void message.success(t('orders.received'));
          setReceiveOpen(false);
        },
      },
    );
  };

  const lineColumns: TableColumnsType<OrderLine> = [
    { key: 'class', title: t('term.componentClass'), render: (_, l) => t(`componentClass.${l.componentClass}`) },
    { key: 'group', title: t('term.bloodGroup'), render: (_, l) => <BloodGroupTag abo={l.abo} rhd={l.rhd} /> },
    {
      key: 'qty',
      title: t('term.quantity'),
      align: 'right',
      render: (_, l) => <Quantity value={l.quantity} unit={quantityUnitFor(l.componentClass)} />,
    },
    {
      key: 'allocated',
      title: t('orders.allocated'),
      align: 'right',
      render: (_, l) => {
        if (l.allocatedQuantity === null || l.allocatedQuantity === undefined) return '—';
        const short = l.allocatedQuantity < l.quantity;
        return (
          <span style={{ color: short ? '#cf1322' : '#389e0d', fontWeight: 600 }}>
            <Quantity value={l.allocatedQuantity} unit={quantityUnitFor(l.componentClass)} />
          </span>
        );
      },
    },
  ];

  const actionError = allocate.error ?? (!issueOpen ? issue.error : null) ?? (!receiveOpen ? receive.error : null);

  return (
    <div>
      <PageHeader
        back="/orders"
        title={
          <Space size={8}>
            <span>
              {t('orders.detailTitle')} · <span data-testid="order-number">{o?.orderNumber ?? ''}</span>
            </span>
            {o && <PriorityTag priority={o.priority} />}
            {o && (
              <span data-testid="order-status" data-status={o.status}>
                <OrderStatusTag status={o.status} />
              </span>
            )}
          </Space>
        }
        documentTitle={`${t('orders.detailTitle')} ${o?.orderNumber ?? ''}`}
        extra={
          o && (
            <>
              {canAllocate && (
                <>
                  <Select<AllocationPolicy>
                    value={policy}
                    onChange={setPolicy}
                    style={{ width: 260 }}
                    aria-label={t('orders.allocatePolicy')}
                    options={[
                      { value: 'identical_first', label: t('policy.identical_first') },
                      { value: 'identical_only', label: t('policy.identical_only') },
                    ]}
                    data-testid="order-allocate-policy"
                  />
                  <Button type="primary" icon={<ClusterOutlined />} onClick={onAllocate} loading={allocate.isPending} data-testid="order-allocate">
                    {t('orders.allocate')}
                  </Button>
                </>
              )}
              {canIssue && (
                <Button type="primary" icon={<CarOutlined />} onClick={() => setIssueOpen(true)} data-testid="order-issue">
                  {t('orders.issue')}
                </Button>
              )}
              {canReceive && (
                <Button type="primary" icon={<CheckSquareOutlined />} onClick={() => setReceiveOpen(true)} data-testid="order-receive">
                  {t('orders.receive')}
                </Button>
              )}
            </>
          )
        }
      />
      <QueryState isLoading={order.isLoading} error={order.error} onRetry={() => void order.refetch()}>
        {o && (
          <>
            <ProblemAlert error={actionError} data-testid="order-action-error" />
            <Card size="small" style={{ marginBottom: 16 }}>
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2, lg: 3 }}
                items={[
                  { key: 'hospital', label: t('orders.hospital'), children: o.hospitalName },
                  { key: 'status', label: t('term.status'), children: <OrderStatusTag status={o.status} /> },
                  { key: 'priority', label: t('orders.priority'), children: <PriorityTag priority={o.priority} /> },
                  { key: 'neededBy', label: t('orders.neededBy'), children: <DateTime value={o.neededBy} /> },
                  { key: 'createdAt', label: t('orders.createdAt'), children: <DateTime value={o.createdAt} /> },
                  ...(o.note ? [{ key: 'note', label: t('orders.note'), children: o.note }] : []),
                ]}
              />
            </Card>
            <Card size="small" title={t('orders.lines')} style={{ marginBottom: 16 }}>
              <Table<OrderLine>
                rowKey="id"
                size="small"
                columns={lineColumns}
                dataSource={o.lines ?? []}
                pagination={false}
                data-testid="order-lines"
              />
            </Card>
            <Card size="small" title={t('orders.units')}>
              {o.status === 'allocated' && !hospital && (
                <Alert type="info" showIcon title={t('orders.allocateHint')} style={{ marginBottom: 12 }} />
              )}
              <UnitsTable
                data-testid="order-units"
                units={o.units}
                emptyText={t('orders.noUnits')}
                linkDin={can(user, 'trace.view')}
                columns={['din', 'product', 'bloodGroup', 'quantity', 'status', 'location', 'expiresAt']}
                actions={
                  canTransfuse
                    ? (u) =>
                        u.status === 'issued' ? (
                          <Button
                            size="small"
                            type="primary"
                            icon={<MedicineBoxOutlined />}
                            onClick={() => setTransfusing(u)}
                            data-testid="unit-transfuse"
                            data-din={u.din}
                          >
                            {t('orders.transfuse')}
                          </Button>
                        ) : null
                    : undefined
                }
              />
            </Card>

            <Modal
              open={issueOpen}
              title={t('orders.issueTitle', { number: o.orderNumber })}
              onCancel={() => {
                issue.reset();
                setIssueOpen(false);
              }}
              onOk={onIssue}
              okText={t('orders.issue')}
              cancelText={t('common.cancel')}
              okButtonProps={{ loading: issue.isPending, 'data-testid': 'issue-confirm' }}
              destroyOnHidden
            >
              <Typography.Paragraph>
                {t('orders.units')}：{o.units?.length ?? 0}
              </Typography.Paragraph>
              <ProblemAlert error={issue.error} form={issueForm} data-testid="issue-error" />
              <Form form={issueForm} layout="vertical" preserve={false}>
                <Form.Item name="handoverTo" label={`${t('orders.handoverTo')}（${t('common.optional')}）`}>
                  <Input maxLength={50} data-testid="issue-handover-to" />
                </Form.Item>
                <Form.Item name="tempC" label={`${t('orders.tempC')}（${t('common.optional')}）`}>
                  <InputNumber min={-40} max={40} step={0.1} suffix="°C" data-testid="issue-temp" />
                </Form.Item>
              </Form>
            </Modal>

            <Modal
              open={receiveOpen}
              title={t('orders.receiveTitle', { number: o.orderNumber })}
              onCancel={() => {
                receive.reset();
                setReceiveOpen(false);
              }}
              onOk={onReceive}
              okText={t('orders.receive')}
              cancelText={t('common.cancel')}
              okButtonProps={{ loading: receive.isPending, 'data-testid': 'receive-confirm' }}
              destroyOnHidden
            >
              <Alert type="info" showIcon title={t('orders.receiveHint')} style={{ marginBottom: 16 }} />
              <ProblemAlert error={receive.error} form={receiveForm} data-testid="receive-error" />
              <Form form={receiveForm} layout="vertical" preserve={false}>
                <Form.Item name="tempC" label={`${t('orders.tempC')}（${t('common.optional')}）`}>
                  <InputNumber min={-40} max={40} step={0.1} suffix="°C" data-testid="receive-temp" />
                </Form.Item>
              </Form>
            </Modal>

            <TransfuseModal unit={transfusing} onClose={() => setTransfusing(null)} />
          </>
        )}
      </QueryState>
    </div>
  );
}
