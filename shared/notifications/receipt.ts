import type { DeliveryRecord, DeliveryStatus, ReceiptStatus } from './delivery-record.ts';
import type { Channel } from './notification.ts';

/**
 * What a provider's receipt says about one message, once its shape (an SES event, an SNS SMS
 * delivery-status log line) is read: which message, what became of it, and the short reason code
 * recorded with it. It carries no personal data except `suppress`, the address a hard bounce or a
 * complaint names, which only the suppression list sees (hashed, and masked for display).
 *
 * How receipts combine is decided here (see {@link outcomeAfter}): each status has a rank, and a
 * receipt changes a delivery only when it ranks higher than what stands. Ranks make the result the
 * same whatever order the receipts come in, and a duplicate change nothing.
 */

/** What a receipt says happened: a terminal status, or news that changes no status (a delay). */
export type ReceiptVerdict = Exclude<ReceiptStatus, 'unknown'> | 'delayed' | 'accepted';

export interface Receipt {
  readonly channel: Channel;
  /** SES's `mail.messageId` or SNS's `notification.messageId`: what the send returned. */
  readonly providerMessageId: string;
  /** SES only: our delivery id, from the `dafaa-delivery` message tag; null when absent. */
  readonly deliveryId: string | null;
  readonly verdict: ReceiptVerdict;
  /**
   * A short code, never the provider's free text (`bounce-permanent-general`, `carrier-blocked`);
   * null for a plain delivery.
   */
  readonly reason: string | null;
  /** When the provider says it happened (ISO 8601). */
  readonly at: string;
  /** On a hard bounce or a complaint: the addresses to suppress for the delivery's household. */
  readonly suppress: readonly { readonly address: string; readonly cause: SuppressionCause }[];
}

export type SuppressionCause = 'hard-bounce' | 'complaint';

/** What a receipt writes on a delivery. */
export interface ReceiptOutcome {
  readonly status: DeliveryStatus;
  readonly reason: string | null;
  /** When the provider said it (the receipt's time); null for a delay, which settles nothing. */
  readonly receiptAt: string | null;
  /** False once the delivery has a terminal receipt (or the sweeper gave up): it leaves the index. */
  readonly awaitingReceipt: boolean;
  readonly updatedAt: string;
}

/**
 * Statuses a receipt (or the sweeper) may move, and their rank: a receipt replaces what stands only
 * when it ranks higher. `sent` is lowest (a delay notes itself there); `unknown`, the sweeper's "no
 * receipt in 72 hours", gives way to any receipt that comes after all; a soft failure gives way to
 * a delivery (SES retries a soft bounce); a delivery gives way to a hard bounce (a server may accept
 * a message and bounce it later). A technical failure (SES rejected or could not render the
 * message) is never followed by a delivery.
 */
const RANK: Partial<Record<DeliveryStatus, number>> = {
  sent: 0,
  unknown: 1,
  'temporary-failure': 2,
  'technical-failure': 3,
  delivered: 4,
  'permanent-failure': 5,
};

/** Whether a receipt can still change this delivery: it was sent (or the sweeper gave up on it). */
export function acceptsReceipts(status: DeliveryStatus): boolean {
  return RANK[status] !== undefined;
}

/**
 * The delivery after this receipt, or null when the receipt changes nothing (a duplicate, a delay
 * after a terminal status, a soft bounce after a delivery, a receipt for a delivery never sent).
 */
export function outcomeAfter(
  standing: Pick<DeliveryRecord, 'status' | 'reason'>,
  receipt: Pick<Receipt, 'verdict' | 'reason' | 'at'>,
  now: string,
): ReceiptOutcome | null {
  const rank = RANK[standing.status];
  if (rank === undefined) return null;
  if (receipt.verdict === 'accepted') return null;
  if (receipt.verdict === 'delayed') {
    if (standing.status !== 'sent' || standing.reason === receipt.reason) return null;
    return {
      status: 'sent',
      reason: receipt.reason,
      receiptAt: null,
      awaitingReceipt: true,
      updatedAt: now,
    };
  }
  const incoming = RANK[receipt.verdict] ?? 0;
  if (incoming <= rank) return null;
  return {
    status: receipt.verdict,
    reason: receipt.reason,
    receiptAt: receipt.at,
    awaitingReceipt: false,
    updatedAt: now,
  };
}

/** What the sweeper writes on a delivery sent 72 hours ago with no receipt since. */
export function unknownOutcome(now: string): ReceiptOutcome {
  return {
    status: 'unknown',
    reason: 'no-receipt-in-72-hours',
    receiptAt: null,
    awaitingReceipt: false,
    updatedAt: now,
  };
}

/** How long a sent message may wait for its receipt before it is `unknown` (GOV.UK Notify's rule). */
export const RECEIPT_DEADLINE_HOURS = 72;

/** The SES message tag that carries our delivery id on every email. */
export const DELIVERY_TAG = 'dafaa-delivery';

/**
 * A delivery id as an SES tag value, which may hold only ASCII letters, digits, `_` and `-`:
 * `_` is the escape, each other character becomes `_` and its UTF-8 bytes in hex
 * (`N1#email` -> `N1_23email`), so the value reads back exactly ({@link deliveryIdOfTag}).
 */
export function sesTagValueOf(deliveryId: string): string {
  let value = '';
  for (const character of deliveryId) {
    if (/^[A-Za-z0-9-]$/.test(character)) value += character;
    else
      value += [...Buffer.from(character, 'utf8')]
        .map((byte) => `_${byte.toString(16).toUpperCase().padStart(2, '0')}`)
        .join('');
  }
  return value;
}

/** The delivery id an SES tag value carries, or null when it is not one {@link sesTagValueOf} made. */
export function deliveryIdOfTag(value: string): string | null {
  if (!/^(?:[A-Za-z0-9-]|_[0-9A-F]{2})+$/.test(value)) return null;
  const bytes: number[] = [];
  for (let index = 0; index < value.length; ) {
    if (value[index] === '_') {
      bytes.push(Number.parseInt(value.slice(index + 1, index + 3), 16));
      index += 3;
    } else {
      bytes.push(value.charCodeAt(index));
      index += 1;
    }
  }
  const decoded = Buffer.from(bytes).toString('utf8');
  return sesTagValueOf(decoded) === value ? decoded : null;
}
