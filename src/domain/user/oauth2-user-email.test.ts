import { describe, expect, it } from 'vitest';
import { emailDomain, extractUserEmail } from './oauth2-user-email.js';

describe('extractUserEmail', () => {
  it('reads a plain key, trims and lower-cases', () => {
    expect(extractUserEmail({ email: '  A.B@Example.COM ' }, { userEmailKey: 'email' })).toBe(
      'a.b@example.com',
    );
  });

  it('reads the first JSONPath match, falling back to the plain key', () => {
    const info = { emails: [{ value: 'first@x.example' }, { value: 'second@x.example' }] };
    expect(extractUserEmail(info, { userEmailKey: '$.emails[*].value' })).toBe('first@x.example');
    expect(extractUserEmail({ $weird: 'w@x.example' }, { userEmailKey: '$weird' })).toBe(
      'w@x.example',
    );
    expect(extractUserEmail(info, { userEmailKey: '$.nothing' })).toBeUndefined();
  });

  it('cuts to 256 characters before the rewrite', () => {
    const long = `${'a'.repeat(300)}@x.example`;
    expect(extractUserEmail({ email: long }, { userEmailKey: 'email' })).toBeUndefined();
    const rule = {
      userEmailKey: 'email',
      enableEmailFormat: true,
      userEmailFormat: '^(.{10}).*$',
      userEmailReplace: '$1@cut.example',
    };
    expect(extractUserEmail({ email: long }, rule)).toBe('aaaaaaaaaa@cut.example');
  });

  it('rewrites only when enabled, with "$1" as the default replacement', () => {
    const rule = { userEmailKey: 'id', userEmailFormat: '^(.+)$', userEmailReplace: '' };
    expect(extractUserEmail({ id: 'u@x.example' }, rule)).toBe('u@x.example');
    expect(extractUserEmail({ id: 'U@X.example' }, { ...rule, enableEmailFormat: true })).toBe(
      'u@x.example',
    );
    expect(
      extractUserEmail(
        { id: 7 },
        { ...rule, enableEmailFormat: true, userEmailReplace: 'n$1@ids.example' },
      ),
    ).toBe('n7@ids.example');
  });

  it('refuses values that are not an address', () => {
    for (const email of [undefined, null, '', 'plain', 'a@b@c', 'a b@c.example', {}, [], true]) {
      expect(extractUserEmail({ email }, { userEmailKey: 'email' })).toBeUndefined();
    }
  });

  it('emailDomain is the part after the @', () => {
    expect(emailDomain('a@b.example')).toBe('b.example');
  });
});
