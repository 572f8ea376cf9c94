/**
 * Right after a signed-in user creates an address: one click binds it to their account
 * (POST /user_api/bind_address). The server never binds a new address by itself (reference
 * §2.5), and an unbound one lives only in this browser.
 */
import { useI18n } from '../i18n';
import type { SavedAddress } from '../state/addresses';
import { loadUserSession } from '../state/load-user-session';
import { notify } from '../state/notices';
import { useAction } from '../state/use-action';
import { FormError } from './form-error';

export function BindOffer({ entry, onClose }: { entry: SavedAddress; onClose(): void }) {
  const { t } = useI18n();
  const bind = useAction(async () => {
    const { bindToUser } = await loadUserSession();
    await bindToUser(entry.jwt);
    notify(t('create.bound', { address: entry.address }));
    onClose();
  });
  return (
    <section class="card stack" aria-label={t('create.bind')} data-testid="bind-offer">
      <p>{t('create.bindOffer', { address: entry.address })}</p>
      <FormError error={bind.error} />
      <div class="row">
        <button
          type="button"
          class="btn btn-primary"
          disabled={bind.busy}
          data-testid="bind-offer-submit"
          onClick={() => bind.run()}
        >
          {t('create.bind')}
        </button>
        <button type="button" class="btn" onClick={onClose}>
          {t('create.bindLater')}
        </button>
      </div>
    </section>
  );
}
