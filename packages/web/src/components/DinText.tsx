import { Typography } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Strip what a barcode scanner adds around an ISBT 128 DIN: the "=" data identifier, spaces,
 * and (for a 16-character scan) the two flag characters. Keeps an optional trailing check character.
 */
export function normaliseDin(input: string): string {
  let s = input.trim().toUpperCase().replace(/[\s-]/g, '');
  if (s.startsWith('=')) s = s.slice(1);
  // "=" + 13-char DIN + 2 flag digits as scanned from the DIN barcode
  if (/^[A-Z0-9]{13}\d{2}$/.test(s)) s = s.slice(0, 13);
  return s;
}

/** Split a DIN into ISBT 128 segments: facility (5) · year (2) · sequence (6) · rest (flags / check character). */
export function dinSegments(din: string): { facility: string; year: string; sequence: string; rest: string } | null {
  const s = din.replace(/\s/g, '');
  if (s.length < 13 || !/^[A-Z0-9]{13}/i.test(s)) return null;
  return { facility: s.slice(0, 5), year: s.slice(5, 7), sequence: s.slice(7, 13), rest: s.slice(13) };
}

interface Props {
  din: string | null | undefined;
  /** Show larger, for the "DIN generated" screen. */
  large?: boolean;
  copyable?: boolean;
  /** ISO/IEC 7064 MOD 37-2 check character, printed boxed after the number (not part of the data). */
  check?: string | null;
  'data-testid'?: string;
}

/**
 * Segmented 献血码 display. Segments are separated with spacing (not spaces), so the text content
 * remains the exact DIN for copy/paste and browser tests.
 */
export function DinText({ din, large, copyable, check, 'data-testid': testId }: Props) {
  const { t } = useTranslation();
  if (!din) return <span>—</span>;
  const seg = dinSegments(din);
  const base: CSSProperties = {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
    fontSize: large ? 28 : undefined,
    fontWeight: large ? 700 : 500,
    letterSpacing: large ? 1 : 0.3,
    whiteSpace: 'nowrap',
  };
  const gap: CSSProperties = { marginInlineEnd: large ? '0.6em' : '0.35em' };
  const content = seg ? (
    <>
      <span style={gap}>{seg.facility}</span>
      <span style={gap}>{seg.year}</span>
      <span style={seg.rest ? gap : undefined}>{seg.sequence}</span>
      {seg.rest && (
        <span
          style={{ border: '1px solid currentColor', borderRadius: 2, padding: '0 0.2em', fontSize: '0.9em' }}
          title={t('term.din')}
        >
          {seg.rest}
        </span>
      )}
    </>
  ) : (
    din
  );
  return (
    <Typography.Text
      style={base}
      copyable={copyable ? { text: din, tooltips: [t('common.copy'), t('common.copied')] } : false}
    >
      <span data-testid={testId} data-din={din}>
        {content}
      </span>
      {check && !seg?.rest ? (
        // Drawn by CSS (attr) so the element's text stays the exact 13-character DIN for copy and scanning.
        <span className="rb-din-check" data-check={check} title={t('term.checkCharacter')} aria-label={check} />
      ) : null}
    </Typography.Text>
  );
}
