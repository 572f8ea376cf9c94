/** Shapes of the API's JSON (docs/api.md; the reference's field names). */

/** `GET /open_api/settings`. */
export interface OpenSettings {
  title?: string;
  announcement: string;
  alwaysShowAnnouncement: boolean;
  prefix: string;
  addressRegex: string;
  minAddressLen: number;
  maxAddressLen: number;
  defaultDomains: string[];
  domains: string[];
  randomSubdomainDomains: string[];
  domainLabels: string[];
  needAuth: boolean;
  adminContact?: string;
  enableUserCreateEmail: boolean;
  disableAnonymousUserCreateEmail: boolean;
  disableCustomAddressName: boolean;
  enableUserDeleteEmail: boolean;
  enableIndexAbout: boolean;
  copyright?: string;
  cfTurnstileSiteKey?: string;
  version: string;
  showGithub: boolean;
  disableAdminPasswordCheck: boolean;
  enableAddressPassword: boolean;
  statusUrl: string;
  enableGlobalTurnstileCheck: boolean;
}

/** `POST /api/new_address`. */
export interface CreatedAddress {
  jwt: string;
  address: string;
  password: string | null;
  address_id: number;
}

/** A mail as lists and live updates carry it (`mailRow` without `raw`). */
export interface MailSummary {
  id: number;
  message_id: string | null;
  source: string | null;
  address: string | null;
  metadata: string | null;
  created_at: string;
  subject: string | null;
  sender: string | null;
  size: number | null;
}

export interface MailRow extends MailSummary {
  raw: string;
}

export interface Page<T> {
  results: T[];
  count: number;
}

export interface MailAttachment {
  filename: string;
  mimeType: string;
  disposition: string | null;
  size: number;
  contentId: string | null;
}

/** `GET /api/parsed_mail/:id`. */
export interface ParsedMail extends Omit<MailSummary, 'subject' | 'sender' | 'size'> {
  sender: string;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

/** `GET /api/mails/:id/html`: a complete sanitised document for a sandboxed frame. */
export interface MailHtml {
  html: string;
  /** Remote images blocked in `html` (0 when they were allowed or there are none). */
  remoteImages: number;
  /** Only the beginning of a part longer than MAIL_HTML_MAX_BYTES is in `html`. */
  truncated?: boolean;
}

/** What extraction found in a mail (`metadata.ai_extract`). */
export interface Extracted {
  type: 'auth_code' | 'auth_link' | 'service_link' | 'subscription_link';
  result: string;
  result_text: string;
}
