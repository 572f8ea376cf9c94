/**
 * The mail list of the open address: the first page, more on request, and new mail as it
 * arrives (live events resume after the newest id already listed, so nothing falls between
 * the list and the stream).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { subscribeMailEvents, type LiveState } from '../api/mail-events';
import { listMails } from '../api/mailbox-api';
import type { MailSummary } from '../api/types';
import {
  EMPTY_MAIL_LIST,
  withNewMail,
  withOlderPage,
  withoutMail,
  type MailListState,
} from './mail-list-state';

const PAGE_SIZE = 20;

export interface Mailbox {
  mails: MailSummary[];
  /** Total on the server, as of the first page plus live changes. */
  count: number;
  loading: boolean;
  error: string | null;
  live: LiveState;
  hasMore: boolean;
  loadMore(): void;
  refresh(): void;
  /** Drops mail from the list after a delete (or all of it after clearing the inbox). */
  removeLocal(id: number | 'all'): void;
}

interface OpenHandlers {
  onFirstPage(list: MailListState<MailSummary>): void;
  onMail(mail: MailSummary): void;
  onLive(state: LiveState): void;
  onError(message: string): void;
  onSettled(): void;
}

/** Loads the first page, then follows new mail; the returned function stops both. */
function openMailbox(jwt: string, on: OpenHandlers): () => void {
  let active = true;
  let unsubscribe: (() => void) | undefined;
  listMails(jwt, 0, PAGE_SIZE)
    .then((page) => {
      if (!active) return;
      on.onFirstPage({ mails: page.results, count: page.count });
      unsubscribe = subscribeMailEvents({
        jwt,
        afterId: page.results[0]?.id ?? 0,
        onState: (state) => active && on.onLive(state),
        onMail: (mail) => active && on.onMail(mail),
      });
    })
    .catch((err: unknown) => active && on.onError(errorMessage(err)))
    .finally(() => active && on.onSettled());
  return () => {
    active = false;
    unsubscribe?.();
  };
}

export function useMailbox(
  jwt: string | undefined,
  onNewMail?: (mail: MailSummary) => void,
): Mailbox {
  const [list, setList] = useState<MailListState<MailSummary>>(EMPTY_MAIL_LIST);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveState>('stopped');
  const [generation, setGeneration] = useState(0);
  const onNewMailRef = useRef(onNewMail);
  onNewMailRef.current = onNewMail;
  const listRef = useRef(list);
  listRef.current = list;
  const jwtRef = useRef(jwt);
  jwtRef.current = jwt;

  useEffect(() => {
    setList(EMPTY_MAIL_LIST);
    setError(null);
    if (!jwt) return;
    setLoading(true);
    return openMailbox(jwt, {
      onFirstPage: setList,
      onMail: (mail) => {
        if (listRef.current.mails.some((m) => m.id === mail.id)) return;
        setList((state) => withNewMail(state, mail));
        onNewMailRef.current?.(mail);
      },
      onLive: setLive,
      onError: setError,
      onSettled: () => setLoading(false),
    });
  }, [jwt, generation]);

  const loadMore = useCallback(() => {
    if (!jwt) return;
    setLoading(true);
    // A page that arrives after a switch to another address belongs to no list.
    const current = () => jwtRef.current === jwt;
    listMails(jwt, listRef.current.mails.length, PAGE_SIZE)
      .then((page) => current() && setList((state) => withOlderPage(state, page.results)))
      .catch((err: unknown) => current() && setError(errorMessage(err)))
      .finally(() => current() && setLoading(false));
  }, [jwt]);
  const removeLocal = useCallback(
    (id: number | 'all') => setList((state) => withoutMail(state, id)),
    [],
  );

  return {
    ...list,
    loading,
    error,
    live,
    hasMore: list.mails.length < list.count,
    loadMore,
    refresh: () => setGeneration((g) => g + 1),
    removeLocal,
  };
}
