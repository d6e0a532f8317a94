import * as z from '../validation/zod.ts';
import { DELIVERY_TAG, deliveryIdOfTag, type Receipt } from './receipt.ts';

/**
 * Reads one SES event-publishing record (what a configuration set's SNS event destination sends:
 * docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html) into a receipt.
 * In: the record's JSON text. Out: the receipt; `ignored` for events that say nothing about the
 * outcome (Send, Open, Click, Subscription); or `set-aside` with why the record cannot be read.
 * The reason codes are built from SES's own enumerations, never from its free text (a diagnostic
 * code may quote the address).
 *
 * Bounce (Permanent) -> permanent-failure, and the address is suppressed; Bounce (Transient,
 * Undetermined) -> temporary-failure; Complaint -> delivered (a complaint means it arrived), and
 * the address is suppressed; Delivery -> delivered; Reject (SES found a virus) and Rendering Failure
 * -> technical-failure; DeliveryDelay -> a note on the sent delivery, no status.
 */

export type ParsedReceipt =
  | { readonly kind: 'receipt'; readonly receipt: Receipt }
  | { readonly kind: 'ignored'; readonly why: string }
  | { readonly kind: 'set-aside'; readonly reason: string };

const mailSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    timestamp: z.iso.datetime(),
    messageId: z.string().check(z.minLength(1)),
    tags: z._default(z.record(z.string(), z.array(z.string())), {}),
  }),
);

const recipientSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({ emailAddress: z.string().check(z.minLength(1)) }),
);

const sesEventSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.discriminatedUnion('eventType', [
    z.object({
      eventType: z.literal('Bounce'),
      mail: mailSchema,
      bounce: z.object({
        bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
        bounceSubType: z.string().check(z.minLength(1)),
        bouncedRecipients: z.array(recipientSchema).check(z.minLength(1)),
        timestamp: z.iso.datetime(),
      }),
    }),
    z.object({
      eventType: z.literal('Complaint'),
      mail: mailSchema,
      complaint: z.object({
        complainedRecipients: z.array(recipientSchema).check(z.minLength(1)),
        timestamp: z.iso.datetime(),
        complaintFeedbackType: z.optional(z.string()),
      }),
    }),
    z.object({
      eventType: z.literal('Delivery'),
      mail: mailSchema,
      delivery: z.object({ timestamp: z.iso.datetime() }),
    }),
    z.object({ eventType: z.literal('Send'), mail: mailSchema }),
    z.object({
      eventType: z.literal('Reject'),
      mail: mailSchema,
      reject: z.object({ reason: z.string() }),
    }),
    z.object({
      eventType: z.literal('Rendering Failure'),
      mail: mailSchema,
      failure: z.object({ templateName: z.optional(z.string()) }),
    }),
    z.object({
      eventType: z.literal('DeliveryDelay'),
      mail: mailSchema,
      deliveryDelay: z.object({
        timestamp: z.iso.datetime(),
        delayType: z.string().check(z.minLength(1)),
      }),
    }),
    z.object({ eventType: z.enum(['Open', 'Click', 'Subscription']), mail: mailSchema }),
  ]),
);

type SesEvent = z.infer<typeof sesEventSchema>;

export function parseSesEvent(body: string): ParsedReceipt {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'set-aside', reason: 'SES event: not JSON' };
  }
  const parsed = sesEventSchema.safeParse(json);
  if (!parsed.success) return { kind: 'set-aside', reason: `SES event: ${issuesOf(parsed.error)}` };
  const event = parsed.data;
  const tag = event.mail.tags[DELIVERY_TAG]?.[0];
  const base = {
    channel: 'email' as const,
    providerMessageId: event.mail.messageId,
    deliveryId: tag === undefined ? null : deliveryIdOfTag(tag),
  };
  const verdict = verdictOf(event);
  if (verdict === null) return { kind: 'ignored', why: `SES ${event.eventType} event` };
  return { kind: 'receipt', receipt: { ...base, ...verdict } };
}

function verdictOf(
  event: SesEvent,
): Omit<Receipt, 'channel' | 'providerMessageId' | 'deliveryId'> | null {
  switch (event.eventType) {
    case 'Bounce': {
      const { bounceType, bounceSubType, bouncedRecipients, timestamp } = event.bounce;
      const permanent = bounceType === 'Permanent';
      return {
        verdict: permanent ? 'permanent-failure' : 'temporary-failure',
        reason: `bounce-${slug(bounceType)}-${slug(bounceSubType)}`,
        at: timestamp,
        suppress: permanent
          ? bouncedRecipients.map(({ emailAddress }) => ({
              address: emailAddress,
              cause: 'hard-bounce' as const,
            }))
          : [],
      };
    }
    case 'Complaint':
      return {
        verdict: 'delivered',
        reason: `complaint-${slug(event.complaint.complaintFeedbackType ?? 'unspecified')}`,
        at: event.complaint.timestamp,
        suppress: event.complaint.complainedRecipients.map(({ emailAddress }) => ({
          address: emailAddress,
          cause: 'complaint' as const,
        })),
      };
    case 'Delivery':
      return { verdict: 'delivered', reason: null, at: event.delivery.timestamp, suppress: [] };
    case 'Reject':
      return {
        verdict: 'technical-failure',
        reason: `ses-reject-${slug(event.reject.reason)}`,
        at: event.mail.timestamp,
        suppress: [],
      };
    case 'Rendering Failure':
      return {
        verdict: 'technical-failure',
        reason: 'rendering-failure',
        at: event.mail.timestamp,
        suppress: [],
      };
    case 'DeliveryDelay':
      return {
        verdict: 'delayed',
        reason: `delivery-delay-${slug(event.deliveryDelay.delayType)}`,
        at: event.deliveryDelay.timestamp,
        suppress: [],
      };
    case 'Send':
    case 'Open':
    case 'Click':
    case 'Subscription':
      return null;
  }
}

/** `TransientCommunicationFailure` -> `transient-communication-failure`; at most 40 characters. */
export function slug(text: string): string {
  return (
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'unspecified'
  );
}

/** Where the record is wrong, by path and kind: never the values, which may be addresses. */
export function issuesOf(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
    .join('; ');
}
