import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { can } from '../../api/access';
import { useSession } from '../../api/auth';
import { useDonors } from '../../api/donors';
import type { Donor } from '../../api/types';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { serverPagination } from '../../components/pagination';
import { TableEmpty } from '../../components/QueryState';
import { useSearchState } from '../../components/useSearchState';
import { formatDate } from '../../i18n/format';
import { DeferralTag } from './DeferralTag';
import { RegisterDonorModal } from './RegisterDonorModal';

const KEYS = ['q'] as const;

export default function DonorListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const { filters, page, pageSize, setFilters, setPage } = useSearchState(KEYS);
  const [q, setQ] = useState(filters.q ?? '');
  const [registerOpen, setRegisterOpen] = useState(false);
  const donors = useDonors({ q: filters.q, page, pageSize });

  const columns: TableColumnsType<Donor> = [
    {
      key: 'donorNumber',
      title: t('donors.donorNumber'),
      dataIndex: 'donorNumber',
      render: (v: string, d) => (
        <Link to={`/donors/${encodeURIComponent(d.id)}`} data-testid="donor-link">
          {v}
        </Link>
      ),
    },
    { key: 'name', title: t('donors.name'), dataIndex: 'name' },
    { key: 'sex', title: t('donors.sex'), dataIndex: 'sex', render: (s: Donor['sex']) => (s ? t(`sex.${s}`) : '—') },
    { key: 'birthDate', title: t('donors.birthDate'), dataIndex: 'birthDate', render: (v: string | null) => formatDate(v) },
    {
      key: 'id',
      title: t('donors.idNumberMasked'),
      dataIndex: 'idNumberMasked',
      render: (v: string) => <Typography.Text style={{ fontFamily: 'monospace' }}>{v}</Typography.Text>,
    },
    { key: 'phone', title: t('donors.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
    { key: 'group', title: t('donors.bloodGroup'), render: (_, d) => <BloodGroupTag abo={d.abo} rhd={d.rhd} /> },
    { key: 'count', title: t('donors.donationCount'), dataIndex: 'donationCount', align: 'right' },
    { key: 'last', title: t('donors.lastDonationAt'), render: (_, d) => <DateTime value={d.lastDonationAt} /> },
    { key: 'deferral', title: t('term.status'), render: (_, d) => <DeferralTag until={d.deferredUntil} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, d) => (
        <Space size={4}>
          <Link to={`/donors/${encodeURIComponent(d.id)}`}>{t('common.detail')}</Link>
          {can(user, 'donation.collect') && (
            <Link to={`/donations/new?donorId=${encodeURIComponent(d.id)}`} data-testid="donor-row-record-donation">
              {t('donors.recordDonation')}
            </Link>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        title={t('donors.title')}
        extra={
          can(user, 'donor.register') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegisterOpen(true)} data-testid="donor-register-button">
              {t('donors.register')}
            </Button>
          )
        }
      />
      <Card size="small">
        <SearchBox
          placeholder={t('donors.searchPlaceholder')}
          value={q}
          onChange={setQ}
          onSearch={(v) => setFilters({ q: v.trim() })}
          style={{ width: '100%', maxWidth: 520, marginBottom: 16 }}
          data-testid="donor-search-input"
          loading={donors.isFetching}
        />
        <Table<Donor>
          data-testid="donor-table"
          rowKey="id"
          columns={columns}
          dataSource={donors.data?.items ?? []}
          loading={donors.isLoading}
          scroll={{ x: 'max-content' }}
          pagination={serverPagination(t, page, pageSize, donors.data?.total, setPage)}
          locale={{ emptyText: <TableEmpty error={donors.error} text={t('donors.empty')} /> }}
          onRow={(d) => ({ onDoubleClick: () => navigate(`/donors/${encodeURIComponent(d.id)}`) })}
        />
      </Card>
      <RegisterDonorModal
        open={registerOpen}
        onClose={() => setRegisterOpen(false)}
        onRegistered={(d) => {
          setRegisterOpen(false);
          navigate(`/donors/${encodeURIComponent(d.id)}`);
        }}
      />
    </div>
  );
}
