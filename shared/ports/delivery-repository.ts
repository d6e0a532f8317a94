import type { DeliveryRecord } from '../notifications/delivery-record.ts';

/** The notifier's claims and their outcomes, one record per notification and channel. */
export interface DeliveryRepository {
  /**
   * Claims a delivery for an attempt: succeeds if there is no record yet, or the record is waiting to
   * be retried; otherwise hands back the record that stands. The claim counts the attempt.
   */
  claim(
    claim: Pick<
      DeliveryRecord,
      'deliveryId' | 'notificationId' | 'channel' | 'event' | 'householdId' | 'updatedAt'
    >,
  ): Promise<
    | { readonly claimed: true; readonly attempts: number }
    | { readonly claimed: false; readonly standing: DeliveryRecord }
  >;
  /** Records the outcome of a claimed attempt. */
  settle(
    deliveryId: string,
    outcome: Pick<
      DeliveryRecord,
      'status' | 'reason' | 'providerMessageId' | 'segments' | 'updatedAt'
    >,
  ): Promise<void>;
  get(deliveryId: string): Promise<DeliveryRecord | undefined>;
  /** Makes a failed or dead-lettered delivery claimable again (an ops retry); false if it is neither. */
  reopen(deliveryId: string, at: string): Promise<boolean>;
  list(): AsyncIterable<DeliveryRecord>;
}
