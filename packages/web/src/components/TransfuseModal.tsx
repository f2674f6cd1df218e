import { Alert, App, DatePicker, Descriptions, Form, Input, Modal, Radio } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import type { AboGroup, RhD, Unit } from '../api/types';
import { useTransfuseUnit } from '../api/units';
import { pickBilingual, useLang } from '../i18n';
import { pickerToIso, shanghaiNowForPicker } from '../i18n/format';
import { BloodGroupTag } from './BloodGroupTag';
import { ExpiryText } from './DateTime';
import { DinText } from './DinText';
import { useOptions } from './options';
import { ProblemAlert, useProblemMessage } from './ProblemAlert';
import { productName } from './UnitsTable';

interface Values {
  patientName: string;
  patientIdNumber?: string;
  patientAbo: AboGroup;
  patientRhd: RhD;
  ward?: string;
  transfusedAt?: Dayjs;
}

interface Props {
  unit: Unit | null;
  onClose: () => void;
}

/** Record a transfusion (hospital). The server refuses ABO/RhD-incompatible units; the refusal is shown prominently. */
export function TransfuseModal({ unit, onClose }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const opts = useOptions();
  const transfuse = useTransfuseUnit();
  const problemMessage = useProblemMessage();

  useEffect(() => {
    if (unit) {
      form.resetFields();
      form.setFieldsValue({ transfusedAt: shanghaiNowForPicker() });
      transfuse.reset();
    }
  }, [unit?.id]);

  const submit = async () => {
    if (!unit) return;
    const v = await form.validateFields();
    transfuse.mutate(
      {
        unitId: unit.id,
        input: {
          patientName: v.patientName.trim(),
          patientIdNumber: v.patientIdNumber?.trim() || undefined,
          patientAbo: v.patientAbo,
          patientRhd: v.patientRhd,
          ward: v.ward?.trim() || undefined,
          transfusedAt: pickerToIso(v.transfusedAt),
        },
      },
      {
        onSuccess: () => {
          void message.success(t('transfuse.done', { din: unit.din }));
          onClose();
        },
      },
    );
  };

  const refused =
    isApiError(transfuse.error) && ['ABO_INCOMPATIBLE', 'UNIT_NOT_ISSUABLE', 'INVALID_TRANSITION'].includes(transfuse.error.code);

  return (
    <Modal
      open={!!unit}
      title={t('transfuse.title')}
      onCancel={onClose}
      onOk={submit}
      okText={t('transfuse.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'transfuse-submit', loading: transfuse.isPending }}
      destroyOnHidden
      width={640}
    >
      {unit && (
        <>
          <Descriptions
            size="small"
            column={2}
            bordered
            style={{ marginBottom: 16 }}
            items={[
              { key: 'din', label: t('term.din'), children: <DinText din={unit.din} />, span: 2 },
              { key: 'product', label: t('term.product'), children: productName(unit, lang) },
              { key: 'group', label: t('term.bloodGroup'), children: <BloodGroupTag abo={unit.abo} rhd={unit.rhd} /> },
              { key: 'exp', label: t('term.expiresAt'), children: <ExpiryText value={unit.expiresAt} status={unit.status} />, span: 2 },
            ]}
          />
          <Alert type="info" showIcon title={t('transfuse.checkHint')} style={{ marginBottom: 16 }} />
          {refused ? (
            <Alert
              type="error"
              showIcon
              data-testid="transfuse-error"
              data-code={isApiError(transfuse.error) ? transfuse.error.code : undefined}
              style={{ marginBottom: 16, borderWidth: 2 }}
              title={<strong>{t('transfuse.refused')}：{problemMessage(transfuse.error)}</strong>}
              description={isApiError(transfuse.error) && transfuse.error.detail ? pickBilingual(transfuse.error.detail, lang) : undefined}
            />
          ) : (
            <ProblemAlert error={transfuse.error} form={form} data-testid="transfuse-error" />
          )}
          <Form form={form} layout="vertical" requiredMark>
            <Form.Item
              name="patientName"
              label={t('transfuse.patientName')}
              rules={[{ required: true, whitespace: true, message: t('transfuse.patientNameRequired') }]}
            >
              <Input data-testid="transfuse-patient-name" autoComplete="off" maxLength={50} />
            </Form.Item>
            <Form.Item name="patientIdNumber" label={t('transfuse.patientIdNumber')}>
              <Input data-testid="transfuse-patient-id" autoComplete="off" maxLength={40} />
            </Form.Item>
            <Form.Item
              name="patientAbo"
              label={t('transfuse.patientAbo')}
              rules={[{ required: true, message: t('transfuse.patientAboRequired') }]}
            >
              <Radio.Group optionType="button" buttonStyle="solid" data-testid="transfuse-abo">
                {opts.abo.map((o) => (
                  <Radio.Button key={o.value} value={o.value}>
                    <span data-testid={`transfuse-abo-${o.value}`}>{o.label}</span>
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item
              name="patientRhd"
              label={t('transfuse.patientRhd')}
              rules={[{ required: true, message: t('transfuse.patientRhdRequired') }]}
            >
              <Radio.Group optionType="button" buttonStyle="solid" data-testid="transfuse-rhd">
                {opts.rhd.map((o) => (
                  <Radio.Button key={o.value} value={o.value}>
                    <span data-testid={`transfuse-rhd-${o.value}`}>{o.label}</span>
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item name="ward" label={t('transfuse.ward')}>
              <Input data-testid="transfuse-ward" maxLength={50} />
            </Form.Item>
            <Form.Item name="transfusedAt" label={t('transfuse.transfusedAt')}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="transfuse-at" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
