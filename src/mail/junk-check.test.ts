import { describe, expect, it } from 'vitest';
import { readEml } from '../../test/fixtures/eml/fixtures.js';
import { isJunk } from './junk-check.js';
import { parseMessage } from './parse-message.js';

const ar = (value: string) => ({ key: 'authentication-results', value });
const spf = (value: string) => ({ key: 'received-spf', value });
const lists = (checkList: string[], forcePassList: string[] = []) => ({ checkList, forcePassList });

describe('isJunk', () => {
  it('is never junk with empty lists', () => {
    expect(isJunk([ar('mx; spf=fail; dkim=fail; dmarc=fail')], lists([]))).toBe(false);
  });

  it('checkList: junk when a present method has no pass', () => {
    expect(isJunk([ar('mx; spf=fail smtp.mailfrom=a@x')], lists(['spf']))).toBe(true);
    expect(isJunk([ar('mx; spf=softfail')], lists(['spf']))).toBe(true);
    expect(isJunk([ar('mx; spf=pass')], lists(['spf']))).toBe(false);
    // absent methods are not checked
    expect(isJunk([ar('mx; dkim=fail')], lists(['spf']))).toBe(false);
    expect(isJunk([], lists(['spf', 'dkim', 'dmarc']))).toBe(false);
  });

  it('a pass anywhere wins over a failure of the same method', () => {
    expect(
      isJunk([ar('mx; dkim=fail header.d=a'), ar('mx; dkim=pass header.d=b')], lists(['dkim'])),
    ).toBe(false);
    expect(isJunk([ar('mx; dkim=fail'), ar('mx; dkim=pass')], lists([], ['dkim']))).toBe(false);
  });

  it('forcePassList: junk unless the method passed', () => {
    expect(isJunk([], lists([], ['dmarc']))).toBe(true);
    expect(isJunk([ar('mx; dmarc=pass')], lists([], ['dmarc']))).toBe(false);
    expect(isJunk([ar('mx; dmarc=fail')], lists([], ['DMARC ']))).toBe(true);
  });

  it('counts none, and neutral for spf/dkim, as absent', () => {
    expect(
      isJunk([ar('mx; spf=none; dkim=neutral; dmarc=none')], lists(['spf', 'dkim', 'dmarc'])),
    ).toBe(false);
    expect(isJunk([ar('mx; spf=none')], lists([], ['spf']))).toBe(true);
    expect(isJunk([spf('neutral (x)')], lists(['spf']))).toBe(false);
  });

  it('reads the leading result token of Received-SPF', () => {
    expect(
      isJunk([spf('Fail (mx: domain of a@x does not designate 1.2.3.4)')], lists(['spf'])),
    ).toBe(true);
    expect(isJunk([spf('pass (mx: domain of a@x designates 1.2.3.4)')], lists([], ['spf']))).toBe(
      false,
    );
    expect(isJunk([spf('(comment) pass')], lists([], ['spf']))).toBe(true);
    expect(isJunk([spf('bogus pass')], lists(['spf']))).toBe(false);
  });

  it('only counts spf/dkim/dmarc, version 1 if given, known results', () => {
    expect(isJunk([ar('mx; arc=fail; iprev=fail')], lists(['arc' as string]))).toBe(false);
    expect(isJunk([ar('mx; dkim/2=fail')], lists(['dkim']))).toBe(false);
    expect(isJunk([ar('mx; dkim/1=fail')], lists(['dkim']))).toBe(true);
    expect(isJunk([ar('mx; dkim = pass')], lists([], ['dkim']))).toBe(false);
    expect(isJunk([ar('mx; dmarc=neutral')], lists(['dmarc']))).toBe(false);
    expect(isJunk([ar('mx; spf=weird')], lists(['spf']))).toBe(false);
  });

  it('ignores method tokens inside comments and property values', () => {
    expect(
      isJunk(
        [ar('mx; (spf=fail; dkim=fail) dmarc=pass header.from=spf=fail')],
        lists(['spf', 'dkim']),
      ),
    ).toBe(false);
  });

  it('treats unreadable headers as not junk', () => {
    expect(isJunk([{ key: 'authentication-results', value: '' }], lists(['spf']))).toBe(false);
    expect(isJunk([ar(';;;==;')], lists(['spf']))).toBe(false);
  });

  it('judges the fixtures', async () => {
    const fail = await parseMessage(readEml('spf-fail'));
    const ok = await parseMessage(readEml('verification-en'));
    expect(isJunk(fail.headers, lists(['spf']))).toBe(true);
    expect(isJunk(fail.headers, lists(['dkim']))).toBe(false); // dkim=none: absent
    expect(isJunk(fail.headers, lists([], ['dmarc']))).toBe(true);
    expect(isJunk(ok.headers, lists(['spf', 'dkim', 'dmarc'], ['spf', 'dkim', 'dmarc']))).toBe(
      false,
    );
  });
});
