import { generateKeyPairSync } from 'node:crypto';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { describe, expect, it } from 'vitest';
import {
  createLocalAuthority,
  LOCAL_CLIENT_ID,
  LOCAL_USER_POOL_ID,
  localSubOf,
  signJwt,
} from '../../../cli/local-stack/local-authority.ts';
import { CognitoTokenVerifier } from '../../../shared/adapters/cognito/cognito-token-verifier.ts';
import { UnauthenticatedError } from '../../../shared/ops-api/caller.ts';

/**
 * The API's token check, on the same verifier as in AWS (aws-jwt-verify, given the keys up front):
 * a token of the pool's shape verifies and says who calls; anything else is refused as
 * unauthenticated, whatever it claims.
 */

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'test-key';
const jwks = {
  keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' }],
} as Jwks;
const verifier = new CognitoTokenVerifier({
  userPoolId: LOCAL_USER_POOL_ID,
  clientIds: [LOCAL_CLIENT_ID],
  jwks,
});
const now = () => Math.floor(Date.now() / 1000);

const claims = (overrides: Record<string, unknown> = {}) => ({
  sub: 'a1b2c3d4-0000-4000-8000-000000000001',
  'cognito:groups': ['approver', 'not-a-role'],
  iss: `https://cognito-idp.me-central-1.amazonaws.com/${LOCAL_USER_POOL_ID}`,
  client_id: LOCAL_CLIENT_ID,
  token_use: 'access',
  scope: 'openid',
  iat: now(),
  exp: now() + 600,
  username: 'noura',
  ...overrides,
});
const token = (overrides: Record<string, unknown> = {}) =>
  signJwt(privateKey, KID, claims(overrides));

describe('CognitoTokenVerifier', () => {
  it('says who a valid access token is: its subject, username and the roles among its groups', async () => {
    await expect(verifier.verify(token())).resolves.toEqual({
      sub: 'a1b2c3d4-0000-4000-8000-000000000001',
      username: 'noura',
      roles: ['approver'],
      personalData: 'masked',
    });
  });

  it.each([
    ['expired', { exp: now() - 60, iat: now() - 3600 }],
    [
      'from another pool',
      { iss: 'https://cognito-idp.me-central-1.amazonaws.com/me-central-1_Other' },
    ],
    ['for another app client', { client_id: 'someone-else' }],
    ['an id token', { token_use: 'id', aud: LOCAL_CLIENT_ID }],
  ])('refuses a token %s', async (_, overrides) => {
    await expect(verifier.verify(token(overrides))).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses a token whose claims were changed after signing (a role added)', async () => {
    const [header, , signature] = token().split('.');
    const payload = Buffer.from(
      JSON.stringify(claims({ 'cognito:groups': ['operator'] })),
    ).toString('base64url');
    await expect(verifier.verify(`${header}.${payload}.${signature}`)).rejects.toThrow(
      UnauthenticatedError,
    );
  });

  it('refuses an unsigned token (alg none) and one signed by another key', async () => {
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: KID })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;
    await expect(verifier.verify(none)).rejects.toThrow(UnauthenticatedError);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    await expect(verifier.verify(signJwt(other, KID, claims()))).rejects.toThrow(
      UnauthenticatedError,
    );
  });
});

describe('the local authority', () => {
  it('issues tokens the verifier takes, for its own users, with a stable subject per user', async () => {
    const authority = createLocalAuthority();
    const local = new CognitoTokenVerifier({
      userPoolId: authority.userPoolId,
      clientIds: [authority.clientId],
      jwks: authority.jwks,
    });
    await expect(local.verify(authority.issue('local-lead'))).resolves.toMatchObject({
      sub: localSubOf('local-lead'),
      roles: ['operator', 'approver'],
      personalData: 'full',
    });
    expect(localSubOf('local-lead')).toBe(localSubOf('local-lead'));
    expect(localSubOf('local-lead')).not.toBe(localSubOf('local-operator'));
    expect(() => authority.issue('root')).toThrow(/no local user "root"/);
  });
});
