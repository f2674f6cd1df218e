import { Tag } from 'antd';
import { ThunderboltFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DonationStatus, OrderPriority, OrderStatus, TestOutcome, UnitStatus } from '../api/types';

const UNIT_COLOURS: Record<UnitStatus, string> = {
  quarantined: 'orange',
  available: 'green',
  reserved: 'blue',
  issued: 'cyan',
  transfused: 'purple',
  processed: 'default',
  discarded: 'red',
  expired: 'volcano',
  recalled: 'magenta',
};

export function UnitStatusTag({ status }: { status: UnitStatus | null | undefined }) {
  const { t } = useTranslation();
  if (!status) return <span>—</span>;
  return (
    <Tag color={UNIT_COLOURS[status] ?? 'default'} data-status={status}>
      {t(`unitStatus.${status}`, { defaultValue: status })}
    </Tag>
  );
}

const DONATION_COLOURS: Record<DonationStatus, string> = {
  collected: 'orange',
  tested: 'gold',
  released: 'green',
  processed: 'blue',
  discarded: 'red',
};

export function DonationStatusTag({ status }: { status: DonationStatus | null | undefined }) {
  const { t } = useTranslation();
  if (!status) return <span>—</span>;
  return (
    <Tag color={DONATION_COLOURS[status] ?? 'default'} data-status={status}>
      {t(`donationStatus.${status}`, { defaultValue: status })}
    </Tag>
  );
}

const ORDER_COLOURS: Record<OrderStatus, string> = {
  submitted: 'gold',
  allocated: 'blue',
  issued: 'cyan',
  received: 'green',
  cancelled: 'default',
};

export function OrderStatusTag({ status }: { status: OrderStatus | null | undefined }) {
  const { t } = useTranslation();
  if (!status) return <span>—</span>;
  return (
    <Tag color={ORDER_COLOURS[status] ?? 'default'} data-status={status}>
      {t(`orderStatus.${status}`, { defaultValue: status })}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: OrderPriority }) {
  const { t } = useTranslation();
  if (priority === 'emergency') {
    return (
      <Tag color="#cf1322" icon={<ThunderboltFilled />} style={{ fontWeight: 700 }}>
        {t('priority.emergency')}
      </Tag>
    );
  }
  return <Tag>{t('priority.routine')}</Tag>;
}

export function OutcomeTag({ outcome }: { outcome: TestOutcome | null | undefined }) {
  const { t } = useTranslation();
  if (!outcome) return <Tag>{t('donations.pendingTest')}</Tag>;
  return (
    <Tag color={outcome === 'qualified' ? 'green' : 'red'} data-outcome={outcome}>
      {t(`outcome.${outcome}`)}
    </Tag>
  );
}
