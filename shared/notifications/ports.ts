import type { DeliveryRecord } from './delivery-record.ts';
import type { Notification } from './notification.ts';

/**
 * The ports of notifying households: the queue the cycle and the objections leave messages on, the
 * notifier's delivery claims, and the providers that send (SMS, email).
 */

/** Where the cycle and objection changes leave messages for the notifier (SQS, in AWS and locally). */
export interface NotificationQueue {
  enqueue(notifications: readonly Notification[]): Promise<void>;
}

/** The notifier's claims and their outcomes, one record per notification and channel. */
export interface DeliveryRepository {
  /**
   * Claims a delivery for an attempt: succeeds if there is no record yet, or the record is waiting to
   * be retried; otherwise hands back the record that stands. The claim counts the attempt.
   */
  claim(
    claim: Pick<
      DeliveryRecord,
      'deliveryId' | 'notificationId' | 'channel' | 'event' | 'householdId' | 'cycle' | 'updatedAt'
    >,
  ): Promise<
    | { readonly claimed: true; readonly attempts: number; readonly throttles: number }
    | { readonly claimed: false; readonly standing: DeliveryRecord }
  >;
  /**
   * Records, in one write, that a channel will not be used (opted out, no usable contact): as a
   * claim would, unless a record stands that is not waiting to be retried, which
   * it hands back. Nothing is sent, so nothing needs claiming first.
   */
  skip(
    skip: Parameters<DeliveryRepository['claim']>[0] & { readonly reason: string },
  ): Promise<
    { readonly recorded: true } | { readonly recorded: false; readonly standing: DeliveryRecord }
  >;
  /**
   * Records the outcome of a claimed attempt. A `throttled` one gives its attempt back and counts a
   * throttle instead.
   */
  settle(
    deliveryId: string,
    outcome: Pick<
      DeliveryRecord,
      'status' | 'reason' | 'providerMessageId' | 'segments' | 'updatedAt'
    > & { readonly throttled?: boolean },
  ): Promise<void>;
  get(deliveryId: string): Promise<DeliveryRecord | undefined>;
  /** Makes a failed or dead-lettered delivery claimable again (an ops retry); false if it is neither. */
  reopen(deliveryId: string, at: string): Promise<boolean>;
  list(): AsyncIterable<DeliveryRecord>;
  /** Every delivery of one household's messages (for its timeline). */
  listByHousehold(householdId: string): Promise<DeliveryRecord[]>;
}

/** Sends one email with a plain-text and an HTML part. Failures are `DeliveryError`s. */
export interface EmailSender {
  send(message: {
    readonly to: string;
    readonly subject: string;
    readonly text: string;
    readonly html: string;
    readonly deliveryId: string;
  }): Promise<{ readonly providerMessageId: string }>;
}

/**
 * Sends one SMS. SNS today; the port is shaped so that another provider can take its place (AWS
 * does not register Saudi sender ids for local companies). Failures are `DeliveryError`s that say
 * whether trying again may help.
 */
export interface SmsSender {
  send(message: {
    /** E.164, e.g. +966512345678. */
    readonly to: string;
    readonly body: string;
    /** The delivery id, for the provider's idempotency and for tracing. */
    readonly deliveryId: string;
  }): Promise<{ readonly providerMessageId: string }>;
}
