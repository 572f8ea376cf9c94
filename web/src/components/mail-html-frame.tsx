/**
 * A mail's HTML, as the server's sanitised document (`GET /api/mails/:id/html` with an address
 * credential, `GET /admin/mails/:id/html` for the admin: the caller's `loader` fetches it) in a
 * sandboxed frame: no scripts, and an opaque origin, so the mail can never read this page or
 * its credentials; links open in a new tab. Remote images stay blocked until the reader asks.
 * Without scripts in the frame its content height cannot be measured, so the frame has a
 * fixed height the reader can resize.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import type { MailHtml } from '../api/types';
import { useI18n } from '../i18n';

/** Fetches the document, with remote images when `remoteImages` is true. */
export type MailHtmlLoader = (remoteImages: boolean) => Promise<MailHtml>;

interface MailHtmlFrameProps {
  /**
   * The mail's document; a new function fetches it again, so callers keep one per mail
   * (useCallback on the mail id and credential).
   */
  loader: MailHtmlLoader;
  /** The mail's text part, to guess a height from (HTML-only mail gets a middle height). */
  text?: string;
  /** Called when the HTML view cannot be had (the caller shows the text or source instead). */
  onUnavailable(reason: string): void;
}

/** A starting height from the text part's length. */
function guessHeight(text: string): number {
  if (!text.trim()) return 480;
  const lines = text
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 80)), 0);
  return Math.min(Math.max(lines * 22 + 96, 200), 720);
}

function RemoteImagesOffer({ count, onLoad }: { count: number; onLoad(): void }) {
  const { t } = useI18n();
  const helpId = useId();
  return (
    <div class="remote-images">
      <p class="hint" id={helpId}>
        {t('mail.remoteImagesHelp')}
      </p>
      <button
        type="button"
        class="btn btn-small"
        aria-describedby={helpId}
        data-testid="load-remote-images"
        onClick={onLoad}
      >
        {t('mail.remoteImages', { count })}
      </button>
    </div>
  );
}

export function MailHtmlFrame({ loader, text = '', onUnavailable }: MailHtmlFrameProps) {
  const { t } = useI18n();
  const [remote, setRemote] = useState(false);
  // The document with the mode it was fetched in: after "load remote images" the frame keeps
  // the blocked version until the new one arrives, then is replaced once by it.
  const [shown, setShown] = useState<{ doc: MailHtml; remote: boolean } | null>(null);

  useEffect(() => {
    let active = true;
    loader(remote)
      .then((doc) => active && setShown({ doc, remote }))
      .catch((error: unknown) => active && onUnavailable(errorMessage(error)));
    return () => {
      active = false;
    };
    // onUnavailable is a parent callback; a new one must not refetch the document.
  }, [loader, remote]);

  if (!shown) return <p class="muted">{t('common.loading')}</p>;
  const { doc } = shown;
  return (
    <div class="mail-html">
      {doc.truncated && (
        <p class="hint" data-testid="mail-html-truncated">
          {t('mail.htmlTruncated')}
        </p>
      )}
      {doc.remoteImages > 0 && !remote && (
        <RemoteImagesOffer count={doc.remoteImages} onLoad={() => setRemote(true)} />
      )}
      <div class="frame-box" style={{ height: `min(70vh, ${guessHeight(text)}px)` }}>
        <iframe
          key={shown.remote ? 'remote' : 'local'}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcdoc={doc.html}
          title={t('mail.frameTitle')}
          referrerpolicy="no-referrer"
          data-testid="mail-frame"
          data-images={shown.remote ? 'remote' : 'blocked'}
        />
      </div>
    </div>
  );
}
