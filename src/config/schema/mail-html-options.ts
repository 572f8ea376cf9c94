/**
 * @module Options of showing mail HTML (GET /api/mails/:id/html and its admin twin): how much of a
 * mail is rendered and how many inline image bytes it embeds.
 */
import { int, type OptionSpec } from '../option-kinds.js';

export const mailHtmlOptions = {
  MAIL_HTML_MAX_BYTES: int(524_288, {
    description:
      'Longest HTML (or text) part a mail is rendered with; beyond it only the beginning is shown, with a notice. Sanitising costs about 1 s per MiB of CPU.',
    min: 1024,
    max: 16_777_216,
  }),
  MAIL_HTML_INLINE_IMAGE_MAX_BYTES: int(2_097_152, {
    description:
      'Largest inline (cid:) image embedded into rendered mail HTML; larger ones are not shown.',
    min: 0,
    max: 67_108_864,
  }),
  MAIL_HTML_INLINE_IMAGES_MAX_TOTAL_BYTES: int(10_485_760, {
    description:
      'Most inline image bytes one rendered mail embeds (an image referenced twice counts twice).',
    min: 0,
    max: 268_435_456,
  }),
} satisfies Record<string, OptionSpec<unknown>>;
