/** Mail of the user's bound addresses (all, or one), a page at a time, newest first. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../api/client';
import type { MailSummary } from '../../api/types';
import { listUserMails } from '../../api/user-api';
import { userCall } from '../../state/user-session';

const PAGE_SIZE = 20;

export interface UserMails {
  mails: MailSummary[];
  count: number;
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore(): void;
  refresh(): void;
  removeLocal(id: number): void;
}

interface ListState {
  mails: MailSummary[];
  count: number;
}

export function useUserMails(address: string | undefined): UserMails {
  const [list, setList] = useState<ListState>({ mails: [], count: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  // Pages that arrive after the filter changed belong to no list.
  const current = useRef(0);

  const load = useCallback(
    (offset: number) => {
      const ticket = ++current.current;
      setLoading(true);
      setError(null);
      userCall((token) => listUserMails(token, { limit: PAGE_SIZE, offset, address }))
        .then((page) => {
          if (ticket !== current.current) return;
          setList((old) => {
            if (offset === 0) return { mails: page.results, count: page.count };
            const known = new Set(old.mails.map((m) => m.id));
            const mails = [...old.mails, ...page.results.filter((m) => !known.has(m.id))];
            // Only the first page carries the total; an empty page means the end.
            return { mails, count: page.results.length === 0 ? mails.length : old.count };
          });
        })
        .catch((err: unknown) => ticket === current.current && setError(errorMessage(err)))
        .finally(() => ticket === current.current && setLoading(false));
    },
    [address],
  );

  useEffect(() => load(0), [load, generation]);

  return {
    ...list,
    loading,
    error,
    hasMore: list.mails.length < list.count,
    loadMore: () => load(list.mails.length),
    refresh: () => setGeneration((g) => g + 1),
    removeLocal: (id) =>
      setList((old) =>
        old.mails.some((m) => m.id === id)
          ? { mails: old.mails.filter((m) => m.id !== id), count: Math.max(0, old.count - 1) }
          : old,
      ),
  };
}
