/**
 * The frame of a settings section: a titled card whose form saves the draft, says so, and
 * shows the server's message when it refuses.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { FormError } from '../../components/form-error';
import { notify } from '../../state/notices';
import { onSubmit, useAction } from '../../state/use-action';
import { useAdminI18n } from './admin-i18n';

interface SettingsFormProps {
  title: string;
  intro?: string;
  save(): Promise<void>;
  children: ComponentChildren;
  testId: string;
  /** Extra buttons beside Save. */
  actions?: ComponentChildren;
}

export function SettingsForm({ title, intro, save, children, testId, actions }: SettingsFormProps) {
  const { t } = useAdminI18n();
  const titleId = useId();
  const action = useAction(async () => {
    await save();
    notify(t('admin.settings.saved'));
  });
  return (
    <form
      class="card stack settings-form"
      aria-labelledby={titleId}
      onSubmit={onSubmit(action.run)}
      data-testid={testId}
    >
      <h3 id={titleId}>{title}</h3>
      {intro && <p class="hint">{intro}</p>}
      {children}
      <FormError error={action.error} />
      <div class="row wrap">
        <button
          type="submit"
          class="btn btn-primary"
          disabled={action.busy}
          data-testid={`${testId}-save`}
        >
          {t('admin.common.save')}
        </button>
        {actions}
      </div>
    </form>
  );
}
