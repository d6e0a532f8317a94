import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse } from 'aws-lambda';
import { localCycleDeps, localOpsDeps } from '../../cli/local-context.ts';
import { startFaultProxy } from '../../cli/local-stack/fault-proxy.ts';
import {
  createLocalAuthority,
  type LocalAuthority,
} from '../../cli/local-stack/local-authority.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { startLocalSms } from '../../cli/local-stack/local-sms.ts';
import { onLoopback } from '../../cli/local-stack/local-sqs.ts';
import { type LocalStack, startLocalStack } from '../../cli/local-stack/local-stack.ts';
import { feedLikeEventSource } from '../../cli/local-stack/sqs-event-source.ts';
import { renderTable } from '../../cli/render/table.ts';
import { generateRegister } from '../../cli/seed/generate-register.ts';
import { recordCallsTo, type SdkCall } from '../../shared/adapters/call-recorder.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import { DynamoDbDeferredStore } from '../../shared/adapters/dynamodb/dynamodb-deferred-store.ts';
import type { DafaaTableNames } from '../../shared/adapters/dynamodb/table-specs.ts';
import { StepFunctionsCycleStarter } from '../../shared/adapters/sfn/step-functions-cycle-starter.ts';
import { cycleOf } from '../../shared/calendar/calendar-date.ts';
import { recordOverride } from '../../shared/calendar/manage-overrides.ts';
import { RIYADH_UTC_OFFSET_HOURS, riyadhDateOf } from '../../shared/calendar/riyadh-clock.ts';
import { paymentRecordSchema } from '../../shared/cycles/payment-record.ts';
import type { ReleaseSummary } from '../../shared/notifications/deferral.ts';
import {
  acceptObjection,
  startObjectionReview,
  submitObjection,
} from '../../shared/objections/objection-use-cases.ts';
import type { DeployedApp } from '../contract/deployed-policies.ts';
import { type CallPrincipal, evaluate, type Verdict } from '../contract/evaluate-call.ts';
import { evaluateServicePaths } from '../contract/service-paths.ts';
import { cycleDefinition } from '../local/cycle-definition.ts';
import { deployedView, LOCAL_DEPLOYMENT } from '../local/deployed-cycle.ts';
import { type ExecutionOutcome, executeCycle } from '../local/execute-cycle.ts';
import { synthesizeApp } from '../local/synthesize-app.ts';
import type { SynthesizedApp } from '../local/synthesized-app.ts';
import { iamRequestsFor } from './iam-calls.ts';
import { startLocalStepFunctions } from './local-step-functions.ts';
import { rehearseOpsApi } from './rehearse-ops-api.ts';
import { rehearseReceipts } from './rehearse-receipts.ts';

/**
 * The deploy rehearsal: the CDK app synthesized, its resources created on local servers under their
 * deployed names, and a whole month run through the deployed pieces — the tick, the synthesized
 * state machine, each function composed on the environment the stack gives it, the notifier fed as
 * its SQS event source feeds it, an objection through the table's stream — with every AWS call
 * recorded and evaluated against the synthesized identity, key and resource policies, together
 * with the calls AWS's own services make (CloudWatch, Scheduler, Step Functions, event sources).
 */

/** Who is acting while a call is made, and in which step of the month. */
interface Actor {
  readonly step: string;
  readonly principal: CallPrincipal;
  /** A function's logical id, or the service acting for it. */
  readonly label: string;
}

/** A call the month made, as IAM authorises it, with who made it and in which step. */
export interface RehearsedCall {
  readonly step: string;
  readonly label: string;
  readonly principal: CallPrincipal;
  readonly action: string;
  readonly resource: string;
}

export interface RehearsalStep {
  readonly step: string;
  readonly calls: number;
  readonly checked: number;
  readonly denied: number;
  readonly milliseconds: number;
}

/**
 * What the scripted month did: it fails one segment on purpose, then reruns it; SES throttles every
 * send of the notifier's first batch, whose messages go back to the queue as fresh copies.
 */
