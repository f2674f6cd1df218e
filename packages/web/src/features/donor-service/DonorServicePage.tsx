/**
 * Staff donor-service pages (tabs): appointments & day sheet (check-in / no-show / cancel, group bookings),
 * sites & weekly schedules, targeted recruitment (start, funnel chart, ranked list), the half-hour coverage chart
 * and proposed vehicle visits.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { Alert, Button, Card, Col, DatePicker, Empty, Form, InputNumber, List, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import {
  useAnswerCodes, useCampaigns, useContacts, useCoverage, useCreatePredonation, useDaySheet, useMoveAppointment, useProposals, useSignPredonation,
  useSites, useStartCampaign, type Site,
} from '../../api/donorService';
import { useDonors } from '../../api/donors';
import { pickBilingual, useLang } from '../../i18n';
import { ProblemAlert } from '../../components/ProblemAlert';
import { PageHeader } from '../../components/PageHeader';
import { echarts, ReactEChartsCore, type ChartOption } from './charts';

const { Text, Paragraph } = Typography;
const today = () => dayjs().format('YYYY-MM-DD');

function Appointments() {
  const { t } = useTranslation();
  const sites = useSites();
  const [siteId, setSiteId] = useState<number>();
  const [day, setDay] = useState(today());
  const effectiveSite = siteId ?? sites.data?.find((s) => s.kind === 'fixed_house')?.id;
  const sheet = useDaySheet(effectiveSite, day);
  const move = useMoveAppointment();
  const rows = useMemo(() => (sheet.data?.slots ?? []).flatMap((s) => s.appointments.map((a) => ({ ...a, slot: `${s.startTime}–${s.endTime}`, place: s.place }))), [sheet.data]);
  const statusColor: Record<string, string> = { booked: 'blue', checked_in: 'green', donated: 'purple', no_show: 'red' };
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Select style={{ width: 280 }} value={effectiveSite} onChange={setSiteId} data-testid="ds-site"
          options={(sites.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${t(`donorService.kind.${s.kind}`)}）` }))} />
        <DatePicker value={dayjs(day)} onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))} allowClear={false} />
        {sheet.data && <Text type="secondary">{t('donorService.sheetCounts', { booked: sheet.data.counts.booked ?? 0, checked: sheet.data.counts.checked_in ?? 0, noShow: sheet.data.counts.no_show ?? 0 })}</Text>}
      </Space>
      {move.error && <ProblemAlert error={move.error} />}
      <Row gutter={12}>
        <Col xs={24} lg={7}>
          <Card size="small" title={t('donorService.slot')}>
            <List size="small" dataSource={sheet.data?.slots ?? []} renderItem={(s) => (
              <List.Item><Text>{s.startTime}–{s.endTime}{s.place ? ` · ${s.place}` : ''}</Text><Tag color={s.free === 0 ? 'red' : 'green'}>{s.booked}/{s.capacity}</Tag></List.Item>
            )} />
          </Card>
          {!!sheet.data?.groups.length && (
            <Card size="small" title={t('donorService.groups')} style={{ marginTop: 12 }}>
              {sheet.data.groups.map((g) => <div key={g.id}><Text strong>{g.organisationName}</Text> · {g.contactName} {g.contactPhone} · {t('donorService.quota')} {g.quota}</div>)}
            </Card>
          )}
        </Col>
        <Col xs={24} lg={17}>
          <Table size="small" rowKey="id" loading={sheet.isLoading} dataSource={rows} pagination={{ pageSize: 20 }} data-testid="ds-sheet"
            columns={[
              { title: t('donorService.slot'), dataIndex: 'slot' },
              { title: t('donorService.donor'), render: (_, a) => <>{a.donorName} <Text type="secondary">{a.donorNumber}</Text></> },
              { title: 'ABO/RhD', render: (_, a) => (a.abo ? `${a.abo}${a.rhd === 'NEG' ? '−' : '+'}` : '—') },
              { title: t('donorService.phone'), dataIndex: 'phone' },
              { title: t('donorService.group'), render: (_, a) => (a.groupBookingId ? <Tag>{a.place?.replace('团体：', '')}</Tag> : null) },
              { title: t('donorService.status'), render: (_, a) => <Tag color={statusColor[a.status]}>{t(`donorService.apptStatus.${a.status as 'booked'}`)}</Tag> },
              { title: '', render: (_, a) => a.status === 'booked' && (
                <Space size={4}>
                  <Button size="small" type="primary" onClick={() => move.mutate({ id: a.id, move: 'check-in' })}>{t('donorService.checkIn')}</Button>
                  <Button size="small" onClick={() => move.mutate({ id: a.id, move: 'no-show' })}>{t('donorService.noShow')}</Button>
                  <Button size="small" danger onClick={() => move.mutate({ id: a.id, move: 'cancel' })}>{t('donorService.cancel')}</Button>
                </Space>
              ) },
            ]} />
        </Col>
      </Row>
    </Space>
  );
}

function Sites() {
  const { t } = useTranslation();
  const sites = useSites();
  const wd = t('donorApp.weekday', { returnObjects: true }) as string[];
  const hours = (s: Site) => s.kind === 'vehicle'
    ? s.schedule.map((x) => `${wd[x.weekday]} ${x.town}${x.place} ${x.startTime}–${x.endTime}`).join('；')
    : Object.entries(s.openingHours).map(([d, p]) => `${wd[Number(d)]} ${p.map(([a, b]) => `${a}–${b}`).join(',')}`).join('；');
  return (
    <Table size="small" rowKey="id" loading={sites.isLoading} dataSource={sites.data ?? []} pagination={{ pageSize: 20 }}
      columns={[
        { title: t('donorService.site'), render: (_, s) => <>{s.name} <Text type="secondary">{s.code}</Text></> },
        { title: '', render: (_, s) => <Tag color={s.kind === 'fixed_house' ? 'red' : s.kind === 'vehicle' ? 'blue' : 'green'}>{t(`donorService.kind.${s.kind}`)}</Tag>,
          filters: (['fixed_house', 'vehicle', 'grid_point'] as const).map((k) => ({ text: t(`donorService.kind.${k}`), value: k })), onFilter: (v, s) => s.kind === v },
        { title: t('donorService.town'), render: (_, s) => s.gridName ? `${s.town ?? ''}（${s.gridName}）` : s.town },
        { title: `${t('donorService.hours')} / ${t('donorService.schedule')}`, render: (_, s) => hours(s) },
        { title: t('donorService.capacity'), render: (_, s) => `${s.slotCapacity} / ${s.slotMinutes} min` },
      ]} />
  );
}

function CoverageView() {
  const { t } = useTranslation();
  const cov = useCoverage();
  const from = today();
  const proposals = useProposals(from, dayjs().add(14, 'day').format('YYYY-MM-DD'));
  const [accepted, setAccepted] = useState<string[]>([]);
  const option: ChartOption | null = cov.data ? {
    aria: { enabled: true },
    tooltip: { trigger: 'item', formatter: (p: unknown) => { const d = (p as { data: { name: string; minutes?: number; nearest?: string } }).data; return d.minutes != null ? `${d.name}<br/>${d.nearest} · ${d.minutes} ${t('donorService.coverage.minutes')}` : d.name; } },
    legend: { top: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'value', scale: true, name: t('donorService.coverage.lon') },
    yAxis: { type: 'value', scale: true, name: t('donorService.coverage.lat') },
    series: [
      { name: t('donorService.site'), type: 'scatter', symbol: 'pin', symbolSize: 28, itemStyle: { color: '#c62828' }, data: cov.data.sites.map((s) => ({ name: s.id, value: [s.lon, s.lat] })) },
      { name: t('donorService.coverage.covered'), type: 'scatter', symbolSize: 12, itemStyle: { color: '#2e7d32' }, data: cov.data.points.filter((p) => p.covered).map((p) => ({ name: p.name, value: [p.lon, p.lat], minutes: p.minutes, nearest: p.nearestSite })) },
      { name: t('donorService.coverage.uncovered'), type: 'scatter', symbolSize: 12, itemStyle: { color: '#ef6c00' }, data: cov.data.points.filter((p) => !p.covered).map((p) => ({ name: p.name, value: [p.lon, p.lat], minutes: p.minutes, nearest: p.nearestSite })) },
    ],
  } as ChartOption : null;
  return (
    <Row gutter={12}>
      <Col xs={24} lg={16}>
        <Card size="small" title={t('donorService.coverage.title')}>
          {cov.data && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('donorService.coverage.rule', { f: cov.data.rules.roadFactor, v: cov.data.rules.speedKmh, id: cov.data.rules.ruleSetId })} />}
          {option ? <ReactEChartsCore echarts={echarts} option={option} style={{ height: 420 }} notMerge /> : <Empty />}
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('donorService.coverage.points')}>
          <List size="small" dataSource={cov.data?.points ?? []} renderItem={(p) => (
            <List.Item><Text>{p.name}</Text><Tag color={p.covered ? 'green' : 'orange'}>{p.minutes} {t('donorService.coverage.minutes')}</Tag></List.Item>
          )} />
        </Card>
        <Card size="small" title={t('donorService.proposals')} style={{ marginTop: 12 }}>
          {proposals.data?.length ? proposals.data.map((p) => (
            <div key={`${p.town}${p.day}`} style={{ marginBottom: 8 }}>
              <Text>{t('donorService.proposalDetail', { town: p.town, day: p.day, n: p.bookings, m: p.totalMinutes })}</Text>{' '}
              {accepted.includes(p.town + p.day) ? <Tag color="green">{t('donorService.accepted')}</Tag> : <Button size="small" onClick={() => setAccepted([...accepted, p.town + p.day])}>{t('donorService.accept')}</Button>}
            </div>
          )) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        </Card>
      </Col>
    </Row>
  );
}

function Campaigns() {
  const { t } = useTranslation();
  const campaigns = useCampaigns();
  const start = useStartCampaign();
  const [selected, setSelected] = useState<number>();
  const current = selected ?? campaigns.data?.[0]?.id;
  const contacts = useContacts(current);
  const c = campaigns.data?.find((x) => x.id === current);
  const [form] = Form.useForm();
  const funnel: ChartOption | null = c ? {
    aria: { enabled: true }, tooltip: { trigger: 'item' },
    series: [{ type: 'funnel', sort: 'descending', left: '5%', width: '60%', label: { formatter: '{b}: {c}' },
      data: [{ name: t('donorService.campaign.contacted'), value: c.funnel.contacted }, { name: t('donorService.campaign.bookedN'), value: c.funnel.booked }, { name: t('donorService.campaign.donated'), value: c.funnel.donated }] }],
  } as ChartOption : null;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('donorService.campaign.start')}>
        <Form form={form} layout="inline" initialValues={{ abo: 'O', rhd: 'NEG', size: 50 }}
          onFinish={(v) => start.mutate({ abo: v.abo, rhd: v.rhd, size: v.size, targetDate: (v.targetDate ?? dayjs().add(2, 'day')).format('YYYY-MM-DD') }, { onSuccess: (r) => setSelected(r.id) })}>
          <Form.Item name="abo" label="ABO"><Select style={{ width: 80 }} options={['O', 'A', 'B', 'AB'].map((x) => ({ value: x, label: x }))} /></Form.Item>
          <Form.Item name="rhd" label="RhD"><Select style={{ width: 90 }} options={[{ value: 'NEG', label: 'RhD −' }, { value: 'POS', label: 'RhD +' }]} /></Form.Item>
          <Form.Item name="targetDate" label={t('donorService.campaign.targetDate')}><DatePicker /></Form.Item>
          <Form.Item name="size" label={t('donorService.campaign.size')}><InputNumber min={1} max={1000} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={start.isPending}>{t('donorService.campaign.start')}</Button>
        </Form>
        {start.error && <ProblemAlert error={start.error} form={form} style={{ marginTop: 8 }} />}
        {start.data && <Alert type="success" style={{ marginTop: 8 }} message={t('donorService.campaign.started', { n: start.data.contacts.length })} />}
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={9}>
          <Table size="small" rowKey="id" dataSource={campaigns.data ?? []} pagination={{ pageSize: 8 }} onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer', background: r.id === current ? '#e6f0ff' : undefined } })}
            columns={[
              { title: '#', dataIndex: 'id' },
              { title: 'ABO/RhD', render: (_, r) => <Tag color="red">{r.abo}{r.rhd === 'NEG' ? '−' : '+'}</Tag> },
              { title: t('donorService.campaign.targetDate'), dataIndex: 'targetDate' },
              { title: t('donorService.campaign.reason'), render: (_, r) => t(`donorService.campaign.${r.reason as 'manual'}`) + (r.alertLevel ? ` · ${r.alertLevel}` : '') },
              { title: t('donorService.campaign.funnel'), render: (_, r) => `${r.funnel.contacted} → ${r.funnel.booked} → ${r.funnel.donated}` },
            ]} />
          {funnel && <Card size="small" title={t('donorService.campaign.funnel')}><ReactEChartsCore echarts={echarts} option={funnel} style={{ height: 220 }} notMerge /></Card>}
        </Col>
        <Col xs={24} lg={15}>
          <Table size="small" rowKey="donorId" loading={contacts.isLoading} dataSource={contacts.data ?? []} pagination={{ pageSize: 15 }} title={() => t('donorService.campaign.contacts')}
            columns={[
              { title: t('donorService.campaign.rank'), dataIndex: 'rank', width: 60 },
              { title: t('donorService.donor'), render: (_, r) => <>{r.name} <Text type="secondary">{r.donorNumber}</Text></> },
              { title: 'ABO/RhD', render: (_, r) => `${r.abo}${r.rhd === 'NEG' ? '−' : '+'}` },
              { title: t('donorService.campaign.probability'), render: (_, r) => `${Math.round(r.probability * 100)}%` },
              { title: t('donorService.site'), render: (_, r) => `${r.siteName ?? ''}${r.travelMinutes != null ? ` · ${r.travelMinutes} min` : ''}` },
              { title: t('donorService.campaign.channel'), dataIndex: 'channel' },
              { title: t('donorService.status'), render: (_, r) => t(`donorService.campaign.${r.status === 'booked' ? 'bookedN' : r.status as 'contacted'}`) },
            ]} />
        </Col>
      </Row>
    </Space>
  );
}

/** Drawn signature on a canvas (pointer events), exported as a PNG data URL. */
function SignaturePad({ onChange }: { onChange: (dataUrl: string | null) => void }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const dirty = useRef(false);
  useEffect(() => {
    const c = ref.current!;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.width, c.height);
    ctx.lineWidth = 2.5; ctx.lineCap = 'round'; ctx.strokeStyle = '#111';
  }, []);
  const pos = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [(e.clientX - r.left) * (e.currentTarget.width / r.width), (e.clientY - r.top) * (e.currentTarget.height / r.height)] as const;
  };
  return (
    <Space direction="vertical">
      <canvas ref={ref} width={480} height={160} data-testid="signature-pad" style={{ border: '1px dashed #999', borderRadius: 6, touchAction: 'none', maxWidth: '100%' }}
        onPointerDown={(e) => { drawing.current = true; const ctx = e.currentTarget.getContext('2d')!; const [x, y] = pos(e); ctx.beginPath(); ctx.moveTo(x, y); }}
        onPointerMove={(e) => { if (!drawing.current) return; const ctx = e.currentTarget.getContext('2d')!; const [x, y] = pos(e); ctx.lineTo(x, y); ctx.stroke(); dirty.current = true; }}
        onPointerUp={(e) => { drawing.current = false; if (dirty.current) onChange(e.currentTarget.toDataURL('image/png')); }} />
      <Button size="small" onClick={() => { const c = ref.current!; const ctx = c.getContext('2d')!; ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.width, c.height); dirty.current = false; onChange(null); }}>{'清除 / Clear'}</Button>
    </Space>
  );
}

