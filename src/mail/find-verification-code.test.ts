import { describe, expect, it } from 'vitest';
import { findVerificationCode } from './find-verification-code.js';

const code = (text: string) => findVerificationCode(text)?.code ?? null;

describe('findVerificationCode finds', () => {
  it.each([
    ['Your verification code is 123456.', '123456'],
    ['Your Acme verification code is: 482913', '482913'],
    ['Verification code:\n\n   739201\n\nIt expires in 10 minutes.', '739201'],
    ['Enter this code to sign in:\n 591 204', '591204'],
    ['Your login code: 7F3K9Q', '7F3K9Q'],
    ['Your passcode is K9X-4B2', 'K9X4B2'],
    ['Your OTP for payment of Rs 5000 is 482913', '482913'],
    ['Your PIN is 4821', '4821'],
    ['Security code 12-34-56 expires soon', '123456'],
    ['One-time password: 1 2 3 4 5 6', '123456'],
    ['Use code 123456 to sign in', '123456'],
    ['123456 is your Instagram code', '123456'],
    ['ABC123 is your verification code', 'ABC123'],
    ['您的验证码为：730615，5分钟内有效。', '730615'],
    ['【某某】验证码123456，请勿泄露', '123456'],
    ['您的驗證碼是 8237。', '8237'],
    ['校验码: 5521', '5521'],
    ['123456是您的验证码', '123456'],
    ['116352（动态验证码）', '116352'],
    ['認証コード：123456', '123456'],
    ['確認コードは 482913 です。', '482913'],
    ['인증번호 [736251]를 입력하세요', '736251'],
    ['인증 코드: 4829', '4829'],
    ['Ｙｏｕｒ ｃｏｄｅ: １２３４５６', '123456'],
    ['Your verification code is 4\u200b8\u200b2\u200b9\u200b1\u200b3', '482913'],
    ['Twój kod: 99999 — not a keyword here; code: 4821', '4821'],
    ['Please verify your email address.\n\n706215\n\nThanks', '706215'],
    ['Your verification code is 123456789012', '123456789012'],
  ])('%j → %s', (text, expected) => {
    expect(code(text)).toBe(expected);
  });

  it('reports the keyword as written', () => {
    expect(findVerificationCode('Your Verification  Code: 1234')).toEqual({
      code: '1234',
      keyword: 'Verification Code',
    });
    expect(findVerificationCode('验证码：1234')?.keyword).toBe('验证码');
  });
});

describe('findVerificationCode rejects', () => {
  it.each([
    ['a year standing alone', 'Your verification code: 2024'],
    ['a YYYYMMDD date', 'Verification code 20240513'],
    ['a YYYY-MM-DD date', 'Your code is valid until 2024-05-13'],
    ['a price', 'Your code: $1999 was charged'],
    ['an amount with a currency after', 'Security code 5000 USD'],
    ['an amount with decimals', 'PIN code 1234.50 due'],
    ['a Chinese amount', '验证码费用 3000元'],
    ['a phone number', 'Verification code questions? Call +1 555 123 4567'],
    ['a hotline', '验证码问题请致电 400-820-8820'],
    ['a Chinese mobile number', '验证码已发送至 13812345678'],
    ['a time', 'Your code: 12:30'],
    ['a promo code', 'Use promo code SAVE2024 today'],
    ['a discount code', 'Use code SAVE20 for 20% off'],
    ['a zip code', 'Zip code 94107'],
    ['a code of conduct', 'Read the code of conduct 2.0'],
    ['a duration', 'Your verification code expires in 10min'],
    ['a word without digits', 'Your verification code is below'],
    ['too short', 'code: 123'],
    ['too long', 'code: 1234567890123'],
    ['no keyword and no verification context', 'Order 482913 has shipped'],
    ['digits of URLs and e-mail addresses', 'Code: https://x.test/482913 or 482913@x.test'],
  ])('%s', (_label, text) => {
    expect(code(text)).toBeNull();
  });
});

describe('findVerificationCode on hostile input', () => {
  it('stays fast on long repetitive text', () => {
    const inputs = [
      'code '.repeat(20_000),
      'verification code: '.repeat(5_000) + '1'.repeat(50_000),
      '1 '.repeat(50_000),
      'a-'.repeat(50_000),
      '验证码'.repeat(30_000),
      `${'x'.repeat(99_990)}code 123456`,
    ];
    for (const input of inputs) {
      const started = performance.now();
      findVerificationCode(input);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });
});
