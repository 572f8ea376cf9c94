import { describe, expect, it } from 'vitest';
import { isOrigin, relyingPartyRules } from './passkey-relying-party.js';

describe('isOrigin', () => {
  it('accepts exactly scheme://host[:port]', () => {
    expect(isOrigin('https://mail.example.com')).toBe(true);
    expect(isOrigin('http://localhost:5173')).toBe(true);
    for (const bad of ['https://mail.example.com/', 'https://a.com/path', 'mail.example.com', '']) {
      expect(isOrigin(bad), bad).toBe(false);
    }
  });
});

describe('relyingPartyRules', () => {
  it('trusts everything when no origin is configured (the reference)', () => {
    const rules = relyingPartyRules([]);
    expect(rules.restricted).toBe(false);
    expect(rules.originAllowed('https://evil.example')).toBe(true);
    expect(rules.rpIdAllowed('evil.example')).toBe(true);
  });

  it('allows the hosts of the origins and their parent domains, nothing else', () => {
    const rules = relyingPartyRules(['https://a.mail.example.com', 'http://127.0.0.1:8787']);
    expect(rules.rpIds).toEqual([
      'a.mail.example.com',
      'mail.example.com',
      'example.com',
      '127.0.0.1',
    ]);
    expect(rules.rpIdAllowed('com')).toBe(false);
    expect(rules.rpIdAllowed('0.0.1')).toBe(false);
    expect(rules.rpIdAllowed('other.example.com')).toBe(false);
    expect(rules.originAllowed('https://a.mail.example.com')).toBe(true);
    expect(rules.originAllowed('https://mail.example.com')).toBe(false);
  });
});
