/** An async action of a form or button: runs it once at a time, with its error as text. */
import { useState } from 'preact/hooks';
import { errorMessage } from '../api/client';

export interface Action<A extends unknown[]> {
  run(...args: A): void;
  busy: boolean;
  error: string | null;
}

export function useAction<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
  describe: (error: unknown) => string = errorMessage,
): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (...args: A) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    action(...args)
      .catch((err: unknown) => setError(describe(err)))
      .finally(() => setBusy(false));
  };
  return { run, busy, error };
}

/** A form's submit handler that runs `action` instead of reloading the page. */
export function onSubmit(run: () => void) {
  return (event: Event) => {
    event.preventDefault();
    run();
  };
}
