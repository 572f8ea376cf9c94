/**
 * @module The checks every declaration of an inline `style` goes through, in the shape of
 * sanitize-html's `allowedStyles` (which parses the attribute with postcss and keeps a
 * declaration only if its property is listed and a "regex" of it accepts the value). The rules
 * themselves are mail-declaration-allowed.ts, shared with the `<style>` sheets.
 */
import type { MailImageResolver } from './create-mail-image-resolver.js';
import { mailDeclarationAllowed } from './mail-declaration-allowed.js';
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

/** sanitize-html `allowedStyles` for every element, checking urls with `images`. */
export function buildMailStyleRules(
  images: MailImageResolver,
): Record<string, Record<string, RegExp[]>> {
  const rules: Record<string, RegExp[]> = {};
  for (const property of mailHtmlAllowList.cssProperties) {
    rules[property] = [new ValueCheck((value) => mailDeclarationAllowed(property, value, images))];
  }
  return { '*': rules };
}
