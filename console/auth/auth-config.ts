/**
 * How this deployment signs users in, from `/config.json` (written next to the console by the stack
 * or by the local server): local users on a developer's machine, or the Cognito hosted UI in AWS.
 */

/** Cognito's hosted UI: authorization code with PKCE, no client secret. */
export interface CognitoConfig {
  readonly auth: 'cognito';
  readonly region: string;
  readonly userPoolClientId: string;
  /** The hosted UI's domain, `dafaa-ops.auth.me-south-1.amazoncognito.com`. */
  readonly cognitoDomain: string;
  /** This console's `/auth/callback` address, as registered on the app client. */
  readonly redirectUri: string;
}

/** What `/config.json` says. */
export type AuthConfig = { readonly auth: 'local' } | CognitoConfig;

/** Reads `/config.json`; throws when it is missing or says neither `local` nor `cognito`. */
export async function loadAuthConfig(): Promise<AuthConfig> {
  const response = await fetch('/config.json');
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  const config = (await response.json()) as Partial<CognitoConfig> | { auth?: unknown };
  if (config.auth === 'local') return { auth: 'local' };
  if (config.auth === 'cognito') return config as CognitoConfig;
  throw new Error('/config.json names no sign-in method');
}
