/**
 * @module The text of a mail's `<style>` elements, for sanitize-mail-style-sheets.ts. Read with
 * htmlparser2, the parser sanitize-html uses, so a sheet is found where the sanitiser sees a
 * style element: not inside the elements it drops with their content (a `<style>` in SVG,
 * `<template>`, `<noscript>`, ... is not the mail's, as far as the sanitiser is concerned).
 */
import { Parser } from 'htmlparser2';
import { mailHtmlAllowList } from './mail-html-allow-list.js';

const CONTAINERS = new Set(mailHtmlAllowList.droppedWithContent.filter((tag) => tag !== 'style'));

/**
 * A sheet applies to what we show only as CSS for the screen: browsers ignore a `type` other
 * than text/css, and a `media` of print (or any condition) would not hold in the reader's
 * frame the same way; such sheets are left out rather than rewritten.
 */
function appliesToScreen(attribs: Record<string, string>): boolean {
  const type = (attribs['type'] ?? '').trim().toLowerCase();
  const media = (attribs['media'] ?? '').trim().toLowerCase();
  return (type === '' || type === 'text/css') && ['', 'all', 'screen'].includes(media);
}

/** The text of every `<style>` of `html` that is shown and applies to the screen, in order. */
export function extractMailStyleSheets(html: string): string[] {
  const sheets: string[] = [];
  let hidden = 0;
  let sheet: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (CONTAINERS.has(name)) hidden += 1;
        else if (name === 'style' && hidden === 0 && appliesToScreen(attribs)) sheet = '';
      },
      ontext(text) {
        if (sheet !== undefined) sheet += text;
      },
      onclosetag(name) {
        if (CONTAINERS.has(name)) hidden -= 1;
        else if (name === 'style' && sheet !== undefined) {
          sheets.push(sheet);
          sheet = undefined;
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return sheets;
}
