import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, type ApiError, type ProblemFieldError } from '../api/client';
import { pickBilingual, tDynamic, useLang } from '../i18n';

/** "/lines/0/quantity" → ['lines', 0, 'quantity'] (antd NamePath). */
export function pointerToNamePath(pointer: string): (string | number)[] {
  return pointer
    .replace(/^#/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function hasPath(values: unknown, path: (string | number)[]): boolean {
  let cur: unknown = values;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !(key in (cur as object))) return false;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return path.length > 0;
}

/** Localised one-line message for an error code (falls back to the server's detail/title). */
export function useProblemMessage() {
  const { t } = useTranslation();
  return (error: unknown): string => {
    if (isApiError(error)) {
      const fallback = error.detail ?? error.title ?? t('error.codes.HTTP_ERROR');
      return tDynamic(t, `error.codes.${error.code}`, fallback);
    }
    return error instanceof Error ? error.message : String(error);
  };
}

interface Props {
  error: unknown;
  /** When given, `errors[].pointer` entries that match a form field are shown inline on that field. */
  form?: FormInstance;
  /** Override the headline (e.g. "用户名或密码错误"). */
  title?: string;
  style?: CSSProperties;
  'data-testid'?: string;
}

/**
 * Shows an RFC 9457 problem: localised headline by `code`, the server's `detail`,
 * and field errors — inline on the antd Form when their pointer maps to a field, otherwise listed here.
 */
export function ProblemAlert({ error, form, title, style, 'data-testid': testId }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const problemMessage = useProblemMessage();
  const apiError: ApiError | null = isApiError(error) ? error : null;

  const { inline, listed } = useMemo(() => {
    const fieldErrors: ProblemFieldError[] = apiError?.errors ?? [];
    if (!form) return { inline: [] as ProblemFieldError[], listed: fieldErrors };
    const values = form.getFieldsValue(true);
    const registered = form.getFieldsValue();
    const inl: ProblemFieldError[] = [];
    const lst: ProblemFieldError[] = [];
    for (const e of fieldErrors) {
      const path = e.pointer ? pointerToNamePath(e.pointer) : [];
      if (path.length && (hasPath(registered, path) || hasPath(values, path))) inl.push(e);
      else lst.push(e);
    }
    return { inline: inl, listed: lst };
  }, [apiError, form]);

  useEffect(() => {
    if (!form || inline.length === 0) return;
    const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
    for (const e of inline) {
      const name = pointerToNamePath(e.pointer);
      const key = JSON.stringify(name);
      const entry = byField.get(key) ?? { name, errors: [] };
      entry.errors.push(pickBilingual(e.message, lang));
      byField.set(key, entry);
    }
    form.setFields([...byField.values()]);
    const first = [...byField.values()][0];
    if (first) form.scrollToField(first.name, { block: 'center' });
  }, [form, inline, lang]);

  if (!error) return null;

  const headline = title ?? problemMessage(error);
  const norm = (s: string) => s.replace(/[\s。.!！]+$/u, '');
  const localDetail = apiError?.detail ? pickBilingual(apiError.detail, lang) : null;
  const detail = localDetail && norm(localDetail) !== norm(headline) ? localDetail : null;
  const retry =
    apiError?.code === 'RATE_LIMITED' && apiError.retryAfterSeconds !== undefined ? ` (${apiError.retryAfterSeconds}s)` : '';

  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId ?? 'problem-alert'}
      data-code={apiError?.code}
      style={{ marginBottom: 16, ...style }}
      title={headline + retry}
      description={
        detail || listed.length > 0 ? (
          <div>
            {detail && <div>{detail}</div>}
            {listed.length > 0 && (
              <>
                {inline.length === 0 && <div style={{ marginTop: detail ? 4 : 0 }}>{t('error.fieldErrors')}</div>}
                <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                  {listed.map((e, i) => (
                    <li key={`${e.pointer}-${i}`}>
                      {e.pointer && <code style={{ marginInlineEnd: 6 }}>{e.pointer}</code>}
                      {pickBilingual(e.message, lang)}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        ) : undefined
      }
    />
  );
}
