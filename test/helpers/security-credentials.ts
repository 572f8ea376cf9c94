/**
 * The credentials the security sweep tries, as request headers keyed by what they are: every
 * way of presenting a bad address, user or admin credential (no token, a flipped signature, A's
 * claims under B's signature, `alg: none`, HS512, another secret, expired, wrong claim types,
 * another kind of token), and the attacker's real credentials.
 */
import { sha256Hex } from '../../src/auth/secret-compare.js';
import { TEST_ADMIN_PASSWORD } from './build-test-app.js';
import { ADMIN_ROLE, type SweepWorld } from './security-fixture.js';
import {
  flipSignature,
  nowSeconds,
  OTHER_SECRET,
  signToken,
  swapPayload,
  unsignedToken,
  type Claims,
} from './security-tokens.js';

export type Headers = Record<string, string>;
export type CredentialSet = Record<string, Headers>;

const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });
const userToken = (token: string): Headers => ({ 'x-user-token': token });
const accessToken = (token: string): Headers => ({ 'x-user-access-token': token });

/** Claims of a live token for the party's user, with a role when given. */
export function userClaims(user: { id: number; email: string }, role?: string): Claims {
  const iat = nowSeconds();
  return {
    user_email: user.email,
    user_id: user.id,
    ...(role ? { user_role: role } : {}),
    iat,
    exp: iat + 3600,
  };
}

/** Forgeries of one token: its claims presented every way a valid signature is missing. */
function forgeries(real: string, donor: string, claims: Claims): Record<string, string> {
  return {
    'flipped signature': flipSignature(real),
    "A's claims under B's signature": swapPayload(donor, real),
    'alg none': unsignedToken(claims),
    'HS512 with the right secret': signToken(claims, { alg: 'HS512' }),
    'another secret': signToken(claims, { secret: OTHER_SECRET }),
  };
}

const expired = (claims: Claims): Claims => ({
  ...claims,
  iat: nowSeconds() - 7200,
  exp: nowSeconds() - 60,
});

/** Bad `Authorization: Bearer` credentials: every one must be a 401 on /api. */
export function badAddressCredentials(w: SweepWorld): CredentialSet {
  const a = w.victim.address;
  const claims = { address: a.name, address_id: a.id };
  const set: CredentialSet = { 'no credential': {} };
  for (const [kind, token] of Object.entries(forgeries(a.jwt, w.attacker.address.jwt, claims))) {
    set[kind] = bearer(token);
  }
  set['expired (exp in the past)'] = bearer(signToken(expired(claims)));
  set["A's user JWT as Bearer"] = bearer(w.victim.user.jwt);
  set["A's role token as Bearer"] = bearer(signToken(userClaims(w.victim.user, ADMIN_ROLE)));
  set['token of a deleted address (name re-created)'] = bearer(w.deletedAddressJwt);
  set['address_id as a string of another id'] = bearer(
    signToken({ address: a.name, address_id: String(w.attacker.address.id) }),
  );
  set['Bearer without a token'] = { authorization: 'Bearer' };
  set['token in x-user-token instead'] = userToken(a.jwt);
  return set;
}

/** Bad `x-user-token` credentials: every one must be a 401 on /user_api behind requireUser. */
export function badUserCredentials(w: SweepWorld): CredentialSet {
  const u = w.victim.user;
  const claims = userClaims(u);
  const set: CredentialSet = { 'no credential': {} };
  for (const [kind, token] of Object.entries(forgeries(u.jwt, w.attacker.user.jwt, claims))) {
    set[kind] = userToken(token);
  }
  set['expired (exp in the past)'] = userToken(signToken(expired(claims)));
  set['no exp'] = userToken(signToken({ user_email: u.email, user_id: u.id }));
  set['user_id as a string'] = userToken(signToken({ ...claims, user_id: String(u.id) }));
  set['user_email missing'] = userToken(signToken({ user_id: u.id, exp: claims['exp'] }));
  set["A's address JWT as x-user-token"] = userToken(w.victim.address.jwt);
  set["A's expired role token as x-user-token"] = userToken(
    signToken(expired(userClaims(u, ADMIN_ROLE))),
  );
  set["A's user JWT as Bearer only"] = bearer(u.jwt);
  set["A's user JWT as x-user-access-token only"] = accessToken(u.jwt);
  return set;
}

