/**
 * A form's Turnstile token: whether the form needs one, the one the widget gave, and its use.
 * A token verifies once, so every submit, whether it succeeded or failed, uses it up and the
 * widget (turnstile-widget.tsx) asks Cloudflare for a new one.
 */
import { useId, useState } from 'preact/hooks';

export interface TurnstileCheck {
  /** The site key when this form must send a token; null when it needs none. */
  readonly siteKey: string | null;
  readonly token: string | null;
  /** True when the form may submit: no token is needed, or one is there. */
  readonly ready: boolean;
  /** The hint's id while the form waits for the check (for the submit's aria-describedby). */
  readonly describedBy: string | undefined;
  readonly hintId: string;
  /** How many tokens were used up; the widget resets whenever it grows. */
  readonly uses: number;
  setToken(token: string | null): void;
  /** Runs a submit with the token (undefined when none is needed), then asks for a new one. */
  submit<T>(action: (cfToken: string | undefined) => Promise<T>): Promise<T>;
}

/** `siteKey` is the site's cfTurnstileSiteKey when the endpoint checks tokens, else null. */
export function useTurnstileCheck(siteKey: string | null | undefined): TurnstileCheck {
  const hintId = useId();
  const [token, setToken] = useState<string | null>(null);
  const [uses, setUses] = useState(0);
  const key = siteKey || null;
  const ready = key === null || token !== null;
  return {
    siteKey: key,
    token,
    ready,
    describedBy: ready ? undefined : hintId,
    hintId,
    uses,
    setToken,
    async submit(action) {
      if (key === null) return action(undefined);
      try {
        return await action(token ?? undefined);
      } finally {
        setToken(null);
        setUses((n) => n + 1);
      }
    },
  };
}
