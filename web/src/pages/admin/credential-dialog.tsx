/**
 * An address's credential (GET /admin/show_password/:id), and a link that opens its inbox in
 * this site. Fetched only when asked for: it opens the mailbox from anywhere.
 */
import { useEffect, useState } from 'preact/hooks';
import { showCredential, type AdminAddress } from '../../api/admin-api';
import { errorMessage } from '../../api/client';
import { CopyButton } from '../../components/copy-button';
import { ModalDialog } from '../../components/modal-dialog';
import { useAdminI18n } from './admin-i18n';

function SecretLine({ id, label, value, copyLabel, testId }: Record<string, string>) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="input-group">
        <input id={id} readOnly value={value} spellcheck={false} data-testid={testId} />
        <CopyButton text={value ?? ''} label={copyLabel ?? ''} />
      </div>
    </div>
  );
}

export function CredentialDialog({ address, onClose }: { address: AdminAddress; onClose(): void }) {
  const { t } = useAdminI18n();
  const [jwt, setJwt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    showCredential(address.id)
      .then((r) => setJwt(r.jwt))
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [address.id]);
  const link = jwt ? `${window.location.origin}/?jwt=${encodeURIComponent(jwt)}` : '';
  return (
    <ModalDialog
      title={t('admin.credential.title', { address: address.name })}
      onClose={onClose}
      testId="credential-dialog"
    >
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!jwt && !error && <p class="muted">{t('common.loading')}</p>}
      {jwt && (
        <div class="stack">
          <p class="hint">{t('address.credentialHelp')}</p>
          <SecretLine
            id="admin-credential"
            label={t('address.credential')}
            value={jwt}
            copyLabel={t('address.copyCredential')}
            testId="admin-credential"
          />
          <SecretLine
            id="admin-credential-link"
            label={t('address.openLink')}
            value={link}
            copyLabel={t('address.copyLink')}
            testId="admin-credential-link"
          />
        </div>
      )}
    </ModalDialog>
  );
}
