/**
 * The current address's secrets, hidden until asked for: its credential (which opens the
 * inbox anywhere), a link that opens it, and its password when the server gave one.
 */
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import type { SavedAddress } from '../state/addresses';
import { CopyButton } from './copy-button';

function SecretRow(props: {
  id: string;
  label: string;
  value: string;
  copyLabel: string;
  testId: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <div class="input-group">
        <input
          id={props.id}
          readOnly
          value={props.value}
          spellcheck={false}
          data-testid={props.testId}
        />
        <CopyButton text={props.value} label={props.copyLabel} />
      </div>
    </div>
  );
}

export function CredentialPanel({ entry }: { entry: SavedAddress }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const link = `${window.location.origin}/?jwt=${encodeURIComponent(entry.jwt)}`;
  return (
    <div class="credential">
      <div class="row">
        <button
          type="button"
          class="btn"
          aria-expanded={open}
          aria-controls="credential-details"
          data-testid="credential-toggle"
          onClick={() => setOpen(!open)}
        >
          {open ? t('address.hideCredential') : t('address.showCredential')}
        </button>
        <CopyButton text={entry.jwt} label={t('address.copyCredential')} testId="copy-credential">
          {t('address.copyCredential')}
        </CopyButton>
      </div>
      {open && (
        <div id="credential-details" class="stack">
          <p class="hint">{t('address.credentialHelp')}</p>
          <SecretRow
            id="credential-value"
            label={t('address.credential')}
            value={entry.jwt}
            copyLabel={t('address.copyCredential')}
            testId="credential-value"
          />
          <SecretRow
            id="credential-link"
            label={t('address.openLink')}
            value={link}
            copyLabel={t('address.copyLink')}
            testId="credential-link"
          />
          {entry.password && (
            <SecretRow
              id="address-password"
              label={t('address.password')}
              value={entry.password}
              copyLabel={t('address.copyPassword')}
              testId="address-password"
            />
          )}
        </div>
      )}
    </div>
  );
}
