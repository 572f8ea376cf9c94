/**
 * @module Mail intake, shared by SMTP and HTTP ingest (reference §7.1, in small steps):
 * sender check → recipient check → parse → junk check → attachment rules → extraction →
 * durable store (group commit) → notify. Nothing is acknowledged before it is stored; a
 * failed store rejects the whole message so the sender retries (decisions.md 7).
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { ExtractResult, ParsedMessage } from '../../mail/parsed-message.js';
import { summarizeAttachments } from '../../mail/summarize-attachments.js';
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import type { NewMail, Store } from '../../storage/ports.js';
import { isSubdomainOf } from '../address/address-domain.js';
import { DomainError } from '../errors.js';
import { SettingKeys } from '../settings/setting-keys.js';
import { createCommitQueue } from './commit-queue.js';
import type { MailNotifier } from './mail-notifier.js';

const gzipAsync = promisify(gzip);
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface IntakePolicy {
  domains: readonly string[];
  /** BLACK_LIST entries (untrimmed, as the reference). */
  senderBlockList: readonly string[];
  junk: { enabled: boolean; checkList: readonly string[]; forcePassList: readonly string[] };
  removeAllAttachments: boolean;
  removeExceedSizeAttachments: boolean;
  gzip: boolean;
  extract: boolean;
}

/** The pure mail functions intake uses (src/mail), injected so tests can observe them. */
export interface MailFunctions {
  parse(raw: Uint8Array): Promise<ParsedMessage>;
  isJunk(
    headers: ParsedMessage['headers'],
    lists: { checkList: readonly string[]; forcePassList: readonly string[] },
  ): boolean;
  shouldStripAttachments(
    size: number,
    options: { removeAll: boolean; removeExceedSize: boolean },
  ): boolean;
  stripAttachments(parsed: ParsedMessage, envelope: { from: string; to: string }): Promise<string>;
  extract(parsed: ParsedMessage): ExtractResult | null;
}

export interface MailIntakeDeps {
  store: Store;
  policy: IntakePolicy;
  mail: MailFunctions;
  notifier: MailNotifier;
  clock: Clock;
  /** Most mails one transaction carries. */
  maxBatch?: number;
}

export interface IncomingMail {
  from: string;
  /** Recipients already accepted by checkRecipient (normalized). */
  to: readonly string[];
  raw: Uint8Array;
}

