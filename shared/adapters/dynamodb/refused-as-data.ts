/**
 * The one place that tells a record DynamoDB refuses as data from a failure of the service.
 *
 * DynamoDB answers `ValidationException` for what the request carries: an item or key past its
 * size, an expression past its limit, overlapping document paths, a number out of range, a key of
 * the wrong type. Those are the record's fault and the same on every retry: the household is set
 * aside (or the record reported) and the rest goes on. Everything else (throttling, a 5xx, a dropped
 * connection, a missing table) is the service's, and is retried, then stops the work.
 */
export function isRefusedAsData(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ValidationException';
}

/** Why the store refused a record, short enough for a report and free of the record's values. */
export function refusalReason(error: Error): string {
  const reason = error.message.replace(/\s+/g, ' ').trim();
  return reason.length > 160 ? `${reason.slice(0, 157)}...` : reason;
}
