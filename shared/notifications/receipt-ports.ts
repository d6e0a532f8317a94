import type { CycleMessageCounts, DeliveryRecord } from './delivery-record.ts';
import type { Channel } from './notification.ts';
import type { ReceiptOutcome } from './receipt.ts';
import type { Suppression } from './suppression.ts';

/**
 * The ports of delivery truth: finding a sent delivery from a provider's receipt, recording what
 * the receipt says, the deliveries still waiting for one, and the email addresses a household's
 * bounces and complaints have suppressed.
 */

/** What the receipt recorder and the sweeper read and write on the deliveries. */
export interface DeliveryReceipts {
  /** The delivery the provider accepted under `providerMessageId` on `channel`, if any. */
  findByProviderMessage(channel: Channel, providerMessageId: string): Promise<string | undefined>;
  get(deliveryId: string): Promise<DeliveryRecord | undefined>;
  /**
   * Writes `next` over the delivery if it still stands as `expected` (status and updatedAt):
   * false when something else changed it first, so the caller reads it again and decides again.
   */
  recordOutcome(
    deliveryId: string,
    expected: Pick<DeliveryRecord, 'status' | 'updatedAt'>,
    next: ReceiptOutcome,
  ): Promise<boolean>;
  /**
   * Sent deliveries with no terminal receipt yet that were sent at or before `sentBefore` (ISO):
   * read from an index that holds only the deliveries awaiting a receipt, never a table scan.
   */
  listAwaitingReceipt(sentBefore: string): AsyncIterable<{ readonly deliveryId: string }>;
}

/** The email addresses suppressed for a household, by a hard bounce or a complaint. */
export interface SuppressionList {
  /** Records a suppression; a second one for the same household and address changes nothing. */
  suppress(suppression: Suppression): Promise<boolean>;
  /** The suppression in force for this household and address (its hash), if any. */
  find(householdId: string, addressHash: string): Promise<Suppression | undefined>;
  listByHousehold(householdId: string): Promise<Suppression[]>;
  /** Lifts it, with who and why; false if none was in force. */
  lift(
    householdId: string,
    addressHash: string,
    lifted: { readonly by: string; readonly reason: string; readonly at: string },
  ): Promise<boolean>;
}

/** Counts a cycle's messages (those claimed with their cycle) for `cycle report`. */
export interface CycleMessages {
  countByCycle(cycle: string): Promise<CycleMessageCounts>;
}
