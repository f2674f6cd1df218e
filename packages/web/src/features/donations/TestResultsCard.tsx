import { Alert, App, Button, Card, Col, Descriptions, Form, InputNumber, Radio, Row, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSubmitTestResults } from '../../api/donations';
import { TTI_MARKERS, type Donation, type TestOutcome, type TestResultsInput } from '../../api/types';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DateTime } from '../../components/DateTime';
import { useOptions } from '../../components/options';
import { ProblemAlert } from '../../components/ProblemAlert';
import { OutcomeTag } from '../../components/StatusTags';
import { pickBilingual, useLang } from '../../i18n';

interface Props {
  donation: Donation;
  canEdit: boolean;
}

const ALT_LIMIT = 50;

export function TestResultsCard({ donation, canEdit }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const opts = useOptions();
  const [form] = Form.useForm<TestResultsInput>();
  const submit = useSubmitTestResults(donation.din);
  const results = donation.testResults;
  const showForm = canEdit && !donation.releasedAt && donation.status !== 'discarded';
  const reasons: string[] = donation.testReasons?.map((r) => r.message) ?? donation.reasons ?? submit.data?.testReasons?.map((r) => r.message) ?? submit.data?.reasons ?? [];

  const outcomeOptions = (['qualified', 'unqualified'] as TestOutcome[]).map((o) => ({ value: o, label: t(`outcome.${o}`) }));

  const onFinish = (v: TestResultsInput) => {
    submit.mutate(v, {
      onSuccess: (d) => {
        const conclusion = d.testConclusion ? t(`outcome.${d.testConclusion}`) : '—';
        if (d.testConclusion === 'unqualified') void message.warning(t('donations.testSaved', { conclusion }));
        else void message.success(t('donations.testSaved', { conclusion }));
      },
    });
  };

  return (
    <Card
      size="small"
      title={t('donations.testTitle')}
      style={{ marginBottom: 16 }}
      extra={
        donation.testConclusion && (
          <span data-testid="test-conclusion" data-outcome={donation.testConclusion}>
            {t('donations.conclusion')}：<OutcomeTag outcome={donation.testConclusion} />
          </span>
        )
      }
    >
      {donation.testConclusion === 'unqualified' && reasons.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('donations.reasons')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {reasons.map((r, i) => (
                <li key={i}>{pickBilingual(r, lang)}</li>
              ))}
            </ul>
          }
        />
      )}
      {results && (results.abo || results.hbsag) ? (
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'group', label: t('term.bloodGroup'), children: <BloodGroupTag abo={results.abo} rhd={results.rhd} /> },
            {
              key: 'alt',
              label: t('marker.alt'),
              children:
                results.altUPerL === undefined ? (
                  '—'
                ) : (
                  <span style={{ color: results.altUPerL > ALT_LIMIT ? '#cf1322' : undefined, fontWeight: results.altUPerL > ALT_LIMIT ? 700 : undefined }}>
                    {results.altUPerL} {t('donations.altUnit')}
                  </span>
                ),
            },
            ...TTI_MARKERS.map((m) => ({
              key: m,
              label: t(`marker.${m}`),
              children: <OutcomeTag outcome={results[m]} />,
            })),
            ...(results.testedAt ? [{ key: 'at', label: t('donations.testedAt'), children: <DateTime value={results.testedAt} /> }] : []),
            ...(results.testedBy ? [{ key: 'by', label: t('donations.testedBy'), children: results.testedBy }] : []),
          ]}
        />
      ) : !showForm ? (
        <Tag>{t('donations.pendingTest')}</Tag>
      ) : null}

      {showForm && (
        <>
          <ProblemAlert error={submit.error} form={form} data-testid="test-error" />
          <Form<TestResultsInput> form={form} layout="vertical" onFinish={onFinish} data-testid="test-form">
            <Row gutter={16}>
              <Col xs={24} md={8}>
                <Form.Item name="abo" label={t('term.abo')} rules={[{ required: true, message: t('donations.aboRequired') }]}>
                  <Radio.Group optionType="button" buttonStyle="solid">
                    {opts.abo.map((o) => (
                      <Radio.Button key={o.value} value={o.value}>
                        <span data-testid={`test-abo-${o.value}`}>{o.label}</span>
                      </Radio.Button>
                    ))}
                  </Radio.Group>
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item name="rhd" label={t('term.rhd')} rules={[{ required: true, message: t('donations.rhdRequired') }]}>
                  <Radio.Group optionType="button" buttonStyle="solid">
                    {opts.rhd.map((o) => (
                      <Radio.Button key={o.value} value={o.value}>
                        <span data-testid={`test-rhd-${o.value}`}>{o.label}</span>
                      </Radio.Button>
                    ))}
                  </Radio.Group>
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="altUPerL"
                  label={t('marker.alt')}
                  extra={t('donations.altHint')}
                  rules={[{ required: true, message: t('donations.altRequired') }]}
                >
                  <InputNumber min={0} max={5000} precision={1} suffix={t('donations.altUnit')} style={{ width: 180 }} data-testid="test-alt" />
                </Form.Item>
              </Col>
              {TTI_MARKERS.map((m) => (
                <Col xs={24} md={12} lg={6} key={m}>
                  <Form.Item name={m} label={t(`marker.${m}`)} rules={[{ required: true, message: t('donations.markerRequired') }]}>
                    <Radio.Group>
                      {outcomeOptions.map((o) => (
                        <Radio key={o.value} value={o.value}>
                          <span data-testid={`test-${m}-${o.value}`}>{o.label}</span>
                        </Radio>
                      ))}
                    </Radio.Group>
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="test-submit">
              {t('donations.testSubmit')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