export interface RehearsedMonth {
  readonly firstExecution: 'SUCCEEDED' | 'FAILED';
  readonly rerun: 'SUCCEEDED' | 'FAILED' | 'NOT STARTED';
  readonly streamRecords: number;
  readonly messagesHandled: number;
  readonly smsSent: number;
  /** Messages the notifier queued again as fresh copies while SES throttled every send. */
  readonly sentAgain: number;
  /** Receipts that changed a delivery (SES events and SMS status lines, through the recorder). */
  readonly receiptsRecorded: number;
  /** Deliveries the hourly sweep marked unknown (one, whose send the rehearsal moves 73 hours back). */
  readonly sweptUnknown: number;
  /** Next month's run, asked for through the ops API: held at the gate for a second person. */
  readonly opsRunRequested: 'AWAITING APPROVAL' | 'NOT HELD';
  /** The run the approver's approval resumed through the ops API. */
  readonly opsRunResumed: 'SUCCEEDED' | 'FAILED' | 'NOT STARTED';
}

/** The month went as scripted: the injected failure failed the execution, the rerun paid the rest. */
export const wentAsScripted = (month: RehearsedMonth) =>
  month.firstExecution === 'FAILED' &&
  month.rerun === 'SUCCEEDED' &&
  month.streamRecords > 0 &&
  month.messagesHandled > 0 &&
  month.smsSent > 0 &&
  month.sentAgain > 0 &&
  month.receiptsRecorded > 0 &&
  month.sweptUnknown > 0 &&
  month.opsRunRequested === 'AWAITING APPROVAL' &&
  month.opsRunResumed === 'SUCCEEDED';

export interface RehearsalResult {
  readonly app: SynthesizedApp;
  readonly calls: readonly RehearsedCall[];
  /** SDK commands the rehearsal cannot map to what IAM authorises (each once): each fails it. */
  readonly unmapped: readonly string[];
  readonly month: RehearsedMonth;
  readonly steps: readonly RehearsalStep[];
  readonly denials: readonly Verdict[];
  readonly facts: readonly string[];
}

const STEP_OF_ENTRY: Record<string, string> = {
  'plan-cycle': 'plan',
  'project-segment': 'projections',
  'gate-cycle': 'gate',
  'process-segment': 'payments',
  'finalize-cycle': 'finalize',
};

const lambdaContext = {} as Context;
type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface RehearsalOptions {
  readonly households?: number;
}

