import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AboGroup, RhD } from '../api/types';

/** Label colours loosely follow ISBT 128 blood-group label conventions (O blue, A yellow, B pink, AB neutral). */
const ABO_COLOURS: Record<AboGroup, { bg: string; border: string; fg: string }> = {
  O: { bg: '#e6f4ff', border: '#69b1ff', fg: '#0958d9' },
  A: { bg: '#fffbe6', border: '#ffd666', fg: '#ad6800' },
  B: { bg: '#fff0f6', border: '#ff85c0', fg: '#c41d7f' },
  AB: { bg: '#f9f0ff', border: '#b37feb', fg: '#531dab' },
};

export function bloodGroupText(abo: AboGroup | null | undefined, rhd: RhD | null | undefined): string {
  if (!abo) return '—';
  const sign = rhd === 'NEG' ? '−' : rhd === 'POS' ? '+' : '';
  return `${abo}${sign}`;
}

interface Props {
  abo: AboGroup | null | undefined;
  rhd: RhD | null | undefined;
  /** Larger tag for detail headers. */
  size?: 'default' | 'large';
}

/**
 * Blood group, e.g. "A+" or "O−". RhD negative (rare in China, ~0.3 %) is emphasised:
 * solid red tag, bold, and a tooltip reminding staff to double-check.
 */
export function BloodGroupTag({ abo, rhd, size = 'default' }: Props) {
  const { t } = useTranslation();
  if (!abo) {
    return <Tag>{t('bloodGroup.unknown')}</Tag>;
  }
  const text = bloodGroupText(abo, rhd);
  const label = t('bloodGroup.label', { abo, rhd: rhd ? t(`bloodGroup.rhd.${rhd}`) : '' });
  const font = size === 'large' ? { fontSize: 16, padding: '2px 10px', lineHeight: '24px' } : {};
  if (rhd === 'NEG') {
    return (
      <Tooltip title={t('bloodGroup.negHint')}>
        <Tag
          aria-label={label}
          data-rhd="NEG"
          style={{
            ...font,
            background: '#a8071a',
            borderColor: '#820014',
            color: '#fff',
            fontWeight: 700,
            boxShadow: '0 0 0 2px #ffccc7',
            marginInlineEnd: 4,
          }}
        >
          {text}
        </Tag>
      </Tooltip>
    );
  }
  const c = ABO_COLOURS[abo];
  return (
    <Tag
      aria-label={label}
      title={label}
      data-rhd={rhd ?? undefined}
      style={{ ...font, background: c.bg, borderColor: c.border, color: c.fg, fontWeight: 600, marginInlineEnd: 4 }}
    >
      {text}
    </Tag>
  );
}
