import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { notifyObjectionChange, type ObjectionChangeDeps } from './notify-objection-change.ts';
import { parseObjection } from './objection.ts';

/**
 * The objections table's stream, turned into messages.
 * In: stream records (old and new images). Out: the number of messages queued. Guard items (`OPEN#...`)
 * and removals are passed over; a status change queues its message through the same use case the
 * local commands run. A record that cannot be read throws, so the stream retries it and, past the
 * retry limit, sends it to the failure destination.
 */

export interface StreamRecord {
  readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  readonly dynamodb?:
    | {
        readonly OldImage?: Record<string, AttributeValue> | undefined;
        readonly NewImage?: Record<string, AttributeValue> | undefined;
      }
    | undefined;
}

export async function handleObjectionStream(
  deps: ObjectionChangeDeps,
  records: readonly StreamRecord[],
): Promise<number> {
  let queued = 0;
  for (const record of records) {
    const newImage = record.dynamodb?.NewImage;
    if (record.eventName === 'REMOVE' || newImage === undefined) continue;
    const after = unmarshall(newImage);
    if (String(after.objectionId).startsWith('OPEN#')) continue;
    const oldImage = record.dynamodb?.OldImage;
    const before = oldImage === undefined ? null : parseObjection(unmarshall(oldImage));
    const message = await notifyObjectionChange(deps, { before, after: parseObjection(after) });
    if (message) queued += 1;
  }
  return queued;
}
