/**
 * @module Client-facing message texts in English and Chinese (`x-lang: zh`), worded as the
 * reference's so existing clients show the same texts (reference Appendix A).
 */

export type Lang = 'en' | 'zh';

const en = {
  CustomAuthPasswordMsg: 'You have enabled the private site password, please provide the password',
  UserTokenExpiredMsg: 'Your token has expired, please login again',
  NeedAdminPasswordMsg: 'You need to provide the admin password to access this page',
  DomainsNotSetMsg: 'Domains are not set, please contact the administrator',
  TurnstileCheckFailedMsg: 'Human verification check failed',
  NewAddressDisabledMsg: 'New address is disabled, please contact the administrator',
  NewAddressAnonymousDisabledMsg:
    'New address for anonymous user is disabled, please contact the administrator',
  FailedCreateAddressMsg: 'Failed to create address',
  InvalidAddressMsg: 'Invalid address',
  InvalidAddressCredentialMsg: 'Invalid address credential',
  InvalidEmailOrPasswordMsg: 'Invalid email or password',
  PasswordChangeDisabledMsg: 'Password change is disabled',
  NewPasswordRequiredMsg: 'New password is required',
  PasswordLoginDisabledMsg: 'Password login is disabled',
  EmailPasswordRequiredMsg: 'Email and password are required',
  AddressNotFoundMsg: 'Address not found',
  OperationFailedMsg: 'Operation failed',
  RequiredFieldMsg: 'Required field is missing',
  InvalidInputMsg: 'Invalid input',
  NameTooShortMsg: 'Name is too short',
  NameTooLongMsg: 'Name is too long',
  NameInvalidMsg: 'Name contains characters that are not allowed in an e-mail address',
  InvalidDomainMsg: 'Invalid domain',
  RandomSubdomainNotAllowedMsg: 'Random subdomain is not enabled for this domain',
  AddressAlreadyExistsMsg: 'Address already exists',
  MaxAddressCountReachedMsg: 'Max address count reached',
  EnableSendMailMsg: 'Please enable SEND_MAIL first',
  InvalidLimitMsg: 'Invalid limit',
  InvalidOffsetMsg: 'Invalid offset',
  NotFoundMsg: 'Not Found',
  PayloadTooLargeMsg: 'Request body is too large',
  BatchTooLargeMsg: 'Too many addresses in one batch',
  InternalErrorMsg: 'Internal server error',
  RejectFromAddressMsg: 'Reject from address',
  RecipientDomainNotServedMsg: 'Recipient domain is not served here',
  UnknownAddressMsg: 'Unknown address',
  JunkMailMsg: 'Junk mail',
  UserDeleteEmailDisabledMsg:
    'User delete address/email is disabled, please contact the administrator',
  MailNotFoundMsg: 'Mail not found',
  TooManyLiveConnectionsMsg: 'Too many open waits on this server, please retry shortly',
  InvalidCleanupConfigMsg: 'Invalid cleanType or cleanDays',
  InvalidCleanTypeMsg: 'Invalid cleanType',
  SqlEmptyMsg: 'SQL statement is empty',
  SqlTooLongMsg: 'SQL statement is too long (max 1000 characters)',
  SqlOnlyDeleteMsg: 'Only DELETE statements are allowed',
  SqlSingleStatementMsg: 'Only single SQL statement is allowed',
  SqlNoCommentsMsg: 'SQL comments are not allowed',
  CleanupRunningMsg: 'A cleanup is already running, please try again later',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  CustomAuthPasswordMsg: '你已启用私有站点密码,请提供密码',
  UserTokenExpiredMsg: '您的令牌已过期, 请重新登录',
  NeedAdminPasswordMsg: '您需要提供管理员密码才能访问此页面',
  DomainsNotSetMsg: '域名列表未设置, 请联系管理员',
  TurnstileCheckFailedMsg: '人机验证检查失败',
  NewAddressDisabledMsg: '新建邮箱地址已禁用, 请联系管理员',
  NewAddressAnonymousDisabledMsg: '匿名用户新建邮箱地址已禁用, 请联系管理员',
  FailedCreateAddressMsg: '创建邮箱地址失败',
  InvalidAddressMsg: '无效的邮箱地址',
  InvalidAddressCredentialMsg: '无效的邮箱地址凭据',
  InvalidEmailOrPasswordMsg: '无效的邮箱或密码',
  PasswordChangeDisabledMsg: '密码修改已禁用',
  NewPasswordRequiredMsg: '新密码不能为空',
  PasswordLoginDisabledMsg: '密码登录已禁用',
  EmailPasswordRequiredMsg: '邮箱和密码不能为空',
  AddressNotFoundMsg: '邮箱地址不存在',
  OperationFailedMsg: '操作失败',
  RequiredFieldMsg: '缺少必填字段',
  InvalidInputMsg: '输入无效',
  NameTooShortMsg: '名称太短',
  NameTooLongMsg: '名称太长',
  NameInvalidMsg: '名称包含邮箱地址中不允许的字符',
  InvalidDomainMsg: '无效的域名',
  RandomSubdomainNotAllowedMsg: '当前域名未启用随机子域名',
  AddressAlreadyExistsMsg: '邮箱地址已存在',
  MaxAddressCountReachedMsg: '已达到最大地址数量限制',
  EnableSendMailMsg: '请先启用 SEND_MAIL',
  InvalidLimitMsg: '无效的 limit 参数',
  InvalidOffsetMsg: '无效的 offset 参数',
  NotFoundMsg: '未找到',
  PayloadTooLargeMsg: '请求体过大',
  BatchTooLargeMsg: '单次批量创建的地址过多',
  InternalErrorMsg: '服务器内部错误',
  RejectFromAddressMsg: '拒绝来自该地址的邮件',
  RecipientDomainNotServedMsg: '本服务不接收该域名的邮件',
  UnknownAddressMsg: '未知的邮箱地址',
  JunkMailMsg: '垃圾邮件',
  UserDeleteEmailDisabledMsg: '用户删除邮箱/邮件已禁用, 请联系管理员',
  MailNotFoundMsg: '邮件不存在',
  TooManyLiveConnectionsMsg: '服务器等待连接过多, 请稍后重试',
  InvalidCleanupConfigMsg: '无效的 cleanType 或 cleanDays',
  InvalidCleanTypeMsg: '无效的 cleanType',
  SqlEmptyMsg: 'SQL 语句为空',
  SqlTooLongMsg: 'SQL 语句过长 (最大 1000 字符)',
  SqlOnlyDeleteMsg: '只允许 DELETE 语句',
  SqlSingleStatementMsg: '只允许单条 SQL 语句',
  SqlNoCommentsMsg: '不允许 SQL 注释',
  CleanupRunningMsg: '清理任务正在运行, 请稍后再试',
};

const tables: Record<Lang, Record<MessageKey, string>> = { en, zh };

export function translate(lang: Lang, key: MessageKey): string {
  return tables[lang][key];
}

/** `x-lang` when it names a known language, else the operator's default, else English. */
export function pickLang(header: string | undefined, fallback: string | undefined): Lang {
  if (header === 'en' || header === 'zh') return header;
  return fallback === 'zh' ? 'zh' : 'en';
}
