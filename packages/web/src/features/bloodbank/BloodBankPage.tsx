import { ExperimentOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Drawer, Empty, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBloodBankRecord, useLogisticsAction } from '../../api/logistics';
import type { Unit } from '../../api/types';
import { useUnits } from '../../api/units';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DateTime, ExpiryText } from '../../components/DateTime';
import { DinText } from '../../components/DinText';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { TableEmpty } from '../../components/QueryState';
import { productName } from '../../components/UnitsTable';
import { useOptions } from '../../components/options';
import { useLang } from '../../i18n';

type Mode = 'crossmatch' | 'wardIssue' | 'return';

function ActionModal({ unit, mode, onClose }: { unit: Unit | null; mode: Mode; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const action = useLogisticsAction();
  const opts = useOptions();
  const path = mode === 'crossmatch' ? 'crossmatch' : mode === 'wardIssue' ? 'ward-issue' : 'return';
  const submit = (v: Record<string, unknown>) => {
    const body = mode === 'crossmatch' ? { ...v, sampleAt: (v.sampleAt as dayjs.Dayjs).toISOString() } : v;
    action.mutate({ path: `/bloodbank/units/${unit!.id}/${path}`, body }, { onSuccess: () => { form.resetFields(); onClose(); } });
  };
  const outcomes = (['compatible', 'incompatible'] as const).map((o) => ({ value: o, label: t(`logi.bank.outcomes.${o}`) }));
  return (
    <Modal open={!!unit} title={`${t(`logi.bank.${mode}`)} · ${unit?.din ?? ''}`} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden width={560}
      okText={t('logi.common.submit')} cancelText={t('logi.common.cancel')} confirmLoading={action.isPending}>
      <ProblemAlert error={action.error} form={form} data-testid="bank-problem" />
      <Form form={form} layout="vertical" onFinish={submit}
        initialValues={mode === 'crossmatch' ? { patientAbo: unit?.abo, patientRhd: unit?.rhd, method: 'gel_card', major: 'compatible', minor: 'compatible', sampleAt: dayjs().subtract(2, 'hour') }
          : mode === 'wardIssue' ? { checkMethod: 'badge' } : { reason: 'quality_defect' }}>
        {mode !== 'return' && <Form.Item name="patientName" label={t('logi.bank.patient')} rules={[{ required: true }]}><Input maxLength={64} /></Form.Item>}
        {mode === 'crossmatch' && (
          <>
            <Space wrap>
              <Form.Item name="patientAbo" label="ABO" rules={[{ required: true }]}><Select style={{ width: 90 }} options={opts.abo} /></Form.Item>
              <Form.Item name="patientRhd" label="RhD" rules={[{ required: true }]}><Select style={{ width: 110 }} options={opts.rhd} /></Form.Item>
              <Form.Item name="patientRecordNo" label={t('logi.bank.recordNo')}><Input maxLength={32} /></Form.Item>
            </Space>
            <Form.Item name="sampleAt" label={t('logi.bank.sampleAt')} rules={[{ required: true }]}><DatePicker showTime style={{ width: '100%' }} /></Form.Item>
            <Form.Item name="method" label={t('logi.bank.method')}><Select options={(['saline', 'polybrene', 'antiglobulin', 'gel_card', 'microcolumn'] as const).map((m) => ({ value: m, label: t(`logi.bank.methods.${m}`) }))} /></Form.Item>
            <Space size={32}>
              <Form.Item name="major" label={t('logi.bank.major')}><Radio.Group options={outcomes} /></Form.Item>
              <Form.Item name="minor" label={t('logi.bank.minor')}><Radio.Group options={outcomes} /></Form.Item>
            </Space>
            <Form.Item name="reviewedByName" label={t('logi.bank.reviewer')}><Input maxLength={64} /></Form.Item>
          </>
        )}
        {mode === 'wardIssue' && (
          <>
            <Space wrap>
              <Form.Item name="ward" label={t('logi.bank.ward')} rules={[{ required: true }]}><Input maxLength={64} /></Form.Item>
              <Form.Item name="bed" label={t('logi.bank.bed')}><Input maxLength={16} style={{ width: 100 }} /></Form.Item>
            </Space>
            <Alert type="info" showIcon message={t('logi.bank.deviceHint')} style={{ marginBottom: 12 }} />
            <Form.Item name="checkMethod" label={t('logi.bank.checkMethod')}><Radio.Group options={(['badge', 'fingerprint'] as const).map((m) => ({ value: m, label: t(`logi.bank.checkMethods.${m}`) }))} /></Form.Item>
            <Form.Item name="issuerCredential" label={t('logi.bank.issuer')} rules={[{ required: true }]}><Input.Password maxLength={128} visibilityToggle /></Form.Item>
            <Form.Item name="collectorName" label={t('logi.bank.collectorName')} rules={[{ required: true }]}><Input maxLength={64} /></Form.Item>
            <Form.Item name="collectorCredential" label={t('logi.bank.collector')} rules={[{ required: true }]}><Input.Password maxLength={128} visibilityToggle /></Form.Item>
          </>
        )}
        {mode === 'return' && (
          <>
            <Form.Item name="reason" label={t('logi.bank.reason')}><Select options={(['quality_defect', 'label_error', 'cold_chain_breach', 'wrong_product', 'recall'] as const).map((r) => ({ value: r, label: t(`logi.bank.returnReasons.${r}`) }))} /></Form.Item>
            <Form.Item name="note" label={t('logi.common.note')}><Input.TextArea maxLength={500} rows={2} /></Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

function RecordDrawer({ unitId, onClose }: { unitId: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const rec = useBloodBankRecord(unitId);
  const d = rec.data;
  return (
    <Drawer open={!!unitId} onClose={onClose} title={t('logi.bank.record')} width={560}>
      {!d ? <Empty /> : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} items={[
            { key: 'din', label: t('term.din'), children: d.unit.din },
            { key: 'xmreq', label: t('logi.bank.crossmatch'), children: d.crossmatchRequired ? <Tag color="orange">{t('logi.bank.crossmatchRequired')}</Tag> : <Tag>{t('logi.bank.crossmatchNotRequired')}</Tag> },
          ]} />
          <Typography.Title level={5}>{t('logi.bank.crossmatch')}</Typography.Title>
          {d.crossmatches.length === 0 ? <Typography.Text type="secondary">{t('logi.bank.noRecord')}</Typography.Text> : d.crossmatches.map((x) => (
            <div key={x.id}><DateTime value={x.at} /> · {x.patientName} · {t('logi.bank.sampleAt')} <DateTime value={x.sampleAt} /> · {t('logi.bank.major')} <Tag color={x.major === 'compatible' ? 'green' : 'red'}>{t(`logi.bank.outcomes.${x.major as 'compatible'}`)}</Tag>
              {t('logi.bank.minor')} <Tag color={x.minor === 'compatible' ? 'green' : 'red'}>{t(`logi.bank.outcomes.${x.minor as 'compatible'}`)}</Tag></div>
          ))}
          <Typography.Title level={5}>{t('logi.bank.wardIssue')}</Typography.Title>
          {d.wardIssue ? <div><DateTime value={d.wardIssue.at} /> · {d.wardIssue.ward} {d.wardIssue.bed ?? ''} · {d.wardIssue.patientName} · {d.wardIssue.issuerCredential.split(':')[2]} / {d.wardIssue.collectorCredential.split(':')[2]}</div>
            : <Typography.Text type="secondary">{t('logi.bank.noRecord')}</Typography.Text>}
        </Space>
      )}
    </Drawer>
  );
}

export default function BloodBankPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const units = useUnits({ status: 'issued', ...page });
  const [active, setActive] = useState<{ unit: Unit; mode: Mode } | null>(null);
  const [recordId, setRecordId] = useState<number | undefined>();
  return (
    <div>
      <PageHeader title={t('logi.bank.title')} subTitle={t('logi.bank.subtitle')} />
      <Card size="small" title={t('logi.bank.held')}>
        <Table<Unit> rowKey="id" size="middle" loading={units.isLoading} dataSource={units.data?.items ?? []} data-testid="bank-table"
          locale={{ emptyText: <TableEmpty error={units.error} /> }}
          pagination={{ current: page.page, pageSize: page.pageSize, total: units.data?.total ?? 0, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
          columns={[
            { title: t('term.din'), render: (_, u) => <a onClick={() => setRecordId(Number(u.id))}><DinText din={u.din} check={u.dinCheck} /></a> },
            { title: t('term.product'), render: (_, u) => productName(u, lang) },
            { title: t('term.bloodGroup'), render: (_, u) => <BloodGroupTag abo={u.abo} rhd={u.rhd} /> },
            { title: t('term.expiresAt'), render: (_, u) => <ExpiryText value={u.expiresAt} status={u.status} /> },
            { title: t('logi.common.actions'), render: (_, u) => (
              <Space size={4} wrap>
                <Button size="small" icon={<ExperimentOutlined />} onClick={() => setActive({ unit: u, mode: 'crossmatch' })} data-testid="bank-crossmatch">{t('logi.bank.crossmatch')}</Button>
                <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => setActive({ unit: u, mode: 'wardIssue' })} data-testid="bank-ward-issue">{t('logi.bank.wardIssue')}</Button>
                <Button size="small" icon={<RollbackOutlined />} onClick={() => setActive({ unit: u, mode: 'return' })}>{t('logi.bank.return')}</Button>
              </Space>
            ) },
          ]} />
      </Card>
      <ActionModal unit={active?.unit ?? null} mode={active?.mode ?? 'crossmatch'} onClose={() => setActive(null)} />
      <RecordDrawer unitId={recordId} onClose={() => setRecordId(undefined)} />
    </div>
  );
}
