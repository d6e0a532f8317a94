import { DafaaError } from '../errors/dafaa-error.ts';

/** Base of the payout cycle's errors. */
export class CycleError extends DafaaError {
  override readonly name: string = 'CycleError';
}

/** The cycle asked for has not been planned. */
export class CycleNotFoundError extends CycleError {
  override readonly name: string = 'CycleNotFoundError';
}

/**
 * The store refused one household's record as data (an item or key past its size, an expression past
 * its limit): that household's fault, not the service's. The household is set aside with the reason
 * and the segment goes on; only a failure of the service itself stops a segment.
 */
export class RecordRefusedError extends CycleError {
  override readonly name: string = 'RecordRefusedError';
}
