import { describe, expect, it } from 'vitest';
import { declaredCharset, decodeLegacyHeaders } from './legacy-headers.js';

const gbk = (text: string) => {
  // GBK bytes of the few characters used here (no encoder in the platform)
  const table: Record<string, number[]> = { 你: [0xc4, 0xe3], 好: [0xba, 0xc3] };
  return [...text].flatMap((ch) => table[ch] ?? [ch.charCodeAt(0)]);
};

function raw(...chunks: (string | number[])[]): Uint8Array {
  return new Uint8Array(
    chunks.flatMap((c) => (typeof c === 'string' ? [...Buffer.from(c, 'latin1')] : c)),
  );
}

describe('declaredCharset', () => {
  it('reads the top-level Content-Type, else the first charset= of the message', () => {
    expect(declaredCharset(new Uint8Array(), 'text/plain; charset="GB2312"')).toBe('gb2312');
    const bytes = raw(
      'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=big5\r\n',
    );
    expect(declaredCharset(bytes, 'multipart/mixed; boundary=b')).toBe('big5');
    expect(declaredCharset(raw('Subject: x\r\n\r\nbody'), undefined)).toBeNull();
  });
});

describe('decodeLegacyHeaders', () => {
  it('decodes raw 8-bit header values in the declared charset, folded lines included', () => {
    const bytes = raw(
      'Subject: ',
      gbk('你好'),
      '\r\n ',
      gbk('好'),
      '\r\nFrom: ',
      gbk('你'),
      ' <a@x.test>\nX-Ascii: plain\r\n\r\n',
      gbk('你'),
    );
    const headers = decodeLegacyHeaders(bytes, 'gbk');
    expect(headers.get('subject')).toBe('你好 好');
    expect(headers.get('from')).toBe('你 <a@x.test>');
    expect(headers.has('x-ascii')).toBe(false);
  });

  it('leaves UTF-8 headers, and does nothing without a useful charset', () => {
    const utf8 = new Uint8Array([...Buffer.from('Subject: 你好\r\n\r\n')]);
    expect(decodeLegacyHeaders(utf8, 'gbk').size).toBe(0);
    const legacy = raw('Subject: ', gbk('你好'), '\r\n\r\n');
    expect(decodeLegacyHeaders(legacy, null).size).toBe(0);
    expect(decodeLegacyHeaders(legacy, 'utf-8').size).toBe(0);
    expect(decodeLegacyHeaders(legacy, 'iso-8859-1').size).toBe(0);
    expect(decodeLegacyHeaders(legacy, 'x-martian').size).toBe(0);
  });
});
