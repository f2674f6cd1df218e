import { DownloadOutlined, MedicineBoxOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, isHospitalUser } from '../../api/access';
import { useSession } from '../../api/auth';
import { useOrgs } from '../../api/orgs';
import type { AboGroup, ComponentClass, RhD, Unit, UnitFilter, UnitStatus } from '../../api/types';
import { fetchAllUnits, useUnits } from '../../api/units';
import { bloodGroupText } from '../../components/BloodGroupTag';
import { normaliseDin } from '../../components/DinText';
import { useOptions } from '../../components/options';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { serverPagination } from '../../components/pagination';
import { useProblemMessage } from '../../components/ProblemAlert';
import { TransfuseModal } from '../../components/TransfuseModal';
import { productName, UnitsTable } from '../../components/UnitsTable';
import { useSearchState } from '../../components/useSearchState';
import { useLang } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { downloadText, toCsv } from './csv';

const KEYS = ['status', 'abo', 'rhd', 'componentClass', 'orgId', 'q'] as const;
const MAX_EXPORT = 20_000;

export default function UnitListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const { user } = useSession();
  const opts = useOptions();
  const problemMessage = useProblemMessage();
  const hospital = isHospitalUser(user);
  const { filters, page, pageSize, setFilters, setPage, reset } = useSearchState(KEYS);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const [exporting, setExporting] = useState(false);
  const [transfusing, setTransfusing] = useState<Unit | null>(null);
  const orgs = useOrgs(!hospital);

  // Hospital users only see their own stock.
  const filter: UnitFilter = useMemo(
    () => ({
      status: filters.status as UnitStatus | undefined,
      abo: filters.abo as AboGroup | undefined,
      rhd: filters.rhd as RhD | undefined,
      componentClass: filters.componentClass as ComponentClass | undefined,
      orgId: hospital ? user?.orgId : filters.orgId,
      q: filters.q,
    }),
    [filters, hospital, user?.orgId],
  );
  const units = useUnits({ ...filter, page, pageSize });

  const orgOptions = (orgs.data ?? []).map((o) => ({ value: o.id, label: `${o.name}（${t(`orgType.${o.type}`)}）` }));

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { items, total, totalIsLowerBound } = await fetchAllUnits(filter, MAX_EXPORT);
      const header = [
        t('term.din'),
        t('term.productCode'),
        t('term.product'),
        t('term.componentClass'),
        t('term.bloodGroup'),
        t('term.quantity'),
        t('units.volumeMl'),
        t('term.status'),
        t('term.location'),
        t('term.expiresAt'),
        t('term.collectedAt'),
      ];
      const rows = items.map((u) => [
        u.din,
        u.productCode,
        productName(u, lang),
        t(`componentClass.${u.componentClass}`, { defaultValue: u.componentClass }),
        bloodGroupText(u.abo, u.rhd),
        `${u.quantity} ${t(`quantityUnit.${u.quantityUnit}`, { defaultValue: u.quantityUnit })}`,
        u.volumeMl,
        t(`unitStatus.${u.status}`, { defaultValue: u.status }),
        u.locationOrgName,
        u.expiresAt ? formatDateTime(u.expiresAt) : '',
        u.collectedAt ? formatDateTime(u.collectedAt) : '',
      ]);
      const stamp = formatDateTime(new Date().toISOString()).replace(/[-: ]/g, '').slice(0, 12);
      downloadText(`${t('units.csvFilename')}-${stamp}.csv`, toCsv(header, rows));
      if (items.length < total || (totalIsLowerBound && items.length >= MAX_EXPORT)) void message.warning(t('common.exportTruncated', { count: items.length, total: totalIsLowerBound ? `${total}+` : total }));
      else void message.success(t('common.exported', { count: items.length }));
    } catch (e) {
      void message.error(problemMessage(e));
    } finally {
      setExporting(false);
    }
  };

  const canTransfuse = can(user, 'unit.transfuse');

  return (
    <div>
      <PageHeader
        title={hospital ? t('units.hospitalTitle') : t('units.title')}
        subTitle={hospital ? user?.orgName : undefined}
        extra={
          <Button
            icon={<DownloadOutlined />}
            onClick={exportCsv}
            loading={exporting}
            disabled={!units.data?.total}
            data-testid="units-export-csv"
          >
            {exporting ? t('common.exporting') : t('common.exportCsv')}
          </Button>
        }
      />
      <Card size="small">
        <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search" aria-label={t('units.filters')}>
          <Select
            allowClear
            placeholder={t('term.status')}
            aria-label={t('term.status')}
            style={{ width: 140 }}
            value={filters.status}
            onChange={(v) => setFilters({ status: v })}
            options={opts.unitStatus}
            data-testid="units-filter-status"
          />
          <Select
            allowClear
            placeholder={t('term.abo')}
            aria-label={t('term.abo')}
            style={{ width: 110 }}
            value={filters.abo}
            onChange={(v) => setFilters({ abo: v })}
            options={opts.abo}
            data-testid="units-filter-abo"
          />
          <Select
            allowClear
            placeholder={t('term.rhd')}
            aria-label={t('term.rhd')}
            style={{ width: 130 }}
            value={filters.rhd}
            onChange={(v) => setFilters({ rhd: v })}
            options={opts.rhd}
            data-testid="units-filter-rhd"
          />
          <Select
            allowClear
            placeholder={t('term.componentClass')}
            aria-label={t('term.componentClass')}
            style={{ width: 150 }}
            value={filters.componentClass}
            onChange={(v) => setFilters({ componentClass: v })}
            options={opts.componentClass}
            data-testid="units-filter-class"
          />
          {!hospital && (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('term.organisation')}
              aria-label={t('term.organisation')}
              style={{ width: 240 }}
              value={filters.orgId}
              onChange={(v) => setFilters({ orgId: v })}
              options={orgOptions}
              loading={orgs.isLoading}
              data-testid="units-filter-org"
            />
          )}
          <SearchBox
            placeholder={t('units.searchPlaceholder')}
            style={{ width: 280 }}
            value={q}
            onChange={setQ}
            onSearch={(v) => setFilters({ q: v.trim() ? normaliseDin(v) : undefined })}
            data-testid="units-filter-q"
          />
          <Button
            onClick={() => {
              setQ('');
              reset();
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <UnitsTable
          data-testid="units-table"
          units={units.data?.items}
          loading={units.isLoading || units.isFetching}
          error={units.error}
          emptyText={t('units.empty')}
          linkDin={can(user, 'trace.view')}
          columns={['din', 'product', 'componentClass', 'bloodGroup', 'quantity', 'volume', 'status', 'location', 'expiresAt', 'collectedAt']}
          pagination={serverPagination(t, page, pageSize, units.data?.total, setPage, units.data?.totalIsLowerBound)}
          actions={
            canTransfuse
              ? (u) =>
                  u.status === 'issued' && u.locationOrgId === user?.orgId ? (
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
      <TransfuseModal unit={transfusing} onClose={() => setTransfusing(null)} />
    </div>
  );
}
