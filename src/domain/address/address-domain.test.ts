import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  effectiveSubdomainMatch,
  isSubdomainOf,
  isValidDomainName,
  pickDefaultDomain,
  resolveRequestedDomain,
  type DomainRules,
} from './address-domain.js';

const label = (char: string, length: number) => char.repeat(length);

function domainErrorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  throw new Error('expected a DomainError');
}

describe('isValidDomainName', () => {
  it.each(['example.com', 'a.b.c.example.com', 'a-b.example.com', 'x1.test.org', 'localhost'])(
    'accepts %s',
    (domain) => expect(isValidDomainName(domain)).toBe(true),
  );

  it.each([
    ['empty', ''],
    ['a label starting with a hyphen', '-a.example.com'],
    ['a label ending with a hyphen', 'a-.example.com'],
    ['an empty label', 'a..example.com'],
    ['a leading dot', '.example.com'],
    ['a trailing dot', 'example.com.'],
    ['an underscore', 'a_b.example.com'],
    ['upper case (callers lower-case first)', 'Example.com'],
    ['a space', 'exa mple.com'],
    ['an @', 'a@example.com'],
  ])('refuses %s', (_what, domain) => expect(isValidDomainName(domain)).toBe(false));

  it('allows labels of up to 63 characters', () => {
    expect(isValidDomainName(`${label('a', 63)}.com`)).toBe(true);
    expect(isValidDomainName(`${label('a', 64)}.com`)).toBe(false);
  });

  it('allows names of up to 253 characters', () => {
    const at253 = [label('a', 63), label('b', 63), label('c', 63), label('d', 61)].join('.');
    expect(at253).toHaveLength(253);
    expect(isValidDomainName(at253)).toBe(true);
    const at254 = [label('a', 63), label('b', 63), label('c', 63), label('d', 62)].join('.');
    expect(at254).toHaveLength(254);
    expect(isValidDomainName(at254)).toBe(false);
  });

  it('refuses a 300-character name made of valid labels', () => {
    const at300 = `${Array.from({ length: 5 }, () => label('a', 59)).join('.')}a`;
    expect(at300).toHaveLength(300);
    expect(isValidDomainName(at300)).toBe(false);
  });
});

describe('isSubdomainOf', () => {
  it('matches deeper names label by label', () => {
    expect(isSubdomainOf('team.example.com', 'example.com')).toBe(true);
    expect(isSubdomainOf('dev.team.example.com', 'example.com')).toBe(true);
    expect(isSubdomainOf('dev.team.example.com', 'team.example.com')).toBe(true);
  });

  it('does not match a name that merely ends with the same text', () => {
    expect(isSubdomainOf('badexample.com', 'example.com')).toBe(false);
    expect(isSubdomainOf('x.badexample.com', 'example.com')).toBe(false);
  });

  it('does not match the base itself, or other domains', () => {
    expect(isSubdomainOf('example.com', 'example.com')).toBe(false);
    expect(isSubdomainOf('com', 'example.com')).toBe(false);
    expect(isSubdomainOf('team.example.org', 'example.com')).toBe(false);
    expect(isSubdomainOf('example.com.evil.org', 'example.com')).toBe(false);
  });
});

describe('effectiveSubdomainMatch', () => {
  it.each([
    [undefined, undefined, false],
    [undefined, true, true],
    [undefined, false, false],
    [true, undefined, true],
    [true, true, true],
    [true, false, false],
    [false, undefined, false],
    [false, true, false],
    [false, false, false],
  ] as const)('env %s, stored %s → %s', (env, stored, expected) => {
    expect(effectiveSubdomainMatch(env, stored)).toBe(expected);
  });
});

describe('resolveRequestedDomain', () => {
  const rules = (overrides: Partial<DomainRules> = {}): DomainRules => ({
    allowed: ['example.com', 'test.org'],
    subdomainMatch: false,
    randomSubdomainDomains: [],
    ...overrides,
  });

  it('accepts an exact allowed domain', () => {
    expect(resolveRequestedDomain('example.com', rules())).toBe('example.com');
    expect(resolveRequestedDomain('test.org', rules())).toBe('test.org');
  });

  it('refuses a domain that is not allowed, or not a valid name', () => {
    expect(domainErrorCode(() => resolveRequestedDomain('other.net', rules()))).toBe(
      'domain_invalid',
    );
    expect(domainErrorCode(() => resolveRequestedDomain('exa_mple.com', rules()))).toBe(
      'domain_invalid',
    );
  });

  it('accepts subdomains only when subdomain matching is on, keeping the full name', () => {
    expect(domainErrorCode(() => resolveRequestedDomain('team.example.com', rules()))).toBe(
      'domain_invalid',
    );
    const on = rules({ subdomainMatch: true });
    expect(resolveRequestedDomain('team.example.com', on)).toBe('team.example.com');
    expect(resolveRequestedDomain('dev.team.test.org', on)).toBe('dev.team.test.org');
  });

  it('refuses look-alikes and invalid extra labels even with matching on', () => {
    const on = rules({ subdomainMatch: true });
    for (const domain of ['badexample.com', 'x.badexample.com', 'bad_.example.com']) {
      expect(domainErrorCode(() => resolveRequestedDomain(domain, on))).toBe('domain_invalid');
    }
    const tooLong = `${Array.from({ length: 4 }, () => label('a', 63)).join('.')}.example.com`;
    expect(domainErrorCode(() => resolveRequestedDomain(tooLong, on))).toBe('domain_invalid');
  });

  it('accepts a manual subdomain of a RANDOM_SUBDOMAIN_DOMAINS base even when matching is off', () => {
    const r = rules({ randomSubdomainDomains: ['test.org'] });
    expect(resolveRequestedDomain('abc.test.org', r)).toBe('abc.test.org');
    expect(resolveRequestedDomain('a.b.test.org', r)).toBe('a.b.test.org');
    expect(domainErrorCode(() => resolveRequestedDomain('abc.example.com', r))).toBe(
      'domain_invalid',
    );
  });

  it('gives manual subdomains only to bases that are also allowed', () => {
    const r = rules({ allowed: ['example.com'], randomSubdomainDomains: ['test.org'] });
    expect(domainErrorCode(() => resolveRequestedDomain('abc.test.org', r))).toBe('domain_invalid');
  });
});

describe('pickDefaultDomain', () => {
  const allowed = ['a.com', 'b.com', 'c.com'];

  it('takes the first allowed domain when asked to', () => {
    expect(pickDefaultDomain(allowed, true, () => 0.99)).toBe('a.com');
  });

  it('otherwise picks uniformly with the random source', () => {
    expect(pickDefaultDomain(allowed, false, () => 0)).toBe('a.com');
    expect(pickDefaultDomain(allowed, false, () => 0.5)).toBe('b.com');
    expect(pickDefaultDomain(allowed, false, () => 0.99)).toBe('c.com');
  });

  it('refuses when there is nothing to pick', () => {
    expect(domainErrorCode(() => pickDefaultDomain([], false, Math.random))).toBe('domain_invalid');
  });
});
