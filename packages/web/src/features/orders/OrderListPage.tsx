import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { can, isHospitalUser } from '../../api/access';
import { useSession } from '../../api/auth';
import { useOrders } from '../../api/orders';
import type { Order, OrderStatus } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { useOptions } from '../../components/options';
import { PageHeader } from '../../components/PageHeader';
import { serverPagination } from '../../components/pagination';
import { TableEmpty } from '../../components/QueryState';
import { OrderStatusTag, PriorityTag } from '../../components/StatusTags';
import { useSearchState } from '../../components/useSearchState';
import { hoursUntil } from '../../i18n/format';
import { OrderLinesSummary } from './OrderLinesSummary';

const KEYS = ['status'] as const;

export default function OrderListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const opts = useOptions();
  const hospital = isHospitalUser(user);
  const { filters, page, pageSize, setFilters, setPage } = useSearchState(KEYS);
  const orders = useOrders(
    { status: filters.status as OrderStatus | undefined, page, pageSize },
    { refetchInterval: hospital ? 60_000 : 30_000 },
  );

  const columns: TableColumnsType<Order> = [
    {
      key: 'no',
      title: t('orders.orderNumber'),
      dataIndex: 'orderNumber',
      render: (v: string, o) => (
        <Link to={`/orders/${encodeURIComponent(o.id)}`} data-testid="order-link" data-order-number={v}>
          {v}
        </Link>
      ),
    },
    ...(hospital ? [] : [{ key: 'hospital', title: t('orders.hospital'), dataIndex: 'hospitalName' }]),
    { key: 'priority', title: t('orders.priority'), render: (_, o) => <PriorityTag priority={o.priority} /> },
    { key: 'status', title: t('term.status'), render: (_, o) => <OrderStatusTag status={o.status} /> },
    { key: 'lines', title: t('orders.lines'), render: (_, o) => <OrderLinesSummary lines={o.lines} /> },
    {
      key: 'neededBy',
      title: t('orders.neededBy'),
      render: (_, o) => {
        const h = hoursUntil(o.neededBy);
        const urgent = h !== null && h < 2 && ['submitted', 'allocated'].includes(o.status);
        return (
          <span style={{ color: urgent ? '#cf1322' : undefined, fontWeight: urgent ? 700 : undefined }}>
            <DateTime value={o.neededBy} />
          </span>
        );
      },
    },
    { key: 'createdAt', title: t('orders.createdAt'), render: (_, o) => <DateTime value={o.createdAt} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, o) => <Link to={`/orders/${encodeURIComponent(o.id)}`}>{t('common.detail')}</Link>,
    },
  ];

  return (
    <div>
      <PageHeader
        title={hospital ? t('orders.hospitalTitle') : t('orders.title')}
        subTitle={hospital ? user?.orgName : undefined}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void orders.refetch()} aria-label={t('common.refresh')}>
              {t('common.refresh')}
            </Button>
            {can(user, 'order.create') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/orders/new')} data-testid="order-new">
                {t('orders.new')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <Flex style={{ marginBottom: 16, overflowX: 'auto' }}>
          <Segmented<string>
            value={filters.status ?? ''}
            onChange={(v) => setFilters({ status: v || undefined })}
            options={[{ value: '', label: t('common.all') }, ...opts.orderStatus]}
            data-testid="order-filter-status"
            aria-label={t('term.status')}
          />
        </Flex>
        <Table<Order>
          data-testid="order-table"
          rowKey="id"
          columns={columns}
          dataSource={orders.data?.items ?? []}
          loading={orders.isLoading}
          scroll={{ x: 'max-content' }}
          rowClassName={(o) => (o.priority === 'emergency' && !['received', 'cancelled'].includes(o.status) ? 'rb-row-emergency' : '')}
          pagination={serverPagination(t, page, pageSize, orders.data?.total, setPage)}
          locale={{ emptyText: <TableEmpty error={orders.error} text={t('orders.empty')} /> }}
        />
      </Card>
    </div>
  );
}
