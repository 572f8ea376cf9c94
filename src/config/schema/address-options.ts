/**
 * @module Options of address creation: the mail domains, name rules, subdomains, who may create and
 * delete addresses, and the Turnstile check.
 */
import {
  bool,
  domainList,
  int,
  list,
  optionalBool,
  optionalStr,
  regex,
  str,
  type OptionSpec,
} from '../option-kinds.js';

export const addressOptions = {
  DOMAINS: domainList({
    description: 'Every mail domain tmpmail serves (JSON array).',
    default: ['tmpmail.localhost'],
  }),
  DEFAULT_DOMAINS: domainList({
    description:
      'Domains offered to anonymous users and users without a role; empty means DOMAINS.',
  }),
  DOMAIN_LABELS: list({ description: 'Display labels for DOMAINS, in the same order.' }),
  PREFIX: str('tmp', { description: 'Prefix put before every new name (trimmed, lower-cased).' }),
  ADDRESS_REGEX: regex('[^a-z0-9]', {
    description: 'Characters matching this pattern are removed from requested names.',
  }),
  ADDRESS_CHECK_REGEX: regex(undefined, {
    description: 'Names created through /api must match this pattern.',
  }),
  MIN_ADDRESS_LEN: int(1, {
    description: 'Shortest name allowed on /api (without prefix).',
    min: 1,
    max: 64,
  }),
  MAX_ADDRESS_LEN: int(30, {
    description: 'Longest name allowed on /api (without prefix).',
    min: 1,
    max: 64,
  }),
  DISABLE_CUSTOM_ADDRESS_NAME: bool(false, {
    description: 'Always give /api users a random name.',
  }),
  CREATE_ADDRESS_DEFAULT_DOMAIN_FIRST: bool(false, {
    description: 'Without a requested domain use the first allowed one instead of a random one.',
  }),
  ENABLE_CREATE_ADDRESS_SUBDOMAIN_MATCH: optionalBool({
    description:
      'Allow name@sub.base for every allowed base domain. Unset: the admin setting decides. Set to anything but true: off, whatever the admin sets.',
  }),
  RANDOM_SUBDOMAIN_DOMAINS: domainList({
    description: 'Base domains that allow a random (and a hand-written) subdomain.',
  }),
  RANDOM_SUBDOMAIN_LENGTH: int(8, {
    description: 'Length of a random subdomain label.',
    min: 1,
    max: 63,
  }),
  ENABLE_USER_CREATE_EMAIL: bool(true, {
    description: 'Allow anyone to create addresses through /api/new_address.',
  }),
  DISABLE_ANONYMOUS_USER_CREATE_EMAIL: bool(false, {
    description: 'Require a logged-in user (x-user-token) for /api/new_address.',
  }),
  ENABLE_USER_DELETE_EMAIL: bool(true, {
    description: 'Let address owners delete mail and their address.',
  }),
  ENABLE_ADDRESS_PASSWORD: bool(false, {
    description: 'Generate a password for new addresses and allow password login and change.',
  }),
  CF_TURNSTILE_SITE_KEY: optionalStr({
    description: 'Cloudflare Turnstile site key (both keys enable the check).',
  }),
  CF_TURNSTILE_SECRET_KEY: optionalStr({
    description: 'Cloudflare Turnstile secret key.',
    secret: true,
  }),
  ENABLE_GLOBAL_TURNSTILE_CHECK: bool(false, {
    description: 'Also require Turnstile on every login endpoint.',
  }),
} satisfies Record<string, OptionSpec<unknown>>;
