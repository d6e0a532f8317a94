import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsNotificationQueue } from '../../../shared/adapters/sqs/sqs-notification-queue.ts';
import type { Notification } from '../../../shared/notifications/notification.ts';

const QUEUE_URL = 'https://sqs.me-central-1.amazonaws.com/123456789012/dafaa-notify';
const sqs = mockClient(SQSClient);

const notification = (index: number) =>
  ({
    notificationId: `n${index}`,
    householdId: `H${String(index).padStart(8, '0')}`,
    language: 'ar',
    contact: { mobile: '0512345678', email: null, smsOptOut: false, emailOptOut: false },
    event: 'objection-received',
    payload: { objectionId: `O-${index}`, resultCycle: '2026-11' },
  }) as Notification;

describe('SqsNotificationQueue', () => {
  beforeEach(() => sqs.reset());

  it('sends notifications ten to a batch, as JSON bodies', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    await new SqsNotificationQueue(new SQSClient({}), QUEUE_URL).enqueue(
      Array.from({ length: 12 }, (_, i) => notification(i)),
    );

    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input).toEqual({
      QueueUrl: QUEUE_URL,
      Entries: [
        { Id: '0', MessageBody: JSON.stringify(notification(10)) },
        { Id: '1', MessageBody: JSON.stringify(notification(11)) },
      ],
    });
  });

  it('sends again the entries SQS did not take', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: '1', SenderFault: false, Code: 'InternalError' }] })
      .resolves({ Failed: [] });
    await new SqsNotificationQueue(new SQSClient({}), QUEUE_URL).enqueue([
      notification(0),
      notification(1),
    ]);

    expect(sqs.commandCalls(SendMessageBatchCommand)[1]?.args[0].input.Entries).toEqual([
      { Id: '1', MessageBody: JSON.stringify(notification(1)) },
    ]);
  });

  it('puts released messages back, each with its own delay within SQS 15-minute ceiling', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [] });
    await new SqsNotificationQueue(new SQSClient({}), QUEUE_URL).sendDelayed([
      { body: '{"a":1}', delaySeconds: 0 },
      { body: '{"a":2}', delaySeconds: 59 },
      { body: '{"a":3}', delaySeconds: 4_000 },
    ]);

    expect(sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input)).toEqual([
      {
        QueueUrl: QUEUE_URL,
        Entries: [
          { Id: '0', MessageBody: '{"a":1}', DelaySeconds: 0 },
          { Id: '1', MessageBody: '{"a":2}', DelaySeconds: 59 },
          { Id: '2', MessageBody: '{"a":3}', DelaySeconds: 900 },
        ],
      },
    ]);
  });

  it('sends a fresh copy of a message delayed until its time, within SQS 15-minute ceiling', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'copy-1' });
    const queue = new SqsNotificationQueue(new SQSClient({}), QUEUE_URL);
    const now = new Date('2026-12-10T09:00:00+03:00');
    await queue.sendAgainAfter('{"a":1}', new Date('2026-12-10T09:00:01.200+03:00'), now);
    await queue.sendAgainAfter('{"a":2}', new Date('2026-12-10T10:00:00+03:00'), now);

    expect(sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, MessageBody: '{"a":1}', DelaySeconds: 2 },
      { QueueUrl: QUEUE_URL, MessageBody: '{"a":2}', DelaySeconds: 900 },
    ]);
  });
});
