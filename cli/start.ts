import './local-powertools.ts';
import { cycleOf } from '../shared/calendar/calendar-date.ts';
import { computeDisbursementDate } from '../shared/calendar/compute-disbursement-date.ts';
import { describeDisbursement } from '../shared/calendar/describe-disbursement.ts';
import { riyadhDateOf } from '../shared/calendar/riyadh-clock.ts';
import { formatRiyals } from '../shared/money/halalas.ts';
import { countSmsSegments } from '../shared/notifications/sms-segments.ts';
import { sweepDeliveries } from '../shared/notifications/sweep-deliveries.ts';
import { notifyObjectionChange } from '../shared/objections/notify-objection-change.ts';
import {
  acceptObjection,
  rejectObjection,
  startObjectionReview,
  submitObjection,
} from '../shared/objections/objection-use-cases.ts';
import { EXIT, explainError } from './cli-errors.ts';
import { parseCommandLine, processIo } from './cli-io.ts';
import { runCycleWithProgress } from './commands/cycle-command.ts';
import { drainWithProgress } from './commands/notify-command.ts';
import { parseHouseholdCount, seedLocalRegister } from './commands/seed-command.ts';
import { buildConsole } from './console-build.ts';
import { synthesizedCycleDefinition } from './cycle-flow.ts';
import {
  localCycleDeps,
  localNotifierDeps,
  localOpsDeps,
  localTableNames,
  removeLocalStackState,
  writeLocalStackState,
} from './local-context.ts';
import { type LocalOpsApi, startLocalOpsApi } from './local-stack/local-ops-api.ts';
import { type LocalStack, startLocalStack } from './local-stack/local-stack.ts';
import { localExecutionName } from './local-stack/process-alive.ts';
import { readSesInbox } from './local-stack/ses-local.ts';
import { DEFAULT_SHARES, simulateReceipts } from './local-stack/simulate-receipts.ts';
import { checkSesLocal } from './local-stack/smoke-checks.ts';
import { renderMessageEndings } from './render/message-endings.ts';

/**
 * `npm start`: the main job, on the embedded local stack. Start DynamoDB Local, the SES server and
 * the SQS API,
 * seed a synthetic register, run the current month's cycle end to end, walk a few objections through
 * their statuses, deliver every message through the local notify queue (email to the local SES
 * inbox, SMS to the local outbox),
 * record what SES and SNS would say about each (simulated receipts in AWS's shapes, then the sweeper
 * 72 hours on), and say where to read them. In a terminal the stack then stays up for reading until Ctrl-C; elsewhere,
 * or with `--exit`, it stops.
 */

const USAGE = 'usage: npm start [-- --households N] [--seed S] [--quiet-hours on|off] [--exit]';
const io = processIo;
let stack: LocalStack | undefined;
let opsApi: LocalOpsApi | undefined;

