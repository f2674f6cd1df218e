import { Card, Col, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isHospitalUser } from '../../api/access';
import { useSession } from '../../api/auth';
import { useBackwardTrace, useForwardTrace, type BackwardTrace, type ForwardTrace } from '../../api/logistics';
import { BloodGroupTag } from '../../components/BloodGroupTag';
import { DateTime } from '../../components/DateTime';
import { ProblemAlert } from '../../components/ProblemAlert';
import { SearchBox } from '../../components/SearchBox';
import { UnitStatusTag } from '../../components/StatusTags';
import type { UnitStatus } from '../../api/types';
import { useLang } from '../../i18n';

type FwdUnit = ForwardTrace['donations'][number]['units'][number] & { collectedAt: string; dinDisplay: string };

/** Forward (donor → donations → units → where each went) and backward (patient → units → donor) trace. */
export function DirectionalTrace() {
  const { t } = useTranslation();
  const lang = useLang();
  const { user } = useSession();
  const hospital = isHospitalUser(user);
  const [donorInput, setDonorInput] = useState('');
  const [donorNumber, setDonorNumber] = useState<string>();
  const [patientInput, setPatientInput] = useState('');
  const [patient, setPatient] = useState<string>();
  const fwd = useForwardTrace(donorNumber);
  const back = useBackwardTrace(patient);
  const fwdRows: FwdUnit[] = (fwd.data?.donations ?? []).flatMap((d) => d.units.map((u) => ({ ...u, collectedAt: d.collectedAt, dinDisplay: d.dinDisplay })));
  return (
    <Row gutter={16}>
      {!hospital && (
        <Col xs={24} xl={12}>
          <Card size="small" title={t('logi.trace.forward')} data-testid="trace-forward">
            <SearchBox value={donorInput} onChange={setDonorInput} onSearch={(v) => setDonorNumber(v.trim() || undefined)} placeholder={t('logi.trace.donorNumber')}
              buttonText={t('logi.trace.search')} loading={fwd.isFetching} data-testid="trace-forward-input" />
            {fwd.error ? <ProblemAlert error={fwd.error} style={{ marginTop: 12 }} /> : fwd.data && (
              <div style={{ marginTop: 12 }}>
                <Space style={{ marginBottom: 8 }}><strong>{fwd.data.donor.donorNumber}</strong>{fwd.data.donor.nameMasked}<BloodGroupTag abo={fwd.data.donor.abo as never} rhd={fwd.data.donor.rhd as never} /></Space>
                <Table<FwdUnit> rowKey="id" size="small" pagination={false} dataSource={fwdRows}
                  columns={[
                    { title: t('term.din'), render: (_, u) => <Link to={`/trace/${u.din}`}>{u.dinDisplay}</Link> },
                    { title: t('term.product'), render: (_, u) => (lang === 'zh-CN' ? u.productNameZh : u.productNameEn) },
                    { title: t('term.status'), render: (_, u) => <UnitStatusTag status={u.status as UnitStatus} /> },
                    { title: t('logi.trace.destination'), render: (_, u) => u.transfusion
                      ? <Tag color="purple">{t('logi.trace.transfusedTo', { hospital: u.transfusion.hospitalName, ward: u.transfusion.ward ?? '', patient: u.transfusion.patientMasked })}</Tag>
                      : u.transferredTo ? <Tag color="blue">{t('logi.trace.transferredTo', { peer: u.transferredTo.peerCode })}</Tag> : u.locationOrgName },
                  ]} />
              </div>
            )}
          </Card>
        </Col>
      )}
      <Col xs={24} xl={hospital ? 24 : 12}>
        <Card size="small" title={t('logi.trace.backward')} data-testid="trace-backward">
          <SearchBox value={patientInput} onChange={setPatientInput} onSearch={(v) => setPatient(v.trim() || undefined)} placeholder={t('logi.trace.patientName')}
            buttonText={t('logi.trace.search')} loading={back.isFetching} data-testid="trace-backward-input" />
          {back.error ? <ProblemAlert error={back.error} style={{ marginTop: 12 }} /> : back.data && (
            <Table<BackwardTrace['items'][number]> style={{ marginTop: 12 }} rowKey={(r) => r.transfusion.id} size="small" pagination={false} dataSource={back.data.items}
              columns={[
                { title: t('logi.common.time'), render: (_, r) => <DateTime value={r.transfusion.transfusedAt} /> },
                { title: t('logi.trace.patientName'), render: (_, r) => `${r.transfusion.patientMasked} · ${r.transfusion.hospitalName} ${r.transfusion.ward ?? ''}` },
                { title: t('term.din'), render: (_, r) => <Link to={`/trace/${r.unit.din}`}>{r.unit.dinDisplay}</Link> },
                { title: t('logi.trace.source'), render: (_, r) => r.source.kind === 'donation'
                  ? <span>{t('donors.donorNumber')} <strong>{r.source.donorNumber ?? '—'}</strong></span>
                  : <span>{t('logi.trace.peerSource', { code: r.source.stationCode })} · <strong>{r.source.donorNumber ?? '—'}</strong></span> },
              ]} />
          )}
          {!back.data && !back.error && <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12 }}><Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /></Typography.Text>}
        </Card>
      </Col>
    </Row>
  );
}
