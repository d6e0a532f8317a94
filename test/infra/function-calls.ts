import type { DafaaFunction } from '../../infra/constructs/dafaa-function.ts';
import { logicalIdOf, type SynthesizedStacks } from './synthesized.ts';

/**
 * What each function's code calls, adapter by adapter (shared/adapters/...), as IAM actions on the
 * app's resources (`dynamodb:PutItem on cycles table`), read off the adapters each function's
 * composition root builds, not off the grants; and how a function's synthesized grants read in the
 * same words. permissions.test.ts holds each function's grants to its calls; ops-write-grants.test.ts
 * asks which principals hold the writes ops use.
 */

export type FunctionName = keyof SynthesizedStacks['stateless']['functions'];

/** `<action> on <resource>` for every statement of the function role's policies. */
export function grantsOf(stacks: SynthesizedStacks, fn: DafaaFunction): string[] {
  const { stateful, stateless, statelessTemplate } = stacks;
  const names: [string, string][] = [
    ...Object.entries(stateful.tables).map(([name, table]): [string, string] => [
      logicalIdOf(table),
      `${name} table`,
    ]),
    [logicalIdOf(stateful.dataKey), 'data key'],
    [logicalIdOf(stateful.notifyQueue), 'notify queue'],
    [logicalIdOf(stateful.objectionEventsDeadLetterQueue), 'objection events dead-letter queue'],
    [logicalIdOf(stateful.tickFailureQueue), 'tick failure queue'],
    [logicalIdOf(stateful.receiptFailureQueue), 'receipt failure queue'],
    [logicalIdOf(stateless.stateMachine), 'cycle state machine'],
    [logicalIdOf(fn.logGroup), 'its log group'],
  ];
  const label = (resource: unknown): string => {
    if (resource === '*') return '*';
    const text = JSON.stringify(resource);
    const named = names.find(([logicalId]) => text.includes(logicalId))?.[1] ?? text;
    const index = /\/index\/([A-Za-z]+)/.exec(text)?.[1];
    if (index !== undefined) return `${named} index ${index}`;
    if (text.includes('StreamArn')) return `${named} stream`;
    return text.includes(':execution:') ? `${named} executions` : named;
  };
  const role = logicalIdOf(fn.role as never);
  return Object.values(statelessTemplate.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${role}"`))
    .flatMap(
      (policy) =>
        policy.Properties.PolicyDocument.Statement as {
          Action: string | string[];
          Resource: unknown;
        }[],
    )
    .flatMap((statement) => {
      const actions = [statement.Action].flat();
      const resources = Array.isArray(statement.Resource)
        ? statement.Resource
        : [statement.Resource];
      return actions.flatMap((action) =>
        resources.map((resource) => `${action} on ${label(resource)}`),
      );
    });
}

export const dynamodb = (table: string, ...actions: string[]) =>
  actions.map((action) => `dynamodb:${action} on ${table} table`);
/** Reading an item of a table encrypted with the data key. */
export const readsEncrypted = ['kms:Decrypt on data key', 'kms:DescribeKey on data key'];
/** Writing one: DynamoDB asks for the table key under the caller's permissions. */
export const writesEncrypted = [
  ...readsEncrypted,
  'kms:Encrypt on data key',
  'kms:GenerateDataKey* on data key',
  'kms:ReEncrypt* on data key',
];
/** Sending to a queue encrypted with the data key (SendMessage and SendMessageBatch alike). */
export const sends = (queue: string) => [
  `sqs:SendMessage on ${queue}`,
  'kms:GenerateDataKey on data key',
  'kms:Decrypt on data key',
];
/** Every function: its own log group, and X-Ray. */
export const everyFunction = [
  'logs:CreateLogStream on its log group',
  'logs:PutLogEvents on its log group',
  'xray:PutTraceSegments on *',
  'xray:PutTelemetryRecords on *',
];

/**
 * What each function's code calls, adapter by adapter (shared/adapters/...), as IAM actions.
 * TransactWriteItems is authorised as its items' Put/Update; BatchWriteItem as itself.
 */
export const CALLS: Record<Exclude<FunctionName, 'notify'>, string[]> = {
  tick: [
    // DynamoDbCycleRepository.listCycles: Scan; DynamoDbCalendarOverrides.list: Query.
    ...dynamodb('cycles', 'Scan', 'Query'),
    ...readsEncrypted,
    // StepFunctionsCycleStarter.start: StartExecution.
    'states:StartExecution on cycle state machine',
    // StepFunctionsExecutionStatuses.statusOf: DescribeExecution, on the machine's executions only.
    'states:DescribeExecution on cycle state machine executions',
    // Lambda, with the tick's role, records a failed invocation in the failure queue.
    ...sends('tick failure queue'),
  ],
  plan: [
    // DynamoDbHouseholdRepository.estimateCount: DescribeTable.
    ...dynamodb('households', 'DescribeTable'),
    // DynamoDbCycleRepository.get: GetItem; createIfAbsent: PutItem then BatchWriteItem;
    // DynamoDbCalendarOverrides.list: Query.
    ...dynamodb('cycles', 'GetItem', 'PutItem', 'BatchWriteItem', 'Query'),
    ...writesEncrypted,
  ],
  // Projecting reads the register and the plan, nothing else: it cannot write.
  project: [...dynamodb('households', 'Scan'), ...dynamodb('cycles', 'GetItem'), ...readsEncrypted],
  gate: [
    // DynamoDbCycleRepository.get: GetItem; beginRun: UpdateItem. DynamoDbApprovals.list: Query;
    // create and update: PutItem.
    ...dynamodb('cycles', 'GetItem', 'UpdateItem', 'Query', 'PutItem'),
    // DynamoDbAuditLog.append: Query (the chain's head), then PutItem.
    ...dynamodb('audit', 'Query', 'PutItem'),
    ...writesEncrypted,
  ],
  segment: [
    // DynamoDbHouseholdRepository.scanSegment: Scan; get: GetItem; the arrears settled inside
    // DynamoDbPaymentRepository.writeOnce's transaction: UpdateItem.
    ...dynamodb('households', 'Scan', 'GetItem', 'UpdateItem'),
    // DynamoDbPaymentRepository.writeOnce: PutItem, alone or in a transaction (the record standing
    // comes back with the refusal, ReturnValuesOnConditionCheckFailure: no read).
    ...dynamodb('payments', 'PutItem'),
    // DynamoDbCycleRepository.get and getSegment: GetItem; putSegment: PutItem.
    ...dynamodb('cycles', 'GetItem', 'PutItem'),
    ...writesEncrypted,
    // SqsNotificationQueue.enqueue: SendMessageBatch.
    ...sends('notify queue'),
  ],
  // DynamoDbCycleRepository.get: GetItem; listSegments: Query; finish: UpdateItem.
  finalize: [...dynamodb('cycles', 'GetItem', 'Query', 'UpdateItem'), ...writesEncrypted],
  releaseDeferred: [
    // DynamoDbDeferredStore.due: Query (each shard); remove: BatchWriteItem (deletes).
    ...dynamodb('deferred', 'Query', 'BatchWriteItem'),
    ...writesEncrypted,
    // SqsNotificationQueue.sendDelayed: SendMessageBatch.
    ...sends('notify queue'),
  ],
  objectionEvents: [
    // The stream event source reads the objections table's stream (ListStreams takes only "*").
    'dynamodb:ListStreams on *',
    'dynamodb:DescribeStream on objections table stream',
    'dynamodb:GetRecords on objections table stream',
    'dynamodb:GetShardIterator on objections table stream',
    // DynamoDbHouseholdRepository.get: GetItem (the recipient of the message).
    ...dynamodb('households', 'GetItem'),
    ...readsEncrypted,
    // SqsNotificationQueue.enqueue: SendMessageBatch.
    ...sends('notify queue'),
    // Lambda, with the function's role, records a batch it gave up on in the dead-letter queue.
    ...sends('objection events dead-letter queue'),
  ],
  recordReceipts: [
    // DynamoDbDeliveryRepository.findByProviderMessage: Query on the byProviderMessage index;
    // get: GetItem; recordOutcome: UpdateItem (conditional).
    'dynamodb:Query on deliveries table index byProviderMessage',
    ...dynamodb('deliveries', 'GetItem', 'UpdateItem'),
    // DynamoDbSuppressionList.suppress: PutItem (conditional).
    ...dynamodb('suppressions', 'PutItem'),
    ...writesEncrypted,
    // Lambda, with the recorder's role, keeps an invocation it gave up on in the failure queue.
    ...sends('receipt failure queue'),
  ],
  sweepDeliveries: [
    // DynamoDbDeliveryRepository.listAwaitingReceipt: Query on the byAwaitingReceipt index (each
    // shard); get: GetItem; recordOutcome: UpdateItem (conditional).
    'dynamodb:Query on deliveries table index byAwaitingReceipt',
    ...dynamodb('deliveries', 'GetItem', 'UpdateItem'),
    ...writesEncrypted,
  ],
  // The ops API's routes (shared/ops-api/ops-app.ts), through the adapters opsApiDepsOnTables
  // composes (shared/adapters/dynamodb/table-context.ts) and the queue and starter ops-api.ts makes.
  opsApi: [
    // DynamoDbHouseholdRepository.get: GetItem (a household's contact; an objection's message; a
    // requeued message rebuilt); scanSegment: Scan and estimateCount: DescribeTable (the dry run);
    // DynamoDbObjectionRepository.acceptWithArrears: an Update of the household in its transaction.
    ...dynamodb('households', 'GetItem', 'Scan', 'DescribeTable', 'UpdateItem'),
    // DynamoDbPaymentRepository.get: GetItem (the timeline, arrears, a requeued message);
    // listCycle: Query on the byCycle index (the dry run against this and last month).
    ...dynamodb('payments', 'GetItem'),
    'dynamodb:Query on payments table index byCycle',
    // DynamoDbCycleRepository.get and getSegment: GetItem; listSegments: Query; listCycles: Scan;
    // setHold: UpdateItem. DynamoDbApprovals.get: GetItem; list: Query; create and update: PutItem.
    // DynamoDbCalendarOverrides.list: Query; read: GetItem; put and remove: a transaction of a Put
    // or a Delete of the override with a Put of the revision.
    ...dynamodb('cycles', 'GetItem', 'Query', 'Scan', 'UpdateItem', 'PutItem', 'DeleteItem'),
    // DynamoDbObjectionRepository.get and findOpen: GetItem; listByHousehold: Query on byHousehold;
    // listByStatus: Query on byStatus (the queue);
    // create: a transaction of two Puts (the guard, the objection); save: PutItem; the closing
    // transaction: a Put of the objection and a Delete of its guard.
    ...dynamodb('objections', 'GetItem', 'PutItem', 'DeleteItem'),
    'dynamodb:Query on objections table index byHousehold',
    'dynamodb:Query on objections table index byStatus',
    // DynamoDbDeliveryRepository.list: Scan (a rerun's failed messages); reopen: UpdateItem;
    // listByHousehold: Query on byHousehold; countByCycle: Query on byCycle (the report).
    ...dynamodb('deliveries', 'Scan', 'UpdateItem'),
    'dynamodb:Query on deliveries table index byHousehold',
    'dynamodb:Query on deliveries table index byCycle',
    // DynamoDbSuppressionList.listByHousehold: Query; lift: UpdateItem.
    ...dynamodb('suppressions', 'Query', 'UpdateItem'),
    // DynamoDbAuditLog.append: Query (the chain's head), then PutItem; list: Query.
    ...dynamodb('audit', 'Query', 'PutItem'),
    ...writesEncrypted,
    // SqsNotificationQueue.enqueue: SendMessageBatch (an objection's message; requeued messages).
    ...sends('notify queue'),
    // StepFunctionsCycleStarter.start: StartExecution; isRunning: DescribeExecution.
    'states:StartExecution on cycle state machine',
    'states:DescribeExecution on cycle state machine executions',
  ],
};

/**
 * The notifier's calls but its email sends (SES names the identity and configuration set, which
 * permissions.test.ts matches by pattern).
 */
export const NOTIFY_CALLS: string[] = [
  // DynamoDbDeliveryRepository.claim and settle: UpdateItem (a refused claim hands back the
  // record standing: no read).
  ...dynamodb('deliveries', 'UpdateItem'),
  // DynamoDbSuppressionList.find: GetItem (an address suppressed for the household is skipped).
  ...dynamodb('suppressions', 'GetItem'),
  // DynamoDbDeferredStore.defer: PutItem (a message waiting for the end of quiet hours).
  ...dynamodb('deferred', 'PutItem'),
  ...writesEncrypted,
  // SnsSmsSender.send: Publish to a phone number, which has no ARN.
  'sns:Publish on *',
  // The SQS event source receives, deletes, changes visibility and reads the queue's
  // attributes (and decrypts); SqsNotificationQueue.sendAgainAfter queues a fresh delayed
  // copy of a message waiting on a retry.
  ...sends('notify queue'),
  'sqs:ReceiveMessage on notify queue',
  'sqs:DeleteMessage on notify queue',
  'sqs:ChangeMessageVisibility on notify queue',
  'sqs:GetQueueAttributes on notify queue',
  'sqs:GetQueueUrl on notify queue',
];
