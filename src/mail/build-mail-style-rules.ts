/**
 * @module The checks every declaration of an inline `style` goes through, in the shape of
 * sanitize-html's `allowedStyles` (which parses the attribute with postcss and keeps a
 * declaration only if its property is listed and a "regex" of it accepts the value).
 */
import type { MailImageResolver } from './create-mail-image-resolver.js';
import { mailHtmlAllowList } from './mail-html-allow-list.js';

/** A RegExp in type only: sanitize-html calls `.test(value)`, which runs our own check. */
class ValueCheck extends RegExp {
  constructor(private readonly check: (value: string) => boolean) {
    super('');
  }

  override test(value: string): boolean {
    return this.check(value);
  }
}

// Backslash escapes (`u\72l(`) and comments (`u/**/rl(`) could hide a function name from the
// checks below, so any value holding one is dropped whole; so are the legacy script hooks
// (IE expression(), behavior, Firefox -moz-binding) and anything naming a script scheme.
const UNSAFE_VALUE = /[\\<>]|\/\*|expression|javascript|vbscript|behavior|binding|@import/i;
// Functions that fetch a URL given as a plain string (no url() around it).
const STRING_URL_FUNCTION = /(?:image-set|image|cross-fade|element|paint|src)\s*\(/i;
const URL_FUNCTION = /url\s*\(/gi;
const URL_ARGUMENT = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^\s"'()]*))\s*\)/gi;
// Anything that takes an element out of the flow could cover the rest of the mail (a fake
// "session expired" page over the real text): only in-flow positioning is kept.
const IN_FLOW_POSITION = /^(static|relative|inherit|initial|unset|revert)$/i;

/**
 * True when every url() of `value` names an image we may show as written: a raster data: URL,
 * or an http(s) URL when remote images are allowed (the resolver counts those either way).
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

function valueAllowed(property: string, value: string, images: MailImageResolver): boolean {
  if (UNSAFE_VALUE.test(value) || STRING_URL_FUNCTION.test(value)) return false;
  if (property === 'position' && !IN_FLOW_POSITION.test(value.trim())) return false;
  return urlsAllowed(value, images);
}

/** sanitize-html `allowedStyles` for every element, checking urls with `images`. */
export function buildMailStyleRules(
  images: MailImageResolver,
): Record<string, Record<string, RegExp[]>> {
  const rules: Record<string, RegExp[]> = {};
  for (const property of mailHtmlAllowList.cssProperties) {
    rules[property] = [new ValueCheck((value) => valueAllowed(property, value, images))];
  }
  return { '*': rules };
}
