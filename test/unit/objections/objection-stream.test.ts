import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handleObjectionEvents } from '../../../functions/objection-events.ts';
import { accept, startReview } from '../../../shared/objections/objection.ts';
import {
  InMemoryHouseholdRepository,
  InMemoryNotificationQueue,
} from '../../support/fakes/in-memory-cycle-ports.ts';
import { aHousehold } from '../../support/households.ts';
import {
  arrearsFor,
  HOUSEHOLD,
  OPERATOR,
  riyadhNoon,
  submittedObjection,
} from '../../support/objections.ts';

/** An item as the stream sends it (aws-lambda names the SDK's attribute values its own way). */
const image = (value: object) =>
  marshall(value, { removeUndefinedValues: true }) as Record<string, AttributeValue>;

describe('the objections stream', () => {
  it('queues one message per status change, and none for guards, removals or unchanged status', async () => {
    const households = new InMemoryHouseholdRepository();
    await households.putMany([
      { ...aHousehold({ householdId: HOUSEHOLD, contact: { language: 'en' } }) },
    ]);
    const notifications = new InMemoryNotificationQueue();
    const deps = { households, notifications, paymentDateOf: () => '2027-01-10' as never };
    const submitted = submittedObjection();
    const reviewed = startReview(submitted, { at: riyadhNoon('2026-04-01'), by: OPERATOR });
    const accepted = accept(reviewed, {
      at: riyadhNoon('2026-04-02'),
      by: OPERATOR,
      arrears: arrearsFor(reviewed),
    });

    const queued = await handleObjectionEvents(deps, {
      Records: [
        {
          eventName: 'INSERT',
          dynamodb: {
            NewImage: image({
              objectionId: 'OPEN#H0000001#2026-03',
              holder: submitted.objectionId,
            }),
          },
        },
        { eventName: 'INSERT', dynamodb: { NewImage: image(submitted) } },
        {
          eventName: 'MODIFY',
          dynamodb: { OldImage: image(submitted), NewImage: image(reviewed) },
        },
        { eventName: 'MODIFY', dynamodb: { OldImage: image(reviewed), NewImage: image(reviewed) } },
        { eventName: 'MODIFY', dynamodb: { OldImage: image(reviewed), NewImage: image(accepted) } },
        {
          eventName: 'REMOVE',
          dynamodb: { OldImage: image({ objectionId: 'OPEN#H0000001#2026-03' }) },
        },
      ],
    });

    expect(queued).toBe(3);
    const events = notifications.queued.map((notification) => notification.event);
    expect(events).toEqual(['objection-received', 'objection-under-review', 'objection-accepted']);
    const acceptedMessage = notifications.queued.at(-1);
    expect(acceptedMessage).toMatchObject({
      language: 'en',
      payload: { arrearsHalalas: accepted.arrears?.totalHalalas, arrearsPaymentDate: '2027-01-10' },
    });
  });
});
