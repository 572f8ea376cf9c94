/** @module Keys of the settings table (reference §4.2; KV-only values live here too, decisions.md 11). */
export const SettingKeys = {
  addressBlockList: 'address_block_list',
  sendBlockList: 'send_block_list',
  verifiedAddressList: 'verified_address_list',
  noLimitSendAddressList: 'no_limit_send_address_list',
  fromBlockList: 'from_block_list',
  emailRuleSettings: 'email_rule_settings',
  addressCreationSettings: 'address_creation_settings',
  sendMailLimitConfig: 'send_mail_limit_config',
  /** CleanupSettings (reference §7.3). */
  autoCleanup: 'auto_cleanup',
  /** When the scheduled cleanup last started, on any node (domain/retention/cleanup-scheduler). */
  autoCleanupLastRun: 'auto_cleanup_last_run',
} as const;
