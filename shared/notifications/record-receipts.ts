import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { maskEmail } from '../privacy/personal-data.ts';
import type { DeliveryRecord, DeliveryStatus } from './delivery-record.ts';
import { outcomeAfter, type Receipt } from './receipt.ts';
import type { DeliveryReceipts, SuppressionList } from './receipt-ports.ts';
import type { ReceiptMessage, SetAsideReceipt } from './receipt-sources.ts';
import { type ParsedReceipt, parseSesEvent } from './ses-receipt.ts';
import { parseSmsStatusLog } from './sms-receipt.ts';
import { addressHashOf } from './suppression.ts';

/**
 * Records what providers say became of our messages.
 * In: receipts as they came (SES events, SNS SMS delivery-status log lines). Out: a tally: how many
 * changed a delivery (by the status they set), changed nothing (a duplicate, a delay after the end,
 * a receipt that ranks lower than what stands), said nothing about the outcome, matched no delivery,
 * came before we recorded the send, or could not be read (each set aside with why); and how many
 * addresses a hard bounce or complaint suppressed.
 *
 * A receipt finds its delivery by our delivery id (the SES message tag), else by the provider's
 * message id recorded at send time. It changes the delivery only when it ranks higher than what
 * stands (receipt.ts), with a conditional write that is read and decided again if another receipt
 * got there first: whatever the order and however often receipts come, the same truth stands.
 */

export interface RecordReceiptsDeps {
  readonly deliveries: DeliveryReceipts;
  readonly suppressions: Pick<SuppressionList, 'suppress'>;
  readonly clock: { now(): Date };
}

export interface ReceiptTally {
  readonly received: number;
  /** Receipts that changed a delivery, by the status they left it in. */
  readonly recorded: Readonly<Partial<Record<DeliveryStatus, number>>>;
  readonly unchanged: number;
  /** Events that say nothing about the outcome (an SES Send, Open, Click). */
  readonly ignored: number;
  /** Receipts for no delivery of ours (another sender on the account, or one long deleted). */
  readonly unmatched: number;
  /**
   * Receipts for a delivery still `claimed`: the provider answered before the notifier recorded
   * the send. The source should deliver them again (the Lambda fails so that it does).
   */
  readonly early: number;
  readonly suppressed: number;
  readonly setAside: readonly SetAsideReceipt[];
}

/** Receipts recorded at once, by default: a Logs batch may hold thousands of lines. */
const CONCURRENCY = 16;
/** Times a receipt is decided again when another write changed its delivery first. */
const MAX_RACES = 5;

type Result =
  | { readonly kind: 'recorded'; readonly status: DeliveryStatus; readonly suppressed: number }
  | {
      readonly kind: 'unchanged' | 'ignored' | 'unmatched' | 'early';
      readonly suppressed: number;
    }
  | { readonly kind: 'set-aside'; readonly reason: string };

export async function recordReceipts(
  deps: RecordReceiptsDeps,
  messages: readonly ReceiptMessage[],
  setAsideBefore: readonly SetAsideReceipt[] = [],
  concurrency = CONCURRENCY,
): Promise<ReceiptTally> {
  const results = await mapWithConcurrency(messages, concurrency, (message) =>
    recordOne(deps, message),
  );
  const recorded: Partial<Record<DeliveryStatus, number>> = {};
  const count = { unchanged: 0, ignored: 0, unmatched: 0, early: 0, suppressed: 0 };
  const setAside: SetAsideReceipt[] = [...setAsideBefore];
  results.forEach((result, index) => {
    if (result.kind === 'set-aside') {
      setAside.push({ ref: messages[index]?.ref ?? '?', reason: result.reason });
      return;
    }
    count.suppressed += result.suppressed;
    if (result.kind === 'recorded') recorded[result.status] = (recorded[result.status] ?? 0) + 1;
    else count[result.kind] += 1;
  });
  return { received: messages.length + setAsideBefore.length, recorded, ...count, setAside };
}

function parse(message: ReceiptMessage): ParsedReceipt {
  return message.source === 'ses-event'
    ? parseSesEvent(message.body)
    : parseSmsStatusLog(message.body);
}

async function recordOne(deps: RecordReceiptsDeps, message: ReceiptMessage): Promise<Result> {
  const parsed = parse(message);
  if (parsed.kind === 'set-aside') return parsed;
  if (parsed.kind === 'ignored') return { kind: 'ignored', suppressed: 0 };
  const { receipt } = parsed;
  const found = await findDelivery(deps.deliveries, receipt);
  if (found === 'mismatch') {
    return {
      kind: 'set-aside',
      reason: 'its delivery tag and message id name different deliveries',
    };
  }
  if (found === undefined) return { kind: 'unmatched', suppressed: 0 };
  const suppressed = await suppress(deps, found, receipt);
  let standing: DeliveryRecord | undefined = found;
  for (let race = 0; race < MAX_RACES && standing; race += 1) {
    if (standing.status === 'claimed') return { kind: 'early', suppressed };
    const next = outcomeAfter(standing, receipt, deps.clock.now().toISOString());
    if (next === null) return { kind: 'unchanged', suppressed };
    if (await deps.deliveries.recordOutcome(standing.deliveryId, standing, next)) {
      return { kind: 'recorded', status: next.status, suppressed };
    }
    standing = await deps.deliveries.get(standing.deliveryId);
  }
  // Still losing after MAX_RACES: another writer keeps changing it; leave it to the source's retry.
  return { kind: 'early', suppressed };
}

/**
 * The delivery a receipt is about: by its tag (SES), checked against the message id once the send
 * is recorded; else by the provider's message id. `mismatch` when the two disagree.
 */
async function findDelivery(
  deliveries: DeliveryReceipts,
  receipt: Receipt,
): Promise<DeliveryRecord | 'mismatch' | undefined> {
  if (receipt.deliveryId !== null) {
    const tagged = await deliveries.get(receipt.deliveryId);
    if (tagged && tagged.channel === receipt.channel) {
      const recorded = tagged.providerMessageId;
      return recorded === null || recorded === receipt.providerMessageId ? tagged : 'mismatch';
    }
  }
  const deliveryId = await deliveries.findByProviderMessage(
    receipt.channel,
    receipt.providerMessageId,
  );
  return deliveryId === undefined ? undefined : deliveries.get(deliveryId);
}

/** Suppresses the addresses a hard bounce or complaint names, for the delivery's household. */
async function suppress(
  deps: RecordReceiptsDeps,
  delivery: DeliveryRecord,
  receipt: Receipt,
): Promise<number> {
  let suppressed = 0;
  for (const { address, cause } of receipt.suppress) {
    const added = await deps.suppressions.suppress({
      householdId: delivery.householdId,
      addressHash: addressHashOf(address),
      maskedAddress: maskEmail(address.trim().toLowerCase()),
      cause,
      deliveryId: delivery.deliveryId,
      at: receipt.at,
      lifted: null,
    });
    if (added) suppressed += 1;
  }
  return suppressed;
}
