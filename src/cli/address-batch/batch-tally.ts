/**
 * @module Counts what a batch run created and why the rest failed, grouped by reason with a few
 * example names, and renders the closing summary.
 */
import type { RefusedName } from './batch-creator.js';

// A few names per reason identify the problem; the full list would drown the terminal.
const EXAMPLES_PER_REASON = 3;

interface Reason {
  text: string;
  count: number;
  examples: string[];
}

export class BatchTally {
  created = 0;
  failed = 0;
  private readonly reasons = new Map<string, Reason>();

  /** Records `count` failures with one reason; `names` are examples (may be fewer or none). */
  fail(code: string, text: string, count: number, names: readonly string[] = []): void {
    if (count <= 0) return;
    this.failed += count;
    let reason = this.reasons.get(code);
    if (!reason) {
      reason = { text, count: 0, examples: [] };
      this.reasons.set(code, reason);
    }
    reason.count += count;
    for (const name of names) {
      if (reason.examples.length >= EXAMPLES_PER_REASON) break;
      reason.examples.push(name);
    }
  }

  refused(errors: readonly RefusedName[]): void {
    for (const e of errors) this.fail(e.code, e.error, 1, [e.name]);
  }

  /** The summary printed on stderr at the end of a run. */
  summary(requested: number, elapsedMs: number, target: string): string {
    const seconds = elapsedMs / 1000;
    const rate = seconds > 0 ? Math.round(this.created / seconds) : this.created;
    const lines = [
      `created ${this.created} of ${requested} addresses in ${seconds.toFixed(1)} s (${rate}/s) on ${target}`,
    ];
    if (this.failed === 0) return `${lines.join('\n')}\n`;
    lines.push(`failed ${this.failed}:`);
    const sorted = [...this.reasons.entries()].sort((a, b) => b[1].count - a[1].count);
    for (const [code, reason] of sorted) {
      const examples = reason.examples.length > 0 ? ` (e.g. ${reason.examples.join(', ')})` : '';
      lines.push(`  ${reason.count} × ${code}: ${reason.text}${examples}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
