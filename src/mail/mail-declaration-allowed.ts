/**
 * @module The one rule set every CSS declaration of a mail goes through, whether it comes from
 * an inline `style` attribute (build-mail-style-rules.ts) or from a `<style>` sheet
 * (sanitize-mail-style-sheets.ts): a property allow-list and value checks, so the two paths
 * cannot drift apart.
 */
import type { MailImageResolver } from './create-mail-image-resolver.js';
import { mailHtmlAllowList } from './mail-html-allow-list.js';

const PROPERTIES = new Set(mailHtmlAllowList.cssProperties);
// Backslash escapes (`u\72l(`) and comments (`u/**/rl(`) could hide a function name from the
// checks below, so any value holding one is dropped whole; so are the legacy script hooks
// (IE expression(), behavior, Firefox -moz-binding) and anything naming a script scheme.
// Angle brackets and braces never belong in a value we keep: they are what a value would need
// to close its `<style>` element or its rule.
const UNSAFE_VALUE = /[\\<>{}]|\/\*|expression|javascript|vbscript|behavior|binding|@import/i;
// Functions that fetch a URL given as a plain string (no url() around it), and attr(), which
// reads a value out of the markup.
const STRING_URL_FUNCTION = /(?:image-set|image|cross-fade|element|paint|src|attr)\s*\(/i;
const URL_FUNCTION = /url\s*\(/gi;
const URL_ARGUMENT = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^\s"'()]*))\s*\)/gi;
// Anything that takes an element out of the flow could cover the rest of the mail (a fake
// "session expired" page over the real text): only in-flow positioning is kept.
const IN_FLOW_POSITION = /^(static|relative|inherit|initial|unset|revert)$/i;

/**
 * True when every url() of `value` names an image we may show as written: a raster data: URL,
 * or an http(s) URL when `images` allows remote ones (the resolver counts those either way).
 * A `cid:` inside CSS is refused: it would need rewriting, which a declaration check cannot do.
 */
function urlsAllowed(value: string, images: MailImageResolver): boolean {
  const calls = value.match(URL_FUNCTION)?.length ?? 0;
  if (calls === 0) return true;
  const urls = [...value.matchAll(URL_ARGUMENT)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  if (urls.length !== calls) return false;
  let allowed = true;
  for (const url of urls) {
    // Resolve every url even after a refusal, so each remote one is counted.
    const resolved = /^\s*cid:/i.test(url) ? undefined : images.resolve(url);
    if (!resolved || !('src' in resolved)) allowed = false;
  }
  return allowed;
}

/**
 * True when the declaration `property: value` may be shown: the property (exactly as written,
 * lower case) is on the allow-list and the value passes every check, its url()s resolved with
 * `images`.
 */
export function mailDeclarationAllowed(
  property: string,
  value: string,
  images: MailImageResolver,
): boolean {
  if (!PROPERTIES.has(property)) return false;
  if (UNSAFE_VALUE.test(value) || STRING_URL_FUNCTION.test(value)) return false;
  if (property === 'position' && !IN_FLOW_POSITION.test(value.trim())) return false;
  return urlsAllowed(value, images);
}
