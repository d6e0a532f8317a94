import { DafaaError } from '../errors/dafaa-error.ts';

/** Base of the payout cycle's errors. */
export class CycleError extends DafaaError {
  override readonly name: string = 'CycleError';
}

/** The cycle asked for has not been planned. */
export class CycleNotFoundError extends CycleError {
  override readonly name: string = 'CycleNotFoundError';
}
