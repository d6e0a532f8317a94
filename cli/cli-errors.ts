import { describeAwsError, isThrottling } from '../shared/adapters/aws-error.ts';
import {
  InvalidCalendarDataError,
  InvalidCalendarValueError,
  InvalidOverrideError,
  OutsideUmmAlQuraRangeError,
} from '../shared/calendar/errors.ts';
import { ConfigurationError } from '../shared/config/env.ts';
import { ApprovalError } from '../shared/cycles/approvals.ts';
import { CycleOnHoldError, CycleRunningError } from '../shared/cycles/cycle-guards.ts';
import { CycleNotFoundError } from '../shared/cycles/errors.ts';
import { DafaaError } from '../shared/errors/dafaa-error.ts';
import { HouseholdTimelineError } from '../shared/households/errors.ts';
import { SuppressionError } from '../shared/notifications/errors.ts';
import { ObjectionError } from '../shared/objections/errors.ts';
import { LocalStackError } from './local-stack/errors.ts';
import { OpsApiCallError } from './remote/ops-api-client.ts';

/** The command line itself is wrong: an unknown flag, a missing value, two options that clash. */
export class UsageError extends DafaaError {
  override readonly name: string = 'UsageError';
}

/**
 * Exit codes. `transient` (75, EX_TEMPFAIL in sysexits.h): the service throttled the work; nothing
 * is lost or done twice, and running the same command again continues where it stopped.
 */
export const EXIT = {
  ok: 0,
  bug: 1,
  badInput: 2,
  environment: 3,
  transient: 75,
  interrupted: 130,
} as const;

/**
 * The one place where errors become what the operator sees: a single line and an exit code.
 * Errors that dafaa raises on purpose are explained; anything else is a bug and says so.
 */
export function explainError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof OpsApiCallError) {
    return {
      line: `the ops API refused (${error.status}): ${error.message}`,
      exitCode: error.status < 500 ? EXIT.badInput : EXIT.bug,
    };
  }
  if (
    error instanceof UsageError ||
    error instanceof InvalidCalendarValueError ||
    error instanceof OutsideUmmAlQuraRangeError ||
    error instanceof CycleNotFoundError ||
    error instanceof InvalidOverrideError ||
    error instanceof ApprovalError ||
    error instanceof CycleRunningError ||
    error instanceof CycleOnHoldError ||
    error instanceof ObjectionError ||
    error instanceof HouseholdTimelineError ||
    error instanceof SuppressionError
  ) {
    return { line: error.message, exitCode: EXIT.badInput };
  }
  if (
    error instanceof LocalStackError ||
    error instanceof ConfigurationError ||
    error instanceof InvalidCalendarDataError
  ) {
    return { line: error.message, exitCode: EXIT.environment };
  }
  if (error instanceof DafaaError) return { line: error.message, exitCode: EXIT.bug };
  if (isThrottling(error)) {
    return {
      line: `throttled: AWS answered ${describeAwsError(error).name} past every retry; nothing is lost or done twice: run the same command again to continue`,
      exitCode: EXIT.transient,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    line: `unexpected error: ${message} (set DAFAA_DEBUG=1 for the stack trace)`,
    exitCode: EXIT.bug,
  };
}
