/**
 * @module A user's addresses (reference §3.4): binding one (the caller proves possession with
 * its address token), the list, a fresh address token for a bound one, unbinding, transfer to
 * another user, and the mail of every bound address. Every operation is scoped to the calling
 * user: an address bound to someone else is never listed, read, unbound or moved.
 */
import { formatSqlTimestamp, type Clock } from '../../shared/clock.js';
import type {
  AddressListItem,
  AddressStore,
  MailListQuery,
  Page,
  UserStore,
} from '../../storage/ports.js';
import type { AddressTokenIssuer } from '../address/address-service.js';
import { DomainError } from '../errors.js';
import type { MailNotifier } from '../mail/mail-notifier.js';
import { toRows, type MailRow, type MailSummaryRow } from '../mail/mailbox-service.js';
import { createUserMailEvents, type UserMailEvents } from './user-mail-events.js';
import type { UserRoles } from './user-roles.js';
import { normalizeUserEmail } from './user-settings.js';

export interface UserAddressesDeps {
  users: UserStore;
  addresses: AddressStore;
  roles: UserRoles;
  tokens: AddressTokenIssuer;
  clock: Clock;
  /** ENABLE_USER_DELETE_EMAIL */
  allowOwnerDelete: boolean;
}

/** Turns a bind or transfer outcome into the reference's error. */
function refuse(outcome: 'limit_reached' | 'bound_to_other' | 'not_bound'): never {
  if (outcome === 'limit_reached') throw new DomainError('max_address_count_reached');
  if (outcome === 'bound_to_other') throw new DomainError('address_bound_to_other');
  throw new DomainError('address_not_bound');
}

export function createUserAddresses(deps: UserAddressesDeps) {
  const { users, addresses } = deps;
  const now = () => formatSqlTimestamp(deps.clock.now());

  async function requireUserRow(userId: number): Promise<void> {
    if (!(await users.exists(userId))) throw new DomainError('user_not_found');
  }
  async function requireAddressRow(addressId: number): Promise<void> {
    if (!(await addresses.findById(addressId))) throw new DomainError('address_not_found_400');
  }

  return {
    /** GET /user_api/bind_address: the user's addresses with mail and send counts. */
    list(userId: number, page: { limit: number; offset: number }): Promise<Page<AddressListItem>> {
      return users.listBoundAddresses(userId, page);
    },

    /**
     * POST /user_api/bind_address. `role` comes from the caller's role access token: its
     * role_address_config entry may replace the global maximum. Binding an address the user
     * already holds succeeds again.
     */
    async bind(userId: number, addressId: number, role: string | undefined): Promise<void> {
      await requireAddressRow(addressId);
      await requireUserRow(userId);
      const max = await deps.roles.maxAddressCount(role);
      const outcome = await users.bind(userId, addressId, max, now());
      if (outcome === 'limit_reached' || outcome === 'bound_to_other') refuse(outcome);
    },

    /** GET /user_api/bind_address_jwt/:id: an address token (id as a string, as the reference). */
    async credential(userId: number, addressId: number): Promise<{ jwt: string }> {
      const row =
        (await users.boundUserOf(addressId)) === userId
          ? await addresses.findById(addressId)
          : undefined;
      if (!row) throw new DomainError('address_not_bound');
      return { jwt: await deps.tokens.issue({ address: row.name, address_id: String(row.id) }) };
    },

    /** POST /user_api/unbind_address: succeeds when the address was not (or no longer) bound. */
    async unbind(userId: number, addressId: number): Promise<void> {
      await requireAddressRow(addressId);
      await requireUserRow(userId);
      await users.unbind(userId, addressId);
    },

    /**
     * POST /user_api/transfer_address: the address moves to the target user, within the
     * target's maximum (by their stored role). The store re-creates the address row, so the
     * old owner's address tokens stop working.
     */
    async transfer(userId: number, addressId: number, targetEmail: string): Promise<void> {
      await requireAddressRow(addressId);
      await requireUserRow(userId);
      const target = await users.findByEmail(normalizeUserEmail(targetEmail));
      if (!target) throw new DomainError('target_user_not_found');
      const max = await deps.roles.maxAddressCountOfUser(target.id);
      const result = await users.transfer(userId, addressId, target.id, max, now());
      // Someone else's address reads as "not bound" to the caller, as in the reference: the
      // caller learns nothing about other users' bindings.
      if (result.outcome === 'bound_to_other') refuse('not_bound');
      if (result.outcome !== 'transferred') refuse(result.outcome);
    },

    /** GET /user_api/mails: mails of every bound address, or of one of them by name. */
    async mails(
      userId: number,
      query: MailListQuery & { address?: string | undefined },
    ): Promise<Page<MailRow | MailSummaryRow>> {
      return toRows(await users.listMails(userId, query), query);
    },

    /**
     * GET /user_api/mails/events: new mail of the addresses bound as it comes. A deleted
     * user's token is still validly signed: refused here, and the stream ends once it happens.
     */
    async mailEvents(userId: number, notifier: MailNotifier): Promise<UserMailEvents> {
      await requireUserRow(userId);
      return createUserMailEvents({ users, notifier, userId });
    },

    /** DELETE /user_api/mails/:id: only a mail of a bound address; `{success}` says if one went. */
    async deleteMail(userId: number, mailId: number): Promise<boolean> {
      if (!deps.allowOwnerDelete) throw new DomainError('user_delete_disabled');
      return users.deleteMail(userId, mailId);
    },
  };
}

export type UserAddresses = ReturnType<typeof createUserAddresses>;
