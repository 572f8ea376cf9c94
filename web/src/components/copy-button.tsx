/** A button that copies a text in one click and says so, for pointer and screen-reader users. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { notify } from '../state/notices';

/**
 * navigator.clipboard exists only in secure contexts; on plain http (a LAN server) the older
 * execCommand path still works from a click.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied: fall through to the older way.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy the address". */
  label: string;
  children?: ComponentChildren;
  class?: string;
  testId?: string;
}

export function CopyButton({ text, label, children, class: className, testId }: CopyButtonProps) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  const onClick = async () => {
    if (await copyText(text)) {
      setCopied(true);
      notify(t('common.copied'));
    } else notify(t('common.copyFailed'), 'error');
  };
  // The name must hold the visible text (WCAG 2.5.3, axe label-content-name-mismatch): while
  // the plain button reads "Copied", so does its name.
  const name = copied && children === undefined ? t('common.copied') : label;
  return (
    <button
      type="button"
      class={`btn ${className ?? ''}`}
      aria-label={name}
      title={label}
      data-testid={testId}
      data-copied={copied ? 'true' : undefined}
      onClick={() => void onClick()}
    >
      {children ?? (copied ? t('common.copied') : t('common.copy'))}
    </button>
  );
}
