import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { tableNamesWithPrefix } from '../../shared/adapters/dynamodb/table-specs.ts';
import { mapWithConcurrency } from '../../shared/concurrency/map-with-concurrency.ts';
import { parseCommandLine, processIo } from '../cli-io.ts';
import { localAwsClientConfig } from '../local-stack/local-aws-config.ts';
import type { LocalStack } from '../local-stack/local-stack.ts';
import { renderTable } from '../render/table.ts';
import { runWithLocalStack } from './run-with-local-stack.ts';

/**
 * `npm run bench:dynamodb-local`: what DynamoDB Local charges for, the request or the item. Items
 * a second, at the notifier's concurrency, for the requests the notifier and the bare sends make (a
 * put into the SMS outbox, the claim's conditional update, a read) and for the same items in one
 * batch or one transaction. The kinds take turns, round after round (the first round warms Java up
 * and is not counted), and the median round is printed: on a shared machine, read the ratios.
 */

const io = processIo;

type Request = (doc: DynamoDBDocumentClient, id: string) => Promise<unknown>;

async function main(stack: LocalStack): Promise<void> {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      items: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '5' },
      concurrency: { type: 'string', default: '32' },
      batch: { type: 'string', default: '20' },
    },
    'usage: npm run bench:dynamodb-local -- [--items N] [--rounds N] [--concurrency N] [--batch N]',
    0,
  );
  const items = Number(values.items);
  const rounds = Number(values.rounds);
  const concurrency = Number(values.concurrency);
  const batch = Number(values.batch);
  const names = tableNamesWithPrefix('costs-');
  const raw = new DynamoDBClient(localAwsClientConfig(stack.dynamodb.endpoint));
  await createTables(raw, names);
  raw.destroy();
  const doc = createDocumentClient(localAwsClientConfig(stack.dynamodb.endpoint));

  /** The claim's shape: a conditional update that writes the by-household and by-cycle keys. */
  const claim = (id: string) => ({
    TableName: names.deliveries,
    Key: { deliveryId: id },
    UpdateExpression:
      'SET #householdId = :householdId, #status = :claimed, #cycleShard = :shard, ' +
      '#attempts = if_not_exists(#attempts, :zero) + :one',
    ConditionExpression: 'attribute_not_exists(#deliveryId) OR #status = :retrying',
    ExpressionAttributeNames: {
      '#deliveryId': 'deliveryId',
      '#householdId': 'householdId',
      '#status': 'status',
      '#cycleShard': 'cycleShard',
      '#attempts': 'attempts',
    },
    ExpressionAttributeValues: {
      ':householdId': `H-${id}`,
      ':claimed': 'claimed',
      ':retrying': 'retrying',
      ':shard': '2026-12#07',
      ':zero': 0,
      ':one': 1,
    },
  });
  const sms = (id: string) => ({
    deliveryId: id,
    to: '+966512345678',
    body: 'x'.repeat(150),
    sentAt: new Date().toISOString(),
  });
  const ids = (id: string) => Array.from({ length: batch }, (_, k) => `${id}-${k}`);
  const kinds: readonly { name: string; perRequest: number; send: Request }[] = [
    {
      name: 'PutItem into the SMS outbox (a bare SMS)',
      perRequest: 1,
      send: (d, id) => d.send(new PutCommand({ TableName: names.smsOutbox, Item: sms(id) })),
    },
    {
      name: "the claim's conditional UpdateItem on deliveries",
      perRequest: 1,
      send: (d, id) => d.send(new UpdateCommand(claim(id))),
    },
    {
      name: 'GetItem on suppressions',
      perRequest: 1,
      send: (d, id) =>
        d.send(
          new GetCommand({
            TableName: names.suppressions,
            Key: { householdId: id, addressHash: id },
          }),
        ),
    },
    {
      name: `BatchWriteItem of ${batch} puts into the SMS outbox`,
      perRequest: batch,
      send: (d, id) =>
        d.send(
          new BatchWriteCommand({
            RequestItems: {
              [names.smsOutbox]: ids(id).map((k) => ({ PutRequest: { Item: sms(k) } })),
            },
          }),
        ),
    },
    {
      name: `TransactWriteItems of 2 claims`,
      perRequest: 2,
      send: (d, id) =>
        d.send(
          new TransactWriteCommand({
            TransactItems: [`${id}#sms`, `${id}#email`].map((k) => ({ Update: claim(k) })),
          }),
        ),
    },
    {
      name: `TransactWriteItems of ${batch} claims`,
      perRequest: batch,
      send: (d, id) =>
        d.send(
          new TransactWriteCommand({ TransactItems: ids(id).map((k) => ({ Update: claim(k) })) }),
        ),
    },
  ];

  const rates = new Map<string, number[]>(kinds.map((kind) => [kind.name, []]));
  for (let round = 0; round <= rounds; round += 1) {
    for (const kind of kinds) {
      const requests = Array.from(
        { length: Math.ceil(items / kind.perRequest) },
        (_, i) => `r${round}-${i}`,
      );
      const started = performance.now();
      await mapWithConcurrency(requests, concurrency, (id) => kind.send(doc, id));
      const seconds = (performance.now() - started) / 1000;
      if (round > 0) rates.get(kind.name)?.push((requests.length * kind.perRequest) / seconds);
    }
  }
  doc.destroy();

  const median = (values: readonly number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const single = median(rates.get(kinds[0]?.name ?? '') ?? []);
  io.out(
    renderTable(
      [
        { header: `Request (${concurrency} in flight)` },
        { header: 'Items a second (median)', align: 'right' },
        { header: 'x a single put, per item', align: 'right' },
        { header: 'Rounds', align: 'right' },
      ],
      kinds.map((kind) => {
        const all = rates.get(kind.name) ?? [];
        return [
          kind.name,
          median(all).toFixed(0),
          (single / median(all)).toFixed(2),
          all.map((rate) => rate.toFixed(0)).join(' '),
        ];
      }),
    ),
  );
}

runWithLocalStack(main);
