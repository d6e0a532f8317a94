import { DafaaError } from '../errors/dafaa-error.ts';

/** A household timeline asked for something that is not a household id. */
export class HouseholdTimelineError extends DafaaError {
  override readonly name: string = 'HouseholdTimelineError';
}
