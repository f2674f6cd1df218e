import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fileToBase64, RELATION_VALUES, useClaims, usePayClaim, useReviewClaim, useSubmitClaim, yuan, type Claim, type DocumentInput,
} from '../../api/rights';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { serverPagination } from '../../components/pagination';

const STATUS_COLOR: Record<string, string> = { submitted: 'gold', approved: 'blue', rejected: 'default', paid: 'green' };

async function toDocument(file: File | undefined, kind: DocumentInput['kind']): Promise<DocumentInput | null> {
  if (!file) return null;
  return { kind, fileName: file.name, mediaType: file.type, contentBase64: await fileToBase64(file) };
}

function NewClaimModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const submit = useSubmitClaim();
  const [invoice, setInvoice] = useState<File>();
  const [proof, setProof] = useState<File>();
  const onOk = async () => {
    const v = await form.validateFields();
    submit.mutate({
      ...v, usedOn: v.usedOn.format('YYYY-MM-DD'), invoiceFen: Math.round(v.invoiceYuan * 100), invoiceYuan: undefined,
      invoice: await toDocument(invoice, 'invoice'), proof: await toDocument(proof, 'relationship'),
    }, { onSuccess: () => { form.resetFields(); onClose(); } });
  };
  return (
    <Modal open={open} title={t('rights.claims.new')} onCancel={onClose} onOk={onOk} confirmLoading={submit.isPending} width={640} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ relation: 'self', channel: 'cross_province' }}>
        <Flex gap={12}>
          <Form.Item name="donorId" label={t('rights.claims.donorId')} rules={[{ required: true }]} style={{ flex: 1 }}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="relation" label={t('rights.window.relation')} style={{ flex: 1 }}>
            <Select options={RELATION_VALUES.map((r) => ({ value: r, label: t(`rights.relation.${r}`) }))} />
          </Form.Item>
          <Form.Item name="channel" label={t('rights.claims.channel')} style={{ flex: 1 }}>
            <Select options={(['cross_province', 'online', 'window'] as const).map((c) => ({ value: c, label: t(`rights.channel.${c}`) }))} />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="beneficiaryName" label={t('rights.claims.name')} rules={[{ required: true }]} style={{ flex: 1 }}><Input /></Form.Item>
          <Form.Item name="beneficiaryIdNumber" label={t('rights.claims.idNumber')} rules={[{ required: true }]} style={{ flex: 1 }}><Input maxLength={18} /></Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="originStation" label={t('rights.claims.originStation')} style={{ flex: 1 }}><Input /></Form.Item>
          <Form.Item name="originProvince" label={t('rights.claims.originProvince')} style={{ flex: 1 }}><Input placeholder="henan" /></Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="hospitalName" label={t('rights.claims.hospital')} rules={[{ required: true }]} style={{ flex: 2 }}><Input /></Form.Item>
          <Form.Item name="usedOn" label={t('rights.claims.usedOn')} rules={[{ required: true }]} style={{ flex: 1 }}><DatePicker style={{ width: '100%' }} /></Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="volumeMl" label={t('rights.claims.volumeMl')} rules={[{ required: true }]} style={{ flex: 1 }}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="invoiceYuan" label={t('rights.claims.invoice')} rules={[{ required: true }]} style={{ flex: 1 }}><InputNumber min={0} precision={2} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="invoiceNo" label={t('rights.claims.invoiceNo')} style={{ flex: 1 }}><Input /></Form.Item>
        </Flex>
        <Space>
          <Upload accept=".pdf,.jpg,.jpeg,.png" maxCount={1} beforeUpload={(f) => { setInvoice(f); return false; }} onRemove={() => setInvoice(undefined)}>
            <Button>{t('rights.claims.attachInvoice')}</Button>
          </Upload>
          <Upload accept=".pdf,.jpg,.jpeg,.png" maxCount={1} beforeUpload={(f) => { setProof(f); return false; }} onRemove={() => setProof(undefined)}>
            <Button>{t('rights.claims.attachProof')}</Button>
          </Upload>
        </Space>
        {submit.error && <ProblemAlert error={submit.error} form={form} style={{ marginTop: 12 }} />}
      </Form>
    </Modal>
  );
}

