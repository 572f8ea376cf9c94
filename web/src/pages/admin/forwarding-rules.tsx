/**
 * Forwarding rules of the account settings (`emailForwardingList`): for recipients in some
 * domains (all when empty), from senders matching some patterns (any or all), forward to an
 * address.
 */
import type { ForwardingRule } from '../../api/admin-settings-api';
import { useAdminI18n } from './admin-i18n';
import { EditableRuleList, type RuleEditorProps } from './editable-rule-list';
import { TextField } from './form-fields';

const splitComma = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function RuleEditor(props: RuleEditorProps<ForwardingRule>) {
  const { t } = useAdminI18n();
  const { rule, index } = props;
  const n = index + 1;
  return (
    <fieldset class="fieldset" data-testid="forwarding-rule">
      <legend>{t('admin.forward.rule', { n })}</legend>
      <div class="form-grid">
        <TextField
          label={t('admin.forward.to')}
          type="email"
          required
          value={rule.forward}
          set={(forward) => props.set({ ...rule, forward })}
        />
        <TextField
          label={t('admin.forward.domains')}
          hint={t('admin.forward.domainsHint')}
          value={(rule.domains ?? []).join(', ')}
          set={(text) => props.set({ ...rule, domains: splitComma(text) })}
        />
        <TextField
          label={t('admin.forward.sources')}
          hint={t('admin.forward.sourcesHint')}
          value={(rule.sourcePatterns ?? []).join(', ')}
          set={(text) => props.set({ ...rule, sourcePatterns: splitComma(text) })}
        />
        <div class="field">
          <label for={`forward-mode-${index}`}>{t('admin.forward.mode')}</label>
          <select
            id={`forward-mode-${index}`}
            value={rule.sourceMatchMode ?? 'any'}
            onChange={(e) =>
              props.set({ ...rule, sourceMatchMode: e.currentTarget.value as 'any' | 'all' })
            }
          >
            <option value="any">{t('admin.forward.any')}</option>
            <option value="all">{t('admin.forward.all')}</option>
          </select>
        </div>
      </div>
      <div>
        <button type="button" class="btn btn-small btn-danger" onClick={props.remove}>
          {t('admin.forward.remove', { n })}
        </button>
      </div>
    </fieldset>
  );
}

export function ForwardingRules({
  rules,
  set,
}: {
  rules: ForwardingRule[];
  set(rules: ForwardingRule[]): void;
}) {
  const { t } = useAdminI18n();
  return (
    <EditableRuleList
      title={t('admin.forward.title')}
      help={t('admin.forward.help')}
      rules={rules}
      set={set}
      Editor={RuleEditor}
      newRule={(): ForwardingRule => ({
        domains: [],
        forward: '',
        sourcePatterns: [],
        sourceMatchMode: 'any',
      })}
      addLabel={t('admin.forward.add')}
      addTestId="forward-add"
    />
  );
}