/** Bad admin credentials: every one must be a 401 on /admin. */
export function badAdminCredentials(w: SweepWorld): CredentialSet {
  const admin = userClaims(w.attacker.user, ADMIN_ROLE);
  const adminToken = signToken(admin);
  const set: CredentialSet = {
    'no credential': {},
    'wrong x-admin-auth': { 'x-admin-auth': 'wrong' },
    'empty x-admin-auth': { 'x-admin-auth': '' },
    'x-admin-auth with a case change': { 'x-admin-auth': TEST_ADMIN_PASSWORD.toUpperCase() },
    // The header carries the plain password; its SHA-256 is what admin_login's body takes.
    'x-admin-auth with the SHA-256 of the password': {
      'x-admin-auth': sha256Hex(TEST_ADMIN_PASSWORD),
    },
    "A's user token": userToken(w.victim.user.jwt),
    'a user token (no role) as access token': accessToken(w.victim.user.jwt),
    'an address JWT as access token': accessToken(w.victim.address.jwt),
    'an address JWT as Bearer': bearer(w.victim.address.jwt),
    'admin role token as x-user-token': userToken(adminToken),
    'role token of a non-admin role': accessToken(signToken(userClaims(w.attacker.user, 'vip'))),
    'expired admin role token': accessToken(signToken(expired(admin))),
    'admin role token without exp': accessToken(
      signToken({ user_email: w.attacker.user.email, user_id: 1, user_role: ADMIN_ROLE }),
    ),
    // Validly signed and unexpired, but the store says otherwise (the role was removed, or the
    // user deleted, after the token was issued).
    'admin role token of a user with no role': accessToken(adminToken),
    'admin role token of a user that does not exist (no role)': accessToken(
      signToken(userClaims({ id: 999_999, email: w.attacker.user.email }, ADMIN_ROLE)),
    ),
  };
  for (const [kind, token] of Object.entries(forgeries(adminToken, w.attacker.user.jwt, admin))) {
    set[`admin role token, ${kind}`] = accessToken(token);
  }
  return set;
}

/**
 * A valid access token of ADMIN_USER_ROLE for `holder`, who must hold that role in the store:
 * /admin checks the role a token names against the user's current one.
 */
export function adminRoleHeaders(holder: { id: number; email: string }): Headers {
  return accessToken(signToken(userClaims(holder, ADMIN_ROLE)));
}

/** The attacker's real user credentials, each alone and beside A's forged tokens. */
export function attackerUserCredentials(w: SweepWorld): CredentialSet {
  const b = userToken(w.attacker.user.jwt);
  const set: CredentialSet = {
    "B's user token": b,
    // Decision: a role token names its user like a user token does and is accepted as one, as
    // the reference does; it must still act for its own user only.
    "B's role token as x-user-token": userToken(signToken(userClaims(w.attacker.user, 'vip'))),
    "B's user token with A's role token": {
      ...b,
      ...accessToken(signToken(userClaims(w.victim.user, ADMIN_ROLE))),
    },
  };
  for (const [kind, headers] of Object.entries(badAddressCredentials(w))) {
    if (headers['authorization']) set[`B's user token + Bearer: ${kind}`] = { ...b, ...headers };
  }
  return set;
}

/**
 * The token of a user the admin deleted: still a valid signature, so requireUser lets it in
 * (as the reference does; user ids are never reused), and every route must cope with a user
 * row that is gone.
 */
export function deletedUserCredentials(w: SweepWorld): CredentialSet {
  return {
    "a deleted user's token": userToken(w.ghost.userJwt),
    "a deleted user's token + Bearer of a live address": {
      ...userToken(w.ghost.userJwt),
      ...bearer(w.ghost.addressJwt),
    },
  };
}

/** Every forged credential at once, in every header a route might read. */
export function forgedEverywhere(w: SweepWorld): CredentialSet {
  const set: CredentialSet = {};
  const address = badAddressCredentials(w);
  const user = badUserCredentials(w);
  for (const kind of Object.keys(address)) {
    const token = address[kind]?.['authorization']?.split(' ')[1];
    const userTok = user[kind]?.['x-user-token'];
    if (!token || !userTok) continue;
    set[kind] = { ...bearer(token), ...userToken(userTok), ...accessToken(userTok) };
  }
  return set;
}
