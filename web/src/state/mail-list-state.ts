/**
 * A list of mail summaries, newest first, as the inbox and the account page keep it: the first
 * page, older pages appended, live mail put on top, deletions dropped. Pure functions, so both
 * lists merge pages and live events the same way.
 */
// Generic over the row (anything with an id), so this module stands alone (unit tests import it).
interface Row {
  id: number;
}

export interface MailListState<T extends Row = Row> {
  mails: T[];
  count: number;
}

export const EMPTY_MAIL_LIST: MailListState<never> = { mails: [], count: 0 };

/** A live mail on top, once (the stream may repeat what a page already holds). */
export function withNewMail<T extends Row>(state: MailListState<T>, mail: T): MailListState<T> {
  if (state.mails.some((m) => m.id === mail.id)) return state;
  const mails = [mail, ...state.mails].sort((a, b) => b.id - a.id);
  return { mails, count: state.count + 1 };
}

/** An older page appended, without the mails live events already added. */
export function withOlderPage<T extends Row>(state: MailListState<T>, page: T[]): MailListState<T> {
  const known = new Set(state.mails.map((m) => m.id));
  const mails = [...state.mails, ...page.filter((m) => !known.has(m.id))];
  // count is only sent with the first page; an empty page means the end.
  return { mails, count: page.length === 0 ? mails.length : state.count };
}

/** The list after a delete (`'all'`: after clearing the inbox). */
export function withoutMail<T extends Row>(
  state: MailListState<T>,
  id: number | 'all',
): MailListState<T> {
  if (id === 'all') return EMPTY_MAIL_LIST;
  if (!state.mails.some((m) => m.id === id)) return state;
  return { mails: state.mails.filter((m) => m.id !== id), count: Math.max(0, state.count - 1) };
}
