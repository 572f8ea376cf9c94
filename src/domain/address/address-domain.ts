/**
 * @module Domain choice and validation for new addresses (reference §2.3): exact match with an
 * allowed base, or a label-wise subdomain of one when subdomain matching is in force.
 */
import { DomainError } from '../errors.js';

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_DOMAIN_LENGTH = 253;

export function isValidDomainName(domain: string): boolean {
  return (
    domain.length > 0 &&
    domain.length <= MAX_DOMAIN_LENGTH &&
    domain.split('.').every((l) => LABEL.test(l))
  );
}

/** True when `domain` has strictly more labels than `base` and ends with exactly base's labels. */
export function isSubdomainOf(domain: string, base: string): boolean {
  const labels = domain.split('.');
  const baseLabels = base.split('.');
  if (labels.length <= baseLabels.length) return false;
  const tail = labels.slice(labels.length - baseLabels.length);
  return tail.every((label, i) => label === baseLabels[i]);
}

/**
 * The effective subdomain-match switch: an env value other than true is a kill switch;
 * otherwise the admin's stored choice wins; otherwise the env value (false when unset).
 */
export function effectiveSubdomainMatch(
  env: boolean | undefined,
  stored: boolean | undefined,
): boolean {
  if (env === false) return false;
  if (stored !== undefined) return stored;
  return env === true;
}

export interface DomainRules {
  allowed: readonly string[];
  subdomainMatch: boolean;
  randomSubdomainDomains: readonly string[];
}

/** Validates a requested domain (already trimmed and lower-cased) against the allowed bases. */
export function resolveRequestedDomain(domain: string, rules: DomainRules): string {
  if (!isValidDomainName(domain)) throw new DomainError('domain_invalid');
  if (rules.allowed.includes(domain)) return domain;
  // A base listed in RANDOM_SUBDOMAIN_DOMAINS also accepts a hand-written subdomain
  // ("manual subdomain"), even when subdomain matching is off.
  const bases = rules.allowed.filter(
    (base) => rules.subdomainMatch || rules.randomSubdomainDomains.includes(base),
  );
  if (bases.some((base) => isSubdomainOf(domain, base))) return domain;
  throw new DomainError('domain_invalid');
}

/** Picks a domain when the request named none: the first allowed one, or a random one. */
export function pickDefaultDomain(
  allowed: readonly string[],
  firstOnly: boolean,
  random: () => number,
): string {
  if (allowed.length === 0) throw new DomainError('domain_invalid');
  const index = firstOnly ? 0 : Math.floor(random() * allowed.length);
  return allowed[index] as string;
}
