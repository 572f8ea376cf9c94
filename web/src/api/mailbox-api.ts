/** The mailbox of one address, with its credential: list, read, download, delete. */
import { apiBlob, apiFetch, apiJson } from './client';
import type { MailHtml, MailSummary, Page, ParsedMail } from './types';

const auth = (jwt: string) => ({ address: jwt });

/** One page of mail, newest first, without the raw text (`raw=false`: a list never needs it). */
export function listMails(jwt: string, offset: number, limit: number): Promise<Page<MailSummary>> {
  return apiJson<Page<MailSummary>>('/api/mails', {
    auth: auth(jwt),
    query: { limit, offset, raw: 'false' },
  });
}

export function getParsedMail(jwt: string, id: number): Promise<ParsedMail | null> {
  return apiJson<ParsedMail | null>(`/api/parsed_mail/${id}`, { auth: auth(jwt) });
}

/** The sanitised HTML document of a mail; remote images only when `remoteImages` is true. */
export function getMailHtml(jwt: string, id: number, remoteImages: boolean): Promise<MailHtml> {
  return apiJson<MailHtml>(`/api/mails/${id}/html`, {
    auth: auth(jwt),
    query: { remote_images: remoteImages ? 1 : undefined },
  });
}

export async function getRawText(jwt: string, id: number): Promise<string> {
  return (await apiFetch(`/api/mails/${id}/raw`, { auth: auth(jwt) })).text();
}

export function getRawBlob(jwt: string, id: number): Promise<Blob> {
  return apiBlob(`/api/mails/${id}/raw`, { auth: auth(jwt) });
}

/** Attachment `index` of the parsed mail; `inline` asks for a raster image as itself. */
export function getAttachment(
  jwt: string,
  id: number,
  index: number,
  inline = false,
): Promise<Blob> {
  return apiBlob(`/api/mails/${id}/attachments/${index}`, {
    auth: auth(jwt),
    query: { inline: inline ? 1 : undefined },
  });
}

export function deleteMail(jwt: string, id: number): Promise<{ success: boolean }> {
  return apiJson(`/api/mails/${id}`, { method: 'DELETE', auth: auth(jwt) });
}

export function clearInbox(jwt: string): Promise<{ success: boolean }> {
  return apiJson('/api/clear_inbox', { method: 'DELETE', auth: auth(jwt) });
}

export function deleteAddress(jwt: string): Promise<{ success: boolean }> {
  return apiJson('/api/delete_address', { method: 'DELETE', auth: auth(jwt) });
}
