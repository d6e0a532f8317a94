import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';

/**
 * A DynamoDB stream record as the domain reads it: what happened, and the item before and after as
 * plain objects. The stream sends images as attribute values; they are unmarshalled here, on the
 * adapter side, so no use case needs the AWS SDK.
 */
export interface TableChange {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  readonly oldImage: Record<string, unknown> | undefined;
  readonly newImage: Record<string, unknown> | undefined;
}

/** Each stream record's images unmarshalled, in the order the stream delivered them. */
export function tableChangesOf(records: readonly DynamoDBRecord[]): TableChange[] {
  return records.map((record) => ({
    eventName: record.eventName,
    oldImage: plain(record.dynamodb?.OldImage),
    newImage: plain(record.dynamodb?.NewImage),
  }));
}

/** aws-lambda types the images with its own AttributeValue, which is the SDK's in all but name. */
const plain = (image: Record<string, unknown> | undefined) =>
  image === undefined ? undefined : unmarshall(image as Record<string, AttributeValue>);
