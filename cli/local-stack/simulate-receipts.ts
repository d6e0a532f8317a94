import { createHash } from 'node:crypto';
import { householdContactSchema } from '../../shared/households/household.ts';
import type { HouseholdRepository } from '../../shared/households/ports.ts';
import type { DeliveryRecord } from '../../shared/notifications/delivery-record.ts';
import type { DeliveryRepository } from '../../shared/notifications/ports.ts';
import {
  type ReceiptMessage,
  receiptMessagesOf,
  type SetAsideReceipt,
} from '../../shared/notifications/receipt-sources.ts';
import {
  type ReceiptTally,
  type RecordReceiptsDeps,
  recordReceipts,
} from '../../shared/notifications/record-receipts.ts';
import {
  cloudWatchLogsEventOf,
  type SesTemplate,
  type SmsTemplate,
  sesEventOf,
  smsStatusLogOf,
  snsLambdaEventOf,
} from './receipt-events.ts';

/**
 * `dafaa notify events --simulate`: what SES and SNS would say about the messages the local stack
 * sent. In: the shares (percent) that bounce hard or soft, complain, fail by SMS or never get a
 * receipt, and a seed. Out: the recording tally, and the households whose email bounced hard.
 *
 * Each sent delivery draws its fate from a hash of the seed and its id, so the same run gives the
 * same fates in any order. Its events are built from AWS's documented examples (receipt-events.ts),
 * wrapped as SNS and CloudWatch Logs deliver them, unwrapped by the recorder's own code and recorded
 * by the same use case as in AWS: the local run tests the real path, not a shortcut.
 */

export interface SimulationShares {
  /** Emails that bounce for good (and suppress their address). */
  readonly bounce: number;
  /** Emails that bounce softly (SES gave up retrying). */
  readonly softBounce: number;
  /** Emails delivered and then marked as spam (suppress their address). */
  readonly complaint: number;
  /** SMS that fail: half cannot reach the phone, half are blocked by the carrier. */
  readonly smsFail: number;
  /** Messages of either channel with no receipt at all (the sweeper makes them unknown). */
  readonly silent: number;
  readonly seed: number;
}

export const DEFAULT_SHARES: SimulationShares = {
  bounce: 5,
  softBounce: 2,
  complaint: 1,
  smsFail: 5,
  silent: 2,
  seed: 1,
};

export interface SimulationDeps extends RecordReceiptsDeps {
  readonly deliveries: RecordReceiptsDeps['deliveries'] & Pick<DeliveryRepository, 'list'>;
  readonly households: Pick<HouseholdRepository, 'scanSegment'>;
}

export interface SimulationResult {
  readonly tally: ReceiptTally;
  /** Households whose email bounced hard, in delivery id order. */
  readonly bounced: readonly string[];
}

/** A number in [0, 100) from the seed and the delivery id. */
function roll(seed: number, deliveryId: string): number {
  return (
    (createHash('sha256').update(`${seed}|${deliveryId}`).digest().readUInt32BE(0) / 2 ** 32) * 100
  );
}

const later = (instant: string, seconds: number) =>
  new Date(Date.parse(instant) + seconds * 1000).toISOString();

/** The SES events an email's fate gives, in the order they are handed over (not always SES's). */
function sesFate(shares: SimulationShares, draw: number): SesTemplate[] {
  let edge = shares.bounce;
  if (draw < edge) return ['send', 'bounce-permanent'];
  edge += shares.softBounce;
  if (draw < edge) return ['send', 'delivery-delay', 'bounce-transient'];
  edge += shares.complaint;
  // The complaint handed over before the delivery: order must not matter.
  if (draw < edge) return ['complaint', 'send', 'delivery'];
  edge += shares.silent;
  if (draw < edge) return ['send', 'delivery-delay'];
  return ['send', 'delivery'];
}

function smsFate(shares: SimulationShares, draw: number): SmsTemplate | null {
  if (draw < shares.smsFail / 2) return 'failure-unknown-error';
  if (draw < shares.smsFail) return 'failure-carrier-blocked';
  if (draw < shares.smsFail + shares.silent) return null;
  return 'success';
}

type Contact = ReturnType<typeof householdContactSchema.parse>;

/** Every household's usable contact details, read in one parallel scan of the (local) register. */
async function registerContacts(
  households: Pick<HouseholdRepository, 'scanSegment'>,
): Promise<Map<string, Contact>> {
  const contacts = new Map<string, Contact>();
  const totalSegments = 4;
  await Promise.all(
    Array.from({ length: totalSegments }, async (_, segment) => {
      let cursor: string | null = null;
      do {
        const page = await households.scanSegment({
          segment,
          totalSegments,
          cursor,
          pageSize: 500,
        });
        for (const { householdId, raw } of page.records) {
          const contact = householdContactSchema.safeParse(
            (raw as { contact?: unknown } | null)?.contact,
          );
          if (contact.success) contacts.set(householdId, contact.data);
        }
        cursor = page.cursor;
      } while (cursor !== null);
    }),
  );
  return contacts;
}

export async function simulateReceipts(
  deps: SimulationDeps,
  shares: SimulationShares,
): Promise<SimulationResult> {
  const sent: DeliveryRecord[] = [];
  for await (const delivery of deps.deliveries.list()) {
    if (delivery.status === 'sent' && delivery.providerMessageId !== null) sent.push(delivery);
  }
  sent.sort((a, b) => a.deliveryId.localeCompare(b.deliveryId));
  const envelopes: unknown[] = [];
  const smsLines: { id: string; at: string; message: string }[] = [];
  const bounced: string[] = [];
  const contactOf = await registerContacts(deps.households);
  sent.forEach((delivery) => {
    const contact = contactOf.get(delivery.householdId);
    if (contact === undefined) return;
    const messageId = delivery.providerMessageId ?? '';
    const sentAt = delivery.sentAt ?? delivery.updatedAt;
    const draw = roll(shares.seed, delivery.deliveryId);
    if (delivery.channel === 'email') {
      const address = contact.email;
      if (address === null) return;
      const fate = sesFate(shares, draw);
      if (fate.includes('bounce-permanent')) bounced.push(delivery.householdId);
      fate.forEach((template, index) => {
        const event = sesEventOf(template, {
          messageId,
          deliveryId: delivery.deliveryId,
          address,
          sentAt,
          at: later(sentAt, 2 + index * 30),
        });
        envelopes.push(snsLambdaEventOf(event, `${delivery.deliveryId}/${index}`));
      });
      return;
    }
    const template = smsFate(shares, draw);
    if (template === null || contact.mobile === null) return;
    const at = later(sentAt, 4);
    smsLines.push({
      id: String(smsLines.length),
      at,
      message: smsStatusLogOf(template, { messageId, to: contact.mobile, at }),
    });
  });
  // CloudWatch Logs hands a subscription its lines in batches.
  for (let start = 0; start < smsLines.length; start += 500) {
    envelopes.push(cloudWatchLogsEventOf(smsLines.slice(start, start + 500)));
  }
  const messages: ReceiptMessage[] = [];
  const setAside: SetAsideReceipt[] = [];
  for (const envelope of envelopes) {
    const read = receiptMessagesOf(envelope);
    messages.push(...read.messages);
    setAside.push(...read.setAside);
  }
  // Wider than a Lambda's batch: the local run records a whole month's receipts at once.
  return { tally: await recordReceipts(deps, messages, setAside, 64), bounced };
}
