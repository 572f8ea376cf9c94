/**
 * @module The one configuration schema: every option with its type, default and description.
 * Names follow cloudflare_temp_email's variables so existing deployments move over unchanged;
 * options of our own (PORT, DATABASE_URL, ...) are named in the same style. The options are
 * declared by area under config/schema/; the order composed here is the order of .env.example.
 */
import type { OptionSpec } from './option-kinds.js';
import { accessOptions } from './schema/access-options.js';
import { addressOptions } from './schema/address-options.js';
import { mailHtmlOptions } from './schema/mail-html-options.js';
import { mailIntakeOptions } from './schema/mail-intake-options.js';
import { serverOptions } from './schema/server-options.js';
import { uiOptions } from './schema/ui-options.js';

export const configSchema = {
  ...serverOptions,
  ...mailIntakeOptions,
  ...mailHtmlOptions,
  ...accessOptions,
  ...addressOptions,
  ...uiOptions,
} satisfies Record<string, OptionSpec<unknown>>;

export type ConfigSchema = typeof configSchema;
export type OptionName = keyof ConfigSchema;

/** The validated, frozen configuration: one typed value per option. */
export type Config = {
  readonly [K in OptionName]: ConfigSchema[K] extends OptionSpec<infer T> ? T : never;
};
