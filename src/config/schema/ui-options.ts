/**
 * @module Options of texts and switches the web UI shows (title, announcement, links, hints).
 */
import { z } from 'zod';
import { bool, json, optionalStr, str, type OptionSpec } from '../option-kinds.js';

const proxyEndpointSchema = z.object({
  host: z.string().optional(),
  port: z.number().int().optional(),
  starttls: z.boolean().optional(),
});
const smtpImapProxySchema = z.object({
  smtp: proxyEndpointSchema.optional(),
  imap: proxyEndpointSchema.optional(),
});

export const uiOptions = {
  TITLE: optionalStr({ description: 'Site title.' }),
  ANNOUNCEMENT: str('', { description: 'Announcement shown on the page.' }),
  ALWAYS_SHOW_ANNOUNCEMENT: bool(false, { description: 'Show the announcement on every visit.' }),
  ADMIN_CONTACT: optionalStr({ description: 'Contact shown to users.' }),
  COPYRIGHT: optionalStr({ description: 'Footer text.' }),
  STATUS_URL: str('', { description: 'Link to a status page.' }),
  DEFAULT_LANG: optionalStr({
    description: 'Language of messages when the client sends no x-lang: en or zh.',
  }),
  DISABLE_SHOW_GITHUB: bool(false, { description: 'Hide the project link.' }),
  DISABLE_SHOW_GITHUB_FOR_USER: bool(false, { description: 'Hide the project link for users.' }),
  ENABLE_AGENT_EMAIL_INFO: bool(false, { description: 'UI hint: show the agent e-mail help.' }),
  ENABLE_INDEX_ABOUT: bool(false, { description: 'UI hint: show the about section.' }),
  SMTP_IMAP_PROXY_CONFIG: json<z.infer<typeof smtpImapProxySchema>>(
    {},
    { description: 'UI hint: SMTP/IMAP endpoints shown to users.', schema: smtpImapProxySchema },
  ),
} satisfies Record<string, OptionSpec<unknown>>;
