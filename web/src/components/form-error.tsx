/** An error under a form, announced when it appears. */
export function FormError({ error, id }: { error: string | null; id?: string }) {
  if (!error) return null;
  return (
    <p id={id} class="form-error" role="alert">
      {error}
    </p>
  );
}
