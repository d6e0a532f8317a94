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

/**
 * Where a status and its reason stand among the outcomes: the rank first; at the same rank a reason
 * beats none, and the later reason in code order beats the earlier (an arbitrary rule, but one that
 * does not depend on which receipt came first).
 */
function precedes(
  a: { readonly rank: number; readonly reason: string | null },
  b: { readonly rank: number; readonly reason: string | null },
): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  if (a.reason === b.reason) return false;
  if (a.reason === null) return true;
  if (b.reason === null) return false;
  return a.reason < b.reason;
}

/**
 * The delivery after this receipt, or null when the receipt changes nothing: a duplicate, a
 * receipt that ranks lower than what stands (a delay after a terminal status, a soft bounce after
 * a delivery), a receipt for a delivery never sent. Receipts combine as a maximum, so the same
 * receipts leave the same delivery in whatever order and however often they come.
 */
export function outcomeAfter(
  standing: Pick<DeliveryRecord, 'status' | 'reason'>,
  receipt: Pick<Receipt, 'verdict' | 'reason' | 'at'>,
  now: string,
): ReceiptOutcome | null {
  const rank = RANK[standing.status];
  if (rank === undefined || receipt.verdict === 'accepted') return null;
  // A delay says the message is still on its way: it notes itself on a sent delivery, nothing more.
  const status = receipt.verdict === 'delayed' ? 'sent' : receipt.verdict;
  const incoming = { rank: RANK[status] ?? 0, reason: receipt.reason };
  if (!precedes({ rank, reason: standing.reason }, incoming)) return null;
  return {
    status,
    reason: receipt.reason,
    receiptAt: status === 'sent' ? null : receipt.at,
    awaitingReceipt: status === 'sent',
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
