/**
 * A panel that folds away under its title (<details>). Its content exists only while it is
 * open, so a closed form keeps its fields out of the page (and out of label look-ups).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

export function Fold(props: { title: string; testId: string; children: () => ComponentChildren }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      class="admin-box"
      data-testid={props.testId}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>{props.title}</summary>
      {open && props.children()}
    </details>
  );
}
