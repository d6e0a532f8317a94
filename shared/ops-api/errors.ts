import { DafaaError } from '../errors/dafaa-error.ts';

/** Base of the ops API's own errors. */
export class OpsApiError extends DafaaError {
  override readonly name: string = 'OpsApiError';
}

/** The caller's roles do not allow the action (403). */
export class ForbiddenError extends OpsApiError {
  override readonly name: string = 'ForbiddenError';
}

/** The request itself is wrong: its body, a query value, an id that names nothing. */
export class InvalidRequestError extends OpsApiError {
  override readonly name: string = 'InvalidRequestError';
  readonly kind: 'bad-request' | 'not-found';

  constructor(message: string, kind: 'bad-request' | 'not-found' = 'bad-request') {
    super(message);
    this.kind = kind;
  }
}
