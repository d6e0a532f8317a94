import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import {
  DELIVERIES_AWAITING_RECEIPT_INDEX,
  DELIVERIES_BY_CYCLE_INDEX,
  DELIVERIES_BY_HOUSEHOLD_INDEX,
  DELIVERIES_BY_PROVIDER_MESSAGE_INDEX,
  OBJECTIONS_BY_HOUSEHOLD_INDEX,
  OBJECTIONS_BY_STATUS_INDEX,
  PAYMENTS_BY_CYCLE_INDEX,
} from './index-names.ts';

/**
 * The tables and their keys (docs/data-model.md explains every access pattern). One definition,
 * used to create the tables locally; the CDK stack declares the same keys.
 */

export interface DafaaTableNames {
  readonly households: string;
  readonly payments: string;
  readonly cycles: string;
  readonly objections: string;
  /** The notifier's claims: one item per notification and channel, and its outcome. */
  readonly deliveries: string;
  /** Messages waiting longer than SQS can hold them (quiet hours), by release time. */
  readonly deferred: string;
  /** Email addresses a hard bounce or complaint suppressed, per household, and their lifting. */
  readonly suppressions: string;
  /** Local only: the SMS the local SMS adapter "sent", for `dafaa outbox`. */
  readonly smsOutbox: string;
  readonly audit: string;
}

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

/** Objections by status (the queue), oldest id first. */
const withStatusIndex = (spec: TableSpec): TableSpec => ({
  ...spec,
  AttributeDefinitions: [
    ...(spec.AttributeDefinitions ?? []),
    { AttributeName: 'status', AttributeType: 'S' },
  ],
  GlobalSecondaryIndexes: [
    ...(spec.GlobalSecondaryIndexes ?? []),
    {
      IndexName: OBJECTIONS_BY_STATUS_INDEX,
      KeySchema: [
        { AttributeName: 'status', KeyType: 'HASH' },
        { AttributeName: 'objectionId', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
});

/**
 * The deliveries' indexes for receipts (docs/decisions.md, "Delivery truth"): each projects only
 * what its reader needs. Every key attribute is written only when it has a value (a GSI key cannot
 * be null), so each index is sparse.
 */
function withDeliveryTruthIndexes(spec: TableSpec): TableSpec {
  const attributes = ['providerMessageKey', 'awaitingReceipt', 'sentAt', 'cycleShard'];
  return {
    ...spec,
    AttributeDefinitions: [
      ...(spec.AttributeDefinitions ?? []),
      ...attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    ],
    GlobalSecondaryIndexes: [
      ...(spec.GlobalSecondaryIndexes ?? []),
      {
        IndexName: DELIVERIES_BY_PROVIDER_MESSAGE_INDEX,
        KeySchema: [{ AttributeName: 'providerMessageKey', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['channel'] },
      },
      {
        IndexName: DELIVERIES_AWAITING_RECEIPT_INDEX,
        KeySchema: [
          { AttributeName: 'awaitingReceipt', KeyType: 'HASH' },
          { AttributeName: 'sentAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: DELIVERIES_BY_CYCLE_INDEX,
        KeySchema: [
          { AttributeName: 'cycleShard', KeyType: 'HASH' },
          { AttributeName: 'deliveryId', KeyType: 'RANGE' },
        ],
        Projection: {
          ProjectionType: 'INCLUDE',
          NonKeyAttributes: ['channel', 'status', 'reason'],
        },
      },
    ],
  };
}

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
  // A household's objections; and the queue ops work through, by status (the ops API).
  objections: withStatusIndex(withHouseholdIndex('objectionId', OBJECTIONS_BY_HOUSEHOLD_INDEX)),
  // A household's messages, for its timeline (`dafaa household`); and delivery truth's lookups.
  deliveries: withDeliveryTruthIndexes(
    withHouseholdIndex('deliveryId', DELIVERIES_BY_HOUSEHOLD_INDEX),
  ),
  // `shard` spreads a night's writes; `releaseKey` (release instant, then notification id) orders them.
  deferred: {
    AttributeDefinitions: [
      { AttributeName: 'shard', AttributeType: 'S' },
      { AttributeName: 'releaseKey', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'shard', KeyType: 'HASH' },
      { AttributeName: 'releaseKey', KeyType: 'RANGE' },
    ],
  },
  // One item per household and suppressed address (its sha256): `suppression.ts`.
  suppressions: {
    AttributeDefinitions: [
      { AttributeName: 'householdId', AttributeType: 'S' },
      { AttributeName: 'addressHash', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'householdId', KeyType: 'HASH' },
      { AttributeName: 'addressHash', KeyType: 'RANGE' },
    ],
  },
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
    deliveries: `${prefix}deliveries`,
    suppressions: `${prefix}suppressions`,
    deferred: `${prefix}deferred`,
    smsOutbox: `${prefix}sms-outbox`,
    audit: `${prefix}audit`,
  };
}
