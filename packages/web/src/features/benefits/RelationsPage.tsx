import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fileToBase64, RELATION_VALUES, useAddRelation, useRelations, useReviewRelation, type FamilyRelation } from '../../api/rights';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { serverPagination } from '../../components/pagination';

const COLOR: Record<string, string> = { pending: 'gold', verified: 'green', rejected: 'default' };

function AddRelationModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const add = useAddRelation();
  const [file, setFile] = useState<File>();
  const onOk = async () => {
    const v = await form.validateFields();
    const proof = file ? { kind: 'relationship' as const, fileName: file.name, mediaType: file.type, contentBase64: await fileToBase64(file) } : null;
    add.mutate({ ...v, proof }, { onSuccess: () => { form.resetFields(); setFile(undefined); onClose(); } });
  };
  return (
    <Modal open={open} title={t('rights.relations.add')} onCancel={onClose} onOk={onOk} confirmLoading={add.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ relation: 'parent', verify: false }}>
        <Flex gap={12}>
          <Form.Item name="donorId" label={t('rights.relations.donorId')} rules={[{ required: true }]} style={{ flex: 1 }}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="relation" label={t('rights.window.relation')} style={{ flex: 1 }}>
            <Select options={RELATION_VALUES.filter((r) => r !== 'self').map((r) => ({ value: r, label: t(`rights.relation.${r}`) }))} />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="relativeName" label={t('rights.relations.relativeName')} rules={[{ required: true }]} style={{ flex: 1 }}><Input /></Form.Item>
          <Form.Item name="relativeIdNumber" label={t('rights.relations.relativeIdNumber')} rules={[{ required: true }]} style={{ flex: 1 }}><Input maxLength={18} /></Form.Item>
        </Flex>
        <Form.Item label={t('rights.relations.proof')}>
          <Upload accept=".pdf,.jpg,.jpeg,.png" maxCount={1} beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(undefined)}>
            <Button>{t('rights.claims.attachProof')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="verify" valuePropName="checked"><Checkbox>{t('rights.relations.verifyNow')}</Checkbox></Form.Item>
        {add.error && <ProblemAlert error={add.error} form={form} />}
      </Form>
    </Modal>
  );
}

export default function RelationsPage() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const [status, setStatus] = useState<string>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [adding, setAdding] = useState(false);
  const list = useRelations({ status, page, pageSize });
  const review = useReviewRelation();
  const decide = (id: number, decision: 'verified' | 'rejected') => {
    let reason = '';
    modal.confirm({
      title: decision === 'verified' ? t('rights.relations.verify') : t('rights.relations.reject'),
      content: <Input.TextArea autoFocus aria-label={t('common.reason')} placeholder={t('common.reason')} onChange={(e) => { reason = e.target.value; }} />,
      onOk: () => (reason.trim() ? review.mutateAsync({ id, decision, reason: reason.trim() }) : Promise.reject(new Error('reason'))),
    });
  };
  const columns: TableColumnsType<FamilyRelation> = [
    { key: 'donor', title: t('rights.window.donor'), render: (_, r) => `${r.donorName} (#${r.donorId})` },
    { key: 'rel', title: t('rights.window.relation'), render: (_, r) => t(`rights.relation.${r.relation}`) },
    { key: 'name', title: t('rights.relations.relativeName'), dataIndex: 'relativeName' },
    { key: 'id', title: t('rights.relations.relativeIdNumber'), dataIndex: 'relativeIdNumberMasked' },
    { key: 'proof', title: t('rights.relations.download'), render: (_, r) => (r.proofDocumentId ? <a href={`/api/benefits/documents/${r.proofDocumentId}`} target="_blank" rel="noreferrer">#{r.proofDocumentId}</a> : '—') },
    { key: 'st', title: t('rights.relations.status'), render: (_, r) => <Tag color={COLOR[r.status]}>{t(`rights.relationStatus.${r.status}`)}</Tag> },
    { key: 'at', title: t('common.time'), render: (_, r) => <DateTime value={r.createdAt} /> },
    { key: 'a', title: t('common.actions'), render: (_, r) => r.status === 'pending' && (
      <Space>
        <Button size="small" type="primary" onClick={() => decide(r.id, 'verified')}>{t('rights.relations.verify')}</Button>
        <Button size="small" danger onClick={() => decide(r.id, 'rejected')}>{t('rights.relations.reject')}</Button>
      </Space>
    ) },
  ];
  return (
    <div>
      <PageHeader title={t('rights.relations.title')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>{t('rights.relations.add')}</Button>} />
      <Card size="small">
        <Select allowClear style={{ width: 160, marginBottom: 12 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} placeholder={t('rights.relations.status')}
          aria-label={t('rights.relations.status')} options={(['pending', 'verified', 'rejected'] as const).map((s) => ({ value: s, label: t(`rights.relationStatus.${s}`) }))} />
        {list.error && <ProblemAlert error={list.error} />}
        <Table<FamilyRelation> size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items} columns={columns}
          pagination={serverPagination(t, page, pageSize, list.data?.total, (p, s) => { setPage(p); setPageSize(s); })} />
      </Card>
      <AddRelationModal open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}
