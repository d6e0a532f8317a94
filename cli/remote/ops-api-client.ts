import { DafaaError } from '../../shared/errors/dafaa-error.ts';
import type { ApiError } from '../../shared/ops-api/api-types.ts';
import { LocalStackError } from '../local-stack/errors.ts';
import { type CachedToken, readToken, writeToken } from './token-cache.ts';

/**
 * The CLI's way into a deployment: the ops API, as the signed-in user (the token `dafaa login`
 * cached), never the tables. An expired access token is renewed with the refresh token first; a
 * refusal comes back as the API's own message.
 */

/** No sign-in for this API, or one the API no longer takes: `dafaa login` again. */
export class NotSignedInError extends LocalStackError {
  override readonly name: string = 'NotSignedInError';
}

/** The API answered with an error: its status and its message. */
export class OpsApiCallError extends DafaaError {
  override readonly name: string = 'OpsApiCallError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export interface OpsApiClient {
  readonly api: string;
  readonly username: string;
  call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
}

const RENEW_BEFORE_MS = 60_000;

export async function opsApiClient(
  api: string,
  options: { readonly env?: NodeJS.ProcessEnv; readonly now?: () => Date } = {},
): Promise<OpsApiClient> {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => new Date());
  const login = `dafaa login --api ${api}`;
  let token = readToken(api, env);
  if (token === null) throw new NotSignedInError(`not signed in to ${api}: ${login}`);
  if (Date.parse(token.expiresAt) - RENEW_BEFORE_MS < now().getTime()) {
    token = await renewed(token, now);
    writeToken(token, env);
  }
  const { accessToken, username } = token;
  return {
    api,
    username,
    async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${api}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const json: unknown = text === '' ? null : JSON.parse(text);
      if (response.status === 401) {
        throw new NotSignedInError(`${api} did not take the sign-in of ${username}: ${login}`);
      }
      if (!response.ok) {
        const message = (json as Partial<ApiError> | null)?.message ?? response.statusText;
        throw new OpsApiCallError(response.status, message);
      }
      return json as T;
    },
  };
}

/** The token renewed with its refresh token (Cognito's token endpoint); a local one cannot be. */
async function renewed(token: CachedToken, now: () => Date): Promise<CachedToken> {
  if (token.auth.auth !== 'cognito' || token.refreshToken === null) {
    throw new NotSignedInError(
      `the sign-in of ${token.username} to ${token.api} has expired: dafaa login --api ${token.api}`,
    );
  }
  const response = await fetch(`https://${token.auth.cognitoDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: token.auth.cliClientId,
      refresh_token: token.refreshToken,
    }),
  });
  if (!response.ok) {
    throw new NotSignedInError(
      `the sign-in of ${token.username} to ${token.api} could not be renewed: dafaa login --api ${token.api}`,
    );
  }
  const renewal = (await response.json()) as { access_token: string; expires_in: number };
  return {
    ...token,
    accessToken: renewal.access_token,
    expiresAt: new Date(now().getTime() + renewal.expires_in * 1000).toISOString(),
  };
}
