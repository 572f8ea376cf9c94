/**
 * @module Domain errors with stable codes. The HTTP adapter maps each code to a status and a
 * localized message in one table (http/error-table.ts); the codes are also the `code` field
 * of RFC 9457 problem responses, so clients can rely on them.
 */

export type DomainErrorCode =
  | 'name_blocked'
  | 'name_regex_mismatch'
  | 'name_too_short'
  | 'name_too_long'
  | 'name_invalid'
  | 'domain_invalid'
  | 'random_subdomain_not_allowed'
  | 'address_exists'
  | 'address_create_failed'
  | 'address_not_found'
  | 'address_not_found_400'
  | 'new_address_disabled'
  | 'new_address_anonymous_disabled'
  | 'max_address_count_reached'
  | 'password_login_disabled'
  | 'password_change_disabled'
  | 'email_password_required'
  | 'new_password_required'
  | 'invalid_email_or_password'
  | 'invalid_input'
  | 'send_mail_required'
  | 'batch_too_large'
  | 'human_check_failed'
  | 'invalid_limit'
  | 'invalid_offset'
  | 'sender_blocked'
  | 'recipient_domain_not_served'
  | 'unknown_recipient'
  | 'junk_mail'
  | 'user_delete_disabled'
  | 'mail_not_found'
  | 'too_many_live_connections'
  | 'invalid_cleanup_config'
  | 'invalid_clean_type'
  | 'invalid_cleanup_sql'
  | 'cleanup_failed'
  | 'cleanup_running'
  | 'user_not_found'
  | 'user_not_found_404'
  | 'user_exists'
  | 'register_failed'
  | 'registration_disabled'
  | 'invalid_verify_code'
  | 'verify_mail_sender_not_set'
  | 'mail_verify_unavailable'
  | 'code_already_sent'
  | 'invalid_user_default_role'
  | 'user_login_failed'
  | 'email_or_password_missing'
  | 'invalid_password'
  | 'address_not_bound'
  | 'address_bound_to_other'
  | 'target_user_not_found'
  | 'no_address_or_user_token'
  | 'invalid_address_or_user_token'
  | 'invalid_address_id'
  | 'oauth2_client_not_found'
  | 'oauth2_client_or_code_missing'
  | 'oauth2_access_token_failed'
  | 'oauth2_user_info_failed'
  | 'oauth2_user_email_failed'
  | 'oauth2_provider_fields_missing'
  | 'oauth2_provider_allow_list_missing'
  | 'invalid_passkey_name'
  | 'passkey_not_found'
  | 'passkey_authentication_failed'
  | 'passkey_registration_failed'
  | 'passkey_limit_reached'
  | 'invalid_user_id'
  | 'invalid_role_text'
  | 'invalid_max_address_count'
  | 'invalid_config_key'
  | 'config_value_not_string'
  | 'too_many_attempts'
  | 'user_mail_domain_not_allowed'
  | 'user_email_regex_mismatch'
  | 'verify_mail_domain_invalid'
  | 'invalid_ip_blacklist_setting'
  | 'blacklist_too_large';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly params: Readonly<Record<string, string | number>> = {},
    /** Set when the error ended an address creation: clients see "Failed to create address: …". */
    readonly duringAddressCreation = false,
  ) {
    super(`${code}${Object.keys(params).length ? ` ${JSON.stringify(params)}` : ''}`);
    this.name = 'DomainError';
  }

  /** The same error, marked as the reason an address creation failed. */
  duringCreation(): DomainError {
    return this.duringAddressCreation ? this : new DomainError(this.code, this.params, true);
  }
}