export default function ClaimsPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [status, setStatus] = useState<string | undefined>('submitted');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const claims = useClaims({ status, page, pageSize });
  const review = useReviewClaim();
  const pay = usePayClaim();

  const ask = (title: string, label: string, onValue: (v: string) => void) => {
    let value = '';
    modal.confirm({
      title,
      content: <Input.TextArea autoFocus aria-label={label} placeholder={label} onChange={(e) => { value = e.target.value; }} />,
      onOk: () => (value.trim() ? onValue(value.trim()) : Promise.reject(new Error(label))),
    });
  };
  const columns: TableColumnsType<Claim> = [
    { key: 'no', title: t('rights.claims.claimNumber'), dataIndex: 'claimNumber', render: (v: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{v}</Typography.Text> },
    { key: 'b', title: t('rights.claims.beneficiary'), render: (_, c) => <>{c.beneficiaryName} <Tag>{t(`rights.relation.${c.relation}`)}</Tag></> },
    { key: 'd', title: t('rights.claims.donor'), render: (_, c) => `${c.donorName}（${c.donorNumber}）` },
    { key: 'ch', title: t('rights.claims.channel'), render: (_, c) => <>{t(`rights.channel.${c.channel}`)}{c.originStation ? ` · ${c.originStation}` : ''}</> },
    { key: 'h', title: t('rights.claims.hospital'), dataIndex: 'hospitalName' },
    { key: 'u', title: t('rights.claims.usedOn'), dataIndex: 'usedOn' },
    { key: 'v', title: t('rights.claims.volumeMl'), dataIndex: 'volumeMl', align: 'right' },
    { key: 'i', title: t('rights.claims.invoice'), align: 'right', render: (_, c) => yuan(c.invoiceFen) },
    { key: 'doc', title: t('rights.claims.document'), render: (_, c) => (
      <Space>{[c.invoiceDocumentId, c.proofDocumentId].filter(Boolean).map((id) => <a key={id} href={`/api/benefits/documents/${id}`} target="_blank" rel="noreferrer">#{id}</a>)}</Space>
    ) },
    { key: 's', title: t('rights.claims.status'), render: (_, c) => (
      <Space direction="vertical" size={0}>
        <Tag color={STATUS_COLOR[c.status]}>{t(`rights.claimStatus.${c.status}`)}</Tag>
        {c.approvedFen !== null && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('rights.claims.approved', { ml: c.approvedMl, amount: yuan(c.approvedFen) })}</Typography.Text>}
      </Space>
    ) },
    { key: 'a', title: t('common.actions'), render: (_, c) => (
      <Space>
        {c.status === 'submitted' && (
          <>
            <Button size="small" type="primary" onClick={() => ask(t('rights.claims.approve'), t('rights.claims.reviewNote'), (note) =>
              review.mutate({ id: c.id, decision: 'approved', note }, { onSuccess: (r) => message.success(t('rights.claims.approved', { ml: r.approvedMl, amount: yuan(r.approvedFen) })), onError: (e) => message.error(e.message) }))}>
              {t('rights.claims.approve')}
            </Button>
            <Button size="small" danger onClick={() => ask(t('rights.claims.reject'), t('rights.claims.reviewNote'), (note) => review.mutate({ id: c.id, decision: 'rejected', note }))}>
              {t('rights.claims.reject')}
            </Button>
          </>
        )}
        {c.status === 'approved' && (
          <Button size="small" onClick={() => ask(t('rights.claims.pay'), t('rights.claims.paymentReference'), (paymentReference) => pay.mutate({ id: c.id, paymentReference }))}>
            {t('rights.claims.pay')}
          </Button>
        )}
      </Space>
    ) },
  ];
  return (
    <div>
      <PageHeader title={t('rights.claims.title')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('rights.claims.new')}</Button>} />
      <Card size="small">
        <Flex gap={12} style={{ marginBottom: 12 }}>
          <Select allowClear style={{ width: 160 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} placeholder={t('rights.claims.status')}
            aria-label={t('rights.claims.status')} options={(['submitted', 'approved', 'rejected', 'paid'] as const).map((s) => ({ value: s, label: t(`rights.claimStatus.${s}`) }))} />
        </Flex>
        {claims.error && <ProblemAlert error={claims.error} />}
        <Table<Claim> size="small" rowKey="id" loading={claims.isLoading} dataSource={claims.data?.items} columns={columns} scroll={{ x: 1100 }}
          pagination={serverPagination(t, page, pageSize, claims.data?.total, (p, s) => { setPage(p); setPageSize(s); })} />
      </Card>
      <NewClaimModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
