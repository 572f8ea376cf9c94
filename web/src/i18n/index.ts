/**
 * Languages of the UI (English and Chinese): the chosen one is remembered, sent to the API as
 * `x-lang` (so server messages match) and set on <html lang>.
 */
import { createPersistedStore, useStore } from '../state/store';
import { en, type MessageKey, type Messages } from './en';
import { zh } from './zh';

export type Lang = 'en' | 'zh';
export type { MessageKey };

export const LANGS: readonly { code: Lang; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'zh', label: '中文' },
];

const dictionaries: Record<Lang, Messages> = { en, zh };

function browserLang(): Lang {
  return navigator.languages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh' : 'en';
}

export const langStore = createPersistedStore<Lang>('tmpmail.lang', browserLang(), (raw) =>
  raw === 'en' || raw === 'zh' ? raw : undefined,
);

function applyLang(lang: Lang): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}
applyLang(langStore.get());
langStore.subscribe(() => applyLang(langStore.get()));

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translate(
  lang: Lang,
  key: MessageKey,
  values?: Record<string, string | number>,
): string {
  const text = dictionaries[lang][key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

/** `t` for the current language; the component renders again when the language changes. */
export function useI18n(): { lang: Lang; t: Translate; setLang(lang: Lang): void } {
  const lang = useStore(langStore);
  return {
    lang,
    t: (key, values) => translate(lang, key, values),
    setLang: (next) => langStore.set(next),
  };
}

/** `t` outside components (notices raised by actions), in the current language. */
export const t: Translate = (key, values) => translate(langStore.get(), key, values);
