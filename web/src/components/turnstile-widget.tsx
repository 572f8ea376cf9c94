/**
 * The Cloudflare Turnstile widget of a form that must send a token (turnstile-check.ts): drawn
 * explicitly into its own box with the site key, in the app's colours and language; it hands
 * its token to the check, starts over after each use, and is removed with the form. When the
 * script cannot load, it says so and offers to try again.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n, type Lang } from '../i18n';
import { useStore } from '../state/store';
import { themeStore, type Theme } from '../state/theme';
import type { TurnstileCheck } from './turnstile-check';
import { loadTurnstileScript, type TurnstileApi } from './turnstile-script';

// Turnstile's own language codes for the app's languages.
const WIDGET_LANGUAGE: Record<Lang, string> = { en: 'en', zh: 'zh-cn' };
const WIDGET_THEME: Record<Theme, 'auto' | 'light' | 'dark'> = {
  system: 'auto',
  light: 'light',
  dark: 'dark',
};

type Status = 'loading' | 'shown' | 'failed';

/** Draws the widget into `box` (again for each `attempt`); resolves its status. */
function useDrawnWidget(
  box: RefObject<HTMLDivElement | null>,
  check: TurnstileCheck,
  attempt: number,
) {
  const { lang } = useI18n();
  const theme = useStore(themeStore);
  const widget = useRef<{ api: TurnstileApi; id: string } | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  const { siteKey, setToken } = check;

  // A Turnstile widget cannot change its theme or language: a change draws a new one.
  useEffect(() => {
    if (!siteKey) return;
    let active = true;
    setStatus('loading');
    loadTurnstileScript().then(
      (api) => {
        if (!active || !box.current) return;
        const id = api.render(box.current, {
          sitekey: siteKey,
          theme: WIDGET_THEME[theme],
          language: WIDGET_LANGUAGE[lang],
          callback: (token) => setToken(token),
          'expired-callback': () => setToken(null),
          'error-callback': () => setToken(null),
        });
        if (id === undefined) return setStatus('failed');
        widget.current = { api, id };
        setStatus('shown');
      },
      () => active && setStatus('failed'),
    );
    return () => {
      active = false;
      const drawn = widget.current;
      widget.current = null;
      drawn?.api.remove(drawn.id);
      setToken(null);
    };
  }, [siteKey, theme, lang, attempt]);

  // A used token never verifies again: ask for a fresh one.
  useEffect(() => {
    const drawn = widget.current;
    if (check.uses > 0 && drawn) drawn.api.reset(drawn.id);
  }, [check.uses]);
  return status;
}

export function TurnstileWidget({ check }: { check: TurnstileCheck }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const [attempt, setAttempt] = useState(0);
  const status = useDrawnWidget(box, check, attempt);
  if (!check.siteKey) return null;
  return (
    <div class="field turnstile" data-testid="turnstile">
      <div ref={box} />
      {status === 'failed' ? (
        <div role="alert" class="stack">
          <p id={check.hintId} class="form-error">
            {t('turnstile.failed')}
          </p>
          <div>
            <button type="button" class="btn btn-small" onClick={() => setAttempt((n) => n + 1)}>
              {t('common.retry')}
            </button>
          </div>
        </div>
      ) : (
        !check.token && (
          <small id={check.hintId} class="hint">
            {t(status === 'loading' ? 'turnstile.loading' : 'turnstile.hint')}
          </small>
        )
      )}
    </div>
  );
}
