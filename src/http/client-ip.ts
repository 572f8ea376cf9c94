/**
 * @module The client's IP address: the socket peer, unless that peer is a proxy the operator
 * trusts (TRUSTED_PROXIES); then CF-Connecting-IP or the nearest untrusted X-Forwarded-For hop.
 * Headers from anyone else are ignored, so a client cannot pick its own rate-limit key.
 */
import type { Context } from 'hono';
import proxyaddr from 'proxy-addr';
import type { AppEnv } from './app-env.js';

export type ClientIpResolver = (c: Context<AppEnv>) => string | undefined;

export function createClientIpResolver(trustedProxies: readonly string[]): ClientIpResolver {
  const trust = proxyaddr.compile([...trustedProxies]);
  return (c) => {
    const incoming = c.env?.incoming;
    const peer = incoming?.socket?.remoteAddress;
    if (!incoming || !peer) return undefined;
    if (trustedProxies.length === 0) return peer;
    const cfIp = c.req.header('cf-connecting-ip');
    if (cfIp && trust(peer, 0)) return cfIp.trim();
    return proxyaddr(incoming, trust);
  };
}
