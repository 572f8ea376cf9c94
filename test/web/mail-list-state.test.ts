import { describe, expect, it } from 'vitest';
import type { MailSummary } from '../../web/src/api/types.js';
import {
  EMPTY_MAIL_LIST,
  withNewMail,
  withOlderPage,
  withoutMail,
} from '../../web/src/state/mail-list-state.js';

const mail = (id: number): MailSummary => ({
  id,
  message_id: null,
  source: null,
  address: 'a@example.com',
  metadata: null,
  created_at: '2030-01-01 00:00:00',
  subject: `m${id}`,
  sender: null,
  size: null,
});
const ids = (state: { mails: MailSummary[] }) => state.mails.map((m) => m.id);

describe('the mail list state shared by the inbox and the account page', () => {
  it('puts live mail on top once, in id order, and counts it', () => {
    const first = { mails: [mail(5), mail(3)], count: 7 };
    const live = withNewMail(withNewMail(first, mail(6)), mail(4));
    expect([ids(live), live.count]).toEqual([[6, 5, 4, 3], 9]);
    expect(withNewMail(live, mail(6))).toBe(live);
  });

  it('appends older pages without the mails live events added; an empty page ends the count', () => {
    const state = { mails: [mail(9), mail(8)], count: 4 };
    const next = withOlderPage(state, [mail(8), mail(7)]);
    expect([ids(next), next.count]).toEqual([[9, 8, 7], 4]);
    const end = withOlderPage(next, []);
    expect(end.count).toBe(3);
  });

  it('drops a deleted mail, or everything', () => {
    const state = { mails: [mail(2), mail(1)], count: 2 };
    expect(withoutMail(state, 2)).toEqual({ mails: [mail(1)], count: 1 });
    expect(withoutMail(state, 99)).toBe(state);
    expect(withoutMail(state, 'all')).toBe(EMPTY_MAIL_LIST);
  });
});
