import {
  AlertOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  ReloadOutlined,
  ShoppingCartOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Segmented, Select, Skeleton, Statistic, Tooltip, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { can } from '../../api/access';
import { useSession } from '../../api/auth';
import { useStock } from '../../api/inventory';
import { useOrders } from '../../api/orders';
import { useOrgs } from '../../api/orgs';
import { useUnits } from '../../api/units';
import type { ComponentClass } from '../../api/types';
import { LEVEL_COLOURS } from '../../components/DaysOfSupply';
import { useOptions } from '../../components/options';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, hoursUntil } from '../../i18n/format';
import { DaysOfSupplyChart, StockByGroupChart } from './StockCharts';
import { StockTable } from './StockTable';
import { indexRows } from './stock';

const EXPIRY_SAMPLE = 200;

function Kpi({
  title,
  value,
  loading,
  error,
  icon,
  colour,
  hint,
  to,
  testId,
}: {
  title: string;
  value: number | undefined;
  loading: boolean;
  error: unknown;
  icon: ReactNode;
  colour: string;
  hint?: string;
  to?: string;
  testId: string;
}) {
  const body = (
    <Card size="small" hoverable={!!to} data-testid={testId}>
      {loading ? (
        <Skeleton active paragraph={false} />
      ) : (
        <Statistic
          title={
            <Flex gap={6} align="center">
              {title}
              {hint && (
                <Tooltip title={hint}>
                  <Typography.Text type="secondary">≥</Typography.Text>
                </Tooltip>
              )}
            </Flex>
          }
          value={error ? '—' : (value ?? 0)}
          prefix={<span style={{ color: colour, marginInlineEnd: 4 }}>{icon}</span>}
          styles={{ content: { color: colour, fontWeight: 600 } }}
        />
      )}
    </Card>
  );
  return to ? <Link to={to}>{body}</Link> : body;
}

