import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withCallRecorder } from '../call-recorder.ts';

/**
 * A document client that drops undefined attributes and keeps numbers as numbers; its commands are
 * noted when a call recorder is installed (the deploy rehearsal).
 */
export function createDocumentClient(config: DynamoDBClientConfig): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(withCallRecorder(new DynamoDBClient(config)), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
