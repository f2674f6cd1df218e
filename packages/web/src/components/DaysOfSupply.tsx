import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertLevel, StockRow } from '../api/types';
import { formatNumber } from '../i18n/format';

/** Default alert thresholds (days of supply): green ≥ 7, yellow < 5, orange < 3, red < 2; 5–7 is "watch". */
export function levelForDays(days: number | null | undefined): AlertLevel | null {
  if (days === null || days === undefined || Number.isNaN(days)) return null;
  if (days < 2) return 'red';
  if (days < 3) return 'orange';
  if (days < 5) return 'yellow';
  if (days < 7) return 'watch';
  return 'green';
}

/** Level from the row when the server supplies one (configured thresholds), else computed with the defaults. */
export function levelForRow(row: Pick<StockRow, 'daysOfSupply' | 'quantity' | 'avgDailyIssue' | 'alertLevel' | 'level'> | undefined): AlertLevel | null {
  if (!row) return null;
  const given = row.alertLevel ?? row.level;
  if (given) return given;
  if (row.daysOfSupply === null || row.daysOfSupply === undefined) {
    // No usage: days of supply is undefined (infinite) unless there is demand and no stock.
    return row.avgDailyIssue && row.avgDailyIssue > 0 && row.quantity <= 0 ? 'red' : null;
  }
  return levelForDays(row.daysOfSupply);
}

export const LEVEL_COLOURS: Record<AlertLevel, { fg: string; bg: string; border: string }> = {
  green: { fg: '#237804', bg: '#f6ffed', border: '#b7eb8f' },
  watch: { fg: '#0958d9', bg: '#e6f4ff', border: '#91caff' },
  yellow: { fg: '#876800', bg: '#feffe6', border: '#fadb14' },
  orange: { fg: '#ad4e00', bg: '#fff7e6', border: '#fa8c16' },
  red: { fg: '#ffffff', bg: '#cf1322', border: '#a8071a' },
};

interface Props {
  days: number | null | undefined;
  level: AlertLevel | null;
}

export function DaysOfSupplyTag({ days, level }: Props) {
  const { t } = useTranslation();
  const text = days === null || days === undefined ? '∞' : `${formatNumber(days)} ${t('dashboard.daysUnit')}`;
  if (!level) {
    return (
      <Tooltip title={t('alertLevel.none')}>
        <Tag style={{ marginInlineEnd: 0 }}>{text}</Tag>
      </Tooltip>
    );
  }
  const c = LEVEL_COLOURS[level];
  return (
    <Tooltip title={t(`alertLevel.${level}`)}>
      <Tag
        data-level={level}
        aria-label={`${text} ${t(`alertLevel.${level}`)}`}
        style={{ color: c.fg, background: c.bg, borderColor: c.border, fontWeight: level === 'green' ? 500 : 700, marginInlineEnd: 0 }}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}
