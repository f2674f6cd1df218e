import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDiscardDonation } from '../../api/donations';
import { ProblemAlert } from '../../components/ProblemAlert';

/**
 * Discard reason codes. docs/api.md leaves `reasonCode` open; these are the common ones for
 * whole-blood donations (see the report: a catalogue endpoint for reason codes is requested).
 */
export const DISCARD_REASONS = [
  'TTI_REACTIVE',
  'LIPEMIC',
  'HEMOLYSED',
  'UNDER_VOLUME',
  'OVER_VOLUME',
  'BAG_LEAK',
  'CLOTTED',
  'COLLECTION_FAULT',
  'EXPIRED',
  'DONOR_LOOKBACK',
  'OTHER',
] as const;

interface Values {
  reasonCode: (typeof DISCARD_REASONS)[number];
  note?: string;
}

interface Props {
  din: string;
  open: boolean;
  /** Pre-select "failed screening" for unqualified donations. */
  suggested?: Values['reasonCode'];
  onClose: () => void;
}

export function DiscardModal({ din, open, suggested, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const discard = useDiscardDonation(din);
  const reason = Form.useWatch('reasonCode', form);

  const submit = async () => {
    const v = await form.validateFields();
    discard.mutate(
      { reasonCode: v.reasonCode, note: v.note?.trim() || undefined },
      {
        onSuccess: () => {
          void message.success(t('donations.discarded'));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('donations.discardTitle', { din })}
      onCancel={() => {
        discard.reset();
        onClose();
      }}
      onOk={submit}
      okText={t('donations.discard')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true, loading: discard.isPending, 'data-testid': 'discard-confirm' }}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('donations.discardWarn')} style={{ marginBottom: 16 }} />
      <ProblemAlert error={discard.error} form={form} data-testid="discard-error" />
      <Form<Values> form={form} layout="vertical" initialValues={{ reasonCode: suggested }} preserve={false}>
        <Form.Item name="reasonCode" label={t('donations.discardReason')} rules={[{ required: true, message: t('donations.discardReasonRequired') }]}>
          <Select
            aria-label={t('donations.discardReason')}
            data-testid="discard-reason"
            options={DISCARD_REASONS.map((r) => ({ value: r, label: t(`discardReason.${r}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('donations.discardNote')}
          rules={[{ required: reason === 'OTHER', whitespace: true, message: t('donations.discardNoteRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="discard-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
