import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { can } from '../../api/access';
import { useSession } from '../../api/auth';
import { useDonor } from '../../api/donors';
import type { Donation } from '../../api/types';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DateTime } from '../../components/DateTime';
import { DinText } from '../../components/DinText';
import { PageHeader } from '../../components/PageHeader';
import { QueryState, TableEmpty } from '../../components/QueryState';
import { DonationStatusTag, OutcomeTag } from '../../components/StatusTags';
import { formatDate, hoursUntil } from '../../i18n/format';
import { DeferralTag } from './DeferralTag';

export default function DonorDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { user } = useSession();
  const donor = useDonor(id);
  const d = donor.data;
  const deferred = (hoursUntil(d?.deferredUntil) ?? 0) > 0;
  const canViewDonation = can(user, 'donation.view');

  const columns: TableColumnsType<Donation> = [
    {
      key: 'din',
      title: t('term.din'),
      dataIndex: 'din',
      render: (din: string) =>
        canViewDonation ? (
          <Link to={`/donations/${encodeURIComponent(din)}`}>
            <DinText din={din} />
          </Link>
        ) : (
          <DinText din={din} />
        ),
    },
    { key: 'collectedAt', title: t('term.collectedAt'), render: (_, x) => <DateTime value={x.collectedAt} /> },
    { key: 'volume', title: t('donations.volume'), dataIndex: 'volumeMl', align: 'right', render: (v: number) => `${v} ml` },
    { key: 'group', title: t('term.bloodGroup'), render: (_, x) => <BloodGroupTag abo={x.abo} rhd={x.rhd} /> },
    { key: 'conclusion', title: t('donations.conclusion'), render: (_, x) => <OutcomeTag outcome={x.testConclusion} /> },
    { key: 'status', title: t('term.status'), render: (_, x) => <DonationStatusTag status={x.status} /> },
  ];

  return (
    <div>
      <PageHeader
        back="/donors"
        title={d ? `${t('donors.detailTitle')} · ${d.name}` : t('donors.detailTitle')}
        documentTitle={t('donors.detailTitle')}
        extra={
          d &&
          can(user, 'donation.collect') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate(`/donations/new?donorId=${encodeURIComponent(d.id)}`)}
              data-testid="donor-record-donation"
              danger={deferred}
            >
              {t('donors.recordDonation')}
            </Button>
          )
        }
      />
      <QueryState isLoading={donor.isLoading} error={donor.error} onRetry={() => void donor.refetch()}>
        {d && (
          <>
            {deferred && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                title={t('donors.deferredAlert', { date: formatDate(d.deferredUntil) })}
                data-testid="donor-deferred"
              />
            )}
            <Card size="small" style={{ marginBottom: 16 }}>
              <Descriptions
                column={{ xs: 1, sm: 2, lg: 3 }}
                size="small"
                items={[
                  { key: 'no', label: t('donors.donorNumber'), children: <Typography.Text copyable data-testid="donor-number">{d.donorNumber}</Typography.Text> },
                  { key: 'name', label: t('donors.name'), children: d.name },
                  { key: 'id', label: t('donors.idNumberMasked'), children: <span style={{ fontFamily: 'monospace' }}>{d.idNumberMasked}</span> },
                  { key: 'sex', label: t('donors.sex'), children: d.sex ? t(`sex.${d.sex}`) : '—' },
                  { key: 'birth', label: t('donors.birthDate'), children: formatDate(d.birthDate) },
                  { key: 'phone', label: t('donors.phone'), children: d.phone ?? '—' },
                  { key: 'group', label: t('donors.bloodGroup'), children: <BloodGroupTag abo={d.abo} rhd={d.rhd} /> },
                  { key: 'count', label: t('donors.donationCount'), children: d.donationCount },
                  { key: 'last', label: t('donors.lastDonationAt'), children: <DateTime value={d.lastDonationAt} /> },
                  { key: 'deferral', label: t('term.status'), children: <DeferralTag until={d.deferredUntil} /> },
                ]}
              />
            </Card>
            <Card size="small" title={t('donors.donations')}>
              <Table<Donation>
                rowKey="id"
                size="small"
                columns={columns}
                dataSource={d.donations ?? []}
                scroll={{ x: 'max-content' }}
                pagination={{ pageSize: 10, hideOnSinglePage: true, showTotal: (n) => t('common.total', { total: n }) }}
                locale={{ emptyText: <TableEmpty text={t('donations.empty')} /> }}
              />
            </Card>
          </>
        )}
      </QueryState>
    </div>
  );
}
