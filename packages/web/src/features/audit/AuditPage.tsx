import { Button, Card, Col, Flex, Row, Select, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAudit } from '../../api/audit';
import type { AuditEntry } from '../../api/types';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { serverPagination } from '../../components/pagination';
import { TableEmpty } from '../../components/QueryState';
import { useSearchState } from '../../components/useSearchState';
import { tDynamic } from '../../i18n';

const KEYS = ['entityType', 'entityId'] as const;
const ENTITY_TYPES = ['donor', 'donation', 'unit', 'order', 'user', 'session', 'org'] as const;

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <pre style={{ margin: 0, maxHeight: 320, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8, borderRadius: 4 }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const { filters, page, pageSize, setFilters, setPage, reset } = useSearchState(KEYS);
  const [entityId, setEntityId] = useState(filters.entityId ?? '');
  useEffect(() => setEntityId(filters.entityId ?? ''), [filters.entityId]);
  const audit = useAudit({ entityType: filters.entityType, entityId: filters.entityId, page, pageSize });

  const columns: TableColumnsType<AuditEntry> = [
    { key: 'at', title: t('audit.at'), render: (_, a) => <DateTime value={a.at} seconds /> },
    { key: 'actor', title: t('audit.actor'), render: (_, a) => a.actorName ?? a.actorId ?? '—' },
    { key: 'action', title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    {
      key: 'entityType',
      title: t('audit.entityType'),
      dataIndex: 'entityType',
      render: (v: string) => tDynamic(t, `audit.entityTypes.${v}`, v),
    },
    {
      key: 'entityId',
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      render: (v: string, a) => (
        <Typography.Link onClick={() => setFilters({ entityType: a.entityType, entityId: v })} style={{ fontFamily: 'monospace' }}>
          {v}
        </Typography.Link>
      ),
    },
    { key: 'reason', title: t('audit.reason'), dataIndex: 'reason', render: (v: string | null) => v ?? '—' },
    {
      key: 'requestId',
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      render: (v: string | null) => (v ? <Typography.Text type="secondary" copyable style={{ fontSize: 12 }}>{v}</Typography.Text> : '—'),
    },
  ];

  return (
    <div>
      <PageHeader title={t('audit.title')} />
      <Card size="small">
        <Flex gap={12} wrap style={{ marginBottom: 16 }} role="search">
          <Select
            allowClear
            placeholder={t('audit.entityType')}
            aria-label={t('audit.entityType')}
            style={{ width: 160 }}
            value={filters.entityType}
            onChange={(v) => setFilters({ entityType: v })}
            options={ENTITY_TYPES.map((v) => ({ value: v, label: t(`audit.entityTypes.${v}`) }))}
            data-testid="audit-filter-entity-type"
          />
          <SearchBox
            placeholder={t('audit.entityId')}
            style={{ width: 360 }}
            value={entityId}
            onChange={setEntityId}
            onSearch={(v) => setFilters({ entityId: v.trim() })}
            data-testid="audit-filter-entity-id"
          />
          <Button
            onClick={() => {
              setEntityId('');
              reset();
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
        <Table<AuditEntry>
          data-testid="audit-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={audit.data?.items ?? []}
          loading={audit.isLoading || audit.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={serverPagination(t, page, pageSize, audit.data?.total, setPage)}
          locale={{ emptyText: <TableEmpty error={audit.error} text={t('audit.empty')} /> }}
          expandable={{
            rowExpandable: (a) => a.before !== null || a.after !== null,
            expandedRowRender: (a) => (
              <Row gutter={16}>
                <Col xs={24} lg={12}>
                  <Typography.Text strong>{t('audit.before')}</Typography.Text>
                  <Json value={a.before} />
                </Col>
                <Col xs={24} lg={12}>
                  <Typography.Text strong>{t('audit.after')}</Typography.Text>
                  <Json value={a.after} />
                </Col>
              </Row>
            ),
          }}
        />
      </Card>
    </div>
  );
}
