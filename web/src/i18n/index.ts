import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';

export type Language = 'ko' | 'en';
export const LANGUAGES: Language[] = ['ko', 'en'];
const STORED = 'ieum.language';

function initial(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORED);
  if (stored === 'ko' || stored === 'en') return stored;
  const param = new URLSearchParams(location.search).get('lang');
  return param === 'en' ? 'en' : 'ko';
}

void i18n.use(initReactI18next).init({
  lng: initial(),
  fallbackLng: 'ko',
  defaultNS: 'common',
  ns: ['common'],
  resources: { ko: { common: common.ko }, en: { common: common.en } },
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export function setLanguage(language: Language): void {
  localStorage.setItem(STORED, language);
  void i18n.changeLanguage(language);
}

/**
 * A feature's texts, Korean first: `registerTexts('tasks', { ko: {...}, en: {...} })` at the top of
 * the feature's module, then `useTranslation('tasks')`. Both languages must have the same keys.
 */
export function registerTexts<T extends Record<string, unknown>>(namespace: string, texts: { ko: T; en: T }): void {
  i18n.addResourceBundle('ko', namespace, texts.ko, true, true);
  i18n.addResourceBundle('en', namespace, texts.en, true, true);
}

export { i18n };
