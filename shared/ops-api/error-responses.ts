import { CalendarError } from '../calendar/errors.ts';
import { ApprovalBySameOperatorError, ApprovalError } from '../cycles/approvals.ts';
import { CycleOnHoldError, CycleRunningError } from '../cycles/cycle-guards.ts';
import { CycleNotFoundError } from '../cycles/errors.ts';
import { DafaaError } from '../errors/dafaa-error.ts';
import { HouseholdTimelineError } from '../households/errors.ts';
import { SuppressionError } from '../notifications/errors.ts';
import {
  InvalidObjectionTransitionError,
  ObjectionAlreadyOpenError,
  ObjectionError,
  ObjectionNotFoundError,
  ObjectionStatusChangedError,
} from '../objections/errors.ts';
import type { ApiError } from './api-types.ts';
import { UnauthenticatedError } from './caller.ts';
import { ForbiddenError, InvalidRequestError } from './errors.ts';

type Status = 400 | 401 | 403 | 404 | 409 | 500;

/**
 * The one place where errors become HTTP answers: a status and an `ApiError` whose message says
 * what to do. Errors dafaa raises on purpose are explained; anything else is a 500 that says only
 * that (its details go to the log, never to the caller).
 */
export function mapError(error: unknown): { status: Status; body: ApiError } {
  const answer = (status: Status, kind: ApiError['error'], message: string) => ({
    status,
    body: { error: kind, message },
  });
  if (error instanceof UnauthenticatedError) return answer(401, 'unauthenticated', error.message);
  if (error instanceof ForbiddenError || error instanceof ApprovalBySameOperatorError)
    return answer(403, 'forbidden', error.message);
  if (error instanceof InvalidRequestError)
    return answer(error.kind === 'not-found' ? 404 : 400, error.kind, error.message);
  if (error instanceof CycleNotFoundError || error instanceof ObjectionNotFoundError)
    return answer(404, 'not-found', error.message);
  if (
    error instanceof CycleRunningError ||
    error instanceof CycleOnHoldError ||
    error instanceof ApprovalError ||
    error instanceof ObjectionAlreadyOpenError ||
    error instanceof ObjectionStatusChangedError ||
    error instanceof InvalidObjectionTransitionError
  )
    return answer(409, 'conflict', error.message);
  if (
    error instanceof CalendarError ||
    error instanceof ObjectionError ||
    error instanceof HouseholdTimelineError ||
    error instanceof SuppressionError
  )
    return answer(400, 'bad-request', error.message);
  if (error instanceof DafaaError) return answer(500, 'internal', error.message);
  return answer(500, 'internal', 'an unexpected error: ops find it in the log by the request id');
}
