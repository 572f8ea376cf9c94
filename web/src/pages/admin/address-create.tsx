/**
 * Creating addresses as the admin: one by name, or a batch (names one per line, or a number of
 * random names) in one request. The admin is not held to the public rules (block list,
 * length limits), only to the domains of DOMAINS.
 */
import { useState } from 'preact/hooks';
import {
  createAddress,
  createAddressBatch,
  type BatchResult,
  type NewAddressOptions,
} from '../../api/admin-api';
import type { OpenSettings } from '../../api/types';
import { FormError } from '../../components/form-error';
import { onSubmit, useAction } from '../../state/use-action';
import { useAdminI18n, type AdminMessageKey } from './admin-i18n';
import { CreatedList } from './created-list';
import { Fold } from './fold';
import { parseLines } from './form-fields';
import { AddressOptionsFields, type AddressOptionsDraft } from './address-options';

type Mode = 'one' | 'names' | 'random';

interface Draft extends AddressOptionsDraft {
  mode: Mode;
  name: string;
  names: string;
  count: number;
}

function options(draft: Draft): NewAddressOptions {
  const sub = draft.subdomain.trim().toLowerCase();
  return {
    domain: draft.domain ? (sub ? `${sub}.${draft.domain}` : draft.domain) : undefined,
    enablePrefix: draft.enablePrefix,
    enableRandomSubdomain: draft.randomSubdomain,
  };
}

async function create(draft: Draft): Promise<BatchResult> {
  if (draft.mode === 'one') {
    return { results: [await createAddress(draft.name.trim(), options(draft))], errors: [] };
  }
  const names = draft.mode === 'names' ? parseLines(draft.names) : { count: draft.count };
  return createAddressBatch(names, options(draft));
}

function NameInputs({ draft, set }: { draft: Draft; set(change: Partial<Draft>): void }) {
  const { t } = useAdminI18n();
  if (draft.mode === 'one') {
    return (
      <div class="field">
        <label for="admin-create-name">{t('admin.create.name')}</label>
        <input
          id="admin-create-name"
          required
          maxLength={64}
          spellcheck={false}
          autoComplete="off"
          autoCapitalize="none"
          value={draft.name}
          data-testid="admin-create-name"
          onInput={(e) => set({ name: e.currentTarget.value })}
        />
      </div>
    );
  }
  if (draft.mode === 'names') {
    return (
      <div class="field">
        <label for="admin-create-names">{t('admin.create.names')}</label>
        <textarea
          id="admin-create-names"
          rows={5}
          required
          spellcheck={false}
          value={draft.names}
          data-testid="admin-create-names"
          onInput={(e) => set({ names: e.currentTarget.value })}
        />
        <small class="hint">
          {t('admin.list.count', { count: parseLines(draft.names).length })}
        </small>
      </div>
    );
  }
  return (
    <div class="field field-number">
      <label for="admin-create-count">{t('admin.create.count')}</label>
      <input
        id="admin-create-count"
        type="number"
        min={1}
        max={1000}
        required
        value={draft.count}
        data-testid="admin-create-count"
        onInput={(e) => set({ count: Number(e.currentTarget.value) })}
      />
    </div>
  );
}

const MODES: readonly [Mode, AdminMessageKey][] = [
  ['one', 'admin.create.one'],
  ['names', 'admin.create.byNames'],
  ['random', 'admin.create.random'],
];

function ModePicker({ mode, set }: { mode: Mode; set(mode: Mode): void }) {
  const { t } = useAdminI18n();
  return (
    <div class="segmented" role="group" aria-label={t('admin.create.how')}>
      {MODES.map(([m, label]) => (
        <button
          key={m}
          type="button"
          class="btn btn-small"
          aria-pressed={mode === m}
          data-testid={`admin-create-mode-${m}`}
          onClick={() => set(m)}
        >
          {t(label)}
        </button>
      ))}
    </div>
  );
}

export function AddressCreate(props: {
  settings: OpenSettings;
  onCreated(): void;
  onReload(): void;
}) {
  const { t } = useAdminI18n();
  const { settings } = props;
  const [draft, setDraft] = useState<Draft>({
    mode: 'one',
    name: '',
    names: '',
    count: 10,
    domain: settings.domains[0] ?? '',
    subdomain: '',
    enablePrefix: settings.prefix !== '',
    randomSubdomain: false,
  });
  const [result, setResult] = useState<BatchResult | null>(null);
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const action = useAction(async () => {
    setResult(await create(draft));
    props.onCreated();
    props.onReload();
  });
  return (
    <Fold title={t('admin.create.title')} testId="address-create">
      {() => (
        <>
          <form class="stack" onSubmit={onSubmit(action.run)}>
            <ModePicker mode={draft.mode} set={(mode) => set({ mode })} />
            <NameInputs draft={draft} set={set} />
            <AddressOptionsFields settings={settings} draft={draft} set={set} />
            <FormError error={action.error} />
            <div>
              <button
                type="submit"
                class="btn btn-primary"
                disabled={action.busy}
                data-testid="admin-create-submit"
              >
                {t('admin.create.submit')}
              </button>
            </div>
          </form>
          {result && <CreatedList result={result} onDismiss={() => setResult(null)} />}
        </>
      )}
    </Fold>
  );
}
