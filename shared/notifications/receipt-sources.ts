import { gunzipSync } from 'node:zlib';
import * as z from '../validation/zod.ts';

/**
 * The two ways receipts reach the recording function, told apart by shape: an SNS notification
 * (`Records[].Sns.Message`), which carries one SES event-publishing JSON, and a CloudWatch Logs
 * subscription (`awslogs.data`, base64 gzip), which carries SNS's SMS delivery-status log lines.
 * In: the Lambda event as it came. Out: each receipt's raw JSON text with where it came from, and
 * what could not be read, with why (never the content: it holds addresses and phone numbers).
 */

/** One receipt as it came: still JSON text; `ref` names it in logs (the SNS message or log event id). */
export interface ReceiptMessage {
  readonly source: 'ses-event' | 'sms-status-log';
  readonly ref: string;
  readonly body: string;
}

export interface SetAsideReceipt {
  readonly ref: string;
  readonly reason: string;
}

const snsEventSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    Records: z.array(
      z.object({
        EventSource: z.literal('aws:sns'),
        Sns: z.object({ MessageId: z.string(), Message: z.string() }),
      }),
    ),
  }),
);

const logsEventSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({ awslogs: z.object({ data: z.string().check(z.minLength(1)) }) }),
);

/** The decoded `awslogs.data`: control messages (the subscription's test) carry no receipts. */
const logsDataSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    messageType: z.enum(['DATA_MESSAGE', 'CONTROL_MESSAGE']),
    logGroup: z.string(),
    logEvents: z.array(z.object({ id: z.string(), message: z.string() })),
  }),
);

/** The receipts an event carries, or why it carries none that can be read. */
export function receiptMessagesOf(event: unknown): {
  readonly messages: readonly ReceiptMessage[];
  readonly setAside: readonly SetAsideReceipt[];
} {
  const sns = snsEventSchema.safeParse(event);
  if (sns.success) {
    return {
      messages: sns.data.Records.map(({ Sns }) => ({
        source: 'ses-event' as const,
        ref: `sns:${Sns.MessageId}`,
        body: Sns.Message,
      })),
      setAside: [],
    };
  }
  const logs = logsEventSchema.safeParse(event);
  if (logs.success) {
    let data: z.infer<typeof logsDataSchema>;
    try {
      data = logsDataSchema.parse(
        JSON.parse(gunzipSync(Buffer.from(logs.data.awslogs.data, 'base64')).toString('utf8')),
      );
    } catch (error) {
      return {
        messages: [],
        setAside: [{ ref: 'awslogs', reason: `unreadable awslogs.data: ${describe(error)}` }],
      };
    }
    return {
      messages: data.logEvents.map((logEvent) => ({
        source: 'sms-status-log' as const,
        ref: `log:${logEvent.id}`,
        body: logEvent.message,
      })),
      setAside: [],
    };
  }
  return {
    messages: [],
    setAside: [
      {
        ref: 'event',
        reason: 'neither an SNS notification nor a CloudWatch Logs subscription event',
      },
    ],
  };
}

/** The error's kind, never its text when that may quote the input. */
function describe(error: unknown): string {
  if (error instanceof z.$ZodError) return 'not the CloudWatch Logs subscription shape';
  if (error instanceof SyntaxError) return 'not JSON';
  return error instanceof Error ? error.name : 'unreadable';
}
