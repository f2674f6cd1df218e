import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Flex, Form, Input, List, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../api/access';
import { useSession } from '../../api/auth';
import { exportUrl, useAwardCandidates, useAwardCycles, useEvaluateCycle, useFinaliseCycle, type AwardCandidate, type AwardLevel } from '../../api/rights';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { serverPagination } from '../../components/pagination';

const LEVELS: AwardLevel[] = ['lifetime', 'gold', 'silver', 'bronze'];
const COLOR: Record<AwardLevel, string> = { lifetime: 'magenta', gold: 'gold', silver: 'default', bronze: 'orange' };

export default function AwardsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { user } = useSession();
  const manage = can(user, 'honours.manage');
  const cycles = useAwardCycles();
  const evaluate = useEvaluateCycle();
  const finalise = useFinaliseCycle();
  const [cycleId, setCycleId] = useState<number>();
  const [level, setLevel] = useState<string>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const candidates = useAwardCandidates(cycleId, { level, page, pageSize });
  const [form] = Form.useForm();
  useEffect(() => {
    if (cycleId === undefined && cycles.data?.[0]) setCycleId(cycles.data[0].id);
  }, [cycles.data, cycleId]);
  const cycle = cycles.data?.find((c) => c.id === cycleId);

  const onEvaluate = async () => {
    const v = await form.validateFields();
    evaluate.mutate({ name: v.name, cycleStart: v.range[0].format('YYYY-MM-DD'), cycleEnd: v.range[1].format('YYYY-MM-DD') }, {
      onSuccess: (r) => { setCycleId(r.id); setPage(1); message.success(t('honours.awards.evaluated', { evaluated: r.evaluated, candidates: r.candidates })); },
    });
  };
  const columns: TableColumnsType<AwardCandidate> = [
    { key: 'l', title: t('honours.awards.level'), render: (_, c) => <Tag color={COLOR[c.level]}>{t(`honours.level.${c.level}`)}</Tag> },
    { key: 'no', title: t('honours.awards.donorNumber'), dataIndex: 'donorNumber', render: (v: string) => <code>{v}</code> },
    { key: 'n', title: t('honours.awards.name2'), dataIndex: 'name' },
    { key: 's', title: t('honours.awards.sex'), render: (_, c) => (c.sex === 'male' ? '男' : '女') },
    { key: 'id', title: t('honours.awards.idNumber'), dataIndex: 'idNumberMasked' },
    { key: 'g', title: t('honours.awards.bloodGroup'), render: (_, c) => `${c.abo ?? ''}${c.rhd === 'NEG' ? ' RhD-' : c.rhd === 'POS' ? ' RhD+' : ''}` },
    { key: 'c', title: t('honours.awards.count'), dataIndex: 'count', align: 'right' },
    { key: 'tc', title: t('honours.awards.totalCount'), dataIndex: 'totalCount', align: 'right' },
  ];
  const byLevel = candidates.data?.byLevel ?? {};
  return (
    <div>
      <PageHeader title={t('honours.awards.title')} />
      <Alert type="info" showIcon message={t('honours.awards.subtitle')} style={{ marginBottom: 16 }} />
      <Row gutter={16}>
        <Col xs={24} lg={7}>
          {manage && (
            <Card size="small" title={t('honours.awards.evaluate')} style={{ marginBottom: 16 }}>
              <Form form={form} layout="vertical" initialValues={{ name: `${dayjs().year() - 1}—${dayjs().year()}年度`, range: [dayjs(`${dayjs().year() - 1}-01-01`), dayjs(`${dayjs().year()}-12-31`)] }}>
                <Form.Item name="name" label={t('honours.awards.name')} rules={[{ required: true }]}><Input /></Form.Item>
                <Form.Item name="range" label={`${t('honours.awards.cycleStart')} — ${t('honours.awards.cycleEnd')}`} rules={[{ required: true }]}>
                  <DatePicker.RangePicker style={{ width: '100%' }} />
                </Form.Item>
                <Button type="primary" block onClick={onEvaluate} loading={evaluate.isPending} data-testid="award-evaluate">{t('honours.awards.evaluate')}</Button>
                {evaluate.error && <ProblemAlert error={evaluate.error} form={form} style={{ marginTop: 12 }} />}
              </Form>
            </Card>
          )}
          <Card size="small" title={t('honours.awards.cycles')}>
            <List
              loading={cycles.isLoading}
              dataSource={cycles.data ?? []}
              locale={{ emptyText: <Empty description={t('honours.awards.selectCycle')} /> }}
              renderItem={(c) => (
                <List.Item onClick={() => { setCycleId(c.id); setPage(1); }} style={{ cursor: 'pointer', background: c.id === cycleId ? '#fff1f0' : undefined, paddingInline: 8 }}>
                  <List.Item.Meta title={c.name} description={`${c.cycleStart} — ${c.cycleEnd}`} />
                  <Space direction="vertical" size={0} align="end">
                    <Tag color={c.status === 'finalised' ? 'green' : 'blue'}>{c.status === 'finalised' ? t('honours.awards.finalised') : t('honours.awards.open')}</Tag>
                    <Typography.Text type="secondary">{c.candidates}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={17}>
          {cycle ? (
            <Card size="small" title={`${cycle.name}（${cycle.cycleStart} — ${cycle.cycleEnd}）`} extra={
              <Space>
                <Button icon={<DownloadOutlined />} href={exportUrl(cycle.id, 'xlsx')} data-testid="award-export-xlsx">{t('honours.awards.exportXlsx')}</Button>
                <Button icon={<DownloadOutlined />} href={exportUrl(cycle.id, 'csv')}>{t('honours.awards.exportCsv')}</Button>
                {manage && cycle.status === 'open' && (
                  <Button danger onClick={() => modal.confirm({ title: t('honours.awards.finalise'), onOk: () => finalise.mutateAsync({ id: cycle.id, reason: '评审定稿' }) })}>
                    {t('honours.awards.finalise')}
                  </Button>
                )}
              </Space>
            }>
              <Row gutter={16} style={{ marginBottom: 12 }}>
                {LEVELS.map((l) => (
                  <Col span={6} key={l}><Statistic title={t(`honours.level.${l}`)} value={byLevel[l] ?? 0} data-testid={`award-count-${l}`} /></Col>
                ))}
              </Row>
              <Flex gap={12} style={{ marginBottom: 12 }}>
                <Select allowClear style={{ width: 160 }} value={level} onChange={(v) => { setLevel(v); setPage(1); }} placeholder={t('honours.awards.level')}
                  aria-label={t('honours.awards.level')} options={LEVELS.map((l) => ({ value: l, label: t(`honours.level.${l}`) }))} />
              </Flex>
              {candidates.error && <ProblemAlert error={candidates.error} />}
              <Table<AwardCandidate> size="small" rowKey="id" loading={candidates.isLoading} dataSource={candidates.data?.items} columns={columns}
                pagination={serverPagination(t, page, pageSize, candidates.data?.total, (p, s) => { setPage(p); setPageSize(s); })} />
            </Card>
          ) : (
            <Card size="small"><Empty description={t('honours.awards.selectCycle')} /></Card>
          )}
        </Col>
      </Row>
    </div>
  );
}
