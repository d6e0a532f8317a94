import { createHash, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import type { Jwks } from 'aws-jwt-verify/jwk';
import type { Role } from '../../shared/ops-api/roles.ts';
import { LocalStackError } from './errors.ts';

/**
 * The local stand-in for the Cognito user pool: a key made at start signs access tokens shaped
 * exactly like the pool's (RS256, `kid`, `iss`, `client_id`, `token_use`, `username`,
 * `cognito:groups`), for a fixed set of local users, one or two per role. The API verifies them
 * with the same verifier it uses in AWS, given this key set instead of fetching the pool's. Local
 * only: the users have no password and no MFA, and the console says so.
 */

/** A local pool id: its issuer is never a real pool's. */
export const LOCAL_USER_POOL_ID = 'me-central-1_LocalOnly';
/** The local app client the console and the CLI sign in as. */
export const LOCAL_CLIENT_ID = 'dafaa-local-console';

export interface LocalUser {
  readonly username: string;
  readonly roles: readonly Role[];
}

/** One user per role, a second operator and approver (maker and checker), and a lead in both. */
export const LOCAL_USERS: readonly LocalUser[] = [
  { username: 'local-viewer', roles: ['viewer'] },
  { username: 'local-operator', roles: ['operator'] },
  { username: 'local-operator-2', roles: ['operator'] },
  { username: 'local-approver', roles: ['approver'] },
  { username: 'local-approver-2', roles: ['approver'] },
  { username: 'local-auditor', roles: ['auditor'] },
  { username: 'local-lead', roles: ['operator', 'approver'] },
];

/** A user the local authority does not know. */
export class UnknownLocalUserError extends LocalStackError {
  override readonly name: string = 'UnknownLocalUserError';
}

/** A local user's subject: a UUID derived from the name, the same at every start. */
export function localSubOf(username: string): string {
  const hex = createHash('sha256').update(`dafaa-local:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface LocalAuthority {
  readonly userPoolId: string;
  readonly clientId: string;
  /** The public key set the API trusts. */
  readonly jwks: Jwks;
  /** An access token for a local user, valid for `ttlSeconds` (an hour, as the pool's). */
  issue(username: string, options?: { ttlSeconds?: number; now?: Date }): string;
}

/**
 * A local authority. By default its pool and client are the local ones; the deploy rehearsal names
 * the deployed pool and app client instead, so that the tokens pass the deployed function's checks
 * of issuer and client, only the signing key being local.
 */
export function createLocalAuthority(
  pool: { readonly userPoolId?: string; readonly clientId?: string } = {},
): LocalAuthority {
  const userPoolId = pool.userPoolId ?? LOCAL_USER_POOL_ID;
  const clientId = pool.clientId ?? LOCAL_CLIENT_ID;
  // A pool id starts with its region: me-central-1_AbC123.
  const region = userPoolId.split('_')[0] ?? '';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    userPoolId,
    clientId,
    jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] } as Jwks,
    issue(username, options = {}) {
      const user = LOCAL_USERS.find((candidate) => candidate.username === username);
      if (!user) {
        throw new UnknownLocalUserError(
          `there is no local user "${username}": ${LOCAL_USERS.map((known) => known.username).join(', ')}`,
        );
      }
      const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
      return signJwt(privateKey, kid, {
        sub: localSubOf(user.username),
        'cognito:groups': [...user.roles],
        iss: `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`,
        client_id: clientId,
        origin_jti: randomUUID(),
        event_id: randomUUID(),
        token_use: 'access',
        scope: 'openid',
        auth_time: now,
        iat: now,
        exp: now + (options.ttlSeconds ?? 3600),
        jti: randomUUID(),
        username: user.username,
      });
    },
  };
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** A compact RS256 JWS, as Cognito signs its tokens. */
export function signJwt(
  privateKey: KeyObject,
  kid: string,
  claims: Record<string, unknown>,
): string {
  const header = base64url(JSON.stringify({ kid, alg: 'RS256' }));
  const payload = base64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}
