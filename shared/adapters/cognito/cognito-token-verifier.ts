import { CognitoJwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import {
  type Caller,
  callerOf,
  type TokenVerifier,
  UnauthenticatedError,
} from '../../ops-api/caller.ts';

/**
 * Verifies the user pool's access tokens with AWS's own library: RS256 signature against the pool's
 * JWKS, issuer, expiry, `token_use = access` and one of the API's app clients. In AWS the keys are
 * fetched from the pool (and cached); locally they are the local authority's, given up front, so
 * the same verification runs on the same code path.
 */
export class CognitoTokenVerifier implements TokenVerifier {
  private readonly verifier;

  constructor(options: {
    readonly userPoolId: string;
    readonly clientIds: readonly string[];
    /** The keys to trust, instead of fetching the pool's (the local authority's). */
    readonly jwks?: Jwks;
  }) {
    this.verifier = CognitoJwtVerifier.create({
      userPoolId: options.userPoolId,
      tokenUse: 'access',
      clientId: [...options.clientIds],
    });
    if (options.jwks) this.verifier.cacheJwks(options.jwks);
  }

  async verify(token: string): Promise<Caller> {
    try {
      return callerOf(await this.verifier.verify(token));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new UnauthenticatedError(`the access token was refused: ${why}`, { cause: error });
    }
  }
}
