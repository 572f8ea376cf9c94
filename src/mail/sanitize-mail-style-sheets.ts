/**
 * @module A mail's `<style>` sheets filtered into one sheet that is safe to show: each is
 * parsed with postcss (a sheet postcss cannot parse is dropped whole) and rebuilt from scratch
 * out of what passes the checks, never copied through:
 * - style rules whose selectors pass safe-mail-selector-list.ts, with the declarations that pass
 *   the very checks inline styles go through (mail-declaration-allowed.ts);
 * - `@media` blocks whose condition passes safe-media-query-list.ts, holding such rules;
 * - nothing else: `@import`, `@font-face`, `@namespace`, `@charset`, `@keyframes`, `@supports`,
 *   `@layer`, `@container`, `@page`, nested rules and every other at-rule are dropped.
 * Images in a sheet may only be raster `data:` URLs, whatever the reader chose for remote images:
 * a sheet can make a load depend on hovering, focus, the window's width or its colour scheme,
 * which tells the sender more than that the mail was opened; inline styles and `<img>` cover
 * the remote images senders actually use.
 */
import { atRule, decl, parse, root, rule, type ChildNode, type Root, type Rule } from 'postcss';
import { createMailImageResolver, type MailImageResolver } from './create-mail-image-resolver.js';
import { mailDeclarationAllowed } from './mail-declaration-allowed.js';
import { safeMailSelectorList } from './safe-mail-selector-list.js';
import { safeMediaQueryList } from './safe-media-query-list.js';

/**
 * Most style rules kept (those inside `@media` included). A long newsletter has a few hundred;
 * past this the rest are dropped, bounding the browser's work on every element of the mail.
 */
export const MAIL_STYLE_RULES_MAX = 1024;
/**
 * Most bytes of the rebuilt sheet (UTF-8). Newsletter sheets are 5 to 40 KiB; past this the
 * remaining rules are dropped. The HTML part, sheets included, is already capped by
 * MAIL_HTML_MAX_BYTES; this keeps one sheet from being most of what is sent to the browser.
 */
export const MAIL_STYLE_SHEET_MAX_BYTES = 131_072;

interface Budget {
  rules: number;
  bytes: number;
}

// A resolver that knows no inline parts and refuses remote images: it accepts raster data:
// URLs only. What it counts is discarded: sheet images are never offered as remote images.
const dataImagesOnly = (): MailImageResolver =>
  createMailImageResolver({
    attachments: [],
    allowRemoteImages: false,
    inlineImageMaxBytes: 0,
    inlineImagesMaxTotalBytes: 0,
  });

/**
 * The sheet text without the `<!--` and `-->` that old templates wrap it in (so that browsers
 * without CSS would not show it). Browsers skip them; postcss would refuse the sheet.
 */
function unwrap(text: string): string {
  let css = text.trim();
  if (css.startsWith('<!--')) css = css.slice(4);
  if (css.endsWith('-->')) css = css.slice(0, -3);
  return css;
}

function parseSheet(text: string): Root | undefined {
  try {
    return parse(unwrap(text));
  } catch {
    // Unclosed blocks and strings, stray braces, words outside any rule: the whole sheet goes.
    return undefined;
  }
}

/** The rule rebuilt with its safe selectors and declarations, or undefined if nothing is left. */
function keepRule(node: Rule, images: MailImageResolver): Rule | undefined {
  const selector = safeMailSelectorList(node.selector);
  if (selector === undefined) return undefined;
  const kept = rule({ selector, raws: { before: '', between: '', after: '', semicolon: false } });
  for (const child of node.nodes) {
    // Nested rules (CSS nesting) and at-rules inside a rule are dropped, not flattened.
    if (child.type !== 'decl') continue;
    if (!mailDeclarationAllowed(child.prop, child.value, images)) continue;
    kept.append(
      decl({
        prop: child.prop,
        value: child.value,
        important: child.important,
        raws: { before: '', between: ':' },
      }),
    );
  }
  return kept.nodes.length > 0 ? kept : undefined;
}

/** A top-level node rebuilt, with the number of style rules it holds, or undefined. */
function keepNode(
  node: ChildNode,
  images: MailImageResolver,
): { node: ChildNode; rules: number } | undefined {
  if (node.type === 'rule') {
    const kept = keepRule(node, images);
    return kept && { node: kept, rules: 1 };
  }
  if (node.type !== 'atrule' || node.name.toLowerCase() !== 'media') return undefined;
  const params = safeMediaQueryList(node.params);
  if (params === undefined) return undefined;
  const rules: Rule[] = [];
  for (const child of node.nodes ?? []) {
    // Only style rules: a nested @media, @supports or anything else is dropped.
    const kept = child.type === 'rule' ? keepRule(child, images) : undefined;
    if (kept) rules.push(kept);
  }
  if (rules.length === 0) return undefined;
  const raws = { before: '', afterName: ' ', between: '', after: '' };
  return { node: atRule({ name: 'media', params, raws, nodes: rules }), rules: rules.length };
}

/** A canonical form of a rebuilt sheet, to compare it with the same sheet parsed again. */
function shape(nodes: readonly ChildNode[]): unknown[] {
  return nodes.map((node) => {
    if (node.type === 'decl') return [node.prop, node.value, node.important === true];
    if (node.type === 'rule') return [node.selector, shape(node.nodes)];
    if (node.type === 'atrule') return [node.name, node.params, shape(node.nodes ?? [])];
    return [node.type];
  });
}

/**
 * True when `css` cannot leave its `<style>` element and reads back as exactly the rules it
 * was built from: no `<` at all (so no `</style`), and postcss parses the text into the same
 * tree, so no value or selector spilled into the next rule.
 */
function readsBackAs(css: string, built: Root): boolean {
  if (css.includes('<')) return false;
  try {
    return JSON.stringify(shape(parse(css).nodes)) === JSON.stringify(shape(built.nodes));
  } catch {
    return false;
  }
}

/**
 * The style sheets of a mail (the text of each `<style>` that applies to the screen, in
 * document order) filtered and rebuilt as one sheet, or '' when nothing is kept.
 */
export function sanitizeMailStyleSheets(sheets: readonly string[]): string {
  const images = dataImagesOnly();
  const out = root({ raws: { after: '' } });
  const budget: Budget = { rules: MAIL_STYLE_RULES_MAX, bytes: MAIL_STYLE_SHEET_MAX_BYTES };
  for (const text of sheets) {
    const parsed = parseSheet(text);
    for (const node of parsed?.nodes ?? []) {
      const kept = keepNode(node, images);
      if (!kept) continue;
      const bytes = Buffer.byteLength(kept.node.toString());
      if (kept.rules > budget.rules || bytes > budget.bytes) return finish(out);
      budget.rules -= kept.rules;
      budget.bytes -= bytes;
      out.append(kept.node);
    }
  }
  return finish(out);
}

function finish(out: Root): string {
  const css = out.toString();
  return readsBackAs(css, out) ? css : '';
}
