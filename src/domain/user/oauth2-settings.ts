/**
 * @module OAuth2 provider settings (settings key `oauth2_settings`, reference §3.5): the schema
 * of one provider entry, the admin POST validation with the reference's messages, and the
 * reader used by the login flow and by `/user_api/open_settings`.
 */
import { z } from 'zod';
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import type { SettingsStore } from '../../storage/ports.js';
import { DomainError } from '../errors.js';
import { isHttpUrl } from './oauth2-http.js';

export const OAUTH2_SETTINGS_KEY = 'oauth2_settings';

/** More providers than any login page shows; keeps the stored value and the POST bounded. */
const MAX_PROVIDERS = 50;
/** Allow-list entries are domains; a provider rarely needs more than a handful. */
const MAX_ALLOW_LIST = 1000;

/** The server fetches these two URLs itself, so only http(s) is accepted (no file:, data: ...). */
const fetchedUrl = z.string().max(2000).refine(isHttpUrl, 'must be an http(s) URL');

const regex = z
  .string()
  .max(1000)
  .refine((value) => {
    try {
      new RegExp(value);
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

const provider = z.object({
  name: z.string().min(1).max(100),
  /** Shown by the login page; a URL or a data: URL, hence the generous limit. */
  icon: z.string().max(65_536).optional(),
  clientID: z.string().min(1).max(500),
  clientSecret: z.string().min(1).max(2000),
  /** The browser is sent here, not the server, so any URL the admin chooses is accepted. */
  authorizationURL: z.string().min(1).max(2000),
  accessTokenURL: fetchedUrl,
  /** "json" sends a JSON body; anything else form-urlencoded (the reference's rule). */
  accessTokenFormat: z.string().min(1).max(50),
  userInfoURL: fetchedUrl,
  redirectURL: z.string().min(1).max(2000),
  logoutURL: z.string().max(2000).optional(),
  /** A plain key of the user info object, or a JSONPath when it starts with "$". */
  userEmailKey: z.string().min(1).max(500),
  enableEmailFormat: z.boolean().optional(),
  userEmailFormat: regex.optional(),
  userEmailReplace: z.string().max(1000).optional(),
  scope: z.string().min(1).max(1000),
  enableMailAllowList: z.boolean().optional(),
  mailAllowList: z.array(z.string().max(255)).max(MAX_ALLOW_LIST).optional(),
});

/** Clients of the reference send null for unset optional fields; treat it as absent. */
const withoutNulls = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
    : value;

export const oauth2ProviderSchema = z.preprocess(withoutNulls, provider);
export type Oauth2Provider = z.infer<typeof provider>;

/** What `/user_api/open_settings` may show of a provider: never the secret or the URLs. */
export interface Oauth2PublicProvider {
  clientID: string;
  name: string;
  icon?: string;
}

const REQUIRED_FIELDS = [
  'name',
  'clientID',
  'clientSecret',
  'authorizationURL',
  'accessTokenURL',
  'accessTokenFormat',
  'userInfoURL',
  'redirectURL',
  'userEmailKey',
  'scope',
] as const;

/** The reference interpolates the raw name, so a missing one reads "undefined". */
const nameOf = (entry: Record<string, unknown>): string =>
  typeof entry['name'] === 'string' ? entry['name'] : String(entry['name']);

/**
 * Validates the body of POST /admin/user_oauth2_settings. The reference's two checks come first
 * with its texts ("<name> is missing required fields", "<name> is missing mail allow list");
 * then types, lengths, http(s) fetch URLs and the e-mail format regex, as `invalid_input`.
 */
export function parseOauth2SettingsUpdate(body: unknown): Oauth2Provider[] {
  if (!Array.isArray(body)) throw new DomainError('invalid_input', { detail: 'expected an array' });
  if (body.length > MAX_PROVIDERS) {
    throw new DomainError('invalid_input', { detail: `at most ${MAX_PROVIDERS} providers` });
  }
  const providers: Oauth2Provider[] = [];
  for (const raw of body) {
    const entry = (
      raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}
    ) as Record<string, unknown>;
    if (REQUIRED_FIELDS.some((field) => !entry[field])) {
      throw new DomainError('oauth2_provider_fields_missing', { name: nameOf(entry) });
    }
    const allowList = entry['mailAllowList'];
    if (entry['enableMailAllowList'] && !(Array.isArray(allowList) && allowList.length > 0)) {
      throw new DomainError('oauth2_provider_allow_list_missing', { name: nameOf(entry) });
    }
    const parsed = oauth2ProviderSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const detail = `${nameOf(entry)}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`;
      throw new DomainError('invalid_input', { detail: detail.trim() });
    }
    providers.push(parsed.data);
  }
  return providers;
}

/**
 * The configured providers. Entries that no longer pass the schema (hand-edited or imported
 * rows) are skipped rather than failing every login.
 */
export async function readOauth2Providers(settings: SettingsStore): Promise<Oauth2Provider[]> {
  const stored = await settings.get(OAUTH2_SETTINGS_KEY);
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((entry) => {
    const parsed = oauth2ProviderSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The public view of each provider (reference §1.5 row 1). */
export function publicOauth2Providers(
  providers: readonly Oauth2Provider[],
): Oauth2PublicProvider[] {
  return providers.map(({ clientID, name, icon }) =>
    icon === undefined ? { clientID, name } : { clientID, name, icon },
  );
}

/** What GET/POST /admin/user_oauth2_settings do (reference §1.6 rows 35-36). */
export function createOauth2Settings(deps: { settings: SettingsStore; clock: Clock }) {
  return {
    /** Every provider, secrets included: only the admin API calls this. */
    list: () => readOauth2Providers(deps.settings),
    /** Validates the whole list, then replaces the stored one. */
    async replace(body: unknown): Promise<void> {
      const providers = parseOauth2SettingsUpdate(body);
      await deps.settings.set(OAUTH2_SETTINGS_KEY, providers, formatSqlTimestamp(deps.clock.now()));
    },
  };
}

export type Oauth2Settings = ReturnType<typeof createOauth2Settings>;
