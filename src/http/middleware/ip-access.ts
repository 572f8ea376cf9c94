/**
 * @module IP access control (reference §6.3) for the abuse-prone paths: `/api/new_address`,
 * `/user_api/register`, `/user_api/verify_code` (and the send-mail paths once they exist).
 * Attach it after the per-IP rate limit, as the reference runs them.
 */
import type { MiddlewareHandler } from 'hono';
import proxyaddr from 'proxy-addr';
import type { IpAccessControl } from '../../domain/access/ip-access-control.js';
import type { AppEnv } from '../app-env.js';
import type { ClientIpResolver } from '../client-ip.js';
import { errorResponse } from '../respond-error.js';

export interface IpAccessOptions {
  clientIp: ClientIpResolver;
  /** TRUSTED_PROXIES: only these peers may state the ASN organisation. */
  trustedProxies: readonly string[];
  /**
   * IP_ASN_ORGANIZATION_HEADER: the request header a trusted proxy puts the client's ASN
   * organisation in (Cloudflare's `asOrganization` has no equivalent here). Unset: the ASN
   * blacklist is not applied.
   */
  asnHeader: string | undefined;
}

/** Header values are cut to this before matching (admin regexes see short inputs only). */
const MAX_HEADER_VALUE = 256;

export function ipAccess(
  control: IpAccessControl,
  options: IpAccessOptions,
): MiddlewareHandler<AppEnv> {
  const trust = proxyaddr.compile([...options.trustedProxies]);
  const asnHeader = options.asnHeader?.toLowerCase();
  const header = (value: string | undefined) =>
    value === undefined ? undefined : value.slice(0, MAX_HEADER_VALUE);
  return async (c, next) => {
    const peer = c.env?.incoming?.socket?.remoteAddress;
    // The header is the proxy's word, so a client talking to us directly cannot set it.
    const fromTrustedProxy =
      peer !== undefined && options.trustedProxies.length > 0 && trust(peer, 0);
    const verdict = await control.check({
      ip: options.clientIp(c),
      fingerprint: header(c.req.header('x-fingerprint')),
      asOrganization: asnHeader && fromTrustedProxy ? header(c.req.header(asnHeader)) : undefined,
    });
    if (!verdict.allowed) return errorResponse(c, verdict.status, verdict.reason, verdict.text);
    return next();
  };
}
