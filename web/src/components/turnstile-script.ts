/**
 * Cloudflare Turnstile's script, loaded on demand: only a form that must send a token asks for
 * it, so a site without Turnstile never contacts Cloudflare. The page's CSP admits the script
 * exactly when the server enforces the check (src/http/routes/web-app.ts).
 */

/** Explicit rendering: the widgets are drawn where and when the forms say. */
export const TURNSTILE_SCRIPT_URL =
  'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';

/** Options of turnstile.render() that the forms use (Cloudflare's client-side configuration). */
export interface TurnstileRenderOptions {
  sitekey: string;
  theme: 'auto' | 'light' | 'dark';
  language: string;
  callback(token: string): void;
  'expired-callback'(): void;
  'error-callback'(code?: string): void;
}

/** The `window.turnstile` object the script installs. */
export interface TurnstileApi {
  render(container: HTMLElement, options: TurnstileRenderOptions): string | undefined;
  reset(widgetId: string): void;
  remove(widgetId: string): void;
  getResponse(widgetId: string): string | undefined;
}

declare global {
  interface Window {
    turnstile?: TurnstileApi;
  }
}

let loading: Promise<TurnstileApi> | null = null;

/**
 * The Turnstile API, once per page: every widget shares one script and one promise. A failed
 * load forgets the promise and its script tag, so the next call (a "Try again") starts over.
 */
export function loadTurnstileScript(): Promise<TurnstileApi> {
  if (window.turnstile) return Promise.resolve(window.turnstile);
  loading ??= new Promise<TurnstileApi>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = TURNSTILE_SCRIPT_URL;
    script.async = true;
    const fail = () => {
      script.remove();
      loading = null;
      reject(new Error('Turnstile did not load'));
    };
    script.onload = () => (window.turnstile ? resolve(window.turnstile) : fail());
    script.onerror = fail;
    document.head.append(script);
  });
  return loading;
}
