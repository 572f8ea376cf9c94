/**
 * Accessibility check of the page as it is now, with axe-core: fails on any serious or critical
 * violation, listing each rule with the elements that break it.
 *
 * The app's CSP forbids inline script, so axe is not added as a <script> element: its source
 * is evaluated through the DevTools protocol (page.evaluate), which the page's CSP does not
 * govern. The mail frame is left out (see AXE_OPTIONS).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

// The mail frame is the sender's markup without scripts: axe could not run inside it.
const AXE_OPTIONS = { iframes: false, resultTypes: ['violations'] };
const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on `page` and returns its serious and critical violations, one line per element. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Strings, not functions: this file is compiled without the DOM library.
  if (!(await page.evaluate<boolean>('typeof window.axe !== "undefined"'))) {
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, ${JSON.stringify(AXE_OPTIONS)}).then((result) => result.violations)`,
  );
  return violations
    .filter((v) => v.impact !== null && BLOCKING.has(v.impact))
    .flatMap((v) =>
      v.nodes.map(
        (node) =>
          `${v.impact} ${v.id} (${v.help}): ${JSON.stringify(node.target)} ${
            node.failureSummary?.replace(/\s+/g, ' ') ?? ''
          }`,
      ),
    );
}

/** Asserts that axe finds no serious or critical violation on `page`. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  expect(await seriousA11yViolations(page), `axe on ${where}`).toEqual([]);
}
