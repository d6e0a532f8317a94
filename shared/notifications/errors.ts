import { DafaaError } from '../errors/dafaa-error.ts';

/** Base of the notification module's errors. */
export class NotificationError extends DafaaError {
  override readonly name: string = 'NotificationError';
}

/**
 * A provider refused or failed a message. `transient` failures (throttling, a 5xx, a timeout) may
 * succeed later and are retried with backoff; permanent ones (an invalid number, an opted-out phone,
 * a suppressed address) are recorded as failed with the reason and never retried.
 */
export class DeliveryError extends NotificationError {
  override readonly name: string = 'DeliveryError';

  readonly transient: boolean;
  /** A short code for the record: `throttled`, `provider-unavailable`, `invalid-number`, ... */
  readonly reason: string;

  constructor(message: string, transient: boolean, reason: string, options?: { cause?: unknown }) {
    super(message, options);
    this.transient = transient;
    this.reason = reason;
  }
}

/** A mobile number that is not a Saudi mobile number in any accepted form. */
export class InvalidMobileNumberError extends NotificationError {
  override readonly name: string = 'InvalidMobileNumberError';
}

/** An ops request about suppressed addresses that cannot be done: no such household, nothing to lift. */
export class SuppressionError extends NotificationError {
  override readonly name: string = 'SuppressionError';
}

/** Receipts came before the sends they report were recorded: worth delivering again. */
export class ReceiptsTooEarlyError extends NotificationError {
  override readonly name: string = 'ReceiptsTooEarlyError';
}
