/**
 * i18n: zh-CN (default) and en-US. One `translation` namespace; keys are English domain terms.
 * Switching language also switches the antd locale (see app/Providers) and the dayjs locale.
 */
import i18n, { type TFunction } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import zhCN from './zh-CN';
import enUS from './en-US';

export type Lang = 'zh-CN' | 'en-US';
export const LANGS: readonly Lang[] = ['zh-CN', 'en-US'];
const STORAGE_KEY = 'rb.lang';

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'zh-CN' || v === 'en-US') return v;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

function applySideEffects(lang: Lang) {
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

const initial = storedLang();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: initial,
  fallbackLng: 'zh-CN',
  supportedLngs: ['zh-CN', 'en-US'],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});
applySideEffects(initial);

export function setLanguage(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
  applySideEffects(lang);
  void i18n.changeLanguage(lang);
}

export function currentLang(): Lang {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
}

/** Current language, re-rendering on change. */
export function useLang(): Lang {
  const { i18n: inst } = useTranslation();
  return inst.language === 'en-US' ? 'en-US' : 'zh-CN';
}

/** Translate a key that is only known at runtime (e.g. an event type from the server), with a fallback. */
export function tDynamic(t: TFunction, key: string, fallback: string): string {
  return (t as unknown as (k: string, o: { defaultValue: string }) => string)(key, { defaultValue: fallback });
}

/**
 * Server messages are "中文 / English"; pick the half for the current language.
 */
export function pickBilingual(message: string | null | undefined, lang: Lang = currentLang()): string {
  if (!message) return '';
  const parts = message.split(' / ');
  if (parts.length < 2) return message;
  return lang === 'zh-CN' ? parts[0].trim() : parts.slice(1).join(' / ').trim();
}

export default i18n;
