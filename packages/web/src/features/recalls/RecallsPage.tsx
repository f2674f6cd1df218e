import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../api/access';
import { useCurrentUser } from '../../api/auth';
import { useDisposition, useRecalls, type RecallRow } from '../../api/lab';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { tDynamic } from '../../i18n';

const ACTION_COLOR: Record<string, string> = { recalled: 'red', quarantined: 'orange', notified: 'purple' };

function DispositionForm({ row }: { row: RecallRow }) {
  const { t } = useTranslation();
  const [value, setValue] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const m = useDisposition();
  return (
    <Space direction="vertical" size={4}>
      <Space>
        <Select style={{ width: 150 }} placeholder={t('recalls.choose')} value={value} onChange={setValue} data-testid={`disposition-${row.id}`}
          options={['returned', 'discarded', 'transfused', 'not_found'].map((v) => ({ value: v, label: t(`recalls.dispositions.${v}` as 'recalls.dispositions.returned') }))} />
        <Input style={{ width: 180 }} placeholder={t('recalls.note')} value={note} onChange={(e) => setNote(e.target.value)} />
        <Button type="primary" disabled={!value} loading={m.isPending} onClick={() => value && m.mutate({ id: row.id, disposition: value, note: note || undefined })} data-testid={`disposition-save-${row.id}`}>
          {t('recalls.save')}
        </Button>
      </Space>
      {m.error && <ProblemAlert error={m.error} />}
    </Space>
  );
}

export default function RecallsPage() {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const q = useRecalls();
  const rows = q.data ?? [];
  const open = rows.filter((r) => !r.disposition && r.action === 'recalled').length;
  const columns: TableColumnsType<RecallRow> = [
    { key: 'code', title: t('recalls.code'), render: (_, r) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{r.recallCode}</Typography.Text> },
    { key: 'at', title: t('recalls.createdAt'), render: (_, r) => <DateTime value={r.createdAt} /> },
    { key: 'din', title: t('recalls.din'), render: (_, r) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{r.din}</Typography.Text> },
    { key: 'product', title: t('recalls.product'), render: (_, r) => `${i18n.language.startsWith('zh') ? r.productNameZh : r.productNameEn} · ${r.abo ?? ''}${r.rhd === 'NEG' ? ' RhD−' : r.rhd === 'POS' ? ' RhD+' : ''}` },
    { key: 'reason', title: t('recalls.reason'), render: (_, r) => (r.trigger === 'post_donation_information' ? t('recalls.triggers.post_donation_information') : t('recalls.triggers.reactive_result')) },
    { key: 'action', title: t('recalls.action'), render: (_, r) => <Tag color={ACTION_COLOR[r.action]}>{tDynamic(t, `recalls.actions.${r.action}`, r.action)}</Tag> },
    { key: 'expires', title: t('recalls.expiresAt'), render: (_, r) => <DateTime value={r.expiresAt} /> },
    {
      key: 'disposition', title: t('recalls.disposition'),
      render: (_, r) => (r.disposition
        ? <span><Tag color="green">{tDynamic(t, `recalls.dispositions.${r.disposition}`, r.disposition)}</Tag>{r.dispositionNote ?? ''} <DateTime value={r.dispositionAt} /></span>
        : can(user, 'recall.dispose') ? <DispositionForm row={r} /> : '—'),
    },
  ];
  return (
    <div>
      <PageHeader title={t('recalls.title')} />
      {open > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('recalls.openAlert', { count: open })} data-testid="recall-alert" />}
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('recalls.privacyNote')}</Typography.Paragraph>
        <Table<RecallRow> size="small" rowKey="id" loading={q.isLoading} columns={columns} dataSource={rows} data-testid="recalls-table" />
      </Card>
    </div>
  );
}
