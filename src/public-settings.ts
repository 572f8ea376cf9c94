/** @module The body of `GET /open_api/settings` (reference §1.2), computed once from the config. */
import type { Config } from './config/config-schema.js';

/** The reference API version this server is compatible with; clients compare against it. */
export const COMPATIBLE_API_VERSION = 'v1.12.0';

export function buildPublicSettings(config: Config): Record<string, unknown> {
  const proxy = config.SMTP_IMAP_PROXY_CONFIG;
  const turnstileOn = Boolean(config.CF_TURNSTILE_SITE_KEY && config.CF_TURNSTILE_SECRET_KEY);
  const endpoint = (
    e: { host?: string; port?: number; starttls?: boolean } | undefined,
    port: number,
  ) => ({
    host: e?.host ?? '',
    port: e?.port ?? port,
    starttls: e?.starttls ?? false,
  });
  const settings: Record<string, unknown> = {
    title: config.TITLE,
    announcement: config.ANNOUNCEMENT,
    alwaysShowAnnouncement: config.ALWAYS_SHOW_ANNOUNCEMENT,
    prefix: config.PREFIX.trim().toLowerCase(),
    addressRegex: config.ADDRESS_REGEX ?? '',
    minAddressLen: config.MIN_ADDRESS_LEN,
    maxAddressLen: config.MAX_ADDRESS_LEN,
    defaultDomains: config.DEFAULT_DOMAINS.length > 0 ? config.DEFAULT_DOMAINS : config.DOMAINS,
    domains: config.DOMAINS,
    randomSubdomainDomains: config.RANDOM_SUBDOMAIN_DOMAINS,
    domainLabels: config.DOMAIN_LABELS,
    adminContact: config.ADMIN_CONTACT,
    enableUserCreateEmail: config.ENABLE_USER_CREATE_EMAIL,
    disableAnonymousUserCreateEmail: config.DISABLE_ANONYMOUS_USER_CREATE_EMAIL,
    disableCustomAddressName: config.DISABLE_CUSTOM_ADDRESS_NAME,
    enableUserDeleteEmail: config.ENABLE_USER_DELETE_EMAIL,
    // Auto-reply, webhooks, S3 and sending are not served yet: report them off.
    enableAutoReply: false,
    enableIndexAbout: config.ENABLE_INDEX_ABOUT,
    copyright: config.COPYRIGHT,
    // Only when tokens are checked (both keys, decisions: Turnstile): a site key alone would
    // make a page show a widget the server ignores and its policy does not admit.
    cfTurnstileSiteKey: turnstileOn ? config.CF_TURNSTILE_SITE_KEY : undefined,
    enableWebhook: false,
    isS3Enabled: false,
    enableSendMail: false,
    version: COMPATIBLE_API_VERSION,
    showGithub: !config.DISABLE_SHOW_GITHUB,
    showGithubForUser: !config.DISABLE_SHOW_GITHUB_FOR_USER,
    disableAdminPasswordCheck: config.DISABLE_ADMIN_PASSWORD_CHECK,
    enableAddressPassword: config.ENABLE_ADDRESS_PASSWORD,
    enableAgentEmailInfo: config.ENABLE_AGENT_EMAIL_INFO,
    smtpImapProxyConfig: { smtp: endpoint(proxy.smtp, 8025), imap: endpoint(proxy.imap, 11143) },
    statusUrl: config.STATUS_URL,
    enableGlobalTurnstileCheck: config.ENABLE_GLOBAL_TURNSTILE_CHECK && turnstileOn,
  };
  // Keys whose value is undefined are left out of the JSON, as in the reference.
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}
