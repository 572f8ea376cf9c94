/**
 * @module The words that announce a verification code, in the languages temporary mail
 * receives most (English, Chinese, Japanese, Korean, and a few European ones). Compiled into
 * one alternation of literals: no nested quantifiers, so matching stays linear.
 */

/** Multi-word English keywords; a space in them matches up to three spaces or hyphens. */
const ENGLISH = [
  'verification code', 'verify code', 'confirmation code', 'confirm code', 'security code',
  'login code', 'log in code', 'sign in code', 'signin code', 'access code', 'authentication code',
  'authorization code', 'auth code', 'activation code', 'validation code', 'two factor code',
  '2fa code', 'one time password', 'one time passcode', 'one time code', 'one time pin',
  'passcode', 'otp code', 'otp', 'pin code', 'code',
]; // prettier-ignore

/** Case-sensitive: "pin" and "Pin" are ordinary words. */
const UPPER_ONLY = ['PIN'];

const OTHER_LATIN = [
  'código de verificación', 'código de verificação', 'código', 'code de vérification',
  'code de sécurité', 'code de confirmation', 'codice di verifica', 'bestätigungscode',
  'verifizierungscode', 'sicherheitscode', 'anmeldecode', 'код подтверждения', 'код',
]; // prettier-ignore

const CJK = [
  '验证码', '驗證碼', '校验码', '校驗碼', '认证码', '認證碼', '确认码', '確認碼', '动态码',
  '動態碼', '动态密码', '動態密碼', '安全码', '登录码', '登入碼', '激活码', '一次性密码',
  '認証コード', '確認コード', '認証番号', '確認番号', 'ワンタイムパスワード', 'パスコード',
  'セキュリティコード', '인증 코드', '인증코드', '인증번호', '인증 번호', '확인 코드', '확인코드',
  '보안 코드', '보안코드',
]; // prettier-ignore

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function latinBody(keyword: string): string {
  return keyword.split(' ').map(escape).join('[\\s-]{0,3}');
}

/** A Latin keyword must not sit inside a longer word ("encode", "codes" are not keywords). */
function latinWord(alternatives: string[]): string {
  return `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}])`;
}

/** Longest first, so "otp code" wins over "otp" at the same position. */
function byLengthDesc(a: string, b: string): number {
  return b.length - a.length;
}

const LATIN = [...ENGLISH, ...OTHER_LATIN].sort(byLengthDesc).map(latinBody);

/** One word-boundary check, then the literals: cheap to try at every position. */
export const KEYWORD_PATTERN = new RegExp(
  `${latinWord(LATIN)}|${[...CJK].sort(byLengthDesc).map(escape).join('|')}`,
  'giu',
);
export const UPPER_KEYWORD_PATTERN = new RegExp(latinWord(UPPER_ONLY.map(latinBody)), 'gu');

/**
 * A bare "code" preceded by one of these is not a verification code (promo code, zip code,
 * error code, source code ...). Checked on the few characters before the keyword.
 */
export const NOT_A_CODE_BEFORE =
  /(?:promo|promotion|promotional|coupon|discount|gift|referral|invite|invitation|zip|postal|post|country|area|source|error|status|tracking|order|reference|ref|voucher|product|item|booking|qr|bar|redeem|redemption|html|sample|dress|tax|swift|sort|bank|routing|color|colour|style|event|course|class|access point)[\s-]{0,3}$/i;

/** A bare "code" followed by one of these is about something else ("code of conduct"). */
export const NOT_A_CODE_AFTER =
  /^\s{0,3}(?:of\s+conduct|review|reviews|repository|repo|snippet|base|editor|block|name|owners)(?![\p{L}])/iu;

/** Phrases showing the mail asks to verify something; they unlock the bare-code fallback. */
export const VERIFY_CONTEXT =
  /verify|verification|confirm your|activate your|sign[\s-]?in|log[\s-]?in|two[\s-]?factor|2fa|one[\s-]?time|验证|驗證|登录|登入|認証|確認|ログイン|인증|확인|로그인/iu;
