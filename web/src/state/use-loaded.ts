/** A value a page loads (settings, a list), with its error and a reload. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';

export type LoadState<T> =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; value: T };

export function useLoaded<T>(load: () => Promise<T>): [LoadState<T>, () => void] {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let active = true;
    // A reload keeps showing the old value until the new one is there.
    setState((old) => (old.status === 'ready' ? old : { status: 'loading' }));
    loadRef
      .current()
      .then((value) => active && setState({ status: 'ready', value }))
      .catch(
        (error: unknown) => active && setState({ status: 'error', message: errorMessage(error) }),
      );
    return () => {
      active = false;
    };
  }, [tick]);
  return [state, () => setTick((n) => n + 1)];
}
