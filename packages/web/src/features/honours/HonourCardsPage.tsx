import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHonourCards, useIssueHonourCard, useSetHonourCardStatus, type HonourCard } from '../../api/rights';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SearchBox } from '../../components/SearchBox';
import { serverPagination } from '../../components/pagination';

const COLOR: Record<string, string> = { active: 'green', suspended: 'orange', revoked: 'default' };

export default function HonourCardsPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [status, setStatus] = useState<string>();
  const [q, setQ] = useState<string>();
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [issuing, setIssuing] = useState(false);
  const [form] = Form.useForm();
  const cards = useHonourCards({ status, q, page, pageSize });
  const issue = useIssueHonourCard();
  const setCardStatus = useSetHonourCardStatus();

  const change = (c: HonourCard, next: HonourCard['status'], label: string) => {
    let reason = '';
    modal.confirm({
      title: `${label} ${c.cardNumber}`,
      content: <Input.TextArea autoFocus aria-label={t('honours.cards.reason')} placeholder={t('honours.cards.reason')} onChange={(e) => { reason = e.target.value; }} />,
      onOk: () => (reason.trim() ? setCardStatus.mutateAsync({ id: c.id, status: next, reason: reason.trim() }) : Promise.reject(new Error('reason'))),
    });
  };
  const columns: TableColumnsType<HonourCard> = [
    { key: 'no', title: t('honours.cards.cardNumber'), dataIndex: 'cardNumber', render: (v: string) => <code>{v}</code> },
    { key: 'd', title: t('honours.cards.donor'), render: (_, c) => `${c.donorName}（${c.donorNumber}）` },
    { key: 'on', title: t('honours.cards.issuedOn'), dataIndex: 'issuedOn' },
    { key: 's', title: t('honours.cards.status'), render: (_, c) => <Tag color={COLOR[c.status]}>{t(`honours.cardStatus.${c.status}`)}</Tag> },
    { key: 'r', title: t('honours.cards.reason'), dataIndex: 'statusReason' },
    { key: 'a', title: t('common.actions'), render: (_, c) => (
      <Space>
        {c.status === 'active' && <Button size="small" onClick={() => change(c, 'suspended', t('honours.cards.suspend'))}>{t('honours.cards.suspend')}</Button>}
        {c.status === 'suspended' && <Button size="small" onClick={() => change(c, 'active', t('honours.cards.reactivate'))}>{t('honours.cards.reactivate')}</Button>}
        {c.status !== 'revoked' && <Button size="small" danger onClick={() => change(c, 'revoked', t('honours.cards.revoke'))}>{t('honours.cards.revoke')}</Button>}
      </Space>
    ) },
  ];
  const onIssue = async () => {
    const v = await form.validateFields();
    issue.mutate(v, { onSuccess: (r) => { message.success(r.cardNumber); form.resetFields(); setIssuing(false); } });
  };
  return (
    <div>
      <PageHeader title={t('honours.cards.title')} extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>{t('honours.cards.issue')}</Button>} />
      <Card size="small">
        <Flex gap={12} style={{ marginBottom: 12 }} role="search">
          <SearchBox placeholder={t('honours.cards.search')} style={{ width: 280 }} value={text} onChange={setText} onSearch={(v: string) => { setQ(v || undefined); setPage(1); }} />
          <Select allowClear style={{ width: 140 }} value={status} onChange={(v) => { setStatus(v); setPage(1); }} placeholder={t('honours.cards.status')}
            aria-label={t('honours.cards.status')} options={(['active', 'suspended', 'revoked'] as const).map((s) => ({ value: s, label: t(`honours.cardStatus.${s}`) }))} />
        </Flex>
        {cards.error && <ProblemAlert error={cards.error} />}
        <Table<HonourCard> size="small" rowKey="id" loading={cards.isLoading} dataSource={cards.data?.items} columns={columns}
          pagination={serverPagination(t, page, pageSize, cards.data?.total, (p, s) => { setPage(p); setPageSize(s); })} />
      </Card>
      <Modal open={issuing} title={t('honours.cards.issue')} onCancel={() => setIssuing(false)} onOk={onIssue} confirmLoading={issue.isPending} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="donorId" label={t('honours.cards.donorId')} rules={[{ required: true }]}><InputNumber min={1} style={{ width: '100%' }} /></Form.Item>
          <Form.Item name="reason" label={t('honours.cards.reason')} rules={[{ required: true }]}><Input /></Form.Item>
          {issue.error && <ProblemAlert error={issue.error} form={form} />}
        </Form>
      </Modal>
    </div>
  );
}
