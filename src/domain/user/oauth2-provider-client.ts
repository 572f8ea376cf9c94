/**
 * @module The two requests of the authorization-code flow that tmpmail itself makes to a
 * provider (RFC 6749 §4.1.3 and the user-info endpoint). Every failure is logged with its reason
 * (never the secret or the token) and surfaces as the reference's 400 for that step.
 */
import type { Logger } from '../../shared/logger.js';
import { DomainError } from '../errors.js';
import { fetchJson, OutboundRequestError, type OutboundLimits } from './oauth2-http.js';
import type { Oauth2Provider } from './oauth2-settings.js';

export interface ProviderCallDeps {
  limits: OutboundLimits;
  logger: Logger;
}

export interface AccessToken {
  accessToken: string;
  /** `token_type` of the answer, "Bearer" when absent. */
  tokenType: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const describe = (error: unknown): string =>
  error instanceof OutboundRequestError ? error.message : String(error);

/** Trades the authorization code at the token endpoint. */
export async function exchangeCode(
  provider: Oauth2Provider,
  code: string,
  deps: ProviderCallDeps,
): Promise<AccessToken> {
  const params = {
    code,
    client_id: provider.clientID,
    client_secret: provider.clientSecret,
    grant_type: 'authorization_code',
    redirect_uri: provider.redirectURL,
  };
  const json = provider.accessTokenFormat === 'json';
  const fail = (reason: string): never => {
    deps.logger.warn({ provider: provider.name, reason }, 'oauth2 access token request failed');
    throw new DomainError('oauth2_access_token_failed');
  };
  const response = await fetchJson(
    provider.accessTokenURL,
    {
      method: 'POST',
      headers: {
        'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: json ? JSON.stringify(params) : new URLSearchParams(params).toString(),
    },
    deps.limits,
  ).catch((error: unknown) => fail(describe(error)));
  if (!response.ok) return fail(`status ${response.status}`);
  const body = response.json;
  // Some providers (GitHub) answer 200 with an `error` field instead of a token.
  if (!isObject(body) || typeof body['access_token'] !== 'string' || !body['access_token']) {
    return fail('no access_token in the response');
  }
  const tokenType = body['token_type'];
  return {
    accessToken: body['access_token'],
    tokenType: typeof tokenType === 'string' && tokenType ? tokenType : 'Bearer',
  };
}

/** The user-info document, any JSON value. */
export async function fetchUserInfo(
  provider: Oauth2Provider,
  token: AccessToken,
  deps: ProviderCallDeps,
): Promise<unknown> {
  const fail = (reason: string): never => {
    deps.logger.warn({ provider: provider.name, reason }, 'oauth2 user info request failed');
    throw new DomainError('oauth2_user_info_failed');
  };
  const response = await fetchJson(
    provider.userInfoURL,
    {
      method: 'GET',
      headers: {
        authorization: `${token.tokenType} ${token.accessToken}`,
        accept: 'application/json',
        // GitHub's API refuses requests without a User-Agent.
        'user-agent': 'tmpmail',
      },
    },
    deps.limits,
  ).catch((error: unknown) => fail(describe(error)));
  if (!response.ok) return fail(`status ${response.status}`);
  if (response.json === undefined) return fail('the response is not JSON');
  return response.json;
}
