/** Pieces of the admin tables: sortable column headers, row buttons, the empty/error line. */
import { useAdminI18n } from './admin-i18n';
import type { Paged } from './use-paged';

export function SortHeader(props: {
  label: string;
  active: boolean;
  ascending: boolean;
  onSort(): void;
}) {
  const { t } = useAdminI18n();
  const direction = props.ascending ? 'ascending' : 'descending';
  return (
    <th scope="col" aria-sort={props.active ? direction : undefined}>
      <button
        type="button"
        class="sort-button"
        title={t('admin.common.sortBy', { column: props.label })}
        onClick={props.onSort}
      >
        {props.label}
        <span aria-hidden="true" class="sort-mark">
          {props.active ? (props.ascending ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/**
 * A row's action: its visible text first, then (for screen readers) which row it acts on, so
 * "Delete" in a list of twenty is "Delete tmp1@example.com".
 */
export function RowButton(props: {
  label: string;
  target: string;
  danger?: boolean | undefined;
  testId: string;
  onClick(): void;
}) {
  return (
    <button
      type="button"
      class={`btn btn-small${props.danger ? ' btn-danger' : ''}`}
      data-testid={props.testId}
      onClick={props.onClick}
    >
      {props.label}
      <span class="sr-only"> {props.target}</span>
    </button>
  );
}

export function TableState({ paged, empty }: { paged: Paged<unknown>; empty: string }) {
  const { t } = useAdminI18n();
  if (paged.error) {
    return (
      <div role="alert" class="table-note">
        <p class="form-error">{paged.error}</p>
        <button type="button" class="btn btn-small" onClick={paged.reload}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (paged.loading && paged.rows.length === 0) {
    return <p class="table-note muted">{t('common.loading')}</p>;
  }
  if (paged.rows.length === 0) return <p class="table-note muted">{empty}</p>;
  return null;
}
