/**
 * The donor's own app (mobile H5, WeChat-style) under /m/: phone + one-time code sign-in, home (honours, next
 * appointment, nearest open sites today, appeals), booking (only eligible days), group booking, my donations
 * (privacy-worded outcome, where the blood went, electronic certificate).
 */
import { useEffect, useMemo, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Empty, Form, Input, InputNumber, List, Modal, Radio, Result, Select, Space, Spin, Switch, Tag, Typography } from 'antd';
import { CalendarOutlined, HomeOutlined, SafetyCertificateOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { isApiError } from '../../api/client';
import {
  fetchCertificate, useBook, useCancelMine, useCreateGroup, useDonorLogout, useDonorMe, useMSites, useMyDonations, useNotices, useOffer,
  useMyBenefits, useOpenSites, useOptOut, useRequestCode, useVerifyCode, type Certificate, type MSite,
} from '../../api/donorApp';
import { ProblemAlert } from '../../components/ProblemAlert';
import { yuan } from '../../api/rights';
import { pickBilingual, setLanguage, useLang } from '../../i18n';
import './donor-app.css';

const { Text, Title, Paragraph } = Typography;

function Shell() {
  const { t } = useTranslation();
  const lang = useLang();
  const loc = useLocation();
  const me = useDonorMe();
  const logout = useDonorLogout();
  const navigate = useNavigate();
  if (me.isLoading) return <div className="m-center"><Spin /></div>;
  if (me.isError && isApiError(me.error) && me.error.status === 401) return <Navigate to="/m/login" replace />;
  const tabs = [
    { to: '/m', icon: <HomeOutlined />, label: t('donorApp.tabs.home'), id: 'home' },
    { to: '/m/book', icon: <CalendarOutlined />, label: t('donorApp.tabs.book'), id: 'book' },
    { to: '/m/group', icon: <TeamOutlined />, label: t('donorApp.tabs.group'), id: 'group' },
    { to: '/m/me', icon: <UserOutlined />, label: t('donorApp.tabs.me'), id: 'me' },
  ];
  return (
    <div className="m-app">
      <header className="m-header">
        <span className="m-brand">{t('donorApp.title')}</span>
        <Space size={4}>
          <Button size="small" type="text" onClick={() => setLanguage(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}>{lang === 'zh-CN' ? 'EN' : '中'}</Button>
          <Button size="small" type="text" data-testid="m-logout" onClick={() => logout.mutate(undefined, { onSuccess: () => navigate('/m/login') })}>{t('donorApp.logout')}</Button>
        </Space>
      </header>
      <main className="m-main"><Outlet /></main>
      <nav className="m-tabs">
        {tabs.map((tab) => (
          <Link key={tab.id} to={tab.to} data-testid={`m-tab-${tab.id}`} className={loc.pathname === tab.to || (tab.to !== '/m' && loc.pathname.startsWith(tab.to)) ? 'active' : ''}>
            {tab.icon}<span>{tab.label}</span>
          </Link>
        ))}
      </nav>
    </div>
  );
}

export function DonorLogin() {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [wait, setWait] = useState(0);
  const request = useRequestCode();
  const verify = useVerifyCode();
  const navigate = useNavigate();
  useEffect(() => {
    if (wait <= 0) return undefined;
    const timer = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  return (
    <div className="m-app">
      <header className="m-header"><span className="m-brand">{t('donorApp.title')}</span></header>
      <main className="m-main">
        <Card title={t('donorApp.login.title')}>
          <Form layout="vertical" onFinish={() => verify.mutate({ phone, code }, { onSuccess: () => navigate('/m') })}>
            <Form.Item label={t('donorApp.login.phone')} extra={t('donorApp.login.hint')}>
              <Space.Compact style={{ width: '100%' }}>
                <Input data-testid="m-phone" inputMode="numeric" maxLength={11} value={phone} onChange={(e) => setPhone(e.target.value.trim())} />
                <Button data-testid="m-send-code" disabled={wait > 0 || !/^1\d{10}$/.test(phone)} loading={request.isPending}
                  onClick={() => request.mutate(phone, { onSuccess: (r) => setWait(r.retryAfterSeconds) })}>
                  {wait > 0 ? t('donorApp.login.resend', { s: wait }) : t('donorApp.login.send')}
                </Button>
              </Space.Compact>
            </Form.Item>
            {request.isSuccess && <Alert type="success" showIcon message={t('donorApp.login.sent')} style={{ marginBottom: 12 }} />}
            <Form.Item label={t('donorApp.login.code')}>
              <Input data-testid="m-code" inputMode="numeric" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.trim())} />
            </Form.Item>
            {(request.error || verify.error) && <ProblemAlert error={request.error ?? verify.error} style={{ marginBottom: 12 }} />}
            <Button data-testid="m-login" type="primary" htmlType="submit" block size="large" disabled={code.length !== 6} loading={verify.isPending}>{t('donorApp.login.submit')}</Button>
          </Form>
        </Card>
      </main>
    </div>
  );
}

function Home() {
  const { t } = useTranslation();
  const lang = useLang();
  const me = useDonorMe();
  const [pos, setPos] = useState<{ lat: number; lon: number } | null>(null);
  useEffect(() => {
    navigator.geolocation?.getCurrentPosition((p) => setPos({ lat: p.coords.latitude, lon: p.coords.longitude }), () => undefined, { timeout: 3000 });
  }, []);
  const open = useOpenSites(pos);
  const notices = useNotices();
  const cancel = useCancelMine();
  const d = me.data?.donor;
  if (!d) return null;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card className="m-hero">
        <Title level={4} style={{ margin: 0 }}>{t('donorApp.hello', { name: d.name })}</Title>
        <Paragraph style={{ margin: '6px 0 0' }} data-testid="m-honours">
          {t('donorApp.honours', { n: d.donationCount, ml: d.totalVolumeMl })}
          {d.honours.nextMilestone && <><br /><Text type="secondary">{t('donorApp.nextMilestone', { n: d.honours.nextMilestone - d.donationCount, m: d.honours.nextMilestone })}</Text></>}
        </Paragraph>
        {d.abo && <Tag color="red" style={{ marginTop: 6 }}>{d.abo} RhD{d.rhd === 'NEG' ? '−' : '+'}</Tag>}
      </Card>
      <Card size="small" title={t('donorApp.next')} data-testid="m-next">
        {me.data?.next ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Text strong>{me.data.next.day} {me.data.next.startTime}–{me.data.next.endTime}</Text>
            <Text>{me.data.next.siteName}{me.data.next.place ? ` · ${me.data.next.place}` : ''}</Text>
            <Button danger size="small" data-testid="m-cancel" loading={cancel.isPending} onClick={() => cancel.mutate(me.data!.next!.id)}>{t('donorApp.cancel')}</Button>
          </Space>
        ) : <Text type="secondary">{t('donorApp.noNext')}</Text>}
        {cancel.isSuccess && <Alert type="info" message={t('donorApp.cancelled')} style={{ marginTop: 8 }} />}
      </Card>
      <Link to="/m/benefits" data-testid="m-benefits-link">
        <Card size="small" hoverable>
          <Space><SafetyCertificateOutlined style={{ color: '#b71c1c' }} /><Text strong>{t('donorApp.benefits.title')}</Text><Text type="secondary">{t('donorApp.benefits.teaser')}</Text></Space>
        </Card>
      </Link>
      <Card size="small" title={t('donorApp.openToday')}>
        {open.data?.length ? (
          <List size="small" dataSource={open.data.slice(0, 4)} renderItem={(s) => (
            <List.Item>
              <List.Item.Meta title={<>{s.name} <Tag>{t(`donorApp.kind.${s.kind as 'fixed_house'}`)}</Tag></>}
                description={<>{s.periods.map((p) => `${p.start}–${p.end}${p.place ? ` ${p.place}` : ''}`).join('，')}{s.travelMinutes != null ? ` · ${t('donorApp.minutes', { m: Math.round(s.travelMinutes) })}` : ''}</>} />
            </List.Item>
          )} />
        ) : <Text type="secondary">{t('donorApp.noneOpen')}</Text>}
      </Card>
      <Card size="small" title={t('donorApp.notices')}>
        <List size="small" dataSource={notices.data ?? []} renderItem={(n) => (
          <List.Item>
            <List.Item.Meta title={<><Tag color={n.kind === 'appeal' ? 'red' : 'blue'}>{t(`donorApp.${n.kind}`)}</Tag>{n.title}</>} description={<Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0 }}>{n.body}</Paragraph>} />
          </List.Item>
        )} />
      </Card>
      <Text type="secondary" style={{ fontSize: 12 }}>{lang === 'zh-CN' ? '' : ''}</Text>
    </Space>
  );
}

