/**
 * Custom cleanup statements: one DELETE each, run as written on the server's database after
 * the built-in cleanups (docs/api.md gives examples per dialect).
 */
import type { CustomSqlRule } from '../../api/admin-settings-api';
import { useAdminI18n } from './admin-i18n';
import { EditableRuleList, type RuleEditorProps } from './editable-rule-list';
import { TextField } from './form-fields';

function RuleFields(props: RuleEditorProps<CustomSqlRule>) {
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
    <EditableRuleList
      title={t('admin.sql.title')}
      help={t('admin.sql.help')}
      rules={rules}
      set={set}
      Editor={RuleFields}
      newRule={() => ({ id: String(Date.now()), name: '', sql: '', enabled: false })}
      addLabel={t('admin.sql.add')}
    />
  );
}
