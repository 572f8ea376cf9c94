/** @module The HTTP app's plain option values, from the configuration. */
import type { Config } from './config/config-schema.js';
import type { HttpOptions } from './http/http-app-deps.js';
import { defaultWebDir } from './http/routes/web-app.js';
import { buildPublicSettings } from './public-settings.js';

export function httpOptionsFrom(config: Config): HttpOptions {
  return {
    sitePasswords: config.PASSWORDS,
    adminPasswords: config.ADMIN_PASSWORDS,
    disableAdminPasswordCheck: config.DISABLE_ADMIN_PASSWORD_CHECK,
    adminUserRole: config.ADMIN_USER_ROLE,
    defaultLang: config.DEFAULT_LANG,
    maxBodyBytes: config.MAX_REQUEST_BODY_BYTES,
    trustedProxies: config.TRUSTED_PROXIES,
    domainsConfigured: config.DOMAINS.length > 0,
    batchMax: config.ADDRESS_BATCH_MAX,
    publicSettings: buildPublicSettings(config),
    longPollMaxSeconds: config.LONG_POLL_MAX_SECONDS,
    liveDbPollSeconds: config.LIVE_DB_POLL_SECONDS,
    liveConnectionsMax: config.LIVE_CONNECTIONS_MAX,
    maxMessageBytes: config.SMTP_MAX_MESSAGE_BYTES,
    allowOwnerDelete: config.ENABLE_USER_DELETE_EMAIL,
    e2eTestMode: config.E2E_TEST_MODE,
    mailHtml: {
      maxBytes: config.MAIL_HTML_MAX_BYTES,
      inlineImageMaxBytes: config.MAIL_HTML_INLINE_IMAGE_MAX_BYTES,
      inlineImagesMaxTotalBytes: config.MAIL_HTML_INLINE_IMAGES_MAX_TOTAL_BYTES,
    },
    webDir: config.WEB_UI ? (config.WEB_DIR ?? defaultWebDir()) : null,
    asnHeader: config.IP_ASN_ORGANIZATION_HEADER,
  };
}
