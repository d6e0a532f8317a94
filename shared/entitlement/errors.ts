import { DafaaError } from '../errors/dafaa-error.ts';

/** Base of the entitlement module's errors. */
export class EntitlementError extends DafaaError {
  override readonly name: string = 'EntitlementError';
}

/** The entitlement policy file does not match its schema or contradicts itself. */
export class InvalidEntitlementPolicyError extends EntitlementError {
  override readonly name: string = 'InvalidEntitlementPolicyError';
}

/** A cycle before the first policy version takes effect: there is no amount to pay it at. */
export class NoEntitlementPolicyError extends EntitlementError {
  override readonly name: string = 'NoEntitlementPolicyError';
}

/** A household count or income that cannot be computed with: negative, fractional or absurd. */
export class InvalidEntitlementInputError extends EntitlementError {
  override readonly name: string = 'InvalidEntitlementInputError';
}