export default function DashboardPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const opts = useOptions();
  const [orgId, setOrgId] = useState<string | undefined>(undefined);
  const [chartClass, setChartClass] = useState<ComponentClass>('red_cells');

  const orgs = useOrgs();
  const stock = useStock(orgId);
  const quarantined = useUnits({ status: 'quarantined', orgId, page: 1, pageSize: 1 }, { refetchInterval: 60_000 });
  const available = useUnits({ status: 'available', orgId, page: 1, pageSize: EXPIRY_SAMPLE }, { refetchInterval: 60_000 });
  const openOrders = useOrders({ status: 'submitted', page: 1, pageSize: 1 }, { refetchInterval: 30_000 });

  const index = useMemo(() => indexRows(stock.data?.rows), [stock.data]);

  const expiring = useMemo(() => {
    const items = available.data?.items ?? [];
    return items.filter((u) => {
      const h = hoursUntil(u.expiresAt);
      return h !== null && h >= 0 && h <= 72;
    }).length;
  }, [available.data]);
  const expiringIsLowerBound = (available.data?.total ?? 0) > (available.data?.items.length ?? 0);

  const orgOptions = (orgs.data ?? [])
    .filter((o) => o.type === 'station' || o.type === 'storage_point')
    .map((o) => ({ value: o.id, label: `${o.name}（${t(`orgType.${o.type}`)}）` }));

  const refresh = () => {
    void stock.refetch();
    void quarantined.refetch();
    void available.refetch();
    void openOrders.refetch();
  };

  const unitsLink = can(user, 'unit.view');
  const ordersLink = can(user, 'order.view');

  return (
    <div>
      <PageHeader
        title={t('dashboard.title')}
        subTitle={stock.data?.asOf ? t('common.asOf', { time: formatDateTime(stock.data.asOf) }) : undefined}
        extra={
          <>
            {orgOptions.length > 1 && (
              <Select
                allowClear
                style={{ minWidth: 220 }}
                placeholder={t('dashboard.org')}
                aria-label={t('dashboard.org')}
                value={orgId}
                onChange={setOrgId}
                options={orgOptions}
                data-testid="dashboard-org"
              />
            )}
            <Button icon={<ReloadOutlined />} onClick={refresh} data-testid="dashboard-refresh">
              {t('common.refresh')}
            </Button>
          </>
        }
      />

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} lg={6}>
          <Kpi
            testId="kpi-quarantined"
            title={t('dashboard.quarantined')}
            value={quarantined.data?.total}
            hint={quarantined.data?.totalIsLowerBound ? t('dashboard.countLowerBound', { count: quarantined.data.total }) : undefined}
            loading={quarantined.isLoading}
            error={quarantined.error}
            icon={<ClockCircleOutlined />}
            colour="#d46b08"
            to={unitsLink ? '/units?status=quarantined' : undefined}
          />
        </Col>
        <Col xs={12} lg={6}>
          <Kpi
            testId="kpi-available"
            title={t('dashboard.available')}
            value={available.data?.total}
            hint={available.data?.totalIsLowerBound ? t('dashboard.countLowerBound', { count: available.data.total }) : undefined}
            loading={available.isLoading}
            error={available.error}
            icon={<CheckCircleOutlined />}
            colour="#389e0d"
            to={unitsLink ? '/units?status=available' : undefined}
          />
        </Col>
        <Col xs={12} lg={6}>
          <Kpi
            testId="kpi-expiring"
            title={t('dashboard.expiring')}
            value={expiring}
            loading={available.isLoading}
            error={available.error}
            icon={<AlertOutlined />}
            colour="#cf1322"
            hint={expiringIsLowerBound ? t('dashboard.expiringLowerBound', { count: EXPIRY_SAMPLE }) : undefined}
          />
        </Col>
        <Col xs={12} lg={6}>
          <Kpi
            testId="kpi-open-orders"
            title={t('dashboard.openOrders')}
            value={openOrders.data?.total}
            loading={openOrders.isLoading}
            error={openOrders.error}
            icon={<ShoppingCartOutlined />}
            colour="#1f5fbf"
            to={ordersLink ? '/orders?status=submitted' : undefined}
          />
        </Col>
      </Row>

      <Card
        title={t('dashboard.stockTable')}
        size="small"
        style={{ marginBottom: 16 }}
        extra={
          <Flex gap={6} wrap align="center" style={{ fontSize: 12 }}>
            {(['green', 'watch', 'yellow', 'orange', 'red'] as const).map((l) => (
              <span
                key={l}
                style={{
                  padding: '0 6px',
                  borderRadius: 4,
                  border: `1px solid ${LEVEL_COLOURS[l].border}`,
                  background: LEVEL_COLOURS[l].bg,
                  color: LEVEL_COLOURS[l].fg,
                }}
              >
                {t(`alertLevel.${l}`)}
              </span>
            ))}
            <Tooltip title={t('dashboard.legend')}>
              <Typography.Text type="secondary" style={{ cursor: 'help' }}>
                ⓘ
              </Typography.Text>
            </Tooltip>
          </Flex>
        }
      >
        <StockTable index={index} loading={stock.isLoading} error={stock.error} />
      </Card>

      <Card
        size="small"
        title={t('dashboard.charts')}
        extra={
          <Segmented<ComponentClass>
            size="small"
            aria-label={t('dashboard.classSwitch')}
            value={chartClass}
            onChange={setChartClass}
            options={opts.stockClass}
            data-testid="dashboard-chart-class"
          />
        }
      >
        {stock.isLoading ? (
          <Skeleton active />
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Typography.Text strong>
                {t('dashboard.stockByGroup')} · {t(`componentClass.${chartClass}`)}
              </Typography.Text>
              <StockByGroupChart index={index} componentClass={chartClass} />
            </Col>
            <Col xs={24} xl={12}>
              <Typography.Text strong>
                {t('dashboard.daysChart')} · {t(`componentClass.${chartClass}`)}
              </Typography.Text>
              <DaysOfSupplyChart index={index} componentClass={chartClass} />
            </Col>
          </Row>
        )}
      </Card>
    </div>
  );
}
