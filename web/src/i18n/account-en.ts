/**
 * English texts of the account page; the key set of account-zh.ts. They are bundled with the
 * page's lazily loaded chunk (pages/account/account-i18n.ts), not with the inbox.
 */
export const accountEn = {
  'account.intro':
    'An account keeps your addresses together: bind them, read their mail in one place, and open any of them from another browser.',
  'account.email': 'Email address',
  'account.password': 'Password',
  'account.signedInAs': 'Logged in as {email}',
  'account.signedOut': 'Logged out',
  'account.signOut': 'Log out',
  'account.role': 'Role: {role}',
  'account.adminLink': 'Admin console',
  'account.sections': 'Account sections',
  'account.tab.addresses': 'Addresses',
  'account.tab.mails': 'Mail',
  'account.tab.passkeys': 'Passkeys',

  'account.login.title': 'Log in',
  'account.login.submit': 'Log in',
  'account.login.done': 'Logged in',

  'account.register.title': 'Create an account',
  'account.register.repeat': 'Password again',
  'account.register.mismatch': 'The two passwords differ.',
  'account.register.code': 'Verification code',
  'account.register.sendCode': 'Send code',
  'account.register.codeHint': 'Enter your email address, send the code, and type it here.',
  'account.register.codeSent': 'A code was sent to {email}. It is valid for {minutes} minutes.',
  'account.register.submit': 'Create account',
  'account.register.done': 'Account created',
  'account.register.doneLogIn': 'Account created: log in with it',
  'account.register.closed': 'This site does not take new accounts.',

  'account.other.title': 'Other ways to log in',
  'account.passkey.login': 'Log in with a passkey',
  'account.passkey.unsupported': 'This browser cannot use passkeys.',
  'account.passkey.insecure': 'Passkeys work only when this site is opened over https.',
  'account.passkey.cancelled': 'The passkey request was cancelled or timed out.',
  'account.passkey.alreadyRegistered': 'This device already holds a passkey for your account.',
  'account.oauth2.providers': 'Log in with another service',
  'account.oauth2.login': 'Log in with {name}',
  'account.oauth2.title': 'Logging in',
  'account.oauth2.back': 'Back to the log-in page',
  'account.oauth2.badState':
    'This log-in did not start in this browser tab, or took too long. Start it again.',
  'account.oauth2.denied': 'The provider did not let you log in: {error}',
  'account.oauth2.noCode': 'The provider sent no authorization code back.',
  'account.oauth2.noStorage':
    'This browser does not let the page keep the log-in state (storage is blocked).',
  'account.oauth2.badUrl': 'The provider is set up with an invalid sign-in URL.',

  'account.bind.title': 'Address in this browser',
  'account.bind.none': 'This browser has no address open. Create or open one in the inbox first.',
  'account.bind.submit': 'Bind to my account',
  'account.bind.already': 'Bound to your account.',
  'account.bind.done': '{address} is bound to your account',

  'account.addresses.title': 'Bound addresses',
  'account.addresses.empty': 'No address is bound to your account yet.',
  'account.addresses.partial': 'Showing the newest {shown}.',
  'account.addresses.current': 'Open in this browser',
  'account.addresses.mails': 'Mail: {count}',
  'account.addresses.sent': 'Sent: {count}',
  'account.addresses.created': 'Created {date}',
  'account.addresses.open': 'Open inbox',
  'account.addresses.transfer': 'Transfer',
  'account.addresses.unbind': 'Unbind',
  'account.addresses.unbindConfirm':
    'Unbind {address} from your account? The address and its mail stay; you can bind it again with its credential.',
  'account.addresses.unbound': '{address} is no longer bound',

  'account.transfer.title': 'Transfer {address}',
  'account.transfer.warning':
    'The address and its mail move to the other account. Its credentials stop working, in this browser too.',
  'account.transfer.target': 'Email of the receiving account',
  'account.transfer.submit': 'Transfer',
  'account.transfer.done': '{address} now belongs to {email}',

  'account.mails.title': 'Mail of bound addresses',
  'account.mails.filter': 'Address',
  'account.mails.all': 'All bound addresses',
  'account.mails.empty': 'No mail.',
  'account.mails.to': 'to {address}',
  'account.mails.back': 'Back to the mail list',
  'account.mails.notBound': 'The address of this mail is not bound to your account.',

  'account.passkeys.title': 'Passkeys',
  'account.passkeys.intro':
    "A passkey logs you in without a password, with this device's screen lock or a security key.",
  'account.passkeys.empty': 'No passkey yet.',
  'account.passkeys.name': 'Name of the new passkey',
  'account.passkeys.defaultName': 'My passkey',
  'account.passkeys.add': 'Add a passkey',
  'account.passkeys.added': 'Passkey added',
  'account.passkeys.created': 'Added {date}',
  'account.passkeys.used': 'Last used {date}',
  'account.passkeys.rename': 'Rename',
  'account.passkeys.newName': 'New name',
  'account.passkeys.save': 'Save',
  'account.passkeys.renamed': 'Passkey renamed',
  'account.passkeys.delete': 'Delete',
  'account.passkeys.deleteConfirm': 'Delete the passkey "{name}"? It will no longer log you in.',
  'account.passkeys.deleted': 'Passkey deleted',
} as const;

export type AccountKey = keyof typeof accountEn;
