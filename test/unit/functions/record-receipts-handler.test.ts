import { gzipSync } from 'node:zlib';
import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cloudWatchLogsEventOf,
  receiptFixture,
  snsLambdaEventOf,
} from '../../../cli/local-stack/receipt-events.ts';
import { createRecordReceiptsHandler } from '../../../functions/record-receipts.ts';
import { createSweepDeliveriesHandler } from '../../../functions/sweep-deliveries.ts';
import { ReceiptsTooEarlyError } from '../../../shared/notifications/errors.ts';
import { type CapturedOutput, captureOutput } from '../../support/captured-output.ts';
import { aSentMessage } from '../../support/receipts.ts';

const context = {} as Context;

/** What the handler logs, as written (JSON lines). */
function captureLogs() {
  const output = captureOutput();
  outputs.push(output);
  return output;
}
const outputs: CapturedOutput[] = [];

afterEach(() => {
  for (const output of outputs.splice(0)) output.restore();
});

describe('the receipt-recording Lambda handler', () => {
  it('records an SES event from SNS and SMS status lines from CloudWatch Logs, logging counts only', async () => {
    const sent = await aSentMessage();
    const logs = captureLogs();
    const handler = createRecordReceiptsHandler(() => sent.recordDeps);
    const sesEvent = snsLambdaEventOf(sent.sesEvent('bounce-permanent').body, 'sns-1');
    const smsLine = sent.smsLog('failure-unknown-error');
    const smsEvent = cloudWatchLogsEventOf([
      { id: '1', at: '2026-12-13T07:00:05.000Z', message: smsLine.body },
    ]);

    const fromSns = await handler(sesEvent, context);
    const fromLogs = await handler(smsEvent, context);

    expect(fromSns).toMatchObject({ received: 1, recorded: { 'permanent-failure': 1 } });
    expect(fromLogs).toMatchObject({ received: 1, recorded: { 'temporary-failure': 1 } });
    expect(logs.lines()).toHaveLength(2);
    for (const line of logs.lines()) {
      expect(line).not.toMatch(/beneficiary|@example|\+966|05123/);
      expect(JSON.parse(line)).toMatchObject({ message: 'receipts' });
    }
  });

  it('sets aside an event of neither shape, and a Logs payload it cannot unpack, with why', async () => {
    const sent = await aSentMessage();
    captureLogs();
    const handler = createRecordReceiptsHandler(() => sent.recordDeps);

    const neither = await handler({ Records: [{ EventSource: 'aws:sqs' }] }, context);
    const broken = await handler({ awslogs: { data: 'bm90IGd6aXA=' } }, context);
    const control = await handler(
      {
        awslogs: {
          data: gzipSync(
            JSON.stringify({
              ...receiptFixture('cloudwatch-logs-data'),
              messageType: 'CONTROL_MESSAGE',
              logEvents: [],
            }),
          ).toString('base64'),
        },
      },
      context,
    );

    expect(neither.setAside).toEqual([
      {
        ref: 'event',
        reason: 'neither an SNS notification nor a CloudWatch Logs subscription event',
      },
    ]);
    expect(broken.setAside).toEqual([{ ref: 'awslogs', reason: 'unreadable awslogs.data: Error' }]);
    expect(control).toMatchObject({ received: 0, setAside: [] });
  });

  it('fails the invocation when a receipt came before its send was recorded, so that it comes again', async () => {
    const sent = await aSentMessage();
    captureLogs();
    await sent.notifier.deliveries.claim({
      deliveryId: 'late#sms',
      notificationId: 'late',
      channel: 'sms',
      event: 'payment-deposited',
      householdId: 'H00000001',
      cycle: '2026-12',
      updatedAt: '2026-12-13T07:00:00.000Z',
    });
    const handler = createRecordReceiptsHandler(() => ({
      ...sent.recordDeps,
      deliveries: {
        ...sent.recordDeps.deliveries,
        get: (id: string) => sent.notifier.deliveries.get(id),
        findByProviderMessage: async () => 'late#sms',
        recordOutcome: sent.notifier.deliveries.recordOutcome.bind(sent.notifier.deliveries),
        listAwaitingReceipt: sent.notifier.deliveries.listAwaitingReceipt.bind(
          sent.notifier.deliveries,
        ),
      },
    }));
    const event = cloudWatchLogsEventOf([
      { id: '1', at: '2026-12-13T07:00:05.000Z', message: sent.smsLog('success').body },
    ]);

    await expect(handler(event, context)).rejects.toThrow(ReceiptsTooEarlyError);
  });
});

describe('the sweeper Lambda handler', () => {
  it('sweeps as of its clock and logs what it did', async () => {
    const sent = await aSentMessage();
    const logs = captureLogs();
    const later = new Date(Date.parse(sent.email.sentAt ?? '') + 73 * 60 * 60 * 1000);
    const handler = createSweepDeliveriesHandler(() => ({
      deliveries: sent.notifier.deliveries,
      clock: { now: () => later },
    }));

    const result = await handler({}, context);

    expect(result).toEqual({ examined: 2, markedUnknown: 2 });
    expect(logs.logs()).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'sweep', examined: 2, markedUnknown: 2 }),
    ]);
  });
});
