import { Card, Col, Row, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useReaderReads, useReaders, useUnitEvents, type ReaderRead, type UnitEventRow } from '../../api/logistics';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { TableEmpty } from '../../components/QueryState';
import { tDynamic } from '../../i18n';

const OUTCOME_COLOUR: Record<string, string> = { event: 'green', unknown_unit: 'orange', bad_tag: 'red' };

export default function ReaderEventsPage() {
  const { t } = useTranslation();
  const [readsPage, setReadsPage] = useState({ page: 1, pageSize: 20 });
  const [eventsPage, setEventsPage] = useState({ page: 1, pageSize: 20 });
  const reads = useReaderReads(readsPage);
  const readers = useReaders();
  const events = useUnitEvents(eventsPage);
  return (
    <div>
      <PageHeader title={t('logi.readers.title')} subTitle={t('logi.readers.subtitle')} />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {(readers.data ?? []).map((r) => (
          <Col key={r.id} xs={24} md={8} xl={6}>
            <Card size="small" title={<Space>{r.name}<Tag>{r.code}</Tag></Space>}>
              <div>{r.orgName} · {r.location}</div>
              <Tag color="blue">{tDynamic(t, `eventType.${r.eventType}`, r.eventType)}</Tag>
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small">
        <Tabs items={[
          { key: 'reads', label: t('logi.readers.reads'), children: (
            <Table<ReaderRead> rowKey="id" size="small" loading={reads.isLoading} dataSource={reads.data?.items ?? []} data-testid="reads-table"
              locale={{ emptyText: <TableEmpty error={reads.error} /> }}
              pagination={{ current: readsPage.page, pageSize: readsPage.pageSize, total: reads.data?.total ?? 0, onChange: (page, pageSize) => setReadsPage({ page, pageSize }) }}
              columns={[
                { title: t('logi.readers.readAt'), dataIndex: 'readAt', render: (v: string) => <DateTime value={v} seconds /> },
                { title: t('logi.readers.reader'), render: (_, r) => <Space size={4}>{r.readerName}<Tag>{r.readerCode}</Tag></Space> },
                { title: t('logi.readers.location'), dataIndex: 'location' },
                { title: t('logi.readers.eventType'), dataIndex: 'eventType', render: (v: string) => tDynamic(t, `eventType.${v}`, v) },
                { title: t('logi.readers.tag'), dataIndex: 'tag', render: (v: string, r) => r.din ? <Link to={`/trace/${r.din}`}>{v}</Link> : <code>{v}</code> },
                { title: t('logi.common.tempC'), dataIndex: 'tempC', render: (v: number | null) => (v == null ? '—' : `${v} °C`) },
                { title: t('logi.readers.outcome'), dataIndex: 'outcome', render: (v: string) => <Tag color={OUTCOME_COLOUR[v]}>{t(`logi.readers.outcomes.${v as 'event'}`)}</Tag> },
                { title: t('logi.readers.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => <DateTime value={v} seconds /> },
              ]} />
          ) },
          { key: 'events', label: t('logi.readers.events'), children: (
            <Table<UnitEventRow> rowKey="id" size="small" loading={events.isLoading} dataSource={events.data?.items ?? []} data-testid="events-table"
              locale={{ emptyText: <TableEmpty error={events.error} /> }}
              pagination={{ current: eventsPage.page, pageSize: eventsPage.pageSize, total: events.data?.total ?? 0, onChange: (page, pageSize) => setEventsPage({ page, pageSize }) }}
              columns={[
                { title: t('logi.common.time'), dataIndex: 'at', render: (v: string) => <DateTime value={v} seconds /> },
                { title: t('term.din'), dataIndex: 'dinDisplay', render: (v: string, r) => <Link to={`/trace/${r.din}`}>{v}</Link> },
                { title: t('logi.readers.eventType'), dataIndex: 'type', render: (v: string) => <Tag>{tDynamic(t, `eventType.${v}`, v)}</Tag> },
                { title: t('logi.readers.location'), dataIndex: 'orgName' },
                { title: t('logi.readers.reader'), render: (_, r) => (r.details?.readerCode ? String(r.details.readerCode) : r.actor ?? '—') },
              ]} />
          ) },
        ]} />
      </Card>
    </div>
  );
}
