/**
 * The verification code or link found in a mail, as a chip that copies it in one click
 * (links can also be opened, in a new tab without a referrer).
 */
import type { Extracted } from '../api/types';
import { useI18n } from '../i18n';
import { isWebLink } from '../mail-format';
import { CopyButton } from './copy-button';

export function ExtractedChip({ extracted }: { extracted: Extracted }) {
  const { t } = useI18n();
  const isCode = extracted.type === 'auth_code';
  const shown = isCode ? extracted.result : extracted.result_text || extracted.result;
  const kind = t(`code.${extracted.type}`);
  // The button's name holds its visible text ("Copy Code 123456"): voice-control users say
  // what they see (WCAG 2.5.3, axe label-content-name-mismatch).
  return (
    <span class={`chip chip-${isCode ? 'code' : 'link'}`}>
      <CopyButton
        text={extracted.result}
        label={t('code.copy', { value: `${kind} ${shown}` })}
        class="chip-copy"
        testId="code-chip"
      >
        <span class="chip-kind">{kind}</span>{' '}
        <span class="chip-value" data-testid="code-chip-value">
          {shown}
        </span>
      </CopyButton>
      {!isCode && isWebLink(extracted.result) && (
        <a
          class="chip-open"
          href={extracted.result}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={t('code.open')}
          title={extracted.result}
        >
          ↗
        </a>
      )}
    </span>
  );
}
