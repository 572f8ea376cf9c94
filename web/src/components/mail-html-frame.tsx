/**
 * A mail's HTML, as the server's sanitised document (GET /api/mails/:id/html) in a sandboxed
 * frame: no scripts, and an opaque origin, so the mail can never read this page or its
 * credentials; links open in a new tab. Remote images stay blocked until the reader asks.
 * Without scripts in the frame its content height cannot be measured, so the frame has a
 * fixed height the reader can resize.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { getMailHtml } from '../api/mailbox-api';
import type { MailHtml } from '../api/types';
import { useI18n } from '../i18n';

interface MailHtmlFrameProps {
  jwt: string;
  mailId: number;
  /** The mail's text part, to guess a height from. */
  text: string;
  /** Called when the HTML view cannot be had (the text view is shown instead). */
  onUnavailable(reason: string): void;
}

/** A starting height from the text part's length; HTML-only mail gets a middle height. */
function guessHeight(text: string): number {
  if (!text.trim()) return 480;
  const lines = text
    .split('\n')
    .reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 80)), 0);
  return Math.min(Math.max(lines * 22 + 96, 200), 720);
}

export function MailHtmlFrame({ jwt, mailId, text, onUnavailable }: MailHtmlFrameProps) {
  const { t } = useI18n();
  const [remote, setRemote] = useState(false);
  const [doc, setDoc] = useState<MailHtml | null>(null);

  useEffect(() => {
    let active = true;
    getMailHtml(jwt, mailId, remote)
      .then((result) => active && setDoc(result))
      .catch((error: unknown) => active && onUnavailable(errorMessage(error)));
    return () => {
      active = false;
    };
    // onUnavailable is a parent callback; a new one must not refetch the document.
  }, [jwt, mailId, remote]);

  if (!doc) return <p class="muted">{t('common.loading')}</p>;
  return (
    <div class="mail-html">
      {doc.remoteImages > 0 && !remote && (
        <div class="remote-images">
          <p class="hint" id={`remote-help-${mailId}`}>
            {t('mail.remoteImagesHelp')}
          </p>
          <button
            type="button"
            class="btn btn-small"
            aria-describedby={`remote-help-${mailId}`}
            data-testid="load-remote-images"
            onClick={() => setRemote(true)}
          >
            {t('mail.remoteImages', { count: doc.remoteImages })}
          </button>
        </div>
      )}
      <div class="frame-box" style={{ height: `min(70vh, ${guessHeight(text)}px)` }}>
        <iframe
          key={`${mailId}-${remote ? 'remote' : 'local'}`}
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          srcdoc={doc.html}
          title={t('mail.frameTitle')}
          referrerpolicy="no-referrer"
          data-testid="mail-frame"
        />
      </div>
    </div>
  );
}
