import { ScanOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Empty, Result, Row, Space, Timeline, Typography } from 'antd';
import type { TimelineProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { isApiError } from '../../api/client';
import type { TraceEvent, TraceUnit, UnitStatus } from '../../api/types';
import { useTrace } from '../../api/units';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DateTime, ExpiryText } from '../../components/DateTime';
import { DinText, normaliseDin } from '../../components/DinText';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { Quantity } from '../../components/Quantity';
import { QueryState } from '../../components/QueryState';
import { DonationStatusTag, OutcomeTag, UnitStatusTag } from '../../components/StatusTags';
import { productName } from '../../components/UnitsTable';
import { pickBilingual, tDynamic, useLang } from '../../i18n';
import { DirectionalTrace } from './DirectionalTrace';

const EVENT_COLOURS: Partial<Record<UnitStatus, string>> = {
  quarantined: 'orange',
  available: 'green',
  reserved: 'blue',
  issued: 'blue',
  transfused: 'purple',
  discarded: 'red',
  expired: 'red',
  recalled: 'red',
  processed: 'gray',
};

function actorName(actor: TraceEvent['actor']): string | null {
  if (!actor) return null;
  if (typeof actor === 'string') return actor;
  return actor.displayName ?? actor.name ?? actor.id ?? null;
}

/** Internal ids and keys that mean nothing to a reader of the trace. */
const HIDDEN_DETAIL_KEYS = new Set(['orderId', 'hospitalOrgId', 'parentUnitId', 'productId', 'children', 'donorNumber', 'transferId', 'shipmentId', 'readId', 'crossmatchId', 'wardIssueId', 'reactionId', 'returnId', 'source', 'fromHospitalOrgId']);

function DetailsView({ details }: { details: unknown }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (details === null || details === undefined) return null;
  if (typeof details !== 'object') return <div>{String(details)}</div>;
  const entries = Object.entries(details as Record<string, unknown>)
    .filter(([k, v]) => !HIDDEN_DETAIL_KEYS.has(k) && v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0));
  if (entries.length === 0) return null;
  const value = (k: string, v: unknown): string => {
    if (k === 'conclusion') return tDynamic(t, `outcome.${String(v)}`, String(v));
    if (k === 'volumeMl') return `${String(v)} ml`;
    if (k === 'tempC') return `${String(v)} °C`;
    if (k === 'patientAbo' || k === 'abo') return String(v);
    if (k === 'patientRhd' || k === 'rhd') return tDynamic(t, `bloodGroup.rhd.${String(v)}`, String(v));
    if (k === 'reasons' && Array.isArray(v)) {
      return v.map((r) => (r && typeof r === 'object' && 'message' in r ? pickBilingual(String((r as { message: unknown }).message), lang) : String(r))).join('；');
    }
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  return (
    <div style={{ fontSize: 12, color: '#595959' }}>
      {entries.map(([k, v]) => (
        <span key={k} style={{ marginInlineEnd: 12 }}>
          {tDynamic(t, `trace.detail.${k}`, k)}：{value(k, v)}
        </span>
      ))}
    </div>
  );
}

function UnitTimeline({ unit }: { unit: TraceUnit }) {
  return <EventTimeline events={unit.events} />;
}

function EventTimeline({ events: unsorted, testId = 'trace-timeline' }: { events: TraceEvent[] | undefined; testId?: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const events = [...(unsorted ?? [])].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('trace.noEvents')} />;
  const items: NonNullable<TimelineProps['items']> = events.map((e) => {
    const who = actorName(e.actor);
    return {
      key: e.id,
      color: (e.toStatus && EVENT_COLOURS[e.toStatus]) || 'gray',
      title: <DateTime value={e.at} seconds />,
      content: (
        <div data-testid="trace-event" data-event-type={e.type}>
          <Space size={6} wrap>
            <strong>{tDynamic(t, `eventType.${e.type}`, e.type)}</strong>
            {(e.fromStatus || e.toStatus) && (
              <span>
                {e.fromStatus && <UnitStatusTag status={e.fromStatus} />}
                {e.fromStatus && e.toStatus && <span style={{ marginInlineEnd: 8 }}>→</span>}
                {e.toStatus && <UnitStatusTag status={e.toStatus} />}
              </span>
            )}
          </Space>
          <div style={{ color: '#595959' }}>
            {who && <span style={{ marginInlineEnd: 12 }}>{t('trace.by', { actor: who })}</span>}
            {e.orgName && <span>{t('trace.at', { org: e.orgName })}</span>}
          </div>
          {e.reason && (
            <div>
              {t('common.reason')}：{pickBilingual(tDynamic(t, `discardReason.${e.reason}`, e.reason), lang)}
            </div>
          )}
          <DetailsView details={e.details} />
        </div>
      ),
    };
  });
  return <Timeline items={items} data-testid={testId} />;
}