/** Stops the ops API (its runs first) and the local servers. */
async function stopAll(): Promise<void> {
  await opsApi?.executions.settled();
  await opsApi?.close();
  await stack?.stop();
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  process.stdout.write(`• ${label} … `);
  try {
    const result = await work();
    io.out(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    io.out('failed');
    throw error;
  }
}

async function main(): Promise<void> {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      households: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '42' },
      'quiet-hours': { type: 'string', default: 'on' },
      exit: { type: 'boolean', default: false },
    },
    USAGE,
    0,
  );
  const households = parseHouseholdCount(values.households);
  const seed = Number(values.seed);
  const quietHours = values['quiet-hours'] !== 'off';

  io.out(`dafaa, local run (Node ${process.version})\n`);
  const consoleDir = await timed(
    'Building the web console',
    async () => (await buildConsole()).outDir,
  );
  stack = await timed('Starting DynamoDB Local, the SES server and the SQS API', startLocalStack);
  const endpoints = {
    dynamodb: stack.dynamodb.endpoint,
    ses: stack.ses.endpoint,
    sqs: stack.sqs.endpoint,
  };
  io.out(`    DynamoDB Local     ${endpoints.dynamodb}`);
  io.out(`    SES + web inbox    ${endpoints.ses}`);
  io.out(`    SQS (fauxqs)       ${endpoints.sqs}`);
  opsApi = await startLocalOpsApi({
    dynamodbEndpoint: endpoints.dynamodb,
    sqsEndpoint: endpoints.sqs,
    consoleDir,
  });
  io.out(`    Console + ops API  ${opsApi.url}  (sign in as a local user of any role)`);
  await timed('SES: send an Arabic email and read it back from the inbox', () =>
    checkSesLocal(endpoints.ses),
  );

  const deps = localCycleDeps(endpoints.dynamodb, {}, localTableNames(), endpoints.sqs);
  const { seconds } = await seedLocalRegister(
    endpoints.dynamodb,
    deps.households,
    { households, seed },
    io.now(),
  );
  io.out(
    `• Seeded ${households.toLocaleString('en-US')} households (seed ${seed}) in ${seconds.toFixed(1)} s`,
  );

  const cycle = cycleOf(riyadhDateOf(io.now()));
  const disbursement = computeDisbursementDate(deps.calendar, cycle);
  io.out(
    `\nCycle ${cycle}, payment ${disbursement.paymentNumber}: ${describeDisbursement(disbursement, 'en')}`,
  );
  // As the tick starts it in AWS: the synthesized state machine, run here: plan, the projection and
  // the approval gate (cleared without anyone below the thresholds), the payments, finalize.
  const { approvals } = localOpsDeps(endpoints.dynamodb);
  const definition = await timed('Synthesizing the CDK app: the cycle state machine', () =>
    synthesizedCycleDefinition(),
  );
  io.out(
    `    ${Object.keys(definition.tasks).length} Lambda task states, run here by an ASL interpreter`,
  );
  const run = await runCycleWithProgress(
    deps,
    approvals,
    { cycle, executionName: localExecutionName('run', cycle, io.now()) },
    {
      onGated: (gate) => {
        if (gate.proceed) {
          io.out(
            `    approval gate: projected ${formatRiyals(gate.projectedTotalHalalas)} SAR, within the approval thresholds`,
          );
        }
      },
    },
  );
  io.out(run.report);

  io.out('\nObjections');
  const contested = await walkObjections(endpoints, cycle);

  io.out('\nMessages');
  const notifier = localNotifierDeps(endpoints);
  io.out(await drainWithProgress(notifier, { quietHours, concurrency: 32 }));

  const sms = await notifier.smsOutbox.list();
  const segments = sms.reduce((sum, message) => sum + countSmsSegments(message.body).segments, 0);
  const inbox = await readSesInbox(endpoints.ses);
  io.out(
    `\nEmails: ${inbox.length.toLocaleString('en-US')} in the local SES inbox: open ${endpoints.ses}`,
  );
  io.out(
    `SMS:    ${sms.length.toLocaleString('en-US')} in the outbox, ${segments.toLocaleString('en-US')} segments: npm run -s dafaa -- outbox`,
  );
  if (quietHours && sms.length === 0) {
    io.out(
      '        (quiet hours in Riyadh: SMS wait for 08:00; npm start -- --quiet-hours off sends them now)',
    );
  }

  io.out('\nReceipts');
  const bounced = await recordReceiptsOfTheRun(endpoints.dynamodb, cycle);

  if (contested !== undefined) {
    io.out(
      `One household's story (its payment, its objection, every message): npm run -s dafaa -- household ${contested}`,
    );
  }
  if (bounced !== undefined) {
    io.out(
      `A household whose email bounced, its address now suppressed: npm run -s dafaa -- household ${bounced}`,
    );
  }

  io.out(
    `The month in the console: ${opsApi.url}/cycles/${cycle} (sign in as local-operator to run or rerun, local-approver to approve)`,
  );
  if (values.exit || !process.stdout.isTTY) {
    await timed('Stopping the local servers', stopAll);
    return;
  }
  writeLocalStackState({
    dynamodbEndpoint: endpoints.dynamodb,
    sesEndpoint: endpoints.ses,
    sqsEndpoint: endpoints.sqs,
    opsApiUrl: opsApi.url,
    pid: process.pid,
  });
  io.out(
    '\nThe local stack stays up so you can read them, in the console and with dafaa commands. Ctrl-C stops it.',
  );
  await new Promise(() => undefined);
}

