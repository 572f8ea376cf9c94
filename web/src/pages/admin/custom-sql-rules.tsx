/**
 * Custom cleanup statements: one DELETE each, run as written on the server's database after
 * the built-in cleanups (docs/api.md gives examples per dialect).
 */
import type { CustomSqlRule } from '../../api/admin-settings-api';
import { useAdminI18n } from './admin-i18n';
import { TextField } from './form-fields';

function RuleFields(props: {
  rule: CustomSqlRule;
  index: number;
  set(rule: CustomSqlRule): void;
  remove(): void;
}) {
  const { t } = useAdminI18n();
  const { rule, index } = props;
  const n = index + 1;
  return (
    <fieldset class="fieldset" data-testid="custom-sql-rule">
      <legend>{rule.name || t('admin.sql.rule', { n })}</legend>
      <TextField
        label={t('admin.sql.name')}
        maxLength={200}
        value={rule.name ?? ''}
        set={(name) => props.set({ ...rule, name })}
      />
      <div class="field">
        <label for={`custom-sql-${index}`}>{t('admin.sql.statement')}</label>
        <textarea
          id={`custom-sql-${index}`}
          rows={3}
          maxLength={1000}
          spellcheck={false}
          placeholder="DELETE FROM raw_mails WHERE …"
          value={rule.sql ?? ''}
          onInput={(e) => props.set({ ...rule, sql: e.currentTarget.value })}
        />
      </div>
      <div class="row wrap">
        <label class="check">
          <input
            type="checkbox"
            checked={rule.enabled === true}
            onChange={(e) => props.set({ ...rule, enabled: e.currentTarget.checked })}
          />
          {t('admin.sql.enabled')}
        </label>
        <button type="button" class="btn btn-small btn-danger" onClick={props.remove}>
          {t('admin.sql.remove', { n })}
        </button>
      </div>
    </fieldset>
  );
}

export function CustomSqlRules({
  rules,
  set,
}: {
  rules: CustomSqlRule[];
  set(rules: CustomSqlRule[]): void;
}) {
  const { t } = useAdminI18n();
  return (
    <div class="stack">
      <h4>{t('admin.sql.title')}</h4>
      <p class="hint">{t('admin.sql.help')}</p>
      {rules.map((rule, i) => (
        <RuleFields
          key={i}
          rule={rule}
          index={i}
          set={(next) => set(rules.map((r, j) => (j === i ? next : r)))}
          remove={() => set(rules.filter((_, j) => j !== i))}
        />
      ))}
      <div>
        <button
          type="button"
          class="btn btn-small"
          onClick={() =>
            set([...rules, { id: String(Date.now()), name: '', sql: '', enabled: false }])
          }
        >
          {t('admin.sql.add')}
        </button>
      </div>
    </div>
  );
}
