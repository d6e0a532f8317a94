import { cycleOf } from '../shared/calendar/calendar-date.ts';
import { computeDisbursementDate } from '../shared/calendar/compute-disbursement-date.ts';
import { describeDisbursement } from '../shared/calendar/describe-disbursement.ts';
import { riyadhDateOf } from '../shared/calendar/riyadh-clock.ts';
import { EXIT, explainError } from './cli-errors.ts';
import { parseCommandLine, processIo } from './cli-io.ts';
import { runCycleWithProgress } from './commands/cycle-command.ts';
import { parseHouseholdCount, seedLocalRegister } from './commands/seed-command.ts';
import { localCycleDeps } from './local-context.ts';
import { type LocalStack, startLocalStack } from './local-stack/local-stack.ts';
import { checkSesLocal } from './local-stack/smoke-checks.ts';

/**
 * `npm start`: the main job, on the embedded local stack. Start DynamoDB Local and the SES server,
 * check the SES round trip, seed a synthetic register, run the current month's cycle end to end with
 * a progress bar, stop the servers, and end with the cycle's summary table. Ctrl-C stops the servers.
 */

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = 'usage: npm start [-- --households N] [--seed S]';
const io = processIo;
let stack: LocalStack | undefined;

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
    { households: { type: 'string', default: '10000' }, seed: { type: 'string', default: '42' } },
    USAGE,
  );
  const households = parseHouseholdCount(values.households);
  const seed = Number(values.seed);

  io.out(`dafaa, local run (Node ${process.version})\n`);
  stack = await timed('Starting DynamoDB Local and the SES server', startLocalStack);
  io.out(`    DynamoDB Local     ${stack.dynamodb.endpoint}`);
  io.out(`    SES + web inbox    ${stack.ses.endpoint}`);
  const { endpoint } = stack.ses;
  await timed('SES: send an Arabic email and read it back from the inbox', () =>
    checkSesLocal(endpoint),
  );

  const deps = localCycleDeps(stack.dynamodb.endpoint);
  const seconds = await seedLocalRegister(
    stack.dynamodb.endpoint,
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
  const summary = await runCycleWithProgress(deps, cycle, {
    fullPass: false,
    segmentConcurrency: 4,
  });
  await timed('Stopping the local servers', () => stack?.stop() ?? Promise.resolve());
  io.out(`\n${summary}`);
}

process.once('SIGINT', () => {
  io.err('\nInterrupted: stopping the local servers.');
  void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(EXIT.interrupted));
});

main().catch(async (error: unknown) => {
  await stack?.stop();
  const { line, exitCode } = explainError(error);
  io.err(`dafaa: ${line}`);
  if (process.env.DAFAA_DEBUG === '1' && error instanceof Error) io.err(error.stack ?? '');
  process.exitCode = exitCode;
});
