/**
 * One page of an admin list (limit/offset), newest first. The API counts the rows only on
 * the first page (offset 0), so that total is kept while paging.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PageQuery } from '../../api/admin-api';
import { errorMessage } from '../../api/client';
import type { Page } from '../../api/types';

export const PAGE_SIZE = 20;

export interface Paged<T> {
  rows: T[];
  total: number;
  offset: number;
  limit: number;
  loading: boolean;
  error: string | null;
  setOffset(offset: number): void;
  reload(): void;
  /** After a delete: one row fewer in the kept total. */
  removed(count?: number): void;
}

interface Loaded<T> {
  rows: T[];
  total: number;
  loading: boolean;
  error: string | null;
}

/** `key` identifies the query (search text, sort, filter): a new key starts at page one. */
export function usePaged<T>(
  load: (query: PageQuery) => Promise<Page<T>>,
  key: string,
  limit = PAGE_SIZE,
): Paged<T> {
  const [position, setPosition] = useState({ key, offset: 0 });
  // Counts reloads; never reset, so a reload always fetches again.
  const [tick, setTick] = useState(0);
  const offset = position.key === key ? position.offset : 0;
  const [state, setState] = useState<Loaded<T>>({ rows: [], total: 0, loading: true, error: null });
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let active = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    loadRef
      .current({ limit, offset })
      .then((page) => {
        if (!active) return;
        // A delete emptied the last page: show the one before it.
        if (page.results.length === 0 && offset > 0) {
          setPosition({ key, offset: Math.max(0, offset - limit) });
          return;
        }
        setState((s) => ({
          rows: page.results,
          total: offset === 0 ? page.count : Math.max(s.total, offset + page.results.length),
          loading: false,
          error: null,
        }));
      })
      .catch((error: unknown) => {
        if (active) setState((s) => ({ ...s, loading: false, error: errorMessage(error) }));
      });
    return () => {
      active = false;
    };
  }, [key, offset, tick, limit]);

  return {
    ...state,
    offset,
    limit,
    setOffset: (next) => setPosition({ key, offset: Math.max(0, next) }),
    reload: () => setTick((n) => n + 1),
    removed: (count = 1) => setState((s) => ({ ...s, total: Math.max(0, s.total - count) })),
  };
}
