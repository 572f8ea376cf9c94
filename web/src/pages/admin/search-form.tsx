/** A search box for an admin list: applies on submit (Enter), with a button to clear it. */
import { useState } from 'preact/hooks';
import { onSubmit } from '../../state/use-action';
import { useAdminI18n } from './admin-i18n';

interface SearchFormProps {
  label: string;
  value: string;
  onSearch(value: string): void;
  testId: string;
  placeholder?: string;
}

export function SearchForm({ label, value, onSearch, testId, placeholder }: SearchFormProps) {
  const { t } = useAdminI18n();
  const [text, setText] = useState(value);
  return (
    <form role="search" class="search-form" onSubmit={onSubmit(() => onSearch(text.trim()))}>
      <label for={`${testId}-input`} class="sr-only">
        {label}
      </label>
      <div class="input-group">
        <input
          id={`${testId}-input`}
          type="search"
          value={text}
          placeholder={placeholder ?? label}
          maxLength={256}
          spellcheck={false}
          autoComplete="off"
          data-testid={testId}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="btn">
          {t('admin.common.search')}
        </button>
      </div>
      {value && (
        <button
          type="button"
          class="btn btn-ghost btn-small"
          onClick={() => {
            setText('');
            onSearch('');
          }}
        >
          {t('admin.common.clearSearch')}
        </button>
      )}
    </form>
  );
}
