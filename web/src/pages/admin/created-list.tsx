/**
 * What a creation made: each address with its credential (and password, when the site gives
 * addresses one), shown once, copyable one by one or all together as CSV; and the names that
 * failed, with the reason.
 */
import type { BatchResult } from '../../api/admin-api';
import type { CreatedAddress } from '../../api/types';
import { CopyButton } from '../../components/copy-button';
import { saveBlob } from '../../mail-format';
import { useAdminI18n } from './admin-i18n';

const csvCell = (value: string) =>
  /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

function toCsv(rows: CreatedAddress[]): string {
  const lines = rows.map((r) =>
    [String(r.address_id), r.address, r.password ?? '', r.jwt].map(csvCell).join(','),
  );
  return ['address_id,address,password,jwt', ...lines].join('\n') + '\n';
}

function CreatedRow({ row }: { row: CreatedAddress }) {
  const { t } = useAdminI18n();
  return (
    <li class="created-row" data-testid="created-address">
      <code class="cell-strong">{row.address}</code>
      {row.password && (
        <span class="muted">
          {t('address.password')}: <code data-testid="created-password">{row.password}</code>
        </span>
      )}
      <CopyButton
        text={row.jwt}
        label={`${t('address.copyCredential')}: ${row.address}`}
        class="btn-small"
      >
        {t('address.copyCredential')}
      </CopyButton>
    </li>
  );
}

export function CreatedList({ result, onDismiss }: { result: BatchResult; onDismiss(): void }) {
  const { t } = useAdminI18n();
  const csv = toCsv(result.results);
  return (
    <div class="created" role="status" data-testid="created-list">
      <p>
        <strong>{t('admin.created.summary', { count: result.results.length })}</strong>{' '}
        {result.errors.length > 0 && (
          <span class="form-error">
            {t('admin.created.failed', { count: result.errors.length })}
          </span>
        )}
      </p>
      <p class="hint">{t('admin.created.once')}</p>
      {result.results.length > 0 && (
        <div class="row wrap">
          <CopyButton text={csv} label={t('admin.created.copyCsv')} class="btn-small">
            {t('admin.created.copyCsv')}
          </CopyButton>
          <button
            type="button"
            class="btn btn-small"
            onClick={() => saveBlob(new Blob([csv], { type: 'text/csv' }), 'addresses.csv')}
          >
            {t('admin.created.downloadCsv')}
          </button>
          <button type="button" class="btn btn-small btn-ghost" onClick={onDismiss}>
            {t('admin.common.dismiss')}
          </button>
        </div>
      )}
      <ul class="created-items">
        {result.results.slice(0, 200).map((row) => (
          <CreatedRow key={row.address_id} row={row} />
        ))}
      </ul>
      {result.results.length > 200 && (
        <p class="hint">{t('admin.created.more', { count: result.results.length - 200 })}</p>
      )}
      {result.errors.length > 0 && (
        <ul class="created-errors" data-testid="created-errors">
          {result.errors.map((e, i) => (
            <li key={i}>
              <code>{e.name}</code>: {e.error}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
