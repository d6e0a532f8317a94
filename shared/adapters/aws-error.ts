import { DeliveryError } from '../notifications/errors.ts';

/**
 * The parts of an AWS SDK error that the channel adapters classify. The SDK sets
 * `$metadata.httpStatusCode` on every error the service answered with; a network failure or a
 * timeout has no status (its `$metadata`, when the retry middleware adds one, holds only attempt
 * counts).
 */
export function describeAwsError(error: unknown): {
  readonly name: string;
  readonly status: number | undefined;
  readonly message: string;
} {
  if (!(error instanceof Error)) return { name: 'UnknownError', status: undefined, message: '' };
  const metadata: unknown = '$metadata' in error ? error.$metadata : undefined;
  const status =
    typeof metadata === 'object' &&
    metadata !== null &&
    'httpStatusCode' in metadata &&
    typeof metadata.httpStatusCode === 'number'
      ? metadata.httpStatusCode
      : undefined;
  return { name: error.name, status, message: error.message };
}

/**
 * The names AWS services give a throttled call (DynamoDB, SQS, SES, SNS, Step Functions, Lambda,
 * KMS). Throttling is the service's, never the record's: the work waits and goes on.
 */
export const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'KMSThrottlingException',
  'MaxSendingRateExceeded',
]);

/** Whether an error is a service's answer that it is throttling the caller (by name or HTTP 429). */
export function isThrottling(error: unknown): boolean {
  const { name, status } = describeAwsError(error);
  return THROTTLING_ERROR_NAMES.has(name) || status === 429;
}

/** What a channel recognises in an error beyond throttling and outages: permanent or not, and why. */
export type ChannelVerdict = { readonly transient: boolean; readonly reason: string } | null;

/**
 * Maps whatever a channel's SDK call threw to a `DeliveryError`, the same way for every channel:
 * transient `throttled` (any service's throttling names, or HTTP 429) and `provider-unavailable` (its outage
 * names, 5xx, or no HTTP answer at all: a network failure or timeout); then what the channel itself
 * recognises; else transient `provider-error`. The message carries the error name and status only,
 * never the provider's text, which may quote the address; the original error is kept as `cause`.
 */
export function channelDeliveryError(
  error: unknown,
  failure: string,
  unavailable: ReadonlySet<string>,
  recognise: (parts: ReturnType<typeof describeAwsError>) => ChannelVerdict,
): DeliveryError {
  const parts = describeAwsError(error);
  const { name, status } = parts;
  const fail = (transient: boolean, reason: string) =>
    new DeliveryError(
      `${failure}: ${reason} (${name}${status === undefined ? '' : `, HTTP ${status}`})`,
      transient,
      reason,
      { cause: error },
    );
  if (isThrottling(error)) return fail(true, 'throttled');
  if (unavailable.has(name) || (status !== undefined && status >= 500)) {
    return fail(true, 'provider-unavailable');
  }
  const verdict = recognise(parts);
  if (verdict !== null) return fail(verdict.transient, verdict.reason);
  if (status === undefined) return fail(true, 'provider-unavailable');
  return fail(true, 'provider-error');
}

/** The provider accepted the message; without its id there is nothing to trace it by. */
export function acceptedMessageId(messageId: string | undefined, accepted: string): string {
  if (messageId === undefined || messageId === '') {
    throw new DeliveryError(`${accepted} without a message id`, true, 'provider-error');
  }
  return messageId;
}
