import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Input, Radio, Result, Row, Select, Spin } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useRecordDonation } from '../../api/donations';
import { useDonor, useDonors } from '../../api/donors';
import { useOrgs } from '../../api/orgs';
import type { Donor, VolumeMl } from '../../api/types';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DateTime } from '../../components/DateTime';
import { DinText } from '../../components/DinText';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { formatDate, hoursUntil, pickerToIso, shanghaiNowForPicker } from '../../i18n/format';

interface Values {
  donorId: string;
  volumeMl: VolumeMl;
  collectedAt?: Dayjs;
  siteId?: string;
  bagLot?: string;
}

const VOLUMES: VolumeMl[] = [200, 300, 400];

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return v;
}

export default function DonationNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const presetId = params.get('donorId') ?? undefined;
  const [form] = Form.useForm<Values>();
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 300);
  const [picked, setPicked] = useState<Donor | null>(null);

  const preset = useDonor(presetId);
  const results = useDonors({ q: debounced, page: 1, pageSize: 20 }, debounced.length > 0);
  const orgs = useOrgs();
  const record = useRecordDonation();

  useEffect(() => {
    if (preset.data && !picked) {
      setPicked(preset.data);
      form.setFieldValue('donorId', preset.data.id);
    }
  }, [preset.data, picked, form]);

  const donorOptions = useMemo(() => {
    const list = [...(results.data?.items ?? [])];
    if (picked && !list.some((d) => d.id === picked.id)) list.unshift(picked);
    return list.map((d) => ({
      value: d.id,
      label: `${d.name} · ${d.donorNumber} · ${d.idNumberMasked}`,
      donor: d,
    }));
  }, [results.data, picked]);

  const siteOptions = (orgs.data ?? [])
    .filter((o) => o.type === 'station' || o.type === 'storage_point')
    .map((o) => ({ value: o.id, label: o.name }));

  const deferred = picked && (hoursUntil(picked.deferredUntil) ?? 0) > 0;

  const onFinish = (v: Values) => {
    record.mutate({
      donorId: v.donorId,
      volumeMl: v.volumeMl,
      collectedAt: pickerToIso(v.collectedAt),
      siteId: v.siteId || undefined,
      bagLot: v.bagLot?.trim() || undefined,
    });
  };

  const again = () => {
    record.reset();
    setPicked(null);
    setSearch('');
    form.resetFields();
    form.setFieldValue('collectedAt', shanghaiNowForPicker());
    navigate('/donations/new', { replace: true });
  };

  if (record.isSuccess && record.data) {
    const d = record.data;
    return (
      <div>
        <PageHeader title={t('donations.newTitle')} back="/donations" />
        <Card>
          <Result
            status="success"
            title={t('donations.recorded')}
            subTitle={t('donations.recordedSubtitle')}
            extra={[
              <Button
                type="primary"
                key="open"
                data-testid="donation-open-detail"
                onClick={() => navigate(`/donations/${encodeURIComponent(d.din)}`)}
              >
                {t('donations.openDetail')}
              </Button>,
              <Button key="again" onClick={again} data-testid="donation-record-another">
                {t('donations.recordAnother')}
              </Button>,
            ]}
          >
            <div style={{ textAlign: 'center' }}>
              <div style={{ color: '#8c8c8c', marginBottom: 8 }}>{t('donations.generatedDin')}</div>
              <DinText din={d.din} check={d.dinCheck} large copyable data-testid="donation-din" />
              <Descriptions
                size="small"
                column={1}
                style={{ maxWidth: 420, margin: '16px auto 0' }}
                items={[
                  { key: 'donor', label: t('donations.donor'), children: d.donorName },
                  { key: 'vol', label: t('donations.volume'), children: `${d.volumeMl} ml` },
                  { key: 'at', label: t('donations.collectedAt'), children: <DateTime value={d.collectedAt} /> },
                ]}
              />
            </div>
          </Result>
        </Card>
      </div>
    );
  }

  return (
    <div>
      <PageHeader title={t('donations.newTitle')} back="/donations" />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card>
            <ProblemAlert error={record.error} form={form} data-testid="donation-error" />
            <Form<Values>
              form={form}
              layout="vertical"
              onFinish={onFinish}
              initialValues={{ collectedAt: shanghaiNowForPicker(), donorId: presetId }}
            >
              <Form.Item name="donorId" label={t('donations.donor')} rules={[{ required: true, message: t('donations.donorRequired') }]}>
                <Select
                  showSearch={{ filterOption: false, onSearch: setSearch }}
                  placeholder={t('donations.donorSearch')}
                  aria-label={t('donations.donor')}
                  notFoundContent={results.isFetching || preset.isLoading ? <Spin size="small" /> : null}
                  options={donorOptions}
                  onChange={(_, opt) => {
                    const o = Array.isArray(opt) ? opt[0] : opt;
                    setPicked((o as { donor?: Donor } | undefined)?.donor ?? null);
                  }}
                  data-testid="donation-donor-select"
                />
              </Form.Item>
              {deferred && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title={t('donors.deferredAlert', { date: formatDate(picked?.deferredUntil ?? null) })}
                />
              )}
              <Form.Item name="volumeMl" label={t('donations.volume')} rules={[{ required: true, message: t('donations.volumeRequired') }]}>
                <Radio.Group optionType="button" buttonStyle="solid" size="large" data-testid="donation-volume">
                  {VOLUMES.map((v) => (
                    <Radio.Button key={v} value={v}>
                      <span data-testid={`donation-volume-${v}`}>{v} ml</span>
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Row gutter={16}>
                <Col xs={24} sm={12}>
                  <Form.Item name="collectedAt" label={t('donations.collectedAt')}>
                    <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="donation-collected-at" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="bagLot" label={`${t('donations.bagLot')}（${t('common.optional')}）`}>
                    <Input maxLength={40} data-testid="donation-bag-lot" />
                  </Form.Item>
                </Col>
              </Row>
              {siteOptions.length > 0 && (
                <Form.Item name="siteId" label={`${t('donations.site')}（${t('common.optional')}）`}>
                  <Select allowClear options={siteOptions} aria-label={t('donations.site')} data-testid="donation-site" />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit" size="large" loading={record.isPending} data-testid="donation-submit">
                {t('donations.submit')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          {picked && (
            <Card size="small" title={t('donations.donor')} data-testid="donation-donor-card">
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'name', label: t('donors.name'), children: picked.name },
                  { key: 'no', label: t('donors.donorNumber'), children: picked.donorNumber },
                  { key: 'id', label: t('donors.idNumberMasked'), children: picked.idNumberMasked },
                  { key: 'sex', label: t('donors.sex'), children: picked.sex ? t(`sex.${picked.sex}`) : '—' },
                  { key: 'group', label: t('donors.bloodGroup'), children: <BloodGroupTag abo={picked.abo} rhd={picked.rhd} /> },
                  { key: 'count', label: t('donors.donationCount'), children: picked.donationCount },
                  { key: 'last', label: t('donors.lastDonationAt'), children: <DateTime value={picked.lastDonationAt} /> },
                ]}
              />
            </Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