/** Recipients are matched case-insensitively (decisions.md 1): the whole address is lower-cased. */
export function normalizeRecipient(recipient: string): string {
  return recipient.trim().toLowerCase();
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** Stores text when the bytes are UTF-8; otherwise (or with gzip on) the exact bytes, compressed. */
async function encodeRaw(
  raw: Uint8Array,
  useGzip: boolean,
): Promise<Pick<NewMail, 'raw' | 'rawGzip'>> {
  if (!useGzip) {
    try {
      return { raw: utf8.decode(raw), rawGzip: null };
    } catch {
      // not UTF-8 (8-bit legacy charset): keep the exact bytes rather than a lossy text
    }
  }
  return { raw: null, rawGzip: await gzipAsync(raw) };
}

export function createMailIntake(deps: MailIntakeDeps) {
  const { store, policy, mail, clock } = deps;
  // One queue item is one message (all its recipients), so a message is stored whole or not at all.
  const queue = createCommitQueue<NewMail[], number[]>(async (messages) => {
    const ids = await store.mails.insertMany(messages.flat(), formatSqlTimestamp(clock.now()));
    let next = 0;
    return messages.map((copies) => ids.slice(next, (next += copies.length)));
  }, deps.maxBatch ?? 64);

  async function senderBlockList(): Promise<string[]> {
    const stored = await store.settings.get(SettingKeys.fromBlockList);
    const extra = Array.isArray(stored)
      ? stored.filter((v): v is string => typeof v === 'string')
      : [];
    return [...policy.senderBlockList, ...extra].filter((entry) => entry !== '');
  }

  function servesDomain(domain: string): boolean {
    return policy.domains.some((d) => d === domain || isSubdomainOf(domain, d));
  }

  async function buildMail(
    parsed: ParsedMessage,
    incoming: IncomingMail,
    recipient: string,
    body: Uint8Array,
    extract = policy.extract,
  ): Promise<NewMail> {
    const extracted = extract ? mail.extract(parsed) : null;
    return {
      address: recipient,
      source: incoming.from,
      messageId: parsed.messageId,
      ...(await encodeRaw(body, policy.gzip)),
      metadata: extracted
        ? JSON.stringify({ ai_extract: extracted, extracted_at: clock.now().toISOString() })
        : null,
      subject: parsed.subject,
      sender: parsed.sender,
      size: body.byteLength,
      attachments: JSON.stringify(summarizeAttachments(parsed.attachments)),
    };
  }

  return {
    /** MAIL FROM: refuses senders on BLACK_LIST or the admin's sender block list. */
    async checkSender(from: string): Promise<void> {
      const blocked = await senderBlockList();
      if (blocked.some((entry) => from.includes(entry))) throw new DomainError('sender_blocked');
    },

    /**
     * RCPT TO: the normalized recipient when it is ours. Other domains are refused (never an
     * open relay); unknown names of our domains are accepted as "unknown" mail unless the
     * admin blocks them.
     */
    async checkRecipient(recipient: string): Promise<string> {
      const address = normalizeRecipient(recipient);
      const at = address.lastIndexOf('@');
      if (at <= 0 || !servesDomain(address.slice(at + 1)))
        throw new DomainError('recipient_domain_not_served');
      const rules = asObject(await store.settings.get(SettingKeys.emailRuleSettings));
      if (
        rules['blockReceiveUnknowAddressEmail'] === true &&
        !(await store.addresses.findByName(address))
      ) {
        throw new DomainError('unknown_recipient');
      }
      return address;
    },

    /** Parses once, applies the rules, stores one copy per recipient; resolves with the ids. */
    async ingest(incoming: IncomingMail): Promise<number[]> {
      const parsed = await mail.parse(incoming.raw);
      if (policy.junk.enabled && mail.isJunk(parsed.headers, policy.junk))
        throw new DomainError('junk_mail');
      const strip = mail.shouldStripAttachments(incoming.raw.byteLength, {
        removeAll: policy.removeAllAttachments,
        removeExceedSize: policy.removeExceedSizeAttachments,
      });
      const stored = await Promise.all(
        incoming.to.map(async (recipient) => {
          const body = strip
            ? new TextEncoder().encode(
                await mail.stripAttachments(parsed, { from: incoming.from, to: recipient }),
              )
            : incoming.raw;
          const view = strip ? { ...parsed, attachments: [] } : parsed;
          return buildMail(view, incoming, recipient, body);
        }),
      );
      const ids = await queue.add(stored);
      ids.forEach((id, i) => deps.notifier.publish({ address: stored[i]?.address ?? '', id }));
      return ids;
    },

    /**
     * Test seeding (E2E_TEST_MODE, reference §1.6 row 54): stores `raw` for one address as
     * given, like the reference's direct insert: no sender, recipient or junk checks, no
     * attachment rules, no extraction. It still takes the durable store path and notifies.
     */
    async seed(seeded: {
      address: string;
      from: string;
      raw: Uint8Array;
      messageId: string;
    }): Promise<number> {
      const address = normalizeRecipient(seeded.address);
      const parsed = { ...(await mail.parse(seeded.raw)), messageId: seeded.messageId };
      const incoming = { from: seeded.from, to: [address], raw: seeded.raw };
      const record = await buildMail(parsed, incoming, address, seeded.raw, false);
      const [id] = await queue.add([record]);
      if (id === undefined) throw new Error('the store returned no id for a seeded mail');
      deps.notifier.publish({ address, id });
      return id;
    },

    /** Waits for writes in flight (graceful shutdown). */
    drain: () => queue.drain(),
  };
}

export type MailIntake = ReturnType<typeof createMailIntake>;
