import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { type DafaaTableNames, TABLE_SPECS } from './table-specs.ts';

/** Creates every dafaa table that does not exist yet (local use: in AWS the CDK stack owns them). */
export async function createTables(client: DynamoDBClient, names: DafaaTableNames): Promise<void> {
  await Promise.all(
    (Object.keys(TABLE_SPECS) as (keyof DafaaTableNames)[]).map(async (key) => {
      const TableName = names[key];
      try {
        await client.send(
          new CreateTableCommand({
            ...TABLE_SPECS[key],
            TableName,
            BillingMode: 'PAY_PER_REQUEST',
          }),
        );
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
      await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName });
    }),
  );
}
