/**
 * A modal dialog on the native <dialog>: the browser keeps focus inside, Escape closes it, and
 * focus returns to the button that opened it. Its styles come with it (the account page and
 * the admin console both use it, so they land in a chunk the two share).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';
import '../styles/modal-dialog.css';

interface ModalDialogProps {
  title: string;
  onClose(): void;
  children: ComponentChildren;
  testId?: string;
}

export function ModalDialog({ title, onClose, children, testId }: ModalDialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class="modal-dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div class="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          class="btn btn-ghost btn-icon"
          aria-label={t('common.close')}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <div class="dialog-body">{children}</div>
    </dialog>
  );
}
