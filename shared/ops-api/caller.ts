import { DafaaError } from '../errors/dafaa-error.ts';
import { type PersonalDataView, personalDataViewOf, type Role, rolesOf } from './roles.ts';

/**
 * Who is calling the ops API: what a verified access token says (its subject, username and groups),
 * never what a request body or a flag claims. The subject is what the audit log and the approval
 * records keep as the actor; the username is kept beside it for people to read.
 */

export interface Caller {
  /** The token's `sub`: stable, unique in the user pool; the actor of every audit entry. */
  readonly sub: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly personalData: PersonalDataView;
}

/** Verifies a bearer token (signature, issuer, expiry, client, token use) and says who it is. */
export interface TokenVerifier {
  verify(token: string): Promise<Caller>;
}

/** No token, or one that does not verify: the API answers 401 before anything else. */
export class UnauthenticatedError extends DafaaError {
  override readonly name: string = 'UnauthenticatedError';
}

/** The caller as the verified claims describe them. */
export function callerOf(claims: {
  readonly sub: string;
  readonly username?: string | undefined;
  readonly 'cognito:groups'?: readonly string[] | undefined;
}): Caller {
  const roles = rolesOf(claims['cognito:groups'] ?? []);
  return {
    sub: claims.sub,
    username: claims.username ?? claims.sub,
    roles,
    personalData: personalDataViewOf(roles),
  };
}
