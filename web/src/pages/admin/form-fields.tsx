/**
 * Labelled inputs the settings forms are made of: a checkbox, a number, a line of text, and a
 * list edited as one entry per line.
 */
import { useId } from 'preact/hooks';
import { useAdminI18n } from './admin-i18n';

interface FieldBase {
  label: string;
  hint?: string | undefined;
  testId?: string | undefined;
}

export function CheckField(props: FieldBase & { checked: boolean; set(value: boolean): void }) {
  const hintId = useId();
  return (
    <div class="field">
      <label class="check">
        <input
          type="checkbox"
          checked={props.checked}
          data-testid={props.testId}
          aria-describedby={props.hint ? hintId : undefined}
          onChange={(e) => props.set(e.currentTarget.checked)}
        />
        {props.label}
      </label>
      {props.hint && (
        <small id={hintId} class="hint">
          {props.hint}
        </small>
      )}
    </div>
  );
}

export function TextField(
  props: FieldBase & {
    value: string;
    set(value: string): void;
    type?: 'text' | 'email' | 'url' | 'password';
    required?: boolean;
    placeholder?: string;
    maxLength?: number;
  },
) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        // Preact's types split <input> by type; one component serves these text-like types.
        type={(props.type ?? 'text') as 'text'}
        value={props.value}
        required={props.required}
        placeholder={props.placeholder}
        maxLength={props.maxLength ?? 2000}
        spellcheck={false}
        autoComplete="off"
        data-testid={props.testId}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onInput={(e) => props.set(e.currentTarget.value)}
      />
      {props.hint && (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
    </div>
  );
}

export function NumberField(
  props: FieldBase & {
    value: number | null;
    set(value: number | null): void;
    min?: number;
    max?: number;
    step?: number | 'any';
  },
) {
  const id = useId();
  return (
    <div class="field field-number">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        value={props.value ?? ''}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        data-testid={props.testId}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onInput={(e) => {
          const raw = e.currentTarget.value;
          props.set(raw === '' ? null : Number(raw));
        }}
      />
      {props.hint && (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
    </div>
  );
}

/** Entries one per line; blank lines and surrounding spaces are dropped. */
export const parseLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export function ListField(
  props: FieldBase & { value: string; set(text: string): void; rows?: number },
) {
  const { t } = useAdminI18n();
  const id = useId();
  const count = parseLines(props.value).length;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        rows={props.rows ?? 4}
        value={props.value}
        spellcheck={false}
        data-testid={props.testId}
        aria-describedby={`${id}-hint`}
        onInput={(e) => props.set(e.currentTarget.value)}
      />
      <small id={`${id}-hint`} class="hint">
        {props.hint ? `${props.hint} ` : ''}
        {t('admin.list.count', { count })}
      </small>
    </div>
  );
}