function Paperless() {
  const { t } = useTranslation();
  const lang = useLang();
  const [q, setQ] = useState('');
  const donors = useDonors({ page: 1, pageSize: 10, q: q || undefined }, q.length > 0);
  const codes = useAnswerCodes();
  const create = useCreatePredonation();
  const sign = useSignPredonation();
  const [signature, setSignature] = useState<string | null>(null);
  const [form] = Form.useForm();
  const rec = sign.data ?? create.data;
  const codeOptions = [
    ...(codes.data?.temporary ?? []).map((c) => ({ value: c.code, label: `${lang === 'zh-CN' ? c.zh : c.en}` })),
    ...(codes.data?.permanent ?? []).map((c) => ({ value: c.code, label: `${lang === 'zh-CN' ? '【不能献血】' + c.zh : '[permanent] ' + c.en}` })),
  ];
  return (
    <Row gutter={12}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('donorService.paperless.form')}>
          <Form form={form} layout="vertical" initialValues={{ weightKg: 60, hbGPerL: 130, systolicMmHg: 118, diastolicMmHg: 76, pulseBpm: 72, temperatureC: 36.6, answers: [] }}
            onFinish={(v) => { sign.reset(); create.mutate({ donorId: v.donorId, answers: (v.answers as string[]).map((code) => ({ code, ...(v.eventDate ? { date: v.eventDate.format('YYYY-MM-DD') } : {}) })),
              exam: { weightKg: v.weightKg, hbGPerL: v.hbGPerL, systolicMmHg: v.systolicMmHg, diastolicMmHg: v.diastolicMmHg, pulseBpm: v.pulseBpm, temperatureC: v.temperatureC } }); }}>
            <Form.Item name="donorId" label={t('donorService.donor')} rules={[{ required: true }]}>
              <Select showSearch filterOption={false} onSearch={setQ} placeholder={t('donorService.paperless.searchDonor')}
                options={(donors.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name} ${d.donorNumber}` }))} />
            </Form.Item>
            <Form.Item name="answers" label={t('donorService.paperless.answers')}><Select mode="multiple" options={codeOptions} optionFilterProp="label" /></Form.Item>
            <Form.Item name="eventDate" label={t('donorService.paperless.eventDate')}><DatePicker /></Form.Item>
            <Row gutter={8}>
              {(['weightKg', 'hbGPerL', 'systolicMmHg', 'diastolicMmHg', 'pulseBpm', 'temperatureC'] as const).map((k) => (
                <Col span={8} key={k}><Form.Item name={k} label={t(`donorService.paperless.exam.${k}`)} rules={[{ required: true }]}><InputNumber style={{ width: '100%' }} step={k === 'temperatureC' ? 0.1 : 1} /></Form.Item></Col>
              ))}
            </Row>
            {create.error && <ProblemAlert error={create.error} form={form} style={{ marginBottom: 8 }} />}
            <Button type="primary" htmlType="submit" loading={create.isPending}>{t('donorService.paperless.assess')}</Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        {rec && (
          <Card size="small" title={t('donorService.paperless.decision')}>
            {rec.decision.eligible
              ? <Alert type="success" showIcon message={t('donorService.paperless.eligible', { id: rec.decision.ruleSetId })} />
              : <Alert type="error" showIcon message={t('donorService.paperless.ineligible', { d: rec.decision.eligibleFrom ?? '—' })}
                description={<ul style={{ margin: 0, paddingLeft: 18 }}>{rec.decision.reasons.map((r) => <li key={r.code}>{pickBilingual(r.message, lang)} <Text type="secondary">（{r.source}）</Text></li>)}</ul>} />}
            <Paragraph style={{ marginTop: 12, fontSize: 12 }}>{pickBilingual(rec.consentText, lang)}</Paragraph>
            {rec.signed ? (
              <Alert type="info" showIcon message={t('donorService.paperless.signed', { at: dayjs(rec.signedAt).format('YYYY-MM-DD HH:mm') })} description={<Text code>SHA-256 {rec.contentSha256}</Text>} />
            ) : (
              <Space direction="vertical">
                <Text>{t('donorService.paperless.signHere')}</Text>
                <SignaturePad onChange={setSignature} />
                {sign.error && <ProblemAlert error={sign.error} />}
                <Button type="primary" disabled={!signature} loading={sign.isPending} onClick={() => signature && sign.mutate({ id: rec.id, donorSignature: signature })}>{t('donorService.paperless.sign')}</Button>
              </Space>
            )}
          </Card>
        )}
      </Col>
    </Row>
  );
}

export default function DonorServicePage() {
  const { t } = useTranslation();
  const { tab = 'appointments' } = useParams();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('nav.donorService')} />
      <Tabs activeKey={tab} onChange={(k) => navigate(`/donor-service/${k}`)} destroyOnHidden
        items={[
          { key: 'appointments', label: t('donorService.nav.appointments'), children: <Appointments /> },
          { key: 'sites', label: t('donorService.nav.sites'), children: <Sites /> },
          { key: 'campaigns', label: t('donorService.nav.campaigns'), children: <Campaigns /> },
          { key: 'coverage', label: t('donorService.nav.coverage'), children: <CoverageView /> },
          { key: 'paperless', label: t('donorService.nav.paperless'), children: <Paperless /> },
        ]} />
    </>
  );
}
