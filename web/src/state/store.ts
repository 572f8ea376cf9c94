/**
 * A tiny observable value and the hook that re-renders a component when it changes; the
 * app's shared state (addresses, settings, language, theme) is a handful of these.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Store<T> {
  get(): T;
  set(value: T): void;
  update(change: (value: T) => T): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  const store: Store<T> = {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) listener();
    },
    update: (change) => store.set(change(value)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}

/** The store's current value; the component renders again whenever it changes. */
export function useStore<T>(store: Store<T>): T {
  const value = store.get();
  const [, setTick] = useState(0);
  useEffect(() => {
    const rerender = () => setTick((n) => n + 1);
    const unsubscribe = store.subscribe(rerender);
    // A change between this render and the subscription would otherwise be missed.
    if (!Object.is(store.get(), value)) rerender();
    return unsubscribe;
  }, [store]);
  return value;
}

/** localStorage can be disabled or full (private windows): the app then keeps state in memory. */
export function readStored<T>(key: string, parse: (raw: unknown) => T | undefined): T | undefined {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? undefined : parse(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    if (value === undefined || value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Not persisted; the value still lives for this visit.
  }
}

/** A store whose value is kept in localStorage under `key`. */
export function createPersistedStore<T>(
  key: string,
  fallback: T,
  parse: (raw: unknown) => T | undefined,
): Store<T> {
  const store = createStore(readStored(key, parse) ?? fallback);
  store.subscribe(() => writeStored(key, store.get()));
  return store;
}
