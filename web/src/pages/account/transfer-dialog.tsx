/**
 * Moving a bound address to another account. The server re-creates the address for its new
 * owner, so every credential of it stops working, this browser's included: the browser forgets
 * it too.
 */
import { useState } from 'preact/hooks';
import { transferAddress, type BoundAddress } from '../../api/user-api';
import { FormError } from '../../components/form-error';
import { forgetAddress } from '../../state/addresses';
import { notify } from '../../state/notices';
import { forgetReadMarks } from '../../state/read-marks';
import { onSubmit, useAction } from '../../state/use-action';
import { forgetBoundCredential, userCall } from '../../state/user-session';
import { ModalDialog } from '../../components/modal-dialog';
import { useAccountI18n } from './account-i18n';

interface TransferDialogProps {
  address: BoundAddress;
  onClose(): void;
  onDone(): void;
}

export function TransferDialog({ address, onClose, onDone }: TransferDialogProps) {
  const { t } = useAccountI18n();
  const [email, setEmail] = useState('');
  const transfer = useAction(async () => {
    const target = email.trim();
    await userCall((token) => transferAddress(token, address.id, target));
    forgetBoundCredential(address.id);
    forgetAddress(address.name);
    forgetReadMarks(address.name);
    notify(t('account.transfer.done', { address: address.name, email: target }));
    onDone();
  });
  return (
    <ModalDialog
      title={t('account.transfer.title', { address: address.name })}
      onClose={onClose}
      testId="account-transfer-dialog"
    >
      <form class="stack" onSubmit={onSubmit(transfer.run)}>
        <p id="account-transfer-warning">{t('account.transfer.warning')}</p>
        <div class="field">
          <label for="account-transfer-email">{t('account.transfer.target')}</label>
          <input
            id="account-transfer-email"
            type="email"
            required
            maxLength={320}
            autoComplete="off"
            value={email}
            aria-describedby="account-transfer-warning"
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <FormError error={transfer.error} />
        <div class="row">
          <button
            type="submit"
            class="btn btn-danger"
            disabled={transfer.busy}
            data-testid="account-transfer-submit"
          >
            {t('account.transfer.submit')}
          </button>
          <button type="button" class="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
