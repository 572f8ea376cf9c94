/**
 * Pieces of the admin tables: the table itself, sortable column headers, a row's action
 * buttons, the empty/error line.
 */
import type { ComponentChildren } from 'preact';
import { useAdminI18n, type AdminMessageKey } from './admin-i18n';
import type { Paged } from './use-paged';

/**
 * One page of rows as a table (cards on a phone) whose rows end in an actions cell
 * (RowActions), with the loading/empty/error line below it.
 */
export function AdminTable(props: {
  testId: string;
  caption: string;
  empty: string;
  paged: Paged<unknown>;
  /** The column headers before the actions column. */
  head: ComponentChildren;
  children: ComponentChildren;
}) {
  const { t } = useAdminI18n();
  const { paged } = props;
  return (
    <div class="table-box">
      <table class="admin-table" data-testid={props.testId} aria-busy={paged.loading}>
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.head}
            <th scope="col">{t('admin.col.actions')}</th>
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
      <TableState paged={paged} empty={props.empty} />
    </div>
  );
}

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

export interface RowAction<A extends string> {
  action: A;
  label: AdminMessageKey;
  danger?: boolean;
}

/** A row's actions cell: one RowButton per action, with test id `${testIdPrefix}-${action}`. */
export function RowActions<A extends string>(props: {
  actions: readonly RowAction<A>[];
  target: string;
  testIdPrefix: string;
  act(action: A): void;
}) {
  const { t } = useAdminI18n();
  return (
    <td class="cell-actions">
      <div class="row-actions">
        {props.actions.map(({ action, label, danger }) => (
          <RowButton
            key={action}
            label={t(label)}
            target={props.target}
            danger={danger}
            testId={`${props.testIdPrefix}-${action}`}
            onClick={() => props.act(action)}
          />
        ))}
      </div>
    </td>
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
