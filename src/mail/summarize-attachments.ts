/** @module The attachment list without contents: what is stored with a mail and listed by the API. */
import type { ParsedAttachment } from './parsed-message.js';

export type AttachmentSummary = Omit<ParsedAttachment, 'content'>;

export function summarizeAttachments(
  attachments: readonly ParsedAttachment[],
): AttachmentSummary[] {
  return attachments.map(({ filename, mimeType, disposition, contentId, size }) => ({
    filename,
    mimeType,
    disposition,
    contentId,
    size,
  }));
}
