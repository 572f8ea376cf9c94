/**
 * @module The complete document a sanitised mail body is shown in (as the `srcdoc` of a
 * sandboxed iframe). It carries its own Content-Security-Policy, so even markup that slipped
 * past the sanitiser can run no script, load no style sheet, font or frame, and fetch images
 * only from data: URLs, or from the network when the reader allowed remote images.
 */

/** The policy of the mail document; `allowRemoteImages` adds http(s) image sources. */
export function mailHtmlCsp(allowRemoteImages: boolean): string {
  const images = allowRemoteImages ? 'data: https: http:' : 'data:';
  return [
    "default-src 'none'",
    `img-src ${images}`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    // default-src does not cover these two: no <base href>, no form submission.
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

// Our own presentation, before the mail's sheet. The defaults (body, img, pre) are plain rules
// that the mail's sheet may override, as its inline styles already can. Blocked images keep
// their size (a 1×1 tracking pixel stays tiny) and show a dashed frame.
// What must stay ours sits in a cascade layer with !important: an important declaration of a
// layer beats every important declaration outside layers, whatever its specificity or order,
// and the mail's sheet cannot open a layer (@layer is dropped). So the head stays hidden, our
// notices stay readable and above the mail (the mail may not set z-index), and blocked images
// keep their frame (the mail may not set outline), whatever `*` or a class rule says.
const BASE_STYLE = [
  'body{margin:8px;font-family:system-ui,sans-serif;overflow-wrap:break-word}',
  'img{max-width:100%;height:auto}',
  'pre{white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,monospace}',
  'img[data-remote-image]{display:inline-block;min-width:1px;min-height:1px}',
  '@layer tmpmail{',
  'head{display:none!important}',
  'html,body{display:block!important;opacity:1!important}',
  '[data-tmpmail-notice]{display:block!important;visibility:visible!important;opacity:1!important;' +
    'position:relative!important;z-index:1!important;color:#664d03!important;' +
    'background:#fff3cd!important;font-size:14px!important}',
  'img[data-remote-image]{outline:1px dashed #999!important}',
  '}',
].join('');

/**
 * `body` (already sanitised HTML) as a whole document: UTF-8, the policy above, no referrer on
 * any request, and every link opening in a new browsing context rather than in the frame.
 * `mailStyleSheet` (already filtered, sanitize-mail-style-sheets.ts) follows our own sheet in
 * the head, so it wins over our defaults where it sets the same thing.
 */
export function mailHtmlDocument(
  body: string,
  allowRemoteImages: boolean,
  mailStyleSheet = '',
): string {
  // Raw text: only `</style` could end the element early, and a filtered sheet never holds a
  // `<`. Checked here too, where a mistake would become markup.
  const mailStyle =
    mailStyleSheet === '' || mailStyleSheet.includes('<') ? '' : `<style>${mailStyleSheet}</style>`;
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${mailHtmlCsp(allowRemoteImages)}">` +
    '<meta name="referrer" content="no-referrer">' +
    '<base target="_blank">' +
    `<style>${BASE_STYLE}</style>${mailStyle}` +
    `</head><body>${body}</body></html>`
  );
}
