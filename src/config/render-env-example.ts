/**
 * @module Renders `.env.example` from the schema, so the documented options are exactly the
 * options that exist (a test compares the committed file with this output).
 */
import { configSchema, type OptionName } from './config-schema.js';
import type { OptionSpec } from './option-kinds.js';

function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function wrap(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function renderEnvExample(): string {
  const out = [
    '# tmpmail configuration. Every option, its type and its default; generated from',
    '# src/config/config-schema.ts by `tmpmail config example` (do not edit by hand).',
    '# Copy to .env (read at start) or set these in the environment. Lists and objects are JSON.',
    '# Booleans are true only when exactly "true".',
    '',
  ];
  for (const [name, option] of Object.entries(configSchema) as [
    OptionName,
    OptionSpec<unknown>,
  ][]) {
    out.push(...wrap(option.description).map((l) => `# ${l}`));
    out.push(`# type: ${option.kind}${option.secret ? ' (secret)' : ''}`);
    out.push(`# ${name}=${formatDefault(option.default)}`, '');
  }
  return out.join('\n');
}
