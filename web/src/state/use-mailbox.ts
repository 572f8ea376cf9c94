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

interface ListState {
  mails: MailSummary[];
  count: number;
}

const EMPTY: ListState = { mails: [], count: 0 };

function withNewMail(state: ListState, mail: MailSummary): ListState {
  if (state.mails.some((m) => m.id === mail.id)) return state;
  const mails = [mail, ...state.mails].sort((a, b) => b.id - a.id);
  return { mails, count: state.count + 1 };
}

function withOlderPage(state: ListState, page: MailSummary[]): ListState {
  const known = new Set(state.mails.map((m) => m.id));
  const mails = [...state.mails, ...page.filter((m) => !known.has(m.id))];
  // count is only sent with the first page; an empty page means the end.
  return { mails, count: page.length === 0 ? mails.length : state.count };
}

function without(state: ListState, id: number | 'all'): ListState {
  if (id === 'all') return EMPTY;
  if (!state.mails.some((m) => m.id === id)) return state;
  return { mails: state.mails.filter((m) => m.id !== id), count: Math.max(0, state.count - 1) };
}

interface OpenHandlers {
  onFirstPage(list: ListState): void;
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
  const [list, setList] = useState<ListState>(EMPTY);
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
    setList(EMPTY);
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
    (id: number | 'all') => setList((state) => without(state, id)),
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
