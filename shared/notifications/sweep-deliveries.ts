import { mapWithConcurrency } from '../concurrency/map-with-concurrency.ts';
import { RECEIPT_DEADLINE_HOURS, unknownOutcome } from './receipt.ts';
import type { DeliveryReceipts } from './receipt-ports.ts';

/**
 * Gives up waiting for receipts: every delivery sent more than 72 hours before `now` that no
 * receipt has settled becomes `unknown` (GOV.UK Notify's rule: every message has a terminal status
 * within 72 hours). In: the moment of the sweep. Out: how many deliveries were looked at and how
 * many were marked. Only deliveries awaiting a receipt are read (an index that holds nothing else),
 * never the table. A receipt that comes later still records the truth over `unknown`.
 *
 * A delivery still `claimed` is not swept: the send may or may not have happened, so it is listed
 * as in flight (stuck, when it stays so) for ops, never guessed at.
 */

export interface SweepDeliveriesDeps {
  readonly deliveries: Pick<DeliveryReceipts, 'listAwaitingReceipt' | 'get' | 'recordOutcome'>;
}

export interface SweepResult {
  readonly examined: number;
  readonly markedUnknown: number;
}

const CONCURRENCY = 16;
/** Deliveries held in memory at once: a sweep after an outage of receipts may find millions. */
const CHUNK = 500;

export async function sweepDeliveries(deps: SweepDeliveriesDeps, now: Date): Promise<SweepResult> {
  const deadline = new Date(now.getTime() - RECEIPT_DEADLINE_HOURS * 60 * 60 * 1000).toISOString();
  let examined = 0;
  let markedUnknown = 0;
  const sweep = async (deliveryIds: readonly string[]) => {
    const marked = await mapWithConcurrency(deliveryIds, CONCURRENCY, async (deliveryId) => {
      const standing = await deps.deliveries.get(deliveryId);
      // The index is eventually consistent: the record itself says whether it still waits.
      if (standing?.status !== 'sent' || standing.sentAt === null || standing.sentAt > deadline) {
        return false;
      }
      return deps.deliveries.recordOutcome(deliveryId, standing, unknownOutcome(now.toISOString()));
    });
    examined += deliveryIds.length;
    markedUnknown += marked.filter(Boolean).length;
  };
  let chunk: string[] = [];
  for await (const { deliveryId } of deps.deliveries.listAwaitingReceipt(deadline)) {
    chunk.push(deliveryId);
    if (chunk.length >= CHUNK) {
      await sweep(chunk);
      chunk = [];
    }
  }
  await sweep(chunk);
  return { examined, markedUnknown };
}
