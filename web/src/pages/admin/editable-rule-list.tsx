/**
 * An editable list of rules under a heading: each rule in its own editor with a remove
 * button, and a button that appends a new rule.
 */
import type { ComponentType } from 'preact';

export interface RuleEditorProps<R> {
  rule: R;
  index: number;
  set(rule: R): void;
  remove(): void;
}

export function EditableRuleList<R>(props: {
  title: string;
  help: string;
  rules: R[];
  set(rules: R[]): void;
  Editor: ComponentType<RuleEditorProps<R>>;
  newRule(): R;
  addLabel: string;
  addTestId?: string;
}) {
  const { rules, set, Editor } = props;
  return (
    <div class="stack">
      <h4>{props.title}</h4>
      <p class="hint">{props.help}</p>
      {rules.map((rule, i) => (
        <Editor
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
          data-testid={props.addTestId}
          onClick={() => set([...rules, props.newRule()])}
        >
          {props.addLabel}
        </button>
      </div>
    </div>
  );
}
