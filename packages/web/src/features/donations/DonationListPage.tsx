import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Select, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { can } from '../../api/access';
import { useSession } from '../../api/auth';
import { useDonations } from '../../api/donations';
import type { Donation, DonationStatus } from '../../api/types';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DateTime } from '../../components/DateTime';
import { DinText, normaliseDin } from '../../components/DinText';
import { useOptions } from '../../components/options';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { serverPagination } from '../../components/pagination';
import { TableEmpty } from '../../components/QueryState';
import { DonationStatusTag, OutcomeTag } from '../../components/StatusTags';
import { useSearchState } from '../../components/useSearchState';

const KEYS = ['status', 'q'] as const;

export default function DonationListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const opts = useOptions();
  const { filters, page, pageSize, setFilters, setPage, reset } = useSearchState(KEYS);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const donations = useDonations({ status: filters.status as DonationStatus | undefined, q: filters.q, page, pageSize });

  const columns: TableColumnsType<Donation> = [
    {
      key: 'din',
      title: t('term.din'),
      dataIndex: 'din',
      render: (din: string, d: Donation) => (
        <Link to={`/donations/${encodeURIComponent(din)}`} data-testid="donation-link">
          <DinText din={din} check={d.dinCheck} />
        </Link>
      ),
    },
    { key: 'donor', title: t('donations.donor'), dataIndex: 'donorName' },
    { key: 'vol', title: t('donations.volume'), dataIndex: 'volumeMl', align: 'right', render: (v: number) => `${v} ml` },
    { key: 'at', title: t('term.collectedAt'), render: (_, d) => <DateTime value={d.collectedAt} /> },
    { key: 'group', title: t('term.bloodGroup'), render: (_, d) => <BloodGroupTag abo={d.abo} rhd={d.rhd} /> },
    { key: 'conclusion', title: t('donations.conclusion'), render: (_, d) => <OutcomeTag outcome={d.testConclusion} /> },
    { key: 'status', title: t('term.status'), render: (_, d) => <DonationStatusTag status={d.status} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, d) => <Link to={`/donations/${encodeURIComponent(d.din)}`}>{t('common.detail')}</Link>,
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('donations.title')}
        extra={
          can(user, 'donation.collect') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/donations/new')} data-testid="donation-new">
              {t('donations.record')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            placeholder={t('donations.statusFilter')}
            aria-label={t('donations.statusFilter')}
            style={{ width: 160 }}
            value={filters.status}
            onChange={(v) => setFilters({ status: v })}
            options={opts.donationStatus}
            data-testid="donation-filter-status"
          />
          <SearchBox
            placeholder={t('donations.searchPlaceholder')}
            value={q}
            onChange={setQ}
            onSearch={(v) => {
              const s = v.trim();
              // A scanned DIN goes through the same normalisation as the trace page.
              setFilters({ q: /^=?[A-Za-z]\d{4}/.test(s) ? normaliseDin(s) : s });
            }}
            style={{ maxWidth: 420 }}
            data-testid="donation-search-input"
          />
          <Button onClick={() => { setQ(''); reset(); }}>{t('common.reset')}</Button>
        </Flex>
        <Table<Donation>
          data-testid="donation-table"
          rowKey="id"
          columns={columns}
          dataSource={donations.data?.items ?? []}
          loading={donations.isLoading || donations.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={serverPagination(t, page, pageSize, donations.data?.total, setPage)}
          locale={{ emptyText: <TableEmpty error={donations.error} text={t('donations.empty')} /> }}
        />
      </Card>
    </div>
  );
}
