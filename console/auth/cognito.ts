import { saveSession } from '../api/session.ts';
import type { CognitoConfig } from './auth-config.ts';

/**
 * Sign-in through Cognito's hosted UI: the authorization code flow with PKCE (RFC 7636). The
 * verifier and a state value wait in sessionStorage while the browser is away; the callback checks
 * the state, trades the code for tokens and keeps the access token.
 */

const PENDING_KEY = 'dafaa.pkce';

interface PendingSignIn {
  readonly verifier: string;
  readonly state: string;
}

function randomText(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

/** Sends the browser to the hosted UI. */
export async function startCognitoSignIn(config: CognitoConfig): Promise<void> {
  const pending: PendingSignIn = { verifier: randomText(48), state: randomText(24) };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.userPoolClientId,
    redirect_uri: config.redirectUri,
    scope: 'openid profile',
    state: pending.state,
    code_challenge: base64Url(new Uint8Array(digest)),
    code_challenge_method: 'S256',
  });
  window.location.assign(`https://${config.cognitoDomain}/oauth2/authorize?${query}`);
}

/** On `/auth/callback`: trades the code for tokens. Throws when the state or the exchange fails. */
export async function completeCognitoSignIn(
  config: CognitoConfig,
  callback: URLSearchParams,
): Promise<void> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as PendingSignIn | null;
  sessionStorage.removeItem(PENDING_KEY);
  const code = callback.get('code');
  if (!pending || !code || callback.get('state') !== pending.state) {
    throw new Error('the sign-in callback does not match a sign-in this tab started');
  }
  const response = await fetch(`https://${config.cognitoDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.userPoolClientId,
      redirect_uri: config.redirectUri,
      code,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`the token endpoint answered ${response.status}`);
  const tokens = (await response.json()) as { access_token: string; expires_in: number };
  saveSession(tokens.access_token, tokens.expires_in);
}
