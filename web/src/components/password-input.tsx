/**
 * The password input of a sign-in form (current password, required). While the form shows an
 * error, the input is marked invalid and points to the error, so a screen reader reads it.
 */
export function PasswordInput(props: {
  id: string;
  value: string;
  onValue(value: string): void;
  /** The form's error and the id of the FormError showing it. */
  error?: string | null;
  errorId?: string;
}) {
  const { error, errorId } = props;
  return (
    <input
      id={props.id}
      type="password"
      autoComplete="current-password"
      required
      value={props.value}
      onInput={(e) => props.onValue(e.currentTarget.value)}
      aria-invalid={error ? 'true' : undefined}
      aria-describedby={error ? errorId : undefined}
    />
  );
}
