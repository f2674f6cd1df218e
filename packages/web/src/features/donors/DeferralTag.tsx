import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate, hoursUntil } from '../../i18n/format';

export function DeferralTag({ until }: { until: string | null }) {
  const { t } = useTranslation();
  const h = hoursUntil(until);
  if (h === null || h <= 0) return <Tag color="green">{t('donors.eligible')}</Tag>;
  return (
    <Tag color="red">
      {t('donors.deferred')} · {formatDate(until)}
    </Tag>
  );
}
