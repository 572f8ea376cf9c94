/**
 * @module Error responses: plain text with the reference's status and message by default
 * (clients show the text); RFC 9457 problem JSON with a stable `code` for clients that send
 * `Accept: application/problem+json` (decisions.md 5).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { STATUS_CODES } from 'node:http';
import type { AppEnv } from './app-env.js';
import { translate, type MessageKey } from './messages.js';

export function errorResponse(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: string,
  text: string,
  headers: Record<string, string> = {},
): Response {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  if (c.req.header('accept')?.includes('application/problem+json')) {
    return c.body(
      JSON.stringify({
        type: 'about:blank',
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: text,
        code,
      }),
      status,
      { 'content-type': 'application/problem+json' },
    );
  }
  return c.text(text, status);
}

/** An error response whose text is one localized message. */
export function messageResponse(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: string,
  key: MessageKey,
): Response {
  return errorResponse(c, status, code, translate(c.get('lang') ?? 'en', key));
}
