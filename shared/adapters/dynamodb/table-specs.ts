import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The tables and their keys (docs/data-model.md explains every access pattern). One definition,
 * used to create the tables locally; the CDK stack declares the same keys.
 */

export interface DafaaTableNames {
  readonly households: string;
  readonly payments: string;
  readonly cycles: string;
  readonly objections: string;
  readonly outbox: string;
  /** The notifier's claims: one item per notification and channel, and its outcome. */
  readonly deliveries: string;
  /** Local only: the SMS the local SMS adapter "sent", for `dafaa outbox`. */
  readonly smsOutbox: string;
  readonly audit: string;
}

export const PAYMENTS_BY_CYCLE_INDEX = 'byCycle';
export const OBJECTIONS_BY_HOUSEHOLD_INDEX = 'byHousehold';
export const DELIVERIES_BY_HOUSEHOLD_INDEX = 'byHousehold';

type TableSpec = Omit<CreateTableCommandInput, 'TableName' | 'BillingMode'>;

const hashKey = (name: string): TableSpec => ({
  AttributeDefinitions: [{ AttributeName: name, AttributeType: 'S' }],
  KeySchema: [{ AttributeName: name, KeyType: 'HASH' }],
});

/** A generic `pk` / `sk` pair, for tables that hold several item types. */
const partitionAndSortKey: TableSpec = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};

/** Keyed by `key`, with an index of the household's items: `householdId`, then `key`. */
const withHouseholdIndex = (key: string, indexName: string): TableSpec => ({
  AttributeDefinitions: [
    { AttributeName: key, AttributeType: 'S' },
    { AttributeName: 'householdId', AttributeType: 'S' },
  ],
  KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
  GlobalSecondaryIndexes: [
    {
      IndexName: indexName,
      KeySchema: [
        { AttributeName: 'householdId', KeyType: 'HASH' },
        { AttributeName: key, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
});

export const TABLE_SPECS: Record<keyof DafaaTableNames, TableSpec> = {
  households: hashKey('householdId'),
  payments: {
    AttributeDefinitions: [
      { AttributeName: 'paymentId', AttributeType: 'S' },
      { AttributeName: 'cycleShard', AttributeType: 'S' },
      { AttributeName: 'householdId', AttributeType: 'S' },
    ],
    KeySchema: [{ AttributeName: 'paymentId', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [
      {
        IndexName: PAYMENTS_BY_CYCLE_INDEX,
        KeySchema: [
          { AttributeName: 'cycleShard', KeyType: 'HASH' },
          { AttributeName: 'householdId', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  },
  cycles: partitionAndSortKey,
  objections: withHouseholdIndex('objectionId', OBJECTIONS_BY_HOUSEHOLD_INDEX),
  outbox: hashKey('notificationId'),
  // A household's messages, for its timeline (`dafaa household`).
  deliveries: withHouseholdIndex('deliveryId', DELIVERIES_BY_HOUSEHOLD_INDEX),
  smsOutbox: hashKey('deliveryId'),
  audit: partitionAndSortKey,
};

/** Table names with a prefix: `dafaa-local-households`, ... */
export function tableNamesWithPrefix(prefix: string): DafaaTableNames {
  return {
    households: `${prefix}households`,
    payments: `${prefix}payments`,
    cycles: `${prefix}cycles`,
    objections: `${prefix}objections`,
    outbox: `${prefix}outbox`,
    deliveries: `${prefix}deliveries`,
    smsOutbox: `${prefix}sms-outbox`,
    audit: `${prefix}audit`,
  };
}
