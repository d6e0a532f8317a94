import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { DELIVERY_TAG, sesTagValueOf } from '../../shared/notifications/receipt.ts';

/**
 * Receipts in AWS's own shapes, for local runs: each built from the documented example kept as a
 * fixture (test/fixtures/receipts, README there), with our message id, delivery tag, address and
 * times put in, then wrapped as AWS hands them to the recording function: one SES event per SNS
 * notification, SMS delivery-status lines in a gzipped CloudWatch Logs subscription event.
 */

const FIXTURES = new URL('../../test/fixtures/receipts/', import.meta.url);

export const SES_TEMPLATES = [
  'delivery',
  'send',
  'bounce-permanent',
  'bounce-transient',
  'bounce-undetermined',
  'complaint',
  'reject',
  'rendering-failure',
  'delivery-delay',
] as const;
export type SesTemplate = (typeof SES_TEMPLATES)[number];

export const SMS_TEMPLATES = [
  'success',
  'failure-unknown-error',
  'failure-carrier-blocked',
] as const;
export type SmsTemplate = (typeof SMS_TEMPLATES)[number];

/** The placeholders of AWS's examples, replaced wherever they appear. */
const EXAMPLE_ADDRESS = 'recipient@example.com';
const EXAMPLE_SES_MESSAGE_ID = 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000';
const EXAMPLE_NUMBER = '+1XXX5550100';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const cache = new Map<string, JsonObject>();

/** A fixture, read once. */
export function receiptFixture(name: string): JsonObject {
  let fixture = cache.get(name);
  if (fixture === undefined) {
    fixture = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as JsonObject;
    cache.set(name, fixture);
  }
  return structuredClone(fixture);
}

function replaceStrings(value: Json, replacements: ReadonlyMap<string, string>): Json {
  if (typeof value === 'string') return replacements.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, replacements));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceStrings(item, replacements)]),
    );
  }
  return value;
}

function objectAt(value: JsonObject, key: string): JsonObject | undefined {
  const found = value[key];
  return found !== null && typeof found === 'object' && !Array.isArray(found) ? found : undefined;
}

/** The section of an SES event that describes it (`bounce`, `delivery`, ...), with its own time. */
const EVENT_SECTIONS = ['bounce', 'complaint', 'delivery', 'deliveryDelay'] as const;

/** One SES event-publishing record about our email, as JSON text. */
export function sesEventOf(
  template: SesTemplate,
  email: {
    readonly messageId: string;
    readonly deliveryId: string;
    readonly address: string;
    readonly sentAt: string;
    readonly at: string;
  },
): string {
  const event = replaceStrings(
    receiptFixture(`ses-${template}`),
    new Map([
      [EXAMPLE_ADDRESS, email.address],
      [EXAMPLE_SES_MESSAGE_ID, email.messageId],
    ]),
  ) as JsonObject;
  const mail = objectAt(event, 'mail');
  if (mail) {
    mail.timestamp = email.sentAt;
    mail.tags = { ...objectAt(mail, 'tags'), [DELIVERY_TAG]: [sesTagValueOf(email.deliveryId)] };
  }
  for (const name of EVENT_SECTIONS) {
    const section = objectAt(event, name);
    if (section) section.timestamp = email.at;
  }
  return JSON.stringify(event);
}

/** One SNS SMS delivery-status log line about our SMS, as JSON text. */
export function smsStatusLogOf(
  template: SmsTemplate,
  sms: { readonly messageId: string; readonly to: string; readonly at: string },
): string {
  const line = replaceStrings(
    receiptFixture(`sms-${template}`),
    new Map([[EXAMPLE_NUMBER, sms.to]]),
  ) as JsonObject;
  const notification = objectAt(line, 'notification');
  if (notification) {
    notification.messageId = sms.messageId;
    // SNS writes UTC with a space and no zone: 2016-06-28 00:40:34.558.
    notification.timestamp = sms.at.replace('T', ' ').replace('Z', '');
  }
  return JSON.stringify(line);
}

/** An SES event as SNS invokes the recording function with it: one record. */
export function snsLambdaEventOf(sesEvent: string, snsMessageId: string): JsonObject {
  const event = receiptFixture('sns-lambda-event');
  const records = event.Records;
  const first = Array.isArray(records) ? records[0] : undefined;
  const sns =
    first !== undefined && first !== null && typeof first === 'object' && !Array.isArray(first)
      ? objectAt(first, 'Sns')
      : undefined;
  if (sns) {
    sns.Message = sesEvent;
    sns.MessageId = snsMessageId;
  }
  return event;
}

/** SMS delivery-status lines as a CloudWatch Logs subscription invokes the function with them. */
export function cloudWatchLogsEventOf(
  lines: readonly { readonly id: string; readonly at: string; readonly message: string }[],
): { readonly awslogs: { readonly data: string } } {
  const data = receiptFixture('cloudwatch-logs-data');
  data.logEvents = lines.map((line) => ({
    id: line.id,
    timestamp: Date.parse(line.at),
    message: line.message,
  }));
  return { awslogs: { data: gzipSync(JSON.stringify(data)).toString('base64') } };
}
