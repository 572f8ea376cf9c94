/**
 * A form's submit button that waits for the form's Turnstile check (turnstile-check.ts): it is
 * disabled, and points to the widget's hint, until a token is there.
 */
import type { ComponentChildren } from 'preact';
import type { TurnstileCheck } from './turnstile-check';

export function TurnstileSubmit(props: {
  check: TurnstileCheck;
  /** The form's action is running. */
  busy: boolean;
  testId?: string;
  children: ComponentChildren;
}) {
  const { check } = props;
  return (
    <button
      type="submit"
      class="btn btn-primary"
      disabled={props.busy || !check.ready}
      aria-describedby={check.describedBy}
      data-testid={props.testId}
    >
      {props.children}
    </button>
  );
}
