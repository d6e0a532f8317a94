import * as z from '../validation/zod.ts';
import type { ReceiptStatus } from './delivery-record.ts';
import type { Receipt } from './receipt.ts';
import { issuesOf, type ParsedReceipt } from './ses-receipt.ts';

/**
 * Reads one line of SNS's SMS delivery-status log (the `DirectPublishToPhoneNumber` log groups, in
 * CloudWatch Logs) into a receipt. In: the line's JSON text. Out: the receipt, or `set-aside` with
 * why. `SUCCESS` is delivered; a `FAILURE` is classed by SNS's `providerResponse` (a fixed phrase
 * per cause, never personal data) into one of our short reason codes:
 *
 * - the number is wrong or refuses us (invalid, opted out, blocked SMS): permanent-failure;
 * - the phone could not be reached now (unreachable, unavailable, an unknown error reaching it):
 *   temporary-failure, as is any phrase not listed here;
 * - the carrier blocked the message, or the price limit stopped it: technical-failure, ours to fix
 *   (the sender id or the spend limit), not the beneficiary's.
 */

const smsStatusLogSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    notification: z.object({
      messageId: z.string().check(z.minLength(1)),
      /** `2016-06-28 00:40:34.558`: UTC, with a space and no zone. */
      timestamp: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,3})?$/)),
    }),
    delivery: z.object({ providerResponse: z._default(z.string(), '') }),
    status: z.enum(['SUCCESS', 'FAILURE']),
  }),
);

/** The failures SNS names, first match wins. */
const FAILURES: readonly {
  readonly pattern: RegExp;
  readonly status: Exclude<ReceiptStatus, 'delivered' | 'unknown'>;
  readonly reason: string;
}[] = [
  { pattern: /carrier has blocked/i, status: 'technical-failure', reason: 'carrier-blocked' },
  { pattern: /exceed max price|spend/i, status: 'technical-failure', reason: 'price-limit' },
  { pattern: /opted out/i, status: 'permanent-failure', reason: 'opted-out' },
  { pattern: /blocked SMS|blocked list/i, status: 'permanent-failure', reason: 'phone-blocked' },
  { pattern: /invalid|not a valid/i, status: 'permanent-failure', reason: 'invalid-number' },
  {
    pattern: /unreachable|unavailable/i,
    status: 'temporary-failure',
    reason: 'phone-unreachable',
  },
  {
    pattern: /unknown error attempting to reach phone/i,
    status: 'temporary-failure',
    reason: 'unknown-error-reaching-phone',
  },
];

export function parseSmsStatusLog(body: string): ParsedReceipt {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'set-aside', reason: 'SMS status log: not JSON' };
  }
  const parsed = smsStatusLogSchema.safeParse(json);
  if (!parsed.success) {
    return { kind: 'set-aside', reason: `SMS status log: ${issuesOf(parsed.error)}` };
  }
  const { notification, delivery, status } = parsed.data;
  const at = new Date(`${notification.timestamp.replace(' ', 'T')}Z`).toISOString();
  const base: Pick<Receipt, 'channel' | 'providerMessageId' | 'deliveryId' | 'at' | 'suppress'> = {
    channel: 'sms',
    providerMessageId: notification.messageId,
    deliveryId: null,
    at,
    suppress: [],
  };
  if (status === 'SUCCESS') {
    return { kind: 'receipt', receipt: { ...base, verdict: 'delivered', reason: null } };
  }
  const failure = FAILURES.find(({ pattern }) => pattern.test(delivery.providerResponse));
  return {
    kind: 'receipt',
    receipt: {
      ...base,
      verdict: failure?.status ?? 'temporary-failure',
      reason: failure?.reason ?? 'sms-failure-unrecognised',
    },
  };
}
