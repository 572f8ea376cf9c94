/**
 * One mail of a bound address, read through the inbox's own mail view: the account asks the
 * server for that address's credential (bind_address_jwt), so the mail's HTML comes, as in the
 * inbox, from GET /api/mails/:id/html into the sandboxed frame.
 */
import { MailView } from '../../components/mail-view';
import { boundCredential } from '../../state/user-session';
import { at, useAccountI18n } from './account-i18n';
import { LoadGate } from '../../components/load-gate';
import type { BoundList } from './use-bound-addresses';
import { useLoaded } from '../../state/use-loaded';

interface AccountMailViewProps {
  mailId: number;
  /** The address the mail came to. */
  box: string;
  bound: BoundList;
  allowDelete: boolean;
  onClose(): void;
  onDeleted(id: number): void;
}

export function AccountMailView(props: AccountMailViewProps) {
  const { t } = useAccountI18n();
  const item = props.bound.items.find((bound) => bound.name === props.box);
  const [credential, retry] = useLoaded(() =>
    item ? boundCredential(item.id) : Promise.reject(new Error(at('account.mails.notBound'))),
  );
  const backLabel = t('account.mails.back');
  return (
    <div class="account-mail stack" data-testid="account-mail-view">
      {/* Until the mail view shows (with its own back button), the way back is here. */}
      {credential.status !== 'ready' && (
        <div>
          <button type="button" class="btn btn-small" onClick={props.onClose}>
            ← {backLabel}
          </button>
        </div>
      )}
      <LoadGate state={credential} retry={retry}>
        {(jwt) => (
          <MailView
            jwt={jwt}
            address={props.box}
            mailId={props.mailId}
            allowDelete={props.allowDelete}
            onDeleted={props.onDeleted}
            onBack={props.onClose}
            backLabel={backLabel}
          />
        )}
      </LoadGate>
    </div>
  );
}
