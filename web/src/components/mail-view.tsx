/**
 * One mail: sender, date and subject, the extracted code or link, the body as HTML (sandboxed
 * frame) or text, attachments, the raw source, and deleting it.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api/client';
import { deleteMail, getMailHtml, getParsedMail, getRawBlob } from '../api/mailbox-api';
import type { ParsedMail } from '../api/types';
import { useI18n } from '../i18n';
import { formatFullDate, parseExtracted, saveBlob } from '../mail-format';
import { Link } from '../router';
import { notify } from '../state/notices';
import { markRead } from '../state/read-marks';
import { ExtractedChip } from './extracted-chip';
import { MailAttachments } from './mail-attachments';
import { MailHtmlFrame } from './mail-html-frame';
import { MailSource } from './mail-source';
import { MailText } from './mail-text';

interface MailViewProps {
  jwt: string;
  address: string;
  mailId: number;
  allowDelete: boolean;
  onDeleted(id: number): void;
  /**
   * "Back": by default a link to the inbox list, shown on phones only (elsewhere the list is
   * beside the mail). With `onBack`, a button labelled `backLabel`, shown at every width.
   */
  onBack?(): void;
  backLabel?: string;
}

/** The way back to the list, as MailViewProps describe it. */
function BackControl({ onBack, backLabel }: Pick<MailViewProps, 'onBack' | 'backLabel'>) {
  const { t } = useI18n();
  const label = `← ${backLabel ?? t('mail.back')}`;
  if (!onBack) {
    return (
      <Link href="/" class="back-link">
        {label}
      </Link>
    );
  }
  return (
    <button type="button" class="btn btn-small mail-back" onClick={onBack}>
      {label}
    </button>
  );
}

type Loaded =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'error'; message: string }
  | { status: 'ready'; mail: ParsedMail };

function useParsedMail(jwt: string, address: string, mailId: number): Loaded {
  const [state, setState] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    let active = true;
    setState({ status: 'loading' });
    getParsedMail(jwt, mailId)
      .then((mail) => {
        if (!active) return;
        setState(mail ? { status: 'ready', mail } : { status: 'missing' });
        if (mail) markRead(address, mailId);
      })
      .catch(
        (error: unknown) => active && setState({ status: 'error', message: errorMessage(error) }),
      );
    return () => {
      active = false;
    };
  }, [jwt, address, mailId]);
  return state;
}

function MailBody({ jwt, mail }: { jwt: string; mail: ParsedMail }) {
  const { t } = useI18n();
  const [view, setView] = useState<'html' | 'text'>(mail.html ? 'html' : 'text');
  const [htmlMissing, setHtmlMissing] = useState(false);
  const showHtml = view === 'html' && !htmlMissing && mail.html !== '';
  const loader = useCallback(
    (remoteImages: boolean) => getMailHtml(jwt, mail.id, remoteImages),
    [jwt, mail.id],
  );
  return (
    <>
      {mail.html !== '' && !htmlMissing && (
        <div class="segmented" role="group" aria-label={t('mail.view')}>
          {(['html', 'text'] as const).map((v) => (
            <button
              key={v}
              type="button"
              class="btn btn-small"
              aria-pressed={view === v}
              onClick={() => setView(v)}
            >
              {t(v === 'html' ? 'mail.html' : 'mail.text')}
            </button>
          ))}
        </div>
      )}
      {htmlMissing && <p class="hint">{t('mail.htmlUnavailable')}</p>}
      {showHtml ? (
        <MailHtmlFrame
          loader={loader}
          text={mail.text}
          onUnavailable={() => setHtmlMissing(true)}
        />
      ) : (
        <MailText text={mail.text} />
      )}
    </>
  );
}

function MailToolbar(props: {
  jwt: string;
  mail: ParsedMail;
  allowDelete: boolean;
  showSource: boolean;
  toggleSource(): void;
  onDeleted(id: number): void;
}) {
  const { t } = useI18n();
  const { jwt, mail } = props;
  const remove = async () => {
    if (!window.confirm(t('mail.deleteConfirm'))) return;
    try {
      await deleteMail(jwt, mail.id);
      notify(t('mail.deleted'));
      props.onDeleted(mail.id);
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };
  const downloadRaw = async () => {
    try {
      saveBlob(await getRawBlob(jwt, mail.id), `mail-${mail.id}.eml`);
    } catch (error) {
      notify(errorMessage(error), 'error');
    }
  };
  return (
    <div class="row toolbar">
      <button
        type="button"
        class="btn btn-small"
        aria-expanded={props.showSource}
        onClick={props.toggleSource}
      >
        {props.showSource ? t('mail.hideSource') : t('mail.source')}
      </button>
      <button type="button" class="btn btn-small" onClick={() => void downloadRaw()}>
        {t('mail.downloadEml')}
      </button>
      {props.allowDelete && (
        <button type="button" class="btn btn-small btn-danger" onClick={() => void remove()}>
          {t('mail.delete')}
        </button>
      )}
    </div>
  );
}

function MailContent(props: MailViewProps & { mail: ParsedMail }) {
  const { t, lang } = useI18n();
  const { jwt, mail } = props;
  const [showSource, setShowSource] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const extracted = parseExtracted(mail.metadata);
  // Keyboard and screen-reader users land on the mail they opened.
  useEffect(() => heading.current?.focus(), [mail.id]);

  return (
    <article class="card mail-view" aria-labelledby="mail-subject" data-testid="mail-view">
      <BackControl onBack={props.onBack} backLabel={props.backLabel} />
      <h2 id="mail-subject" ref={heading} tabIndex={-1} data-testid="mail-subject">
        {mail.subject || t('inbox.noSubject')}
      </h2>
      <dl class="mail-meta">
        <dt>{t('mail.from')}</dt>
        <dd data-testid="mail-from">{mail.sender || mail.source}</dd>
        <dt>{t('mail.to')}</dt>
        <dd>{mail.address}</dd>
        <dt>{t('mail.date')}</dt>
        <dd>
          <time dateTime={mail.created_at}>{formatFullDate(mail.created_at, lang)}</time>
        </dd>
      </dl>
      {extracted && <ExtractedChip extracted={extracted} />}
      <MailToolbar
        jwt={jwt}
        mail={mail}
        allowDelete={props.allowDelete}
        showSource={showSource}
        toggleSource={() => setShowSource(!showSource)}
        onDeleted={props.onDeleted}
      />
      {showSource && <MailSource jwt={jwt} mailId={mail.id} />}
      <MailBody key={mail.id} jwt={jwt} mail={mail} />
      <MailAttachments jwt={jwt} mailId={mail.id} attachments={mail.attachments} />
    </article>
  );
}

export function MailView(props: MailViewProps) {
  const { t } = useI18n();
  const state = useParsedMail(props.jwt, props.address, props.mailId);
  if (state.status === 'ready') return <MailContent {...props} mail={state.mail} />;
  const text =
    state.status === 'loading'
      ? t('mail.loading')
      : state.status === 'missing'
        ? t('mail.notFound')
        : state.message;
  return (
    <article class="card mail-view" aria-busy={state.status === 'loading'}>
      <BackControl onBack={props.onBack} backLabel={props.backLabel} />
      <p role={state.status === 'error' ? 'alert' : undefined}>{text}</p>
    </article>
  );
}
