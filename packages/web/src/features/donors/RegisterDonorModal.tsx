import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRegisterDonor } from '../../api/donors';
import type { AboGroup, Donor, RhD } from '../../api/types';
import { useOptions } from '../../components/options';
import { ProblemAlert } from '../../components/ProblemAlert';

interface Values {
  idNumber: string;
  name: string;
  phone?: string;
  abo?: AboGroup;
  rhd?: RhD;
}

interface Props {
  open: boolean;
  onClose: () => void;
  onRegistered: (donor: Donor) => void;
}

export function RegisterDonorModal({ open, onClose, onRegistered }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const opts = useOptions();
  const register = useRegisterDonor();

  const submit = async () => {
    const v = await form.validateFields();
    register.mutate(
      {
        idNumber: v.idNumber.trim().toUpperCase(),
        name: v.name.trim(),
        phone: v.phone?.trim() || undefined,
        abo: v.abo,
        rhd: v.rhd,
      },
      {
        onSuccess: (donor) => {
          void message.success(t('donors.registered', { name: donor.name, number: donor.donorNumber }));
          form.resetFields();
          register.reset();
          onRegistered(donor);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('donors.registerTitle')}
      onCancel={() => {
        register.reset();
        onClose();
      }}
      onOk={submit}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: register.isPending, 'data-testid': 'donor-form-submit' }}
      destroyOnHidden
    >
      <ProblemAlert error={register.error} form={form} data-testid="donor-form-error" />
      <Form<Values> form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="idNumber"
          label={t('donors.idNumber')}
          extra={t('donors.idNumberHint')}
          rules={[
            { required: true, whitespace: true, message: t('donors.idNumberRequired') },
            { pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('donors.idNumberFormat') },
          ]}
        >
          <Input maxLength={18} autoComplete="off" data-testid="donor-form-idNumber" style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="name" label={t('donors.name')} rules={[{ required: true, whitespace: true, message: t('donors.nameRequired') }]}>
          <Input maxLength={50} autoComplete="off" data-testid="donor-form-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('donors.phone')} rules={[{ pattern: /^\s*1\d{10}\s*$/, message: t('donors.phoneFormat') }]}>
          <Input maxLength={11} inputMode="tel" autoComplete="off" data-testid="donor-form-phone" />
        </Form.Item>
        <Form.Item label={t('donors.bloodGroup')} style={{ marginBottom: 0 }}>
          <Form.Item name="abo" style={{ display: 'inline-block', width: 'calc(50% - 6px)', marginInlineEnd: 12 }}>
            <Select allowClear placeholder={t('term.abo')} aria-label={t('term.abo')} options={opts.abo} data-testid="donor-form-abo" />
          </Form.Item>
          <Form.Item name="rhd" style={{ display: 'inline-block', width: 'calc(50% - 6px)' }}>
            <Select allowClear placeholder={t('term.rhd')} aria-label={t('term.rhd')} options={opts.rhd} data-testid="donor-form-rhd" />
          </Form.Item>
        </Form.Item>
      </Form>
    </Modal>
  );
}
