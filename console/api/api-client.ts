import type { ApiError } from '../../shared/ops-api/api-types.ts';
import { currentToken, endSession } from './session.ts';

/**
 * Calls the ops API on the console's own origin (`/api/...`) with the signed-in user's bearer
 * token. Answers are the contract's types (shared/ops-api/api-types.ts); errors are named: a 401
 * ends the session (`SignedOutError`), anything else not 2xx is an `ApiCallError` carrying the
 * API's own message (a 403 says which role may do what).
 */

/** The API refused the call; `message` is the API's, for the user to read. */
export class ApiCallError extends Error {
  override readonly name: string = 'ApiCallError';
  readonly status: number;
  readonly error: ApiError['error'] | null;

  constructor(status: number, body: ApiError | null) {
    super(body?.message ?? `the API answered ${status} without saying why`);
    this.status = status;
    this.error = body?.error ?? null;
  }
}

/** No one is signed in any more (no token, an expired one, or a 401): back to sign-in. */
export class SignedOutError extends ApiCallError {
  override readonly name: string = 'SignedOutError';

  constructor() {
    super(401, null);
  }
}

/** A JSON request to `/api${path}`; `body` makes it a POST. */
export async function callApi<T>(path: string, body?: unknown): Promise<T> {
  const token = currentToken();
  if (token === null) throw new SignedOutError();
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 401) {
    endSession();
    throw new SignedOutError();
  }
  const answer: unknown = await response.json().catch(() => null);
  if (!response.ok || answer === null) {
    throw new ApiCallError(response.status, isApiError(answer) ? answer : null);
  }
  return answer as T;
}

function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && 'error' in body && 'message' in body;
}
