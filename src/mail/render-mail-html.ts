/**
 * @module A stored raw message → the safe document the web UI shows: parse (postal-mime), then
 * sanitise. The one entry point every "show this mail" endpoint (/api, /admin, /user_api) uses.
 */
import { parseMessage } from './parse-message.js';
import {
  sanitizeMailHtml,
  type MailHtmlOptions,
  type SanitizedMailHtml,
} from './sanitize-mail-html.js';

/** The raw message rendered as a sanitised HTML document (see sanitizeMailHtml). */
export async function renderMailHtml(
  raw: Uint8Array,
  options: MailHtmlOptions,
): Promise<SanitizedMailHtml> {
  return sanitizeMailHtml(await parseMessage(raw), options);
}
