import { describe, expect, it } from 'vitest';
import {
  decoderFor,
  encodeWindows1252,
  fixC1Controls,
  isUtf8,
  repairMojibake,
} from './charsets.js';

describe('decoderFor', () => {
  it('knows WHATWG labels and code-page spellings', () => {
    expect(decoderFor('GB2312')?.encoding).toBe('gbk');
    expect(decoderFor('cp936')?.encoding).toBe('gbk');
    expect(decoderFor('"Shift_JIS"')?.encoding).toBe('shift_jis');
    expect(decoderFor('ks_c_5601-1987')?.encoding).toBe('euc-kr');
    expect(decoderFor('x-martian')).toBeNull();
    expect(decoderFor('')).toBeNull();
    expect(decoderFor(null)).toBeNull();
  });
});

describe('fixC1Controls', () => {
  it('maps C1 controls to the windows-1252 characters of the same byte', () => {
    expect(fixC1Controls('It\u0092s \u0093smart\u0094 \u0097 \u00805')).toBe('It’s “smart” — €5');
    expect(fixC1Controls('\u0081 stays')).toBe('\u0081 stays');
    expect(fixC1Controls('plain')).toBe('plain');
  });
});

describe('repairMojibake', () => {
  it('re-reads UTF-8 that was decoded as windows-1252', () => {
    expect(repairMojibake('cafÃ© ä½\u00a0å¥½')).toBe('café 你好');
    expect(repairMojibake('Itâ€™s')).toBe('It’s');
  });

  it('leaves real Latin-1 text and other scripts alone', () => {
    for (const text of ['café déjà vu', 'Grüße, Zoë', 'Ã la carte', 'Привет', '你好', 'Â']) {
      expect(repairMojibake(text)).toBe(text);
    }
  });
});

describe('byte helpers', () => {
  it('encodeWindows1252 and isUtf8', () => {
    expect([...(encodeWindows1252('a€é') ?? [])]).toEqual([0x61, 0x80, 0xe9]);
    expect(encodeWindows1252('你')).toBeNull();
    expect(isUtf8(new Uint8Array([0xe4, 0xbd, 0xa0]))).toBe(true);
    expect(isUtf8(new Uint8Array([0xc4, 0xe3]))).toBe(false);
  });
});
