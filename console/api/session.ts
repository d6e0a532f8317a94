/**
 * The signed-in user's access token, kept in sessionStorage: it lasts as long as the tab, never
 * reaches localStorage, and is dropped when it expires or the API answers 401.
 */

const KEY = 'dafaa.session';

interface StoredSession {
  readonly accessToken: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

/** Keeps a token the sign-in returned, valid for `expiresInSeconds`. */
export function saveSession(accessToken: string, expiresInSeconds: number): void {
  const session: StoredSession = { accessToken, expiresAt: Date.now() + expiresInSeconds * 1000 };
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

/** The token to send, or null when no one is signed in or the token has expired. */
export function currentToken(): string | null {
  const text = sessionStorage.getItem(KEY);
  if (text === null) return null;
  const session = JSON.parse(text) as Partial<StoredSession>;
  const valid = typeof session.accessToken === 'string' && (session.expiresAt ?? 0) > Date.now();
  return valid ? (session.accessToken ?? null) : null;
}

/** Forgets the token (sign-out, or a 401 from the API). */
export function endSession(): void {
  sessionStorage.removeItem(KEY);
}