export async function rehearse(options: RehearsalOptions = {}): Promise<RehearsalResult> {
  // Each step's time: the time its invocations took, added up (a map's items overlap); for Step
  // Functions, its executions' time from start to end.
  const spent = new Map<string, number>();
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const from = performance.now();
    try {
      return await work();
    } finally {
      spent.set(step, (spent.get(step) ?? 0) + performance.now() - from);
    }
  };

  const facts: string[] = [];
  const synthesisStarted = performance.now();
  const app = synthesizeApp();
  const deployed = deployedView(app);
  const definition = cycleDefinition(deployed, app);
  const stateful = app.statefulStackName;
  const tableName = (name: string) =>
    deployed.resource(`${stateful}/${app.tableLogicalIds[name]}`, 'AWS::DynamoDB::Table').ref;
  const tables: DafaaTableNames = {
    households: tableName('households'),
    payments: tableName('payments'),
    cycles: tableName('cycles'),
    objections: tableName('objections'),
    deliveries: tableName('deliveries'),
    suppressions: tableName('suppressions'),
    deferred: tableName('deferred'),
    audit: tableName('audit'),
    smsOutbox: 'rehearsal-local-sms-outbox',
  };

  const actors = new AsyncLocalStorage<Actor>();
  const calls: RehearsedCall[] = [];
  const note = (actor: Actor, action: string, resource: string) =>
    calls.push({ ...actor, action, resource });
  // A command the mapping does not know is kept aside, not thrown: thrown inside the SDK it would
  // become the adapter's error (a retried delivery) and pass unseen. It fails the rehearsal.
  const unmapped = new Set<string>();
  recordCallsTo((call: SdkCall) => {
    const actor = actors.getStore();
    if (!actor) return;
    let requests: ReturnType<typeof iamRequestsFor>;
    try {
      requests = iamRequestsFor(call, LOCAL_DEPLOYMENT);
    } catch (error) {
      unmapped.add(`${actor.label}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const request of requests) {
      note(actor, request.action, request.resource);
    }
  });

  // What the functions write to stdout is CloudWatch's in Lambda (their logs and EMF metrics):
  // kept here, and counted, instead of filling the terminal.
  const logged: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (!actors.getStore()) return write(chunk, ...rest);
    logged.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;

  const servers: { stop(): Promise<unknown> }[] = [];
  let restoreEnvironment = () => {};
  try {
    facts.push(`synthesized the app in ${seconds(performance.now() - synthesisStarted)}`);
    const serversStarted = performance.now();
    const stack: LocalStack = await startLocalStack();
    servers.push(stack);
    const sms = await startLocalSms();
    servers.push(sms);
    // SES behind the fault proxy: it throttles every send of the notifier's first batch.
    const ses = await startFaultProxy({ upstream: stack.ses.endpoint });
    servers.push(ses);
    facts.push(
      `local servers up in ${seconds(performance.now() - serversStarted)}: DynamoDB Local, SES, SQS (fauxqs), SMS, Step Functions`,
    );

    // Tables and queues under their deployed names, the objections table with its stream.
    const admin = new DynamoDBClient(localAwsClientConfig(stack.dynamodb.endpoint));
    await createTables(admin, tables);
    await admin.send(
      new UpdateTableCommand({
        TableName: tables.objections,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    const sqsAdmin = new SQSClient(localAwsClientConfig(stack.sqs.endpoint));
    const queueUrls = new Map<string, string>();
    for (const queue of deployed.resourcesOfType('AWS::SQS::Queue')) {
      const name = queue.attributes.QueueName ?? '';
      const { QueueUrl = '' } = await sqsAdmin.send(new CreateQueueCommand({ QueueName: name }));
      queueUrls.set(queue.ref, onLoopback(stack.sqs.endpoint, QueueUrl));
    }

    const sfn = await startLocalStepFunctions(definition.stateMachineArn, (name, input) =>
      runExecution(name, input),
    );
    servers.push(sfn);
    restoreEnvironment = setSdkEnvironment({
      DYNAMODB: stack.dynamodb.endpoint,
      SQS: stack.sqs.endpoint,
      SES: ses.endpoint,
      SNS: sms.endpoint,
      SFN: sfn.endpoint,
    });

    // Each function composed as in Lambda, on the environment the stack gives it (queue URLs
    // resolved to the local queues), and run as its role.
    const morningClock = clockFrom(lastTenInTheMorningInRiyadh(new Date()));
    const handlers = new Map<string, { handler: Handler; logicalId: string }>();
    let opsAuthority: LocalAuthority | undefined;
    for (const [logicalId, entry] of Object.entries(app.functionEntries)) {
      const fn = deployed.function(`${app.statelessStackName}/${logicalId}`);
      const environment = Object.fromEntries(
        Object.entries(fn.environment).map(([key, value]) => [key, queueUrls.get(value) ?? value]),
      );
      const module = (await import(`../../functions/${entry}.ts`)) as {
        handlerFor: (env: NodeJS.ProcessEnv, options?: unknown) => Handler;
      };
      if (entry === 'ops-api') {
        // The ops API checks tokens against the deployed pool and app clients; the rehearsal signs
        // them with a key of its own, which the function is given instead of the pool's.
        opsAuthority = createLocalAuthority({
          userPoolId: environment.USER_POOL_ID ?? '',
          clientId: environment.USER_POOL_CLIENT_IDS?.split(',')[0] ?? '',
        });
        handlers.set(entry, {
          handler: module.handlerFor(environment, { jwks: opsAuthority.jwks }),
          logicalId,
        });
        continue;
      }
      // The notifier reads the clock (the others take only their environment): its SMS wait out
      // quiet hours, so it runs as at ten in the morning in Riyadh, whatever the hour here.
      handlers.set(entry, { handler: module.handlerFor(environment, morningClock), logicalId });
    }
    const invoke = (entry: string, step: string, event: unknown) => {
      const fn = handlers.get(entry);
      if (!fn) throw new Error(`no function runs ${entry}`);
      const actor = { step, principal: { function: fn.logicalId }, label: fn.logicalId };
      return timed(step, () => actors.run(actor, () => fn.handler(event, lambdaContext)));
    };

    // The state machine's executions: Step Functions invokes each function (as its own role),
    // and one segment of the first execution fails, as a Lambda outage would fail it.
    const machine = deployed.resource(
      `${app.statelessStackName}/${app.stateMachineLogicalId}`,
      'AWS::StepFunctions::StateMachine',
    );
    const machineRole = deployed.roleByArn(String(machine.properties.RoleArn));
    if (!machineRole)
      throw new Error('the state machine runs as a role the templates do not define');
    const stepFunctions: Actor = {
      step: 'Step Functions',
      principal: { role: `${machineRole.resource.stack}/${machineRole.resource.logicalId}` },
      label: 'the state machine role',
    };
    let faultsLeft = 1;
    const failedSegment = 1;
    async function runExecution(
      name: string,
      input: Record<string, unknown>,
    ): Promise<ExecutionOutcome> {
      const faulty = faultsLeft > 0;
      faultsLeft -= 1;
      const taskHandlers = Object.fromEntries(
        [...handlers.keys()].map((entry) => [
          entry,
          async (event: unknown) => {
            const step = STEP_OF_ENTRY[entry] ?? entry;
            const fn = handlers.get(entry);
            if (fn) {
              const arn = deployed.function(`${app.statelessStackName}/${fn.logicalId}`).arn;
              note(stepFunctions, 'lambda:InvokeFunction', arn);
            }
            if (
              faulty &&
              entry === 'process-segment' &&
              (event as { segment?: number }).segment === failedSegment
            ) {
              throw Object.assign(new Error('injected by the rehearsal: the invocation failed'), {
                name: 'Lambda.ServiceException',
              });
            }
            return invoke(entry, step, event);
          },
        ]),
      );
      return timed('Step Functions', () =>
        executeCycle(definition, taskHandlers, { name, input, retryIntervalMs: 0 }),
      );
    }

    // The register, and a payment date today (an ops override), so that the tick finds the day.
    const households = options.households ?? 400;
    const today = riyadhDateOf(new Date());
    const cycle = cycleOf(today);
    const localDeps = localCycleDeps(stack.dynamodb.endpoint, {}, tables);
    await localDeps.households.putMany([
      ...generateRegister({ households, seed: 42, arrearsDueBy: cycle, asOf: today }),
    ]);
    const ops = localOpsDeps(stack.dynamodb.endpoint, tables);
    await recordOverride(ops.overrides, {
      kind: 'payment-date',
      cycle,
      date: today,
      reason: 'deploy rehearsal: the payment day is today',
      recordedBy: 'rehearsal',
      recordedAt: today,
    });

    // The tick, as the scheduler invokes it; it starts the month's execution on Step Functions.
    await invoke('tick', 'tick', {});
    const [first] = [...sfn.executions.values()];
    if (!first) throw new Error('the tick started no execution: is today a payment day?');
    const firstOutcome = await first.done;
    facts.push(`tick started ${first.arn.split(':').at(-1)}: ${describeOutcome(firstOutcome)}`);

    // Ops rerun the failed segment, as `dafaa cycle rerun --only-failed --target aws` starts it.
    const starter = new StepFunctionsCycleStarter(
      new (await import('@aws-sdk/client-sfn')).SFNClient({}),
      definition.stateMachineArn,
    );
    const rerunName = `rerun-${cycle}-rehearsal`;
    await starter.start({
      cycle,
      executionName: rerunName,
      fullPass: false,
      rerun: { requestedBy: 'rehearsal', reason: 'segment failed in the first execution' },
    });
    const rerun = sfn.executions.get(rerunName);
    const rerunOutcome = rerun ? await rerun.done : undefined;
    facts.push(
      `rerun --only-failed: ${rerunOutcome ? describeOutcome(rerunOutcome) : 'not started'}`,
    );

    // An objection through the table's stream, as its event source feeds objection-events.
    const contested = await firstNotEligible(localDeps, cycle);
    const { objections } = ops.objections;
    const submitted = await submitObjection(objections, {
      householdId: contested,
      resultCycle: cycle,
      subject: 'ineligibility',
      reasons: 'The records are out of date.',
      documents: [`doc/${contested}/certificate.pdf`],
    });
    await startObjectionReview(objections, {
      objectionId: submitted.objectionId,
      operatorId: 'rehearsal',
    });
    await acceptObjection(objections, {
      objectionId: submitted.objectionId,
      operatorId: 'rehearsal',
    });
    const objectionEvents = handlers.get('objection-events');
    const streamRecords = await readStream(stack.dynamodb.endpoint, tables.objections, {
      step: 'objection stream',
      principal: { function: objectionEvents?.logicalId ?? 'ObjectionEvents' },
      label: `${objectionEvents?.logicalId} (stream event source)`,
    });
    await invoke('objection-events', 'objection stream', { Records: streamRecords });
    facts.push(`objection ${submitted.objectionId}: ${streamRecords.length} stream records`);

    // The notifier, fed as its SQS event source feeds it: batches of 10, successes deleted.
    const notifyQueueUrl =
      queueUrls.get(
        deployed.function(`${app.statelessStackName}/${handlers.get('notify')?.logicalId}`)
          .environment.NOTIFY_QUEUE_URL ?? '',
      ) ?? '';
    ses.setFaults({ throttleRate: 1 });
    let lastBody: string | undefined;
    const drained = await drainQueue(
      notifyQueueUrl,
      {
        step: 'notifier',
        principal: { function: handlers.get('notify')?.logicalId ?? 'Notify' },
        label: `${handlers.get('notify')?.logicalId} (SQS event source)`,
      },
      async (event) => {
        lastBody ??= (event as { Records: { body: string }[] }).Records[0]?.body;
        const response = (await invoke('notify', 'notifier', event)) as SQSBatchResponse;
        ses.setFaults({ throttleRate: 0 });
        return response;
      },
    );

    // The release, as its schedule invokes it every minute: a message put aside last night (as the
    // notifier puts one aside in quiet hours) is due, goes back on the queue, and is handled once.
    const deferredAt = new Date();
    await new DynamoDbDeferredStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({})),
      tables.deferred,
    ).defer({
      notificationId: 'rehearsal-deferred',
      body: lastBody ?? '{}',
      releaseAt: new Date(deferredAt.getTime() - 60_000),
    });
    const released = (await invoke('release-deferred', 'release', {})) as ReleaseSummary;
    const redrained = await drainQueue(
      notifyQueueUrl,
      {
        step: 'notifier',
        principal: { function: handlers.get('notify')?.logicalId ?? 'Notify' },
        label: `${handlers.get('notify')?.logicalId} (SQS event source)`,
      },
      async (event) => (await invoke('notify', 'notifier', event)) as SQSBatchResponse,
    );
    facts.push(
      `release: ${released.released} deferred message back on the queue, ${redrained.handled} handled again (sent once per channel)`,
    );
    const sentAgain = calls.filter(
      (call) => call.step === 'notifier' && call.action === 'sqs:SendMessage',
    ).length;
    facts.push(
      `notifier: ${drained.handled} messages in ${drained.batches} batches, ${drained.kept} kept back (quiet hours or retries), ${sentAgain} sent again after SES throttled ${ses.counts().throttled} sends; ${sms.sent.length} SMS sent`,
    );

    // Delivery truth: receipts for what the notifier sent, as AWS delivers them to the recorder,
    // and the hourly sweep (rehearse-receipts.ts).
    const receipts = await rehearseReceipts(invoke, tables.deliveries);
    facts.push(...receipts.facts);

    // The ops API, as API Gateway invokes it: next month asked for, approved, held and released
    // (rehearse-ops-api.ts).
    if (!opsAuthority) throw new Error('no function runs ops-api');
    const opsApi = await rehearseOpsApi({
      invoke,
      authority: opsAuthority,
      executions: sfn.executions,
      cycle,
      growRegister: async () => {
        const grown = [
          ...generateRegister({
            households: households + Math.ceil(households / 5),
            seed: 42,
            arrearsDueBy: cycle,
            asOf: today,
          }),
        ].slice(households);
        await localDeps.households.putMany(grown);
        return grown.length;
      },
    });
    facts.push(...opsApi.facts);

    const metrics = new Set(
      logged.flatMap((line) => {
        const document = line.startsWith('{"_aws"')
          ? (JSON.parse(line) as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } })
          : undefined;
        return (
          document?._aws.CloudWatchMetrics.flatMap((set) =>
            set.Metrics.map((metric) => metric.Name),
          ) ?? []
        );
      }),
    );
    facts.push(
      `functions logged ${logged.length} lines; metrics emitted: ${[...metrics].sort().join(', ')}`,
    );

    // Checked: every call recorded, and every path AWS's own services take.
    const checked = await checkCalls(deployed, calls);
    const steps = summarize(calls, checked, spent);
    const month: RehearsedMonth = {
      firstExecution: firstOutcome.status,
      rerun: rerunOutcome?.status ?? 'NOT STARTED',
      streamRecords: streamRecords.length,
      messagesHandled: drained.handled,
      smsSent: sms.sent.length,
      sentAgain,
      receiptsRecorded: Object.values(receipts.recorded).reduce((sum, count) => sum + count, 0),
      sweptUnknown: receipts.sweptUnknown,
      opsRunRequested: opsApi.requested,
      opsRunResumed: opsApi.resumed,
    };
    return { app, calls, steps, denials: checked.denials, unmapped: [...unmapped], month, facts };

    /** The notify queue fed to its function as its SQS event source feeds it, each call noted. */
    function drainQueue(
      queueUrl: string,
      actor: Actor,
      handle: (event: unknown) => Promise<SQSBatchResponse>,
    ) {
      return feedLikeEventSource(new SQSClient({}), queueUrl, handle, {
        region: LOCAL_DEPLOYMENT.region,
        idleWaitSeconds: 3,
        around: async (call, send) => {
          const result = call === 'receive' ? await actors.run(actor, send) : await send();
          note(
            actor,
            call === 'receive' ? 'sqs:ReceiveMessage' : 'sqs:DeleteMessage',
            sqsArn(queueUrl),
          );
          return result;
        },
      });
    }

    async function readStream(
      endpoint: string,
      table: string,
      actor: Actor,
    ): Promise<StreamRecord[]> {
      const streams = new DynamoDBStreamsClient(localAwsClientConfig(endpoint));
      const local = await new DynamoDBClient(localAwsClientConfig(endpoint)).send(
        new (await import('@aws-sdk/client-dynamodb')).DescribeTableCommand({ TableName: table }),
      );
      const localStream = local.Table?.LatestStreamArn ?? '';
      const deployedStream =
        deployed.resource(`${stateful}/${app.tableLogicalIds.objections}`, 'AWS::DynamoDB::Table')
          .attributes.StreamArn ?? '';
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: localStream }),
      );
      note(actor, 'dynamodb:DescribeStream', deployedStream);
      const records: StreamRecord[] = [];
      for (const shard of StreamDescription?.Shards ?? []) {
        const { ShardIterator } = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: localStream,
            ShardId: shard.ShardId ?? '',
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        note(actor, 'dynamodb:GetShardIterator', deployedStream);
        const { Records = [] } = await streams.send(new GetRecordsCommand({ ShardIterator }));
        note(actor, 'dynamodb:GetRecords', deployedStream);
        records.push(...Records);
      }
      return records;
    }
  } finally {
    process.stdout.write = write;
    restoreEnvironment();
    recordCallsTo(undefined);
    for (const server of servers.reverse()) await server.stop();
  }
}

const sqsArn = (queueUrl: string) =>
  `arn:aws:sqs:${LOCAL_DEPLOYMENT.region}:${LOCAL_DEPLOYMENT.account}:${queueUrl.split('/').at(-1)}`;

const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;

function describeOutcome(outcome: ExecutionOutcome): string {
  return outcome.status === 'SUCCEEDED'
    ? 'succeeded'
    : `failed (${outcome.error}: ${outcome.cause})`;
}

async function firstNotEligible(
  deps: ReturnType<typeof localCycleDeps>,
  cycle: ReturnType<typeof cycleOf>,
): Promise<string> {
  for await (const item of deps.payments.listCycle(cycle)) {
    const record = paymentRecordSchema.parse(item);
    if (record.status === 'not-eligible') return record.householdId;
  }
  throw new Error(`no household was found not eligible in ${cycle}`);
}

/** Points every SDK client made from here on at the local servers, with local credentials; returns the undo. */
function setSdkEnvironment(endpoints: Record<string, string>): () => void {
  const settings: Record<string, string> = {
    AWS_REGION: LOCAL_DEPLOYMENT.region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    ...Object.fromEntries(
      Object.entries(endpoints).map(([service, endpoint]) => [
        `AWS_ENDPOINT_URL_${service}`,
        endpoint,
      ]),
    ),
  };
  const before = Object.fromEntries(Object.keys(settings).map((key) => [key, process.env[key]]));
  Object.assign(process.env, settings);
  return () => {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** The verdict on each distinct call, and on every path AWS's own services take. */
export interface CheckedCalls {
  readonly verdicts: readonly {
    readonly step: string;
    readonly key: string;
    readonly verdict: Verdict;
  }[];
  readonly servicePaths: readonly { readonly verdict: Verdict }[];
  /** Every denied call and path, each once. */
  readonly denials: readonly Verdict[];
}

/**
 * Evaluates the rehearsal's calls (each distinct principal, action and resource once) and the
 * service paths against a deployed view: the synthesized app's, or one a test has mutated.
 */
export async function checkCalls(
  deployed: DeployedApp,
  calls: readonly RehearsedCall[],
): Promise<CheckedCalls> {
  const seen = new Map<string, Verdict>();
  const verdicts: { step: string; key: string; verdict: Verdict }[] = [];
  for (const call of calls) {
    const key = `${JSON.stringify(call.principal)} ${call.action} ${call.resource}`;
    let verdict = seen.get(key);
    if (!verdict) {
      const { principal, action, resource } = call;
      verdict = await evaluate(deployed, { principal, action, resource });
      seen.set(key, verdict);
    }
    verdicts.push({ step: call.step, key, verdict });
  }
  const servicePaths = await evaluateServicePaths(deployed);
  const denials = [
    ...[...seen.values()].filter((verdict) => !verdict.allowed),
    ...servicePaths.filter(({ verdict }) => !verdict.allowed).map(({ verdict }) => verdict),
  ];
  return { verdicts, servicePaths, denials };
}

/** The month's steps, in the order the table shows them. */
export const REHEARSAL_STEPS = [
  'tick',
  'Step Functions',
  'plan',
  'projections',
  'gate',
  'payments',
  'finalize',
  'objection stream',
  'notifier',
  'release',
  'receipts',
  'sweeper',
  'ops API',
] as const;

function summarize(
  calls: readonly RehearsedCall[],
  { verdicts, servicePaths }: CheckedCalls,
  spent: ReadonlyMap<string, number>,
): RehearsalStep[] {
  const steps: RehearsalStep[] = REHEARSAL_STEPS.map((step) => {
    const mine = verdicts.filter((verdict) => verdict.step === step);
    return {
      step,
      calls: calls.filter((call) => call.step === step).length,
      checked: new Set(mine.map((verdict) => verdict.key)).size,
      denied: new Set(mine.filter(({ verdict }) => !verdict.allowed).map((verdict) => verdict.key))
        .size,
      milliseconds: spent.get(step) ?? 0,
    };
  });
  steps.push({
    step: 'AWS services (CloudWatch, Scheduler, event sources, ...)',
    calls: servicePaths.length,
    checked: servicePaths.length,
    denied: servicePaths.filter(({ verdict }) => !verdict.allowed).length,
    milliseconds: 0,
  });
  return steps;
}

export function renderRehearsal(result: RehearsalResult): string {
  return renderTable(
    [
      { header: 'Step' },
      { header: 'Calls', align: 'right' },
      { header: 'Checked', align: 'right' },
      { header: 'Denied', align: 'right' },
      { header: 'Time', align: 'right' },
    ],
    result.steps.map((step) => [
      step.step,
      step.calls.toLocaleString('en-US'),
      step.checked.toLocaleString('en-US'),
      String(step.denied),
      step.milliseconds > 0 ? `${(step.milliseconds / 1000).toFixed(1)} s` : '',
    ]),
  );
}

/**
 * The latest 10:00 in Riyadh at or before `now`: a time outside quiet hours that is never in the
 * future, so what the notifier stamps stays before the receipts and the sweep that follow it.
 */
function lastTenInTheMorningInRiyadh(now: Date): Date {
  const offsetMs = RIYADH_UTC_OFFSET_HOURS * 3_600_000;
  const riyadh = new Date(now.getTime() + offsetMs);
  const ten =
    Date.UTC(riyadh.getUTCFullYear(), riyadh.getUTCMonth(), riyadh.getUTCDate(), 10) - offsetMs;
  return new Date(ten <= now.getTime() ? ten : ten - 86_400_000);
}

/** A clock that starts at `start` and runs at the pace of this one. */
function clockFrom(start: Date): { now(): Date } {
  const offsetMs = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offsetMs) };
}
