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

// Our own presentation. Attribute selectors only: the mail keeps no class or id to aim at.
// Blocked images keep their size (a 1×1 tracking pixel stays tiny) and show a dashed frame.
const BASE_STYLE = [
  'body{margin:8px;font-family:system-ui,sans-serif;overflow-wrap:break-word}',
  'img{max-width:100%;height:auto}',
  'pre{white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,monospace}',
  'img[data-remote-image]{display:inline-block;min-width:1px;min-height:1px;outline:1px dashed #999}',
].join('');

/**
 * `body` (already sanitised HTML) as a whole document: UTF-8, the policy above, no referrer on
 * any request, and every link opening in a new browsing context rather than in the frame.
 */
export function mailHtmlDocument(body: string, allowRemoteImages: boolean): string {
  return (
    '<!DOCTYPE html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${mailHtmlCsp(allowRemoteImages)}">` +
    '<meta name="referrer" content="no-referrer">' +
    '<base target="_blank">' +
    `<style>${BASE_STYLE}</style>` +
    `</head><body>${body}</body></html>`
  );
}
