/**
 * @module Reads and validates a JSON request body. Malformed JSON and wrong types are a 400
 * with a text that names the problem (decisions.md 4), never a 500.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { DomainError } from '../domain/errors.js';
import type { AppEnv } from './app-env.js';

export async function readJsonBody<T extends z.ZodType>(
  c: Context<AppEnv>,
  schema: T,
): Promise<z.infer<T>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new DomainError('invalid_input', { detail: 'the request body is not valid JSON' });
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 5)
      .map((issue) => {
        // zod's own texts start "Invalid input: ", which our text already does.
        const message = issue.message.replace(/^Invalid input: /, '');
        return issue.path.length ? `${issue.path.join('.')}: ${message}` : message;
      })
      .join('; ');
    throw new DomainError('invalid_input', { detail });
  }
  return result.data;
}
