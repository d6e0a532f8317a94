import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { withCallRecorder } from '../call-recorder.ts';

/**
 * A document client that drops undefined attributes and keeps numbers as numbers; its commands are
 * noted when a call recorder is installed (the deploy rehearsal). `wrap` takes the DynamoDB client
 * first: a Lambda's composition root passes the one that also traces it (functions/observability.ts).
 */
export function createDocumentClient(
  config: DynamoDBClientConfig,
  wrap: (client: DynamoDBClient) => DynamoDBClient = withCallRecorder,
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(wrap(new DynamoDBClient(config)), {
    marshallOptions: { removeUndefinedValues: true },
    // A number no JS number holds exactly is read as its digits (a string), so the record's schema
    // refuses that one record, instead of the whole page failing to read.
    unmarshallOptions: { wrapNumbers: readNumberChecked },
  });
}

/** A stored number as a JS number when it is one exactly; otherwise its digits, for the schema to refuse. */
export function readNumberChecked(digits: string): number | string {
  const value = Number(digits);
  const exact = Number.isInteger(value) ? Number.isSafeInteger(value) : Number.isFinite(value);
  return exact ? value : digits;
}
