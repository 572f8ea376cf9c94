/**
 * The account page's texts. They live in the page's own chunk (i18n/account-en.ts,
 * account-zh.ts) instead of the app dictionaries, so the inbox's first load does not carry
 * them; keys stay typed, and the app's keys (common.*, mail.*) work here too.
 */
import { langStore, translate, useI18n, type Lang, type MessageKey } from '../../i18n';
import { accountEn, type AccountKey } from '../../i18n/account-en';
import { accountZh } from '../../i18n/account-zh';

export type AccountMessageKey = AccountKey | MessageKey;
export type AccountTranslate = (
  key: AccountMessageKey,
  values?: Record<string, string | number>,
) => string;

const dictionaries = { en: accountEn, zh: accountZh } as const;
const isAccountKey = (key: string): key is AccountKey => key in accountEn;

function accountTranslate(
  lang: Lang,
  key: AccountMessageKey,
  values?: Record<string, string | number>,
): string {
  if (!isAccountKey(key)) return translate(lang, key, values);
  const text: string = dictionaries[lang][key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

/** `t` over the page's and the app's keys; renders again when the language changes. */
export function useAccountI18n(): { lang: Lang; t: AccountTranslate } {
  const { lang } = useI18n();
  return { lang, t: (key, values) => accountTranslate(lang, key, values) };
}

/** `t` outside components (notices after an action), in the current language. */
export const at: AccountTranslate = (key, values) => accountTranslate(langStore.get(), key, values);
