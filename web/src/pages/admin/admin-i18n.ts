/**
 * The console's texts. They live in the console's own chunk (i18n/admin-en.ts, admin-zh.ts)
 * instead of the app dictionaries, so the inbox's first load does not carry them; keys stay
 * typed, and the app's keys (common.*, mail.*) work here too.
 */
import { langStore, translate, useI18n, type Lang, type MessageKey } from '../../i18n';
import { adminEn, type AdminKey } from '../../i18n/admin-en';
import { adminZh } from '../../i18n/admin-zh';

export type AdminMessageKey = AdminKey | MessageKey;
export type AdminTranslate = (
  key: AdminMessageKey,
  values?: Record<string, string | number>,
) => string;

const dictionaries = { en: adminEn, zh: adminZh } as const;
const isAdminKey = (key: string): key is AdminKey => key in adminEn;

function adminTranslate(
  lang: Lang,
  key: AdminMessageKey,
  values?: Record<string, string | number>,
): string {
  if (!isAdminKey(key)) return translate(lang, key, values);
  const text: string = dictionaries[lang][key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

/** `t` over the console's and the app's keys; renders again when the language changes. */
export function useAdminI18n(): { lang: Lang; t: AdminTranslate } {
  const { lang } = useI18n();
  return { lang, t: (key, values) => adminTranslate(lang, key, values) };
}

/** `t` outside components (notices after an action), in the current language. */
export const at: AdminTranslate = (key, values) => adminTranslate(langStore.get(), key, values);
