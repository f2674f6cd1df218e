import { CheckCircleOutlined, DeleteOutlined, NodeIndexOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Popconfirm, Steps, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { can } from '../../api/access';
import { useSession } from '../../api/auth';
import { useDonation, useReleaseDonation } from '../../api/donations';
import type { Donation } from '../../api/types';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DateTime } from '../../components/DateTime';
import { DinText } from '../../components/DinText';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryState } from '../../components/QueryState';
import { DonationStatusTag, OutcomeTag } from '../../components/StatusTags';
import { UnitsTable } from '../../components/UnitsTable';
import { DiscardModal } from './DiscardModal';
import { ProcessCard } from './ProcessCard';
import { TestResultsCard } from './TestResultsCard';

type StepState = 'wait' | 'process' | 'finish' | 'error';

/**
 * Steps 采集 / 检测 / 放行 / 成分制备, each with its own state: components may be prepared before release
 * (they stay in quarantine), so the steps are not a strict sequence and 放行 is shown done only when released.
 */
function stepStates(d: Donation): StepState[] {
  const tested: StepState = d.testConclusion === 'unqualified' ? 'error' : d.testConclusion ? 'finish' : 'process';
  const released: StepState = d.releasedAt ? 'finish' : d.status === 'discarded' ? 'error' : d.testConclusion === 'qualified' ? 'process' : 'wait';
  const processed: StepState = d.status === 'processed' ? 'finish' : 'wait';
  return ['finish', tested, released, processed];
}

export default function DonationDetailPage() {
  const { t } = useTranslation();
  const { din = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { user } = useSession();
  const donation = useDonation(din);
  const release = useReleaseDonation(din);
  const [discardOpen, setDiscardOpen] = useState(false);
  const d = donation.data;

  const canRelease = can(user, 'donation.release') && (d?.status === 'tested' || d?.status === 'processed') && !d?.releasedAt;
  const releasable = d?.testConclusion === 'qualified';
  const canDiscard = can(user, 'donation.discard') && !!d && !d.releasedAt && d.status !== 'discarded';

  const onRelease = () =>
    release.mutate(undefined, { onSuccess: () => void message.success(t('donations.released')) });

  const states = d ? stepStates(d) : (['finish', 'wait', 'wait', 'wait'] as StepState[]);
  const stepTitles = [t('donations.steps.collected'), t('donations.steps.tested'), t('donations.steps.released'), t('donations.steps.processed')];
  const steps = stepTitles.map((title, i) => ({
    title: states[i] === 'error' && i === 2 ? t('donationStatus.discarded') : title,
    status: states[i],
  }));

  return (
    <div>
      <PageHeader
        back="/donations"
        title={
          <span>
            {t('donations.detailTitle')} · <DinText din={d?.din ?? din} check={d?.dinCheck} copyable data-testid="donation-detail-din" />
          </span>
        }
        documentTitle={`${t('donations.detailTitle')} ${din}`}
        extra={
          d && (
            <>
              {can(user, 'trace.view') && (
                <Button icon={<NodeIndexOutlined />} onClick={() => navigate(`/trace/${encodeURIComponent(d.din)}`)}>
                  {t('donations.trace')}
                </Button>
              )}
              {canRelease && (
                <Tooltip title={releasable ? undefined : t('donations.releaseBlocked')}>
                  <Popconfirm
                    title={t('donations.releaseConfirm', { din: d.din })}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    onConfirm={onRelease}
                    disabled={!releasable}
                    okButtonProps={{ 'data-testid': 'release-confirm' }}
                  >
                    <Button
                      type="primary"
                      icon={<CheckCircleOutlined />}
                      disabled={!releasable}
                      loading={release.isPending}
                      data-testid="donation-release"
                    >
                      {t('donations.release')}
                    </Button>
                  </Popconfirm>
                </Tooltip>
              )}
              {canDiscard && (
                <Button danger icon={<DeleteOutlined />} onClick={() => setDiscardOpen(true)} data-testid="donation-discard">
                  {t('donations.discard')}
                </Button>
              )}
            </>
          )
        }
      />
      <QueryState isLoading={donation.isLoading} error={donation.error} onRetry={() => void donation.refetch()}>
        {d && (
          <>
            <ProblemAlert error={release.error} data-testid="release-error" />
            <Card size="small" style={{ marginBottom: 16 }}>
              <Steps
                size="small"
                items={steps}
                style={{ marginBottom: 16 }}
              />
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2, lg: 3 }}
                items={[
                  { key: 'status', label: t('term.status'), children: <span data-testid="donation-status"><DonationStatusTag status={d.status} /></span> },
                  {
                    key: 'donor',
                    label: t('donations.donor'),
                    children: can(user, 'donor.view') ? (
                      <Link to={`/donors/${encodeURIComponent(d.donorId)}`}>{d.donorName}</Link>
                    ) : (
                      d.donorName
                    ),
                  },
                  { key: 'vol', label: t('donations.volume'), children: `${d.volumeMl} ml` },
                  { key: 'at', label: t('donations.collectedAt'), children: <DateTime value={d.collectedAt} /> },
                  { key: 'group', label: t('term.bloodGroup'), children: <BloodGroupTag abo={d.abo} rhd={d.rhd} /> },
                  { key: 'conclusion', label: t('donations.conclusion'), children: <OutcomeTag outcome={d.testConclusion} /> },
                  ...(d.bagLot ? [{ key: 'lot', label: t('donations.bagLot'), children: d.bagLot }] : []),
                ]}
              />
            </Card>

            <TestResultsCard donation={d} canEdit={can(user, 'donation.test')} />

            {/* Kept mounted after processing (the donation turns `processed`) so its success message stays;
                ProcessCard itself decides when there is nothing to process. */}
            {can(user, 'donation.process') && <ProcessCard donation={d} />}

            {(d.units?.length ?? 0) > 0 && (
              <Card size="small" title={t('donations.units')} style={{ marginBottom: 16 }}>
                <UnitsTable
                  data-testid="donation-units"
                  units={d.units}
                  linkDin={can(user, 'trace.view')}
                  columns={['din', 'product', 'componentClass', 'bloodGroup', 'quantity', 'volume', 'status', 'location', 'expiresAt']}
                  size="small"
                />
              </Card>
            )}

            <DiscardModal
              din={d.din}
              open={discardOpen}
              suggested={d.testConclusion === 'unqualified' ? 'TTI_REACTIVE' : undefined}
              onClose={() => setDiscardOpen(false)}
            />
          </>
        )}
      </QueryState>
    </div>
  );
}
