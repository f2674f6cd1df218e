import type { TFunction } from 'i18next';

/** docs/api.md does not fix the shape of catalogue `shelfLife` / `storage`; accept the likely ones. */
export function formatShelfLife(t: TFunction, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'number') return t('product.days', { count: v });
  if (typeof v === 'string') {
    const m = /^P?(\d+)\s*(d|D|days?|h|H|hours?)$/.exec(v.trim());
    if (m) return /^[dD]/.test(m[2]) ? t('product.days', { count: Number(m[1]) }) : t('product.hours', { count: Number(m[1]) });
    const iso = /^PT(\d+)H$/.exec(v.trim());
    if (iso) return t('product.hours', { count: Number(iso[1]) });
    return v;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.days === 'number') return t('product.days', { count: o.days });
    if (typeof o.hours === 'number') return t('product.hours', { count: o.hours });
    if (typeof o.value === 'number' && typeof o.unit === 'string') {
      return /^h/i.test(o.unit) ? t('product.hours', { count: o.value }) : t('product.days', { count: o.value });
    }
  }
  return JSON.stringify(v);
}

export function formatStorage(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const min = o.minC ?? o.tempMinC ?? o.min;
    const max = o.maxC ?? o.tempMaxC ?? o.max;
    const temp = typeof min === 'number' && typeof max === 'number' ? `${min}~${max} °C` : typeof max === 'number' ? `≤ ${max} °C` : '';
    const extra = typeof o.agitation === 'boolean' && o.agitation ? ' ⟳' : '';
    const note = typeof o.note === 'string' ? ` ${o.note}` : typeof o.description === 'string' ? ` ${o.description}` : '';
    const text = `${temp}${extra}${note}`.trim();
    if (text) return text;
  }
  return JSON.stringify(v);
}

export function formatPlain(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  return JSON.stringify(v);
}
