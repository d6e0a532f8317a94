import { notifyObjectionChange, type ObjectionChangeDeps } from './notify-objection-change.ts';
import { parseObjection } from './objection.ts';

/**
 * The objections table's stream, turned into messages.
 * In: the table's changes (old and new items as plain objects). Out: the number of messages queued.
 * Guard items (`OPEN#...`) and removals are passed over; a status change queues its message through
 * the same use case the local commands run. An item that cannot be read throws, so the stream
 * retries it and, past the retry limit, sends it to the failure destination.
 */

/** One change of the objections table, as the stream's adapter hands it over. */
export interface ObjectionTableChange {
  readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  readonly oldImage?: Readonly<Record<string, unknown>> | undefined;
  readonly newImage?: Readonly<Record<string, unknown>> | undefined;
}

export async function handleObjectionStream(
  deps: ObjectionChangeDeps,
  changes: readonly ObjectionTableChange[],
): Promise<number> {
  let queued = 0;
  for (const { eventName, oldImage, newImage } of changes) {
    if (eventName === 'REMOVE' || newImage === undefined) continue;
    if (String(newImage.objectionId).startsWith('OPEN#')) continue;
    const before = oldImage === undefined ? null : parseObjection(oldImage);
    const message = await notifyObjectionChange(deps, { before, after: parseObjection(newImage) });
    if (message) queued += 1;
  }
  return queued;
}