export default function TracePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { din: dinParam } = useParams();
  const din = dinParam ? normaliseDin(decodeURIComponent(dinParam)) : undefined;
  const [input, setInput] = useState(din ?? '');
  useEffect(() => setInput(din ?? ''), [din]);
  const trace = useTrace(din);
  const data = trace.data;

  const go = (value: string) => {
    const v = normaliseDin(value);
    if (v) navigate(`/trace/${encodeURIComponent(v)}`);
  };

  return (
    <div>
      <PageHeader title={t('trace.title')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <SearchBox
          size="large"
          autoFocus
          prefix={<ScanOutlined />}
          placeholder={t('trace.inputPlaceholder')}
          buttonText={t('trace.submit')}
          value={input}
          onChange={setInput}
          onSearch={go}
          loading={trace.isFetching}
          style={{ width: '100%', maxWidth: 640 }}
          data-testid="trace-din-input"
        />
      </Card>

      {!din ? (
        <DirectionalTrace />
      ) : isApiError(trace.error) && trace.error.status === 404 ? (
        <Card>
          <Result status="404" title={t('trace.notFound', { din })} data-testid="trace-not-found" />
        </Card>
      ) : (
        <QueryState isLoading={trace.isLoading} error={trace.error} onRetry={() => void trace.refetch()} rows={8}>
          {data && (
            <div data-testid="trace-result">
              <Row gutter={16}>
                {!data.donation && (
                  <Col xs={24}>
                    <Card size="small" title={t('logi.trace.origin')} style={{ marginBottom: 16 }} data-testid="trace-origin">
                      <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={[
                        { key: 'st', label: t('logi.trace.originStation'), children: `${data.origin?.stationName ?? ''} (${data.origin?.stationCode ?? '—'})` },
                        { key: 'dn', label: t('logi.trace.originDonor'), children: data.origin?.donorNumber ?? '—' },
                      ]} />
                    </Card>
                  </Col>
                )}
                {data.donation && (
                <Col xs={24} lg={16}>
                  <Card size="small" title={t('trace.donation')} style={{ marginBottom: 16 }}>
                    <Descriptions
                      size="small"
                      column={{ xs: 1, sm: 2 }}
                      items={[
                        { key: 'din', label: t('term.din'), children: <DinText din={data.donation!.din} check={data.donation!.dinCheck} copyable /> },
                        { key: 'status', label: t('term.status'), children: <DonationStatusTag status={data.donation!.status} /> },
                        { key: 'at', label: t('term.collectedAt'), children: <DateTime value={data.donation!.collectedAt} /> },
                        { key: 'vol', label: t('donations.volume'), children: `${data.donation!.volumeMl} ml` },
                        {
                          key: 'group',
                          label: t('term.bloodGroup'),
                          children: <BloodGroupTag abo={data.donation!.abo} rhd={data.donation!.rhd} />,
                        },
                        { key: 'conclusion', label: t('donations.conclusion'), children: <OutcomeTag outcome={data.donation!.testConclusion} /> },
                      ]}
                    />
                    {(data.donationEvents?.length ?? 0) > 0 && (
                      <div style={{ marginTop: 12 }} data-testid="trace-donation-events">
                        <Typography.Text strong>{t('trace.events')}</Typography.Text>
                        <div style={{ marginTop: 12 }}>
                          <EventTimeline events={data.donationEvents} testId="trace-donation-timeline" />
                        </div>
                      </div>
                    )}
                  </Card>
                </Col>
                )}
                {data.donation && (
                <Col xs={24} lg={8}>
                  <Card size="small" title={t('trace.donor')} style={{ marginBottom: 16 }}>
                    <Descriptions
                      size="small"
                      column={1}
                      items={[
                        { key: 'no', label: t('donors.donorNumber'), children: data.donor?.donorNumber ?? '—' },
                        { key: 'name', label: t('donors.name'), children: data.donor?.nameMasked ?? '—' },
                      ]}
                    />
                  </Card>
                </Col>
                )}
              </Row>
              <Typography.Title level={5}>{t('trace.units')}</Typography.Title>
              {(data.units ?? []).length === 0 && <Empty description={t('donations.noUnits')} />}
              <Row gutter={[16, 16]}>
                {(data.units ?? []).map((u) => (
                  <Col xs={24} xl={12} key={u.id}>
                    <Card
                      size="small"
                      data-testid="trace-unit"
                      data-din={u.din}
                      title={
                        <Space size={8} wrap>
                          <span>{productName(u, lang)}</span>
                          <BloodGroupTag abo={u.abo} rhd={u.rhd} />
                          <UnitStatusTag status={u.status} />
                        </Space>
                      }
                    >
                      <Descriptions
                        size="small"
                        column={2}
                        style={{ marginBottom: 12 }}
                        items={[
                          { key: 'code', label: t('term.productCode'), children: u.productCode },
                          { key: 'qty', label: t('term.quantity'), children: <Quantity value={u.quantity} unit={u.quantityUnit} /> },
                          { key: 'loc', label: t('term.location'), children: u.locationOrgName ?? '—' },
                          { key: 'exp', label: t('term.expiresAt'), children: <ExpiryText value={u.expiresAt} status={u.status} /> },
                        ]}
                      />
                      <Typography.Text strong>{t('trace.events')}</Typography.Text>
                      <div style={{ marginTop: 12 }}>
                        <UnitTimeline unit={u} />
                      </div>
                    </Card>
                  </Col>
                ))}
              </Row>
            </div>
          )}
        </QueryState>
      )}
    </div>
  );
}
