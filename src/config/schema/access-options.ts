/**
 * @module Options of secrets and access: the JWT secret, site and admin passwords, user roles,
 * OAuth2 request limits and passkeys.
 */
import { z } from 'zod';
import { bool, int, json, list, optionalStr, type OptionSpec } from '../option-kinds.js';

const userRoleSchema = z.array(
  z.object({
    role: z.string().min(1),
    domains: z.array(z.string()).optional(),
    prefix: z.string().nullable().optional(),
  }),
);

/** Exact origins (scheme://host[:port]), as browsers put them into clientDataJSON. */
const originListSchema = z.array(
  z.string().refine(
    (value) => {
      try {
        return new URL(value).origin === value;
      } catch {
        return false;
      }
    },
    { message: 'expected an origin such as https://mail.example.com (no path, no trailing /)' },
  ),
);

export const accessOptions = {
  JWT_SECRET: optionalStr({
    description:
      'HS256 secret for every token. Unset: a random secret is generated once and kept in DATA_DIR/jwt-secret.',
    secret: true,
  }),
  PASSWORDS: list({
    description: 'Private-site passwords (x-custom-auth). Empty: the site is public.',
    secret: true,
  }),
  ADMIN_PASSWORDS: list({ description: 'Admin passwords (x-admin-auth).', secret: true }),
  DISABLE_ADMIN_PASSWORD_CHECK: bool(false, {
    description: 'Open the admin API without any password. Never do this on a reachable server.',
  }),
  ADMIN_USER_ROLE: optionalStr({ description: 'User role whose access token also opens /admin.' }),
  USER_DEFAULT_ROLE: optionalStr({
    description:
      'Role given to users on mail-verified registration and on every OAuth2 login; must be one of USER_ROLES.',
  }),
  USER_ROLES: json<z.infer<typeof userRoleSchema>>([], {
    description: 'Roles as JSON: [{"role":"vip","domains":["a.com"],"prefix":"vip"}].',
    schema: userRoleSchema,
  }),
  OAUTH2_HTTP_TIMEOUT_SECONDS: int(10, {
    description:
      'Longest one request to an OAuth2 provider (token exchange, user info) may take, body included.',
    min: 1,
    max: 120,
  }),
  OAUTH2_MAX_RESPONSE_BYTES: int(262_144, {
    description:
      'Largest OAuth2 provider answer (token or user info) read; larger ones fail the login.',
    min: 1024,
    max: 10_485_760,
  }),
  PASSKEY_ALLOWED_ORIGINS: json<z.infer<typeof originListSchema>>([], {
    description:
      'Origins allowed to register and use passkeys, e.g. ["https://mail.example.com"]; RP IDs must then be the host of one of them or a parent domain. Empty: trust the origin and domain the client sends, as the reference does.',
    schema: originListSchema,
  }),
  PASSKEY_MAX_PER_USER: int(20, {
    description: 'Most passkeys one user account may register.',
    min: 1,
    max: 1000,
  }),
} satisfies Record<string, OptionSpec<unknown>>;