function siteLabel(s: MSite, t: (k: string) => string) {
  return `${s.name}（${t(`donorApp.kind.${s.kind}`)}${s.town ? ` · ${s.town}` : ''}）`;
}

function Book() {
  const { t } = useTranslation();
  const lang = useLang();
  const sites = useMSites();
  const [siteId, setSiteId] = useState<number>();
  const [type, setType] = useState('whole_blood');
  const [slotId, setSlotId] = useState<number>();
  const offer = useOffer(siteId, type);
  const book = useBook();
  const chosen = useMemo(() => offer.data?.days.flatMap((d) => d.slots.map((s) => ({ ...s, day: d.day }))).find((s) => s.id === slotId), [offer.data, slotId]);
  const site = sites.data?.find((s) => s.id === siteId);
  if (book.isSuccess && chosen) {
    return <Result status="success" title={t('donorApp.booked')} subTitle={t('donorApp.bookedDetail', { day: chosen.day, time: chosen.startTime, site: site?.name ?? '' })} data-testid="m-booked"
      extra={<Link to="/m"><Button type="primary">{t('donorApp.tabs.home')}</Button></Link>} />;
  }
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Form layout="vertical">
          <Form.Item label={t('donorApp.site')}>
            <Select data-testid="m-site" placeholder={t('donorApp.pickSite')} value={siteId} onChange={(v) => { setSiteId(v); setSlotId(undefined); }}
              options={(sites.data ?? []).map((s) => ({ value: s.id, label: siteLabel(s, t as never) }))} />
          </Form.Item>
          {site?.kind === 'vehicle' && <Paragraph type="secondary" style={{ marginTop: -8 }}>{site.schedule.map((x) => `${(t('donorApp.weekday', { returnObjects: true }) as string[])[x.weekday]} ${x.town}${x.place} ${x.startTime}–${x.endTime}`).join('；')}</Paragraph>}
          <Form.Item label={t('donorApp.type')}>
            <Radio.Group value={type} onChange={(e) => { setType(e.target.value); setSlotId(undefined); }} optionType="button"
              options={[{ value: 'whole_blood', label: t('donorApp.whole_blood') }, { value: 'apheresis_platelets', label: t('donorApp.apheresis_platelets') }]} />
          </Form.Item>
        </Form>
      </Card>
      {siteId && (
        <Card size="small" title={t('donorApp.days')}>
          {offer.isLoading ? <Spin /> : offer.data && offer.data.days.length === 0 ? (
            <Empty description={<>
              {t('donorApp.noDays')}
              {offer.data.decisionToday && !offer.data.decisionToday.eligible && offer.data.decisionToday.eligibleFrom && <div>{t('donorApp.eligibleFrom', { d: offer.data.decisionToday.eligibleFrom })}</div>}
              {offer.data.decisionToday?.reasons.map((r) => <div key={r.code}><Text type="secondary">{pickBilingual(r.message, lang)}</Text></div>)}
            </>} />
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              {offer.data?.days.map((d) => (
                <div key={d.day} className="m-day">
                  <Text strong>{d.day} {(t('donorApp.weekday', { returnObjects: true }) as string[])[((new Date(`${d.day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1]}</Text>
                  <div className="m-slots">
                    {d.slots.map((s) => (
                      <Button key={s.id} size="small" type={slotId === s.id ? 'primary' : 'default'} data-testid={`m-slot-${d.day}-${s.startTime}`} onClick={() => setSlotId(s.id)}>
                        {s.startTime}–{s.endTime} <Text type="secondary" style={{ fontSize: 11, marginLeft: 4 }}>{t('donorApp.free', { n: s.free })}</Text>
                      </Button>
                    ))}
                  </div>
                </div>
              ))}
            </Space>
          )}
        </Card>
      )}
      {book.error && <ProblemAlert error={book.error} />}
      <Button type="primary" size="large" block disabled={!slotId} loading={book.isPending} data-testid="m-confirm" onClick={() => slotId && book.mutate({ slotId, donationType: type })}>{t('donorApp.confirm')}</Button>
    </Space>
  );
}

const TIMES = [['08:00', '12:00'], ['09:00', '12:00'], ['13:30', '17:00']] as const;

function Group() {
  const { t } = useTranslation();
  const sites = useMSites();
  const create = useCreateGroup();
  const book = useBook();
  const [form] = Form.useForm();
  if (create.data) {
    const g = create.data;
    return (
      <Result status="success" title={t('donorApp.group.done')} data-testid="m-group-done"
        subTitle={t('donorApp.group.doneDetail', { org: form.getFieldValue('organisationName'), day: form.getFieldValue('day'), site: g.siteName, quota: form.getFieldValue('quota') })}
        extra={book.isSuccess ? <Tag color="green" data-testid="m-group-joined">{t('donorApp.group.joined')}</Tag> : (
          <Space direction="vertical">
            {book.error && <ProblemAlert error={book.error} />}
            <Button type="primary" data-testid="m-group-join" loading={book.isPending} onClick={() => book.mutate({ slotId: g.slotId, groupBookingId: g.id })}>{t('donorApp.group.joinSelf')}</Button>
          </Space>
        )} />
    );
  }
  const req = [{ required: true, message: t('donorApp.required') }];
  return (
    <Card size="small" title={t('donorApp.group.title')}>
      <Form form={form} layout="vertical" initialValues={{ quota: 20, time: 0 }} onFinish={(v) => {
        const [startTime, endTime] = TIMES[v.time as number];
        create.mutate({ organisationName: v.organisationName, contactName: v.contactName, contactPhone: v.contactPhone, quota: v.quota, day: v.day, siteId: v.siteId, startTime, endTime, place: v.place || undefined });
      }}>
        <Form.Item name="organisationName" label={t('donorApp.group.organisationName')} rules={req}><Input data-testid="m-g-org" maxLength={100} /></Form.Item>
        <Form.Item name="contactName" label={t('donorApp.group.contactName')} rules={req}><Input data-testid="m-g-contact" maxLength={64} /></Form.Item>
        <Form.Item name="contactPhone" label={t('donorApp.group.contactPhone')} rules={[...req, { pattern: /^1\d{10}$/, message: '11 位手机号 / 11-digit mobile' }]}><Input data-testid="m-g-phone" inputMode="numeric" maxLength={11} /></Form.Item>
        <Form.Item name="quota" label={t('donorApp.group.quota')} rules={req}><InputNumber data-testid="m-g-quota" min={2} max={200} style={{ width: '100%' }} /></Form.Item>
        <Form.Item name="siteId" label={t('donorApp.site')} rules={req}>
          <Select data-testid="m-g-site" options={(sites.data ?? []).filter((s) => s.kind !== 'grid_point').map((s) => ({ value: s.id, label: siteLabel(s, t as never) }))} />
        </Form.Item>
        <Form.Item name="day" label={t('donorApp.group.day')} rules={req}><Input data-testid="m-g-day" type="date" /></Form.Item>
        <Form.Item name="time" label={t('donorApp.group.time')}>
          <Radio.Group optionType="button" options={TIMES.map(([a, b], i) => ({ value: i, label: `${a}–${b}` }))} />
        </Form.Item>
        <Form.Item name="place" label={t('donorApp.group.place')}><Input data-testid="m-g-place" maxLength={100} /></Form.Item>
        {create.error && <ProblemAlert error={create.error} form={form} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" block size="large" loading={create.isPending} data-testid="m-g-submit">{t('donorApp.group.submit')}</Button>
      </Form>
    </Card>
  );
}

function Me() {
  const { t } = useTranslation();
  const donations = useMyDonations();
  const optOut = useOptOut();
  const [cert, setCert] = useState<Certificate | null>(null);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small" title={t('donorApp.history')}>
        {donations.data?.length ? (
          <List dataSource={donations.data} renderItem={(d) => (
            <List.Item data-testid="m-donation" actions={[<Button key="c" size="small" data-testid="m-cert" onClick={() => void fetchCertificate(d.id).then(setCert)}>{t('donorApp.certificate')}</Button>]}>
              <List.Item.Meta title={<>{d.day} · {d.volumeMl} ml · {t(`donorApp.${d.donationType as 'whole_blood'}`)}</>}
                description={<>
                  <div>{t('donorApp.outcome')}：<Tag color={d.outcome.code === 'qualified' ? 'green' : d.outcome.code === 'pending' ? 'default' : 'orange'}>{t('donorApp.title') === '红桥献血' ? d.outcome.zh : d.outcome.en}</Tag></div>
                  <div>{t('donorApp.whereWent')}：{d.whereItWent.length ? d.whereItWent.map((w) => t(w.stage === 'transfused' ? 'donorApp.transfused' : 'donorApp.issued', { hospital: w.hospital, day: w.day ?? '' })).join('；') : t('donorApp.notYet')}</div>
                </>} />
            </List.Item>
          )} />
        ) : <Empty description={t('donorApp.noHistory')} />}
      </Card>
      <Card size="small"><Space><Switch onChange={(v) => optOut.mutate(v)} loading={optOut.isPending} /> {t('donorApp.optOut')}</Space></Card>
      <Modal open={!!cert} onCancel={() => setCert(null)} footer={null} title={t('donorApp.certTitle')}>
        {cert && (
          <div className="m-cert" data-testid="m-cert-view">
            <Title level={4} style={{ textAlign: 'center', color: '#b71c1c' }}>{t('donorApp.certTitle')}</Title>
            <p>{cert.name}（{cert.abo ?? '—'} RhD{cert.rhd === 'NEG' ? '−' : '+'}）· {cert.idNumberMasked}</p>
            <p>{cert.day} · {cert.volumeMl} ml · {t(`donorApp.${cert.donationType as 'whole_blood'}`)}</p>
            <p>{cert.station}</p>
            <p><Text type="secondary">{t('donorApp.certNo')}：{cert.certificateNo} · {t('donorApp.verify')}：{cert.verification}</Text></p>
          </div>
        )}
      </Modal>
    </Space>
  );
}

function remainingText(e: { unlimited: boolean; remainingMl: number | null }, t: (k: string, o?: Record<string, unknown>) => string) {
  return e.unlimited ? t('donorApp.benefits.unlimited') : t('donorApp.benefits.remaining', { ml: e.remainingMl ?? 0 });
}

/** 用血减免: my and my verified relatives' entitlement and the deductions booked against them. */
function Benefits() {
  const { t } = useTranslation();
  const b = useMyBenefits();
  if (b.isLoading) return <div className="m-center"><Spin /></div>;
  if (b.error) return <ProblemAlert error={b.error} />;
  const data = b.data!;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="m-benefits">
      <Card size="small" title={t('donorApp.benefits.title')}>
        <List size="small" dataSource={[{ ...data.self, relativeName: undefined }, ...data.family]} renderItem={(e) => (
          <List.Item data-testid={`m-entitlement-${e.relation}`}>
            <List.Item.Meta
              title={<>{t(`rights.relation.${e.relation as 'self'}`)}{e.relativeName ? ` · ${e.relativeName}` : ''} <Tag color={e.unlimited || (e.remainingMl ?? 0) > 0 ? 'green' : 'default'}>{remainingText(e, t as never)}</Tag></>}
              description={<Text type="secondary" style={{ fontSize: 12 }}>{e.rule}</Text>} />
          </List.Item>
        )} />
        {data.family.length === 0 && <Text type="secondary" style={{ fontSize: 12 }}>{t('donorApp.benefits.noFamily')}</Text>}
      </Card>
      <Card size="small" title={t('donorApp.benefits.deductions')}>
        {data.deductions.length ? (
          <List dataSource={data.deductions} renderItem={(d) => (
            <List.Item data-testid="m-deduction">
              <List.Item.Meta
                title={<>{d.day} · {d.hospitalName}</>}
                description={<>
                  <div><Tag color="red">{t(`rights.relation.${d.relation as 'self'}`)}</Tag>{d.beneficiaryName} · {t(`rights.kind.${d.kind}`)}</div>
                  <div>{t('donorApp.benefits.line', { ml: d.volumeMl, amount: yuan(d.amountFen) })}</div>
                </>} />
            </List.Item>
          )} />
        ) : <Empty description={t('donorApp.benefits.none')} />}
      </Card>
      <Text type="secondary" style={{ fontSize: 12 }}>{t('donorApp.benefits.footnote')}</Text>
    </Space>
  );
}

export const donorAppRoutes = {
  path: '/m',
  element: <Shell />,
  children: [
    { index: true, element: <Home /> },
    { path: 'book', element: <Book /> },
    { path: 'group', element: <Group /> },
    { path: 'me', element: <Me /> },
    { path: 'benefits', element: <Benefits /> },
  ],
};
export type { MSite };
