/**
 * Mail of the user's bound addresses (all, or one), a page at a time, newest first, and new
 * mail as it arrives from `GET /user_api/mails/events` (live events resume after the newest id
 * already known, so nothing falls between the list and the stream).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../api/client';
import { subscribeUserMailEvents, type LiveState } from '../../api/mail-events';
import type { MailSummary } from '../../api/types';
import { listUserMails } from '../../api/user-api';
import type { Mailbox } from '../../state/use-mailbox';
import { userCall } from '../../state/user-session';
import {
  EMPTY_MAIL_LIST,
  withNewMail,
  withOlderPage,
  withoutMail,
  type MailListState,
} from '../../state/mail-list-state';

const PAGE_SIZE = 20;

/** The account's list offers what the inbox's does (state/use-mailbox.ts). */
export type UserMails = Mailbox;

const firstPage = (address: string | undefined, limit = PAGE_SIZE) =>
  userCall((token) => listUserMails(token, { limit, offset: 0, address }));

/**
 * Where the stream starts: after the newest mail of all bound addresses. With a filter the
 * list's newest is only that address's, and starting there would replay every other
 * address's mail since, to be dropped here.
 */
async function streamStart(address: string | undefined, page: MailSummary[]): Promise<number> {
  const newest = page[0]?.id ?? 0;
  if (address === undefined) return newest;
  // Should this read fail, replaying is only wasteful: the other addresses' mail is dropped.
  const all = await firstPage(undefined, 1).catch(() => undefined);
  return Math.max(newest, all?.results[0]?.id ?? 0);
}

interface OpenHandlers {
  onFirstPage(list: MailListState<MailSummary>): void;
  onMail(mail: MailSummary): void;
  onLive(state: LiveState): void;
  onError(message: string): void;
  onSettled(): void;
}

/** Loads the first page, then follows new mail; the returned function stops both. */
function openUserMails(address: string | undefined, on: OpenHandlers): () => void {
  let active = true;
  let unsubscribe: (() => void) | undefined;
  firstPage(address)
    .then(async (page) => {
      if (!active) return;
      on.onFirstPage({ mails: page.results, count: page.count });
      on.onSettled();
      const afterId = await streamStart(address, page.results);
      if (!active) return;
      unsubscribe = subscribeUserMailEvents({
        withToken: userCall,
        afterId,
        onState: (state) => active && on.onLive(state),
        // The stream carries every bound address; a filtered list keeps its own.
        onMail: (mail) => active && (!address || mail.address === address) && on.onMail(mail),
      });
    })
    .catch((err: unknown) => {
      if (!active) return;
      on.onError(errorMessage(err));
      on.onSettled();
    });
  return () => {
    active = false;
    unsubscribe?.();
  };
}

export function useUserMails(address: string | undefined): UserMails {
  const [list, setList] = useState<MailListState<MailSummary>>(EMPTY_MAIL_LIST);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveState>('stopped');
  const [generation, setGeneration] = useState(0);
  const listRef = useRef(list);
  listRef.current = list;
  // Pages that arrive after the filter changed (or a refresh) belong to no list.
  const current = useRef(0);

  useEffect(() => {
    current.current++;
    setList(EMPTY_MAIL_LIST);
    setError(null);
    setLoading(true);
    setLive('stopped');
    return openUserMails(address, {
      onFirstPage: setList,
      onMail: (mail) => setList((state) => withNewMail(state, mail)),
      onLive: setLive,
      onError: setError,
      onSettled: () => setLoading(false),
    });
  }, [address, generation]);

  const loadMore = useCallback(() => {
    const ticket = current.current;
    setLoading(true);
    userCall((token) =>
      listUserMails(token, { limit: PAGE_SIZE, offset: listRef.current.mails.length, address }),
    )
      .then((page) => ticket === current.current && setList((s) => withOlderPage(s, page.results)))
      .catch((err: unknown) => ticket === current.current && setError(errorMessage(err)))
      .finally(() => ticket === current.current && setLoading(false));
  }, [address]);

  return {
    ...list,
    loading,
    error,
    live,
    hasMore: list.mails.length < list.count,
    loadMore,
    refresh: () => setGeneration((g) => g + 1),
    removeLocal: (id) => setList((state) => withoutMail(state, id)),
  };
}