/**
 * What SES and SNS would report about the messages sent, recorded as in AWS (a share bounce, fail or
 * stay silent: `dafaa notify events --simulate`), then the sweeper as it would run 72 hours later;
 * prints the cycle's messages by how each ended. Returns a household whose email bounced hard.
 */
async function recordReceiptsOfTheRun(
  endpoint: string,
  cycle: ReturnType<typeof cycleOf>,
): Promise<string | undefined> {
  const ops = localOpsDeps(endpoint);
  const simulation = await timed('SES events and SMS status logs for what was sent, recorded', () =>
    simulateReceipts(
      {
        deliveries: ops.deliveries,
        suppressions: ops.suppressions.suppressions,
        households: localCycleDeps(endpoint).households,
        clock: { now: () => io.now() },
      },
      DEFAULT_SHARES,
    ),
  );
  const { tally } = simulation;
  io.out(
    `    ${tally.received.toLocaleString('en-US')} receipts (${DEFAULT_SHARES.bounce}% of emails bounce, ${DEFAULT_SHARES.smsFail}% of SMS fail, ${DEFAULT_SHARES.silent}% say nothing); ${tally.suppressed} addresses suppressed`,
  );
  const later = new Date(io.now().getTime() + 73 * 60 * 60 * 1000);
  const swept = await sweepDeliveries({ deliveries: ops.deliveries }, later);
  io.out(
    `    73 hours on, the sweeper: ${swept.markedUnknown} messages with no receipt are unknown\n`,
  );
  io.out(renderMessageEndings(cycle, await ops.deliveries.countByCycle(cycle)));
  return simulation.bounced[0];
}

/**
 * Three objections to this cycle's results: one accepted, one rejected, one left under review.
 * Returns the household whose objection was accepted (none when nobody was found not eligible).
 */
async function walkObjections(
  endpoints: { readonly dynamodb: string; readonly sqs: string },
  cycle: ReturnType<typeof cycleOf>,
): Promise<string | undefined> {
  const { objections, change } = localOpsDeps(
    endpoints.dynamodb,
    localTableNames(),
    process.env,
    endpoints.sqs,
  ).objections;
  const cycleDeps = localCycleDeps(endpoints.dynamodb);
  const contested: string[] = [];
  for await (const record of cycleDeps.payments.listCycle(cycle)) {
    if (record.status === 'not-eligible') contested.push(record.householdId);
    if (contested.length === 3) break;
  }
  const operatorId = 'ops-local';
  for (const [index, householdId] of contested.entries()) {
    const submitted = await submitObjection(objections, {
      householdId,
      resultCycle: cycle,
      subject: 'ineligibility',
      reasons: 'The data held by the authorities is out of date; attached the updated certificate.',
      documents: [`doc/${householdId}/certificate.pdf`],
    });
    await notifyObjectionChange(change, { before: null, after: submitted });
    const reviewed = await startObjectionReview(objections, {
      objectionId: submitted.objectionId,
      operatorId,
    });
    await notifyObjectionChange(change, { before: submitted, after: reviewed });
    const decided =
      index === 0
        ? await acceptObjection(objections, { objectionId: submitted.objectionId, operatorId })
        : index === 1
          ? await rejectObjection(objections, {
              objectionId: submitted.objectionId,
              operatorId,
              reason: 'The records still show more than 90 days abroad this year.',
            })
          : reviewed;
    if (decided !== reviewed)
      await notifyObjectionChange(change, { before: reviewed, after: decided });
    io.out(`    ${decided.objectionId}: ${decided.status}`);
  }
  return contested[0];
}

process.once('SIGINT', () => {
  io.err('\nStopping the local servers.');
  removeLocalStackState();
  void stopAll().finally(() => process.exit(EXIT.interrupted));
});

main().catch(async (error: unknown) => {
  await stopAll();
  const { line, exitCode } = explainError(error);
  io.err(`dafaa: ${line}`);
  if (process.env.DAFAA_DEBUG === '1' && error instanceof Error) io.err(error.stack ?? '');
  process.exitCode = exitCode;
});
