import { Tooltip } from 'antd';
import { formatDateTime, hoursUntil } from '../i18n/format';
import { useTranslation } from 'react-i18next';

/** A timestamp in Asia/Shanghai. */
export function DateTime({ value, seconds }: { value: string | null | undefined; seconds?: boolean }) {
  if (!value) return <span>—</span>;
  return (
    <time dateTime={value} style={{ whiteSpace: 'nowrap' }}>
      {formatDateTime(value, seconds)}
    </time>
  );
}

/** Expiry with colour: red when expired, orange within 72 h. */
export function ExpiryText({ value, status }: { value: string | null | undefined; status?: string }) {
  const { t } = useTranslation();
  const h = hoursUntil(value);
  if (!value || h === null) return <span>—</span>;
  const terminal = status && ['transfused', 'discarded', 'processed', 'expired', 'recalled'].includes(status);
  const expired = h < 0;
  const soon = !expired && h < 72;
  const colour = terminal ? undefined : expired ? '#cf1322' : soon ? '#d46b08' : undefined;
  const text = (
    <time dateTime={value} style={{ whiteSpace: 'nowrap', color: colour, fontWeight: colour ? 600 : undefined }}>
      {formatDateTime(value)}
    </time>
  );
  if (!colour) return text;
  return <Tooltip title={expired ? t('units.expired') : t('units.expiringSoon')}>{text}</Tooltip>;
}
