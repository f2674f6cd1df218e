import { Button, Card, Col, Collapse, Empty, Row, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import { can } from '../../api/access';
import { useSession } from '../../api/auth';
import { useProposals, useReserve, useTransfer, type Proposal, type ReserveNode, type ReserveRow } from '../../api/supply';
import { LEVEL_COLOURS } from '../../components/DaysOfSupply';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';

const groupText = (abo: string, rhd: string) => `${abo}${rhd === 'POS' ? '+' : '−'}`;
const TIER_COLOUR: Record<string, string> = { station: 'red', storage_point: 'geekblue', hospital: 'purple' };

function NodeTable({ node }: { node: ReserveNode }) {
  const { t } = useTranslation();
  return (
    <Table<ReserveRow> size="small" pagination={false} rowKey={(r) => `${r.componentClass}${r.abo}${r.rhd}`} dataSource={node.rows}
      columns={[
        { title: t('supply.class'), render: (_, r) => `${t(`componentClass.${r.componentClass}`)} ${groupText(r.abo, r.rhd)}` },
        { title: t('supply.reserveStock'), dataIndex: 'quantity' },
        { title: t('supply.reserveUse'), dataIndex: 'avgDailyUse' },
        { title: t('supply.reserveTarget'), render: (_, r) => (r.targetRule === 'days' ? r.target : (
          <Space size={4}>{r.target}
            <Tooltip title={t(`supply.targetRuleHint.${r.targetRule}`)}><Tag color="volcano" data-testid={`target-rule-${r.targetRule}`}>{t(`supply.targetRule.${r.targetRule}`)}</Tag></Tooltip>
          </Space>)) },
        { title: t('supply.reserveGap'), dataIndex: 'gap', render: (v: number) => (v > 0 ? <Typography.Text type="danger" strong>{v}</Typography.Text> : 0) },
        { title: t('supply.days'), render: (_, r) => {
          const c = LEVEL_COLOURS[r.level];
          return <Tag style={{ color: c.fg, background: c.bg, borderColor: c.border }}>{r.days ?? '∞'}</Tag>;
        } },
      ]} />
  );
}

export default function ReservePage() {
  const { t } = useTranslation();
  const { data: session } = useSession();
  const manage = can(session?.user, 'alert.manage');
  const { data, isLoading, error } = useReserve();
  const props = useProposals(manage);
  const transfer = useTransfer();
  const apply = (p: Proposal) => transfer.mutateAsync(p).then((r) => { void message.success(t('supply.moved', { q: r.moved })); });
  return (
    <>
      <PageHeader title={t('supply.reserveTitle')} subTitle={data ? t('supply.reserveSub', { s: data.targetDays.station, p: data.targetDays.storage_point, h: data.targetDays.hospital, w: data.windowDays }) : undefined} />
      <ProblemAlert error={error ?? transfer.error} />
      <Row gutter={[12, 12]}>
        {manage && (
          <Col span={24}>
            <Card size="small" title={t('supply.proposals')} loading={props.isLoading}>
              <Table<Proposal> size="small" rowKey={(p, i) => `${p.kind}${p.fromOrgId}${p.toOrgId}${p.componentClass}${p.abo}${p.rhd}${i}`} dataSource={props.data?.items ?? []}
                locale={{ emptyText: t('supply.noProposals') }} pagination={{ pageSize: 10 }} data-testid="proposals"
                columns={[
                  { title: t('supply.proposalKind'), render: (_, p) => <Tag color={p.kind === 'near_expiry' ? 'orange' : 'blue'}>{t(`supply.proposalKinds.${p.kind}`)}</Tag> },
                  { title: t('supply.from'), dataIndex: 'fromName' },
                  { title: t('supply.to'), dataIndex: 'toName' },
                  { title: t('supply.class'), render: (_, p) => `${t(`componentClass.${p.componentClass}`)} ${groupText(p.abo, p.rhd)}` },
                  { title: t('supply.quantity'), dataIndex: 'quantity' },
                  { title: '', render: (_, p) => <Button size="small" type="primary" loading={transfer.isPending} onClick={() => apply(p)}>{t('supply.apply')}</Button> },
                ]} />
            </Card>
          </Col>
        )}
        <Col span={24}>
          {isLoading ? <Card loading /> : (data?.nodes.length ?? 0) === 0 ? <Empty /> : (
            <Collapse defaultActiveKey={data!.nodes.filter((n) => n.tier !== 'hospital').map((n) => String(n.orgId))}
              items={data!.nodes.map((n) => ({
                key: String(n.orgId),
                label: <Space><Tag color={TIER_COLOUR[n.tier]}>{t(`supply.tiers.${n.tier}`)}</Tag>{n.name}<Typography.Text type="secondary">{t('supply.targetDays', { d: n.targetDays })}</Typography.Text>
                  {n.gapTypes > 0 && <Tag color="red">{t('supply.gapTypes', { n: n.gapTypes })}</Tag>}</Space>,
                children: <NodeTable node={n} />,
              }))} />
          )}
        </Col>
      </Row>
    </>
  );
}
